"""A server that accepts TCP and never answers the handshake."""

from __future__ import annotations

import asyncio
import itertools
import time

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.client.token import read_token
from custom_components.status_dashboard.config_flow import account_id
from custom_components.status_dashboard.const import CONF_VERIFY_SSL, DOMAIN
from reference_server import StatusServer, issue_token

from ..hass_fixtures import entry_for
from ..helpers import set_up, wait_for_state
from .conftest import SetAttemptTimeout
from .probes import HungListener, LoopWatch, figure

CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
ATTEMPT = 1.0


async def test_hung_server_at_setup_is_retried_later_within_the_attempt_bound(
    hass: HomeAssistant, attempt_timeout: SetAttemptTimeout
) -> None:
    """First setup against a mute listener: SETUP_RETRY after ~1 attempt bound."""
    attempt_timeout(ATTEMPT)
    hung = HungListener()
    port = await hung.start()
    url = f"http://127.0.0.1:{port}"
    token = issue_token("test-secret", "alice")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="127.0.0.1 (alice)",
        unique_id=account_id(url, read_token(token)),
        data={CONF_URL: url, CONF_TOKEN: token, CONF_VERIFY_SSL: True},
    )
    entry.add_to_hass(hass)
    probe = LoopWatch()
    probe.start()
    try:
        started = time.monotonic()
        assert not await hass.config_entries.async_setup(entry.entry_id)
        took = time.monotonic() - started
        await probe.stop()
        assert entry.state is ConfigEntryState.SETUP_RETRY
        accepted = len(hung.accepted)
        figure(
            "hung_setup",
            attempt_timeout_s=ATTEMPT,
            setup_retry_after_s=round(took, 2),
            tcp_accepted=accepted,
            reason=entry.reason,
            **probe.summary(),
        )
        assert ATTEMPT * 0.9 <= took <= ATTEMPT + 2.0
        assert accepted == 1  # one WebSocket attempt; no polling after a timeout
        assert probe.max < 1.0
    finally:
        await probe.stop()
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hung.stop()


async def test_hung_server_mid_session_is_retried_with_backoff_and_never_blocks(
    hass: HomeAssistant, server: StatusServer, attempt_timeout: SetAttemptTimeout
) -> None:
    """The server is replaced by a mute listener on its port: attempts back off
    (1 s, 2 s, 4 s... with the default backoff), each bounded, loop never stalls."""
    attempt_timeout(ATTEMPT)
    entry = entry_for(server, server.token("alice"))
    await set_up(hass, entry)
    coordinator = entry.runtime_data

    hung = HungListener()
    probe = LoopWatch()
    probe.start()
    try:
        await server.stop()
        await hung.start(server.port)
        dropped = time.monotonic()
        await wait_for_state(hass, CONNECTION, "off")
        observe = 8.0
        await asyncio.sleep(observe)
        accepted = [round(at - dropped, 2) for at in hung.accepted]
        attempt = coordinator.reconnect_attempt
        shown = hass.states.get(CONNECTION).attributes["reconnect_attempt"]
        await probe.stop()
        started = time.monotonic()
        assert await hass.config_entries.async_unload(entry.entry_id)
        unload_s = time.monotonic() - started
        gaps = [round(b - a, 2) for a, b in itertools.pairwise(accepted)]
        figure(
            "hung_mid_session",
            observed_s=observe,
            tcp_accepted=len(accepted),
            accepted_at_s=accepted,
            gaps_s=gaps,
            reconnect_attempt=attempt,
            unload_during_attempt_s=round(unload_s, 2),
            **probe.summary(),
        )
        # Without backoff a 1 s bound would give ~8 attempts; with it: 1 s pause,
        # 1 s attempt, 2 s pause, 1 s attempt, 4 s pause...
        assert 2 <= len(accepted) <= 3
        assert all(gap >= 2.0 for gap in gaps)
        assert gaps == sorted(gaps)
        assert shown == attempt >= 2
        assert probe.p99 < 0.1
        assert probe.max < 1.0
        assert unload_s < 3.0
        assert not coordinator.connected
    finally:
        await probe.stop()
        await hung.stop()
        if entry.state is ConfigEntryState.LOADED:
            await hass.config_entries.async_unload(entry.entry_id)
