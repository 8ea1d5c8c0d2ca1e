"""Statuses beyond up, down and degraded: a check on hold (maintenance,
paused, pending, as Uptime Kuma reports them) is shown as what it is."""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.components import automation
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from reference_server import StatusServer

from ..conftest import StartServer, catalog
from ..hass_fixtures import entry_for
from ..helpers import set_up, wait_for_state, wait_until
from .test_automation import automation_on

ON_HOLD = ["maintenance", "paused", "pending"]


def invalid_payload_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the integration logged about payloads it ignored."""
    return [
        record.getMessage()
        for record in caplog.records
        if "Ignored an invalid" in record.getMessage()
    ]


@pytest.mark.parametrize("status", ON_HOLD)
async def test_service_on_hold_in_the_full_list_is_shown_as_such(
    hass: HomeAssistant,
    start_server: StartServer,
    caplog: pytest.LogCaptureFixture,
    status: str,
) -> None:
    """The server lists the database as paused (or in maintenance, or
    pending): its Status sensor says so and its binary sensor is unknown,
    not off; nothing was ignored."""
    services: list[dict[str, Any]] = catalog()
    services[1] = {**services[1], "status": status, "responseTime": None}
    server = await start_server(services=services)
    entry = entry_for(server, server.token("alice"))
    caplog.set_level(logging.WARNING)

    await set_up(hass, entry)

    status_sensor = hass.states.get("sensor.database_status")
    assert status_sensor.state == status
    assert status in status_sensor.attributes["options"]
    assert hass.states.get("binary_sensor.database").state == "unknown"
    assert hass.states.get("binary_sensor.api").state == "on"
    assert entry.runtime_data.connection.stats.invalid == {}
    assert invalid_payload_warnings(caplog) == []
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize("status", ON_HOLD)
async def test_service_put_on_hold_live_and_back(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    caplog: pytest.LogCaptureFixture,
    status: str,
) -> None:
    """The API is paused on the server, then resumed: both show at once."""
    caplog.set_level(logging.WARNING)

    server.update_service("api", status=status)
    await wait_for_state(hass, "sensor.api_status", status, timeout=1.0)
    assert hass.states.get("binary_sensor.api").state == "unknown"

    server.update_service("api", status="up")
    await wait_for_state(hass, "binary_sensor.api", "on", timeout=1.0)
    assert hass.states.get("sensor.api_status").state == "up"
    assert loaded_entry.runtime_data.connection.stats.invalid == {}
    assert invalid_payload_warnings(caplog) == []


async def test_maintenance_in_a_later_full_list_and_down_after_it(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A full list puts the mail service in maintenance: unknown rather than
    off; once the server says it is down, it is off again."""
    services = catalog()
    services[2] = {**services[2], "status": "maintenance"}
    server.set_services(services)
    await wait_for_state(hass, "sensor.mail_status", "maintenance")
    assert hass.states.get("binary_sensor.mail").state == "unknown"

    server.update_service("mail", status="down")
    await wait_for_state(hass, "binary_sensor.mail", "off")


async def test_maintenance_window_fires_no_down_or_recovered_trigger(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Up, maintenance, up: no "service went down" and no "recovered"; a real
    outage after it still fires both."""
    calls: list[ServiceCall] = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                automation_on("service_down", "sensor.api_status"),
                automation_on("service_recovered", "sensor.api_status"),
            ]
        },
    )

    server.update_service("api", status="maintenance")
    await wait_for_state(hass, "sensor.api_status", "maintenance")
    server.update_service("api", status="up")
    await wait_for_state(hass, "sensor.api_status", "up")
    server.update_service("api", status="down")
    await wait_until(lambda: len(calls) == 1)
    server.update_service("api", status="up")
    await wait_until(lambda: len(calls) == 2)
    assert [call.data["fired"] for call in calls] == [
        "service_down",
        "service_recovered",
    ]
