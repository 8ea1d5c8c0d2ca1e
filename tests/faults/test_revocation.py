"""A token revoked mid-session: one reauth flow, no retry storm, a new token works."""

from __future__ import annotations

import asyncio
import time

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.const import CONF_GRACE_PERIOD, DOMAIN
from reference_server import StatusServer

from ..hass_fixtures import entry_for
from ..helpers import set_up, wait_for_state, wait_until
from .probes import figure

API = "binary_sensor.api"
CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
QUIET = 3.0


def connection_tasks() -> list[asyncio.Task[object]]:
    """The entry's reconnect loop, while it runs."""
    return [
        task
        for task in asyncio.all_tasks()
        if task.get_name().startswith(f"{DOMAIN} connection") and not task.done()
    ]


def flows(hass: HomeAssistant) -> list[str]:
    return [
        flow["context"]["source"]
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    ]


async def test_revoked_token_one_reauth_flow_and_no_more_attempts(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Revocation drops the socket; the single retry is refused (`revoked`), the
    loop ends, one reauth flow opens and nothing retries, even when the server
    restarts; a new token through the flow brings the entry back."""
    entry = entry_for(server, server.token("alice"), **{CONF_GRACE_PERIOD: 1})
    await set_up(hass, entry)
    assert len(connection_tasks()) == 1
    before = len(server.connection_attempts)

    revoked_at = time.monotonic()
    await server.revoke("alice")
    await wait_for_state(hass, CONNECTION, "off")
    await wait_until(lambda: flows(hass) == [SOURCE_REAUTH], timeout=5)
    reauth_s = time.monotonic() - revoked_at
    await wait_until(lambda: not connection_tasks(), timeout=2)

    await asyncio.sleep(QUIET)
    await server.restart()  # a server coming back is no reason to retry a refused token
    await asyncio.sleep(1.0)
    after = server.connection_attempts[before:]
    refused = [attempt.code for attempt in after if not attempt.accepted]

    assert flows(hass) == [SOURCE_REAUTH]
    assert refused == ["revoked"]
    assert not [attempt for attempt in after if attempt.accepted]
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get(CONNECTION).state == "off"
    assert hass.states.get(API).state == STATE_UNAVAILABLE  # grace period over
    assert not connection_tasks()

    # The user enters a new token: the entry reloads and connects.
    server.unrevoke("alice")
    [flow] = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"token": server.token("alice")}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    await wait_for_state(hass, CONNECTION, "on")
    await wait_for_state(hass, API, "on")
    assert flows(hass) == []
    assert len(connection_tasks()) == 1

    figure(
        "revoked",
        reauth_flow_after_s=round(reauth_s, 2),
        attempts_after_revocation=len(after),
        refused_after_revocation=len(refused),
        refusal_codes=refused,
        quiet_period_s=QUIET + 1.0,
        reauth_flows=1,
    )
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_reauth_flow_is_not_duplicated_by_a_second_refusal(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Revoked, then a reload of the entry refused again: still one reauth flow."""
    await server.revoke("alice")
    await wait_until(lambda: flows(hass) == [SOURCE_REAUTH], timeout=5)
    assert not await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert loaded_entry.state is ConfigEntryState.SETUP_ERROR
    assert flows(hass) == [SOURCE_REAUTH]
    refused = [a.code for a in server.connection_attempts if not a.accepted]
    figure("revoked_reload", refused=refused, reauth_flows=len(flows(hass)))
    assert refused == ["revoked", "revoked"]
