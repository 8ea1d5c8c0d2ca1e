"""A flood of Refresh presses never pushes the server past its rate limit."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant

from reference_server import StatusServer
from reference_server.server import DEFAULT_RATE_LIMIT

from ..conftest import StartServer, catalog
from ..hass_fixtures import entry_for
from ..helpers import set_up, wait_until
from .probes import figure

REFRESH_ALL = "button.127_0_0_1_alice_refresh_all"
CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
PRESSES = 100


def services() -> list[dict[str, Any]]:
    """The three-service catalog plus nine more: Refresh all has to be paced."""
    extra = [
        {"id": f"svc{n}", "name": f"Svc {n}", "status": "up", "responseTime": n}
        for n in range(9)
    ]
    return [*catalog(), *extra]


def peak_per_second(server: StatusServer) -> int:
    """Most events the server received from clients in any 1-second window."""
    stamps = sorted(event.at for event in server.events)
    best = 0
    start = 0
    for end, stamp in enumerate(stamps):
        while stamp - stamps[start] > 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_hundred_presses_of_refresh_all_and_refresh_stay_under_the_limit(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """100 x Refresh all, 100 x one Refresh, 100 spread over every Refresh."""
    server = await start_server(services=services())
    entry = entry_for(server, server.token("alice"))
    await set_up(hass, entry)
    coordinator = entry.runtime_data
    connection = coordinator.connection
    buttons = [
        f"button.{s['name'].lower().replace(' ', '_')}_refresh" for s in services()
    ]
    assert all(hass.states.get(button) for button in buttons)

    presses = [press(hass, REFRESH_ALL) for _ in range(PRESSES)]
    presses += [press(hass, "button.api_refresh") for _ in range(PRESSES)]
    presses += [press(hass, buttons[n % len(buttons)]) for n in range(PRESSES)]
    started = time.monotonic()
    await asyncio.gather(*presses)
    pressing_s = time.monotonic() - started

    everyone = {s["id"] for s in services()}
    await wait_until(
        lambda: (
            {e.payload for e in server.events if e.event == "request:refresh"}
            == everyone
        ),
        timeout=10,
    )
    await asyncio.sleep(0.5)  # the server's answers
    requests = [e.payload for e in server.events if e.event == "request:refresh"]
    limited = [e for e in server.events if e.limited]

    figure(
        "refresh_flood",
        presses=3 * PRESSES,
        pressing_s=round(pressing_s, 2),
        refresh_requests_sent=len(requests),
        distinct_services=len(set(requests)),
        peak_events_per_s=peak_per_second(server),
        server_burst=DEFAULT_RATE_LIMIT.capacity,
        server_per_s=DEFAULT_RATE_LIMIT.per_second,
        limited_events=len(limited),
        error_events=connection.stats.messages.get("error", 0),
        connects=connection.stats.connects,
    )
    assert not limited
    assert connection.stats.messages.get("error", 0) == 0
    assert sorted(set(requests)) == sorted(s["id"] for s in services())
    assert len(requests) == len(set(requests))  # 5 s per service between requests
    assert connection.stats.connects == 1
    assert connection.stats.disconnects == 0
    assert hass.states.get(CONNECTION).state == "on"
    assert pressing_s < 5
    assert await hass.config_entries.async_unload(entry.entry_id)
