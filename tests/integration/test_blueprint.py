"""The shipped blueprints import and notify from live status changes."""

from __future__ import annotations

import asyncio
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

BLUEPRINTS = Path(__file__).parents[2] / "blueprints/automation/status_dashboard"
BLUEPRINT = BLUEPRINTS / "service_down_notify.yaml"
ANYTHING_DOWN = BLUEPRINTS / "anything_down_notify.yaml"
SERVICES_DOWN = "sensor.127_0_0_1_alice_services_down"


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


def test_anything_down_blueprint_validates() -> None:
    """Home Assistant accepts the blueprint with its inputs."""
    blueprint = models.Blueprint(
        load_yaml_dict(str(ANYTHING_DOWN)),
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert set(blueprint.inputs) == {
        "services_down",
        "down_for",
        "notify_when_back",
        "notify_action",
    }


async def _use_anything_down(
    hass: HomeAssistant, tmp_path: Path, **inputs: object
) -> None:
    """An automation from the anything-down blueprint, on alice's server.

    The tests wait in real time: a jump of the harness's clock would also run
    out the socket's heartbeat, and the reconnection restart the wait; and
    `async_block_till_done` would wait for the automation's own wait.
    """
    hass.config.config_dir = str(tmp_path)
    target = tmp_path / "blueprints/automation/status_dashboard"
    target.mkdir(parents=True, exist_ok=True)
    await hass.async_add_executor_job(shutil.copy, ANYTHING_DOWN, target)
    assert await async_setup_component(hass, persistent_notification.DOMAIN, {})
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "use_blueprint": {
                    "path": "status_dashboard/anything_down_notify.yaml",
                    "input": {"services_down": SERVICES_DOWN, **inputs},
                }
            }
        },
    )


async def test_anything_down_blueprint_names_what_stayed_down(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    tmp_path: Path,
) -> None:
    """Nothing down, then the API down for the chosen time: one notification
    naming it; then nothing down: another."""
    await _use_anything_down(hass, tmp_path, down_for={"seconds": 1})
    server.update_service("mail", status="up")
    await wait_for_state(hass, SERVICES_DOWN, "0")
    server.update_service("api", status="down")
    await wait_for_state(hass, SERVICES_DOWN, "1")
    await asyncio.sleep(0.5)
    assert _messages(hass) == []
    await wait_until(lambda: _notified(hass, "API is down"))
    server.update_service("api", status="up")
    await wait_until(lambda: _notified(hass, "No service is down any more"))


async def test_anything_down_blueprint_names_every_service_down(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    tmp_path: Path,
) -> None:
    """Several services down at once: one notification with all their names;
    a spell shorter than the chosen time, and its end, notify nothing."""
    await _use_anything_down(
        hass, tmp_path, down_for={"seconds": 1}, notify_when_back=False
    )
    server.update_service("mail", status="up")
    await wait_for_state(hass, SERVICES_DOWN, "0")
    server.update_service("db", status="down")
    await wait_for_state(hass, SERVICES_DOWN, "1")
    server.update_service("db", status="up")
    await wait_for_state(hass, SERVICES_DOWN, "0")
    await asyncio.sleep(1.5)
    assert _messages(hass) == []
    for service_id in ("mail", "api", "db"):
        server.update_service(service_id, status="down")
    await wait_for_state(hass, SERVICES_DOWN, "3")
    await asyncio.sleep(0.5)
    assert _messages(hass) == []
    await wait_until(lambda: _notified(hass, "API, Database and Mail are down"))
    for service_id in ("mail", "api", "db"):
        server.update_service(service_id, status="up")
    await wait_for_state(hass, SERVICES_DOWN, "0")
    await hass.async_block_till_done()
    assert _messages(hass) == ["API, Database and Mail are down"]


def _messages(hass: HomeAssistant) -> list[str]:
    notifications = persistent_notification._async_get_or_create_notifications(hass)
    return [n["message"] for n in notifications.values()]
