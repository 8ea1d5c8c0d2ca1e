"""The shipped blueprint imports and notifies from a live status change."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
import shutil

from homeassistant.components import persistent_notification
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import models
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from homeassistant.util.yaml import load_yaml_dict
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from reference_server import StatusServer

from ..helpers import wait_for_state, wait_until

BLUEPRINT = (
    Path(__file__).parents[2]
    / "blueprints/automation/status_dashboard/service_down_notify.yaml"
)


def test_blueprint_validates() -> None:
    """Home Assistant accepts the blueprint with its inputs."""
    blueprint = models.Blueprint(
        load_yaml_dict(str(BLUEPRINT)),
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert set(blueprint.inputs) == {"service", "down_for", "notify_action"}


async def test_blueprint_notifies_when_a_service_stays_down(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    tmp_path: Path,
) -> None:
    """An automation from the blueprint creates a notification after the delay."""
    hass.config.config_dir = str(tmp_path)
    target = tmp_path / "blueprints/automation/status_dashboard"
    target.mkdir(parents=True, exist_ok=True)
    await hass.async_add_executor_job(shutil.copy, BLUEPRINT, target)
    assert await async_setup_component(hass, persistent_notification.DOMAIN, {})
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "use_blueprint": {
                    "path": "status_dashboard/service_down_notify.yaml",
                    "input": {
                        "service": "binary_sensor.api",
                        "down_for": {"minutes": 2},
                    },
                }
            }
        },
    )
    server.update_service("api", status="down")
    await wait_for_state(hass, "binary_sensor.api", "off")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=2, seconds=1))
    await hass.async_block_till_done()
    await wait_until(lambda: _notified(hass, "API is down"))
    server.update_service("api", status="up")
    await wait_until(lambda: _notified(hass, "API is back up"))


def _notified(hass: HomeAssistant, message: str) -> bool:
    notifications = persistent_notification._async_get_or_create_notifications(hass)
    return any(n["message"] == message for n in notifications.values())
