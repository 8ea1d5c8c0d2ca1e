"""WebSocket blocked: the entry works over long-polling, and returns to
WebSocket once the server offers it again."""

from __future__ import annotations

import gc

import aiohttp
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import DATA_CONNECTOR

from custom_components.status_dashboard.client.backoff import Backoff
from custom_components.status_dashboard.diagnostics import (
    async_get_config_entry_diagnostics,
)

from ..conftest import StartServer
from ..hass_fixtures import entry_for
from ..helpers import set_up, wait_for_state, wait_until
from .probes import figure

API = "binary_sensor.api"
CONNECTION = "binary_sensor.127_0_0_1_alice_connection"


def transport(hass: HomeAssistant) -> str | None:
    state = hass.states.get(CONNECTION)
    return state.attributes.get("transport") if state else None


async def test_polling_only_server_then_websocket_again(
    hass: HomeAssistant, start_server: StartServer, fast_backoff: Backoff
) -> None:
    """Polling works end to end and shows; a restart with WebSocket uses it."""
    server = await start_server(transports=("polling",))
    entry = entry_for(server, server.token("alice"))
    await set_up(hass, entry)
    connection = entry.runtime_data.connection

    assert hass.states.get(CONNECTION).state == "on"
    assert transport(hass) == "polling"
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    assert diagnostics["connection"]["transport"] == "polling"
    server.update_service("api", status="down")
    await wait_for_state(hass, API, "off")
    server.update_service("api", status="up", responseTime=7)
    await wait_for_state(hass, "sensor.api_response_time", "7.0")
    assert connection.stats.connects == 1

    server.transports = ("polling", "websocket")
    await server.restart()
    await wait_until(lambda: connection.stats.connects == 2, timeout=10)
    await wait_for_state(hass, CONNECTION, "on")
    assert transport(hass) == "websocket"
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    assert diagnostics["connection"]["transport"] == "websocket"
    server.update_service("api", status="down")
    await wait_for_state(hass, API, "off")

    figure(
        "websocket_blocked",
        first_transport="polling",
        after_restart="websocket",
        connects=connection.stats.connects,
        attempts=connection.stats.attempts,
    )
    assert await hass.config_entries.async_unload(entry.entry_id)


def sessions_of_their_own(hass: HomeAssistant) -> list[aiohttp.ClientSession]:
    """Open aiohttp sessions whose connector is not one of Home Assistant's
    shared pools: made by a library, closed by nobody."""
    shared = set(map(id, hass.data.get(DATA_CONNECTOR, {}).values()))
    return [
        obj
        for obj in gc.get_objects()
        if isinstance(obj, aiohttp.ClientSession)
        and not obj.closed
        and id(obj.connector) not in shared
    ]


async def test_unloading_over_long_polling_leaves_no_session_open(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """The polling transport says goodbye over HTTP when the entry unloads:
    through the entry's session, before that session is let go, never
    through a session the client library opens for itself."""
    server = await start_server(transports=("polling",))
    entry = entry_for(server, server.token("alice"))
    await set_up(hass, entry)
    assert transport(hass) == "polling"
    before = sessions_of_their_own(hass)

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    assert [s for s in sessions_of_their_own(hass) if s not in before] == []
    await wait_until(lambda: not server.connected_sids)
