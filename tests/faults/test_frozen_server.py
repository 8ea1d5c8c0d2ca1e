"""A server that freezes mid-session: sockets open, nothing answered."""

from __future__ import annotations

import time

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant

from custom_components.status_dashboard.client.backoff import Backoff
from custom_components.status_dashboard.const import CONF_GRACE_PERIOD

from ..conftest import StartServer
from ..hass_fixtures import entry_for
from ..helpers import set_up, wait_for_state
from .conftest import SetAttemptTimeout
from .probes import figure

API = "binary_sensor.api"
API_RESPONSE = "sensor.api_response_time"
CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
PING_INTERVAL = 1.0
PING_TIMEOUT = 1.0
GRACE = 1


async def test_frozen_server_is_noticed_then_grace_period_then_recovery(
    hass: HomeAssistant,
    start_server: StartServer,
    fast_backoff: Backoff,
    attempt_timeout: SetAttemptTimeout,
) -> None:
    """Noticed within ping interval + timeout; services unavailable after the
    grace period; back after thaw, and after a restart."""
    attempt_timeout(2.0)
    server = await start_server(ping_interval=PING_INTERVAL, ping_timeout=PING_TIMEOUT)
    entry = entry_for(server, server.token("alice"), **{CONF_GRACE_PERIOD: GRACE})
    await set_up(hass, entry)
    connection = entry.runtime_data.connection

    frozen_at = time.monotonic()
    server.freeze()
    await wait_for_state(
        hass, CONNECTION, "off", timeout=PING_INTERVAL + PING_TIMEOUT + 3
    )
    detect_s = time.monotonic() - frozen_at
    assert hass.states.get(API).state == "on"  # within the grace period
    off_at = time.monotonic()
    await wait_for_state(hass, API, STATE_UNAVAILABLE, timeout=GRACE + 3)
    grace_s = time.monotonic() - off_at
    assert hass.states.get(API_RESPONSE).state == STATE_UNAVAILABLE
    server.update_service("api", status="down")  # decided while frozen

    thawed_at = time.monotonic()
    server.thaw()
    await wait_for_state(hass, CONNECTION, "on", timeout=10)
    await wait_for_state(hass, API, "off", timeout=3)
    thaw_recover_s = time.monotonic() - thawed_at
    assert hass.states.get(API_RESPONSE).state == "42.0"

    server.freeze()
    await wait_for_state(
        hass, CONNECTION, "off", timeout=PING_INTERVAL + PING_TIMEOUT + 3
    )
    restarted_at = time.monotonic()
    server.update_service("api", status="up")
    await server.restart()
    await wait_for_state(hass, CONNECTION, "on", timeout=10)
    await wait_for_state(hass, API, "on", timeout=3)
    restart_recover_s = time.monotonic() - restarted_at

    figure(
        "frozen",
        ping_interval_s=PING_INTERVAL,
        ping_timeout_s=PING_TIMEOUT,
        detect_s=round(detect_s, 2),
        grace_period_s=GRACE,
        unavailable_after_s=round(grace_s, 2),
        recover_after_thaw_s=round(thaw_recover_s, 2),
        recover_after_restart_s=round(restart_recover_s, 2),
        connects=connection.stats.connects,
        attempts=connection.stats.attempts,
    )
    assert detect_s <= PING_INTERVAL + PING_TIMEOUT + 1.5
    assert GRACE * 0.9 <= grace_s <= GRACE + 1.0
    assert connection.stats.connects == 3
    assert await hass.config_entries.async_unload(entry.entry_id)
