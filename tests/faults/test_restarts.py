"""The server stops and starts 100 times: each time the entry resynchronises,
and nothing is left behind."""

from __future__ import annotations

import asyncio
import time

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from bench.probes import percentile
from custom_components.status_dashboard import health
from custom_components.status_dashboard.client.backoff import Backoff
from custom_components.status_dashboard.const import DOMAIN
from reference_server import StatusServer

from ..helpers import wait_for_state, wait_until
from .probes import figure, resources

API_STATUS = "sensor.api_status"
API_RESPONSE = "sensor.api_response_time"
CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
CYCLES = 100
STATUSES = ("down", "degraded", "up")


async def test_hundred_restarts_resynchronise_and_leak_nothing(
    hass: HomeAssistant,
    fast_backoff: Backoff,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Stop, change a service while down, start: HA shows the change, 100 times."""
    coordinator = loaded_entry.runtime_data
    await asyncio.sleep(1.2)  # let the setup's throttle windows close
    before = resources()

    started = time.monotonic()
    resync: list[float] = []
    for cycle in range(CYCLES):
        await server.stop()
        await wait_for_state(hass, CONNECTION, "off", timeout=5)
        status = STATUSES[cycle % len(STATUSES)]
        server.update_service("api", status=status, responseTime=cycle)
        back = time.monotonic()
        await server.start()
        await wait_for_state(hass, API_STATUS, status, timeout=5)
        await wait_for_state(hass, API_RESPONSE, f"{float(cycle)}", timeout=5)
        await wait_for_state(hass, CONNECTION, "on", timeout=5)
        resync.append(time.monotonic() - back)
    total = time.monotonic() - started

    stats = coordinator.connection.stats
    assert stats.connects == CYCLES + 1
    assert stats.disconnects == CYCLES
    assert coordinator.connected
    assert server.subscriber_count == 1
    # 100 reconnects in a minute is a storm: the repair issue is expected, and
    # with it one timer (the calm period that clears it).
    assert issue_registry.async_get_issue(DOMAIN, health.storm_issue_id(loaded_entry))
    expected_timers = 1

    await asyncio.sleep(1.2)  # throttle windows of the last bulk
    after = resources()

    def settled() -> bool:
        nonlocal after
        after = resources(sessions=False)
        return (
            after.tasks <= before.tasks
            and after.timers <= before.timers + expected_timers
            and after.sockets <= before.sockets
            and after.engineio_clients <= before.engineio_clients
        )

    await wait_until(settled, timeout=5)
    after = resources()
    leaked = after.minus(before)
    leaked["timers"] -= expected_timers
    figure(
        "restarts",
        cycles=CYCLES,
        total_s=round(total, 2),
        resync_p50_ms=round(percentile(resync, 50) * 1000),
        resync_max_ms=round(max(resync) * 1000),
        connects=stats.connects,
        attempts=stats.attempts,
        **{f"leaked_{key}": value for key, value in leaked.items()},
        tasks=after.tasks,
        sockets=after.sockets,
        fds=after.fds,
    )
    # Counts may drop (Home Assistant's own start-up timers expire), never grow.
    grown = {key: value for key, value in leaked.items() if value > 0}
    assert not grown, (grown, before.task_names, after.task_names)
    assert total < 90
