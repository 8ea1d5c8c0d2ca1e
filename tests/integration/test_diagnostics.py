"""Diagnostics: what support sees, with the token and credentials redacted."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from reference_server import StatusServer

from ..hass_fixtures import entry_for

VOLATILE = props(
    "created_at", "modified_at", "url", "latency_ms", "connected_for_s", "expires_at"
)


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    snapshot: SnapshotAssertion,
) -> None:
    """The connection, its counters and the services, never the token."""
    result = await get_diagnostics_for_config_entry(hass, hass_client, loaded_entry)
    assert result == snapshot(exclude=VOLATILE)
    assert loaded_entry.data["token"] not in str(result)
    assert result["entry"]["data"]["url"] == server.url
    assert result["connection"]["latency_ms"] is not None


async def test_diagnostics_redact_credentials_in_the_url(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, server: StatusServer
) -> None:
    """user:password in the URL never reaches diagnostics."""
    entry = entry_for(server, server.token("alice"))
    entry.add_to_hass(hass)
    url = server.url.replace("http://", "http://admin:hunter2@")
    hass.config_entries.async_update_entry(entry, data={**entry.data, "url": url})
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    result = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert "hunter2" not in str(result)
    assert "admin" not in str(result)
    assert await hass.config_entries.async_unload(entry.entry_id)
