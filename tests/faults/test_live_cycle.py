"""A big server's list changing shape while the link stays up.

The cycle: many new services in one bulk, every service down in one bulk, the
list emptied to one service, then a thousand new ones. The link must survive
it: the server counts every connection, and the heartbeat is short so that a
read or write loop starved for a few seconds drops the link within the test.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from reference_server import StatusServer

from ..conftest import StartServer
from ..hass_fixtures import entry_for
from ..helpers import set_up, wait_until
from .probes import LoopWatch, figure

CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
# Short beats: the client must answer a ping within 3 s of the server's asking.
PING_INTERVAL = 2.0
PING_TIMEOUT = 3.0


def services(prefix: str, count: int, status: str = "up") -> list[dict[str, Any]]:
    """`count` services named `prefix-N`, in the server's wire form."""
    return [
        {
            "id": f"{prefix}-{n:05d}",
            "name": f"{prefix.title()} {n:05d}",
            "status": status,
            "responseTime": n % 500,
            "lastCheckAt": "2026-11-26T08:00:00.000Z",
            "details": {"n": n},
            "group": "Load",
        }
        for n in range(count)
    ]


def entity_count(hass: HomeAssistant, entry: MockConfigEntry) -> int:
    return len(er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id))


def entities_for(services: int) -> int:
    """Four entities a service and five for the server, within the entry's cap."""
    return min(services * 4 + 5, MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY)


def all_down(hass: HomeAssistant) -> bool:
    """Every service's binary sensor shows down (the Connection sensor aside)."""
    return all(
        state.state == "off"
        for state in hass.states.async_all("binary_sensor")
        if state.entity_id != CONNECTION
    )


@pytest.mark.parametrize("new", [1_000, 10_000])
async def test_live_cycle_keeps_the_link(
    hass: HomeAssistant, start_server: StartServer, new: int
) -> None:
    """Grow by `new`, all down, empty to one, 1,000 new: one connection throughout."""
    asyncio.get_running_loop().set_debug(False)  # debug mode multiplies every task
    server: StatusServer = await start_server(
        services=services("base", 1_000),
        ping_interval=PING_INTERVAL,
        ping_timeout=PING_TIMEOUT,
    )
    entry = entry_for(server, server.token("alice"))
    await set_up(hass, entry)
    connection = entry.runtime_data.connection
    view = entry.runtime_data.view
    watch = LoopWatch()
    watch.start()
    steps: dict[str, float] = {}

    async def step(name: str, catalog: list[dict[str, Any]], shown: Any) -> None:
        started = time.monotonic()
        server.set_services(catalog)
        await wait_until(shown, timeout=180)
        steps[name] = round(time.monotonic() - started, 2)

    grown = services("base", 1_000) + services("new", new)
    await step(
        "grow",
        grown,
        lambda: (
            len(view.services) == len(grown)
            and entity_count(hass, entry) == entities_for(len(grown))
        ),
    )
    down = [{**service, "status": "down"} for service in grown]
    await step("all_down", down, lambda: all_down(hass))
    await step(
        "emptied",
        services("base", 1),
        lambda: entity_count(hass, entry) == entities_for(1),
    )
    await step(
        "thousand_new",
        services("base", 1) + services("late", 1_000),
        lambda: entity_count(hass, entry) == entities_for(1_001),
    )
    # A few heartbeats after the last list: a starved link drops within them.
    await asyncio.sleep(3 * (PING_INTERVAL + PING_TIMEOUT))
    await hass.async_block_till_done()
    await watch.stop()

    accepted = [a for a in server.connection_attempts if a.accepted]
    figure(
        "live_cycle",
        new_services=new,
        **{f"{name}_s": seconds for name, seconds in steps.items()},
        server_connections=len(accepted),
        client_connects=connection.stats.connects,
        client_disconnects=connection.stats.disconnects,
        **{f"loop_{key}": value for key, value in watch.summary().items()},
    )
    assert len(accepted) == 1
    assert connection.stats.disconnects == 0
    assert hass.states.get(CONNECTION).state == "on"
    assert await hass.config_entries.async_unload(entry.entry_id)
