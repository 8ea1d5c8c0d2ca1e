"""Access tokens that renew themselves, against a server with 3-second tokens
that drops every socket whose token expires: nothing the user sees changes."""

from __future__ import annotations

import asyncio
import time

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant

from bench.probes import percentile
from reference_server import StatusServer

from ..conftest import StartServer
from ..helpers import StateChanges, wait_until
from ..signin import (  # noqa: F401  (unload_entries: a fixture)
    USERS,
    reuse_free,
    sign_in_through_flow,
    unload_entries,
)
from .probes import figure

CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
API = "binary_sensor.api"
TOGGLE_EVERY = 1.5
RUN_FOR = 30.0
LIFETIME = 3.0


async def renewing_server(start_server: StartServer) -> StatusServer:
    return await start_server(
        users=USERS, access_token_lifetime=LIFETIME, drop_at_expiry=True
    )


async def test_thirty_seconds_of_three_second_tokens_show_nothing(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """Renewals and handovers every ~2 s for 30 s while one service flips
    between up and down: the Connection sensor never changes, no service
    becomes unavailable, every flip is written exactly once and nothing else
    is (but the server's count of services down), no refresh token is reused."""
    server = await renewing_server(start_server)
    entry = await sign_in_through_flow(hass, server)
    coordinator = entry.runtime_data
    connection = coordinator.connection
    assert hass.states.get(CONNECTION).state == "on"
    changes = StateChanges(hass)
    started = time.monotonic()
    rotations_before = server.auth.rotations

    flips = 0
    while time.monotonic() - started < RUN_FOR:
        await asyncio.sleep(TOGGLE_EVERY)
        flips += 1
        server.update_service("api", status="down" if flips % 2 else "up")
    await asyncio.sleep(0.5)
    changes.stop()
    elapsed = time.monotonic() - started
    renewal = coordinator.renewal
    assert renewal is not None
    # The server counts a rotation when it answers; the integration counts it
    # once the new tokens are on disk: let a renewal in flight finish.
    await wait_until(
        lambda: renewal.stats.renewals == server.auth.rotations - rotations_before
    )

    renewals = server.auth.rotations - rotations_before
    written = changes.for_entity(CONNECTION)
    unavailable = [
        (event.data["entity_id"], event.data["new_state"].state)
        for event in changes.events
        if event.data["new_state"] is not None
        and event.data["new_state"].state == STATE_UNAVAILABLE
    ]
    handovers = sorted(connection.stats.handover_times)
    figure(
        "renewal",
        seconds=round(elapsed, 1),
        token_lifetime_s=LIFETIME,
        renewals=renewals,
        handovers=connection.stats.handovers,
        handover_p50_ms=round(percentile(handovers, 50) * 1000, 1)
        if handovers
        else None,
        handover_max_ms=round(handovers[-1] * 1000, 1) if handovers else None,
        service_flips=flips,
        connection_changes=len(written),
        unavailable_states=len(unavailable),
        reconnects=connection.stats.connects - 1,
        reuse=server.auth.reuse_detected,
    )
    assert [state.state for state in written] == []
    assert [state.state for state in changes.for_entity(API)] == [
        "off" if flip % 2 else "on" for flip in range(1, flips + 1)
    ]
    # Only the flipping service's entities had anything to write, and the
    # server's count of services down that each flip moves.
    assert {entity.split(".")[1] for entity in changes.entities()} <= {
        "api",
        "api_status",
        "api_response_time",
        "127_0_0_1_alice_services_down",
    }
    assert unavailable == []
    assert renewals >= 8
    assert connection.stats.handovers >= 8
    assert connection.stats.connects == 1  # every move was a handover
    assert connection.stats.disconnects == 0
    assert reuse_free(server)
    assert server.subscriber_count == 1
    await wait_until(lambda: len(server.connected_sids) == 1)
