"""Signing an entry in through the config flow, as a user would, and what the
tests read back: the stored tokens and the server's refresh record."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryState
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.storage import Store
import pytest

from custom_components.status_dashboard.const import DOMAIN
from custom_components.status_dashboard.renewal import storage_key
from reference_server import StatusServer

from .conftest import StartKuma, StartServer

USERS = {"alice": "wonderland-7", "bob": "builder-3"}


async def sign_in_through_flow(
    hass: HomeAssistant, server: StatusServer, username: str = "alice"
) -> ConfigEntry:
    """Add an entry that signs in with `username`'s password; it is set up."""
    flow = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_URL: server.url}
    )
    assert result["type"] is FlowResultType.FORM, result
    assert result["step_id"] == "sign_in"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: username, CONF_PASSWORD: USERS[username]},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()
    entry: ConfigEntry = result["result"]
    return entry


async def stored_tokens(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, Any]:
    """What the entry's token Store holds on disk (the test harness's disk)."""
    data = await Store[dict[str, Any]](
        hass, 1, storage_key(entry.entry_id)
    ).async_load()
    assert data is not None
    return data


def reuse_free(server: StatusServer) -> bool:
    """No refresh token was presented twice."""
    return server.auth.reuse_detected == 0 and all(
        call.outcome != "reuse" for call in server.auth.refresh_calls
    )


@pytest.fixture(autouse=True)
async def unload_entries(
    hass: HomeAssistant, start_server: StartServer, start_kuma: StartKuma
) -> AsyncIterator[None]:
    """Unload every entry a test set up, before its servers stop, status or
    Uptime Kuma servers alike (import this fixture into a test module to use
    it)."""
    yield
    await hass.async_block_till_done()
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
