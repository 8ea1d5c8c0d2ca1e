"""A signed-in entry in Home Assistant: where its tokens come from at setup,
unloading mid-renewal, removal, diagnostics and the repair issues it gets."""

from __future__ import annotations

import json
import logging
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.storage import Store
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard import health
from custom_components.status_dashboard.client.auth import sign_in
from custom_components.status_dashboard.const import CONF_VERIFY_SSL, DOMAIN
from custom_components.status_dashboard.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.status_dashboard.renewal import new_sign_in, storage_key
from reference_server import StatusServer

from ..conftest import StartServer
from ..helpers import wait_until
from ..signin import (  # noqa: F401  (unload_entries: a fixture)
    USERS,
    reuse_free,
    sign_in_through_flow,
    stored_tokens,
    unload_entries,
)

DAY = 86400.0


async def signed_in_entry(
    hass: HomeAssistant, server: StatusServer, **sign_in_data: Any
) -> MockConfigEntry:
    """An entry as the config flow makes it, signed in over HTTP (not added)."""
    signed = await sign_in(
        async_get_clientsession(hass), server.url, "alice", USERS["alice"]
    )
    return MockConfigEntry(
        domain=DOMAIN,
        title="127.0.0.1 (alice)",
        unique_id=f"{server.url}#alice",
        data={
            CONF_URL: server.url,
            CONF_VERIFY_SSL: True,
            "sign_in": {**new_sign_in(signed), **sign_in_data},
        },
    )


async def set_up_result(hass: HomeAssistant, entry: MockConfigEntry) -> bool:
    entry.add_to_hass(hass)
    result = await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return result


def reauth_flows(hass: HomeAssistant) -> list[Any]:
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
    ]


async def test_the_entrys_tokens_win_over_another_sign_ins_store(
    hass: HomeAssistant,
    start_server: StartServer,
    hass_storage: dict[str, Any],
) -> None:
    """A Store left from an earlier sign-in (another id) is not used."""
    server = await start_server(users=USERS)
    entry = await signed_in_entry(hass, server)
    hass_storage[storage_key(entry.entry_id)] = {
        "version": 1,
        "key": storage_key(entry.entry_id),
        "data": {"id": "earlier", "access_token": "old", "refresh_token": "old"},
    }
    assert await set_up_result(hass, entry)
    stored = await stored_tokens(hass, entry)
    assert stored["id"] == entry.data["sign_in"]["id"]
    assert set(entry.data["sign_in"]) == {"id"}


async def test_a_damaged_store_falls_back_to_the_entry(
    hass: HomeAssistant,
    start_server: StartServer,
    hass_storage: dict[str, Any],
) -> None:
    server = await start_server(users=USERS)
    entry = await signed_in_entry(hass, server)
    hass_storage[storage_key(entry.entry_id)] = {
        "version": 1,
        "key": storage_key(entry.entry_id),
        "data": {"id": entry.data["sign_in"]["id"], "refresh_token": 7},
    }
    assert await set_up_result(hass, entry)
    assert entry.state is ConfigEntryState.LOADED


async def test_no_tokens_anywhere_asks_to_sign_in_again(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """The Store is gone and the entry has only its sign-in id."""
    server = await start_server(users=USERS)
    entry = await signed_in_entry(hass, server)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=entry.title,
        unique_id=entry.unique_id,
        data={**entry.data, "sign_in": {"id": "lost"}},
    )
    assert not await set_up_result(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert len(reauth_flows(hass)) == 1
    assert server.connection_attempts == []


async def test_unloading_mid_renewal_finishes_and_stores_it(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """A renewal in flight at unload is awaited and stored: the next setup
    presents the newest refresh token."""
    server = await start_server(users=USERS, access_token_lifetime=2.0)
    entry = await sign_in_through_flow(hass, server)
    server.auth.refresh_delay = 1.0
    await wait_until(lambda: len(server.auth.refresh_calls) == 1, timeout=4)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert server.auth.rotations == 1
    stored = await stored_tokens(hass, entry)
    assert stored["refresh_token"] == server.auth.issued[-1][1]
    server.auth.refresh_delay = 0
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await wait_until(lambda: server.auth.rotations >= 2, timeout=4)
    assert reuse_free(server)


async def test_removing_the_entry_removes_its_tokens(
    hass: HomeAssistant,
    start_server: StartServer,
    hass_storage: dict[str, Any],
) -> None:
    server = await start_server(users=USERS)
    entry = await sign_in_through_flow(hass, server)
    assert storage_key(entry.entry_id) in hass_storage
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert storage_key(entry.entry_id) not in hass_storage


async def test_a_self_renewing_entry_never_gets_the_expiry_warning(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """Its access tokens live a day (inside the week's warning), and renew."""
    server = await start_server(users=USERS, access_token_lifetime=DAY)
    entry = await sign_in_through_flow(hass, server)
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, health.token_issue_id(entry)) is None


async def test_diagnostics_of_a_signed_in_entry(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    server = await start_server(users=USERS, access_token_lifetime=2.0)
    entry = await sign_in_through_flow(hass, server)
    await wait_until(lambda: entry.runtime_data.renewal.stats.renewals >= 1, 4)
    await wait_until(lambda: entry.runtime_data.connection.stats.handovers >= 1, 2)

    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    sign_in_part = diagnostics["sign_in"]
    assert sign_in_part["method"] == "password"
    assert sign_in_part["renewals"] >= 1
    assert sign_in_part["failures"] == 0
    assert sign_in_part["last_error"] is None
    assert sign_in_part["last_renewed_at"] is not None
    assert sign_in_part["failing_since"] is None
    assert sign_in_part["handovers"] >= 1
    assert sign_in_part["handover_max_ms"] is not None
    # ISO 8601 in UTC: compared as text, the renewal is due before expiry.
    assert sign_in_part["next_renewal_at"] < sign_in_part["access_token_expires_at"]
    assert diagnostics["token"]["expires_at"] == sign_in_part["access_token_expires_at"]
    text = json.dumps(diagnostics, default=str)
    for access, refresh in server.auth.issued:
        assert access not in text
        assert not refresh or refresh not in text
    assert USERS["alice"] not in text


async def test_a_failed_token_write_is_logged_and_renewal_goes_on(
    hass: HomeAssistant,
    start_server: StartServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The disk refuses the write: an error says a restart may ask to sign in
    again; the renewed tokens are used, and the next write stores them."""
    server = await start_server(users=USERS, access_token_lifetime=2.0)
    entry = await sign_in_through_flow(hass, server)
    renewal = entry.runtime_data.renewal
    with patch.object(Store, "async_save", side_effect=OSError("disk full")):
        await wait_until(lambda: renewal.stats.renewals == 1, timeout=4)
    [record] = [
        r
        for r in caplog.records
        if r.name == "custom_components.status_dashboard" and r.levelno == logging.ERROR
    ]
    assert "Could not store the renewed tokens" in record.getMessage()
    await wait_until(lambda: renewal.stats.renewals == 2, timeout=4)
    stored = await stored_tokens(hass, entry)
    assert stored["refresh_token"] == server.auth.issued[-1][1]
    assert reuse_free(server)
