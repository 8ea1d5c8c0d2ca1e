"""Setting up, unloading and stopping: what the entry does with the connection."""

from __future__ import annotations

import asyncio

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.const import DOMAIN
from reference_server import StatusServer

from ..conftest import StartServer
from ..hass_fixtures import entry_for
from ..helpers import wait_until


async def test_setup_creates_a_device_per_service_and_one_for_the_server(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    server: StatusServer,
) -> None:
    """Each service is a device linked to the server's device."""
    devices = dr.async_entries_for_config_entry(device_registry, loaded_entry.entry_id)
    by_name = {device.name: device for device in devices}
    assert set(by_name) == {"127.0.0.1 (alice)", "API", "Database", "Mail"}
    server_device = by_name["127.0.0.1 (alice)"]
    assert by_name["API"].via_device_id == server_device.id
    assert by_name["API"].configuration_url == "https://api.example.com/health"
    assert by_name["API"].model == "Core"
    assert server_device.configuration_url == server.url
    assert server.subscriber_count == 1


async def test_unload_unsubscribes_and_disconnects(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Unloading leaves no connection on the server."""
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert loaded_entry.state is ConfigEntryState.NOT_LOADED
    await wait_until(lambda: not server.connected_sids)
    assert any(event.event == "unsubscribe:status" for event in server.events)


async def test_home_assistant_stop_closes_the_connection(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Stopping Home Assistant disconnects from the server."""
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    await wait_until(lambda: not server.connected_sids)


async def test_unreachable_server_at_setup_retries_later(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """A server that is down at setup puts the entry in setup-retry."""
    server = await start_server()
    entry = entry_for(server, server.token("alice"))
    await server.stop()
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert "Could not connect" in (entry.reason or "")


async def test_refused_token_at_setup_starts_reauth(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """An expired token at setup asks the user for a new one."""
    entry = entry_for(server, server.token("alice", expires_in=-60))
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_removing_a_device_is_allowed_only_once_the_service_is_gone(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    server: StatusServer,
) -> None:
    """A listed service's device stays; a stale one can be deleted by the user."""
    from homeassistant.setup import async_setup_component

    assert await async_setup_component(hass, "config", {})
    api = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{loaded_entry.entry_id}_api"), loaded_entry.entry_id
    )
    assert api is not None
    server_device = device_registry.async_get_device_by_identifier(
        (DOMAIN, loaded_entry.entry_id), loaded_entry.entry_id
    )
    assert server_device is not None
    stale = device_registry.async_get_or_create(
        config_entry_id=loaded_entry.entry_id,
        identifiers={(DOMAIN, f"{loaded_entry.entry_id}_retired")},
        name="Retired",
    )
    from custom_components.status_dashboard import async_remove_config_entry_device

    assert not await async_remove_config_entry_device(hass, loaded_entry, api)
    assert not await async_remove_config_entry_device(hass, loaded_entry, server_device)
    assert await async_remove_config_entry_device(hass, loaded_entry, stale)


async def test_two_users_on_one_server_are_separate_entries(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Each user sees only what the server lets them see."""
    alice = entry_for(
        server, server.token("alice"), entry_id="01JALICE0000000000000000AA"
    )
    bob = entry_for(
        server,
        server.token("bob", services=["api"]),
        entry_id="01JBOB000000000000000000BB",
    )
    for entry in (alice, bob):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert len(alice.runtime_data.view.services) == 3
    assert list(bob.runtime_data.view.services) == ["api"]
    for entry in (alice, bob):
        assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    await asyncio.sleep(0)
    await wait_until(lambda: not server.connected_sids)


async def test_unload_while_updates_stream_in_leaves_no_timer_behind(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Updates that arrive while the socket closes open no throttle window after."""
    for value in range(200):
        server.update_service("api", responseTime=value)
        server.update_service("db", responseTime=value)
    await asyncio.sleep(0)
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert loaded_entry.state is ConfigEntryState.NOT_LOADED
