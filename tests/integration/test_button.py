"""Refresh buttons: a press reaches the server, paced, and fails clearly offline."""

from __future__ import annotations

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from reference_server import StatusServer

from ..helpers import wait_for_state, wait_until

REFRESH_ALL = "button.127_0_0_1_alice_refresh_all"


def refreshes(server: StatusServer) -> list[object]:
    """Service ids the server was asked to re-check, in order."""
    return [e.payload for e in server.events if e.event == "request:refresh"]


async def press(hass: HomeAssistant, entity_id: str) -> None:
    """Press a button the way the UI does."""
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_refresh_button_asks_the_server_to_recheck_that_service(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """The server receives request:refresh for the service and pushes its status."""
    server.refresh_hook = lambda service_id, service: {"responseTime": 5}
    await press(hass, "button.api_refresh")
    await wait_until(lambda: refreshes(server) == ["api"])
    await wait_for_state(hass, "sensor.api_response_time", "5.0")


async def test_repeated_presses_of_one_refresh_are_coalesced(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Ten presses within seconds send one request for that service."""
    for _ in range(10):
        await press(hass, "button.mail_refresh")
    await press(hass, "button.api_refresh")
    await wait_until(lambda: len(refreshes(server)) == 2)
    assert refreshes(server) == ["mail", "api"]


async def test_refresh_all_rechecks_every_service(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Refresh all asks for each service once; presses soon after are no-ops."""
    await press(hass, REFRESH_ALL)
    await press(hass, REFRESH_ALL)
    await wait_until(lambda: sorted(refreshes(server)) == ["api", "db", "mail"])
    await press(hass, REFRESH_ALL)
    await hass.async_block_till_done()
    assert sorted(refreshes(server)) == ["api", "db", "mail"]
    assert not any(e.limited for e in server.events)


async def test_press_while_disconnected_raises_a_clear_error(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Offline, a press tells the user why nothing happened."""
    await server.stop()
    await wait_for_state(hass, "binary_sensor.127_0_0_1_alice_connection", "off")
    with pytest.raises(HomeAssistantError) as raised:
        await press(hass, "button.api_refresh")
    assert raised.value.translation_key == "not_connected"
    with pytest.raises(HomeAssistantError):
        await press(hass, REFRESH_ALL)
