"""Devices follow the server: renamed services rename their devices, and
services that left while Home Assistant was not running lose theirs."""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.const import DOMAIN
from reference_server import StatusServer

from ..conftest import catalog
from ..helpers import wait_for_state, wait_until

API = "binary_sensor.api"
MAIL_ENTITIES = (
    "binary_sensor.mail",
    "sensor.mail_status",
    "sensor.mail_response_time",
    "button.mail_refresh",
)


def device_of(
    registry: dr.DeviceRegistry, entry: MockConfigEntry, service_id: str
) -> dr.DeviceEntry | None:
    """The device of one service of `entry`."""
    return registry.async_get_device_by_identifier(
        (DOMAIN, f"{entry.entry_id}_{service_id}"), entry.entry_id
    )


def server_device_of(
    registry: dr.DeviceRegistry, entry: MockConfigEntry
) -> dr.DeviceEntry | None:
    """The device of the server itself."""
    return registry.async_get_device_by_identifier(
        (DOMAIN, entry.entry_id), entry.entry_id
    )


def with_changes(service_id: str, **changes: Any) -> list[dict[str, Any]]:
    """The test catalog with one service's wire fields changed."""
    return [
        {**service, **changes} if service["id"] == service_id else service
        for service in catalog()
    ]


def without(service_id: str) -> list[dict[str, Any]]:
    """The test catalog without one service."""
    return [service for service in catalog() if service["id"] != service_id]


async def unload(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Unload the entry (as when Home Assistant stops); its registry entries stay."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED


async def set_up_again(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set the unloaded entry up again (as when Home Assistant starts)."""
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_service_renamed_on_the_server_renames_its_device(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A new name, group and URL in the server's list show on the device, and
    the entities' names follow; their entity ids stay."""
    server.set_services(
        with_changes(
            "api",
            name="API Gateway",
            group="Edge",
            url="https://gateway.example.com/health",
        )
    )
    await wait_until(
        lambda: device_of(device_registry, loaded_entry, "api").name == "API Gateway"
    )
    device = device_of(device_registry, loaded_entry, "api")
    assert device.model == "Edge"
    assert device.configuration_url == "https://gateway.example.com/health"
    assert device.name_by_user is None
    await wait_until(
        lambda: hass.states.get(API).attributes["friendly_name"] == "API Gateway"
    )
    assert (
        hass.states.get("sensor.api_status").attributes["friendly_name"]
        == "API Gateway Status"
    )

    # The server drops the group and the URL: the device drops them too.
    server.set_services(with_changes("api", name="API Gateway", group=None, url=None))
    await wait_until(
        lambda: device_of(device_registry, loaded_entry, "api").model is None
    )
    device = device_of(device_registry, loaded_entry, "api")
    assert device.configuration_url is None
    assert device.name == "API Gateway"


async def test_name_the_user_gave_a_device_wins_over_the_servers_rename(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The user renamed the device: a rename on the server leaves that name,
    while the group still follows the server."""
    device = device_of(device_registry, loaded_entry, "api")
    device_registry.async_update_device(device.id, name_by_user="Front door API")
    await wait_until(
        lambda: hass.states.get(API).attributes["friendly_name"] == "Front door API"
    )

    server.set_services(with_changes("api", name="API Gateway", group="Edge"))
    await wait_until(
        lambda: device_of(device_registry, loaded_entry, "api").model == "Edge"
    )
    device = device_of(device_registry, loaded_entry, "api")
    assert device.name_by_user == "Front door API"
    await asyncio.sleep(0.1)
    assert hass.states.get(API).attributes["friendly_name"] == "Front door API"
    assert (
        hass.states.get("sensor.api_status").attributes["friendly_name"]
        == "Front door API Status"
    )


async def test_service_gone_while_unloaded_loses_its_device_at_the_next_setup(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Home Assistant was stopped while the server dropped a service: after the
    next start the service's device and entities are gone, the others and
    the server's own device stay."""
    server_device = server_device_of(device_registry, loaded_entry)
    assert server_device is not None
    assert device_of(device_registry, loaded_entry, "mail") is not None
    await unload(hass, loaded_entry)
    server.set_services(without("mail"))

    await set_up_again(hass, loaded_entry)

    assert device_of(device_registry, loaded_entry, "mail") is None
    for entity_id in MAIL_ENTITIES:
        assert entity_registry.async_get(entity_id) is None, entity_id
        assert hass.states.get(entity_id) is None, entity_id
    assert server_device_of(device_registry, loaded_entry) == server_device
    assert device_of(device_registry, loaded_entry, "api") is not None
    assert hass.states.get(API).state == "on"
    assert hass.states.get("binary_sensor.127_0_0_1_alice_connection").state == "on"


async def test_service_renamed_while_unloaded_has_its_new_name_after_setup(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A rename while Home Assistant was stopped shows after the next start."""
    await unload(hass, loaded_entry)
    server.set_services(with_changes("db", name="Primary database", group="Storage"))

    await set_up_again(hass, loaded_entry)

    device = device_of(device_registry, loaded_entry, "db")
    assert (device.name, device.model) == ("Primary database", "Storage")
    assert hass.states.get("binary_sensor.database").attributes["friendly_name"] == (
        "Primary database"
    )


async def test_service_with_an_invalid_item_at_setup_keeps_its_device(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """An item the integration cannot read, but whose id it can, is a service
    the server still lists: its device is not removed."""
    await unload(hass, loaded_entry)
    server.set_services(with_changes("mail", responseTime=-5))

    await set_up_again(hass, loaded_entry)

    assert device_of(device_registry, loaded_entry, "mail") is not None
    assert entity_registry.async_get("binary_sensor.mail") is not None


async def test_list_with_an_unreadable_id_at_setup_removes_nothing_until_a_clean_one(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    device_registry: dr.DeviceRegistry,
) -> None:
    """An item whose id is unreadable could be any service: the devices of
    unlisted services go at the first list without such an item."""
    await unload(hass, loaded_entry)
    server.set_services([*without("mail"), {"id": "x" * 300, "name": "Too long"}])

    await set_up_again(hass, loaded_entry)

    assert device_of(device_registry, loaded_entry, "mail") is not None
    server.set_services(without("mail"))
    await wait_until(lambda: device_of(device_registry, loaded_entry, "mail") is None)
    assert device_of(device_registry, loaded_entry, "db") is not None


async def test_list_that_renames_nothing_leaves_the_device_registry_alone(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Full lists whose names, groups and URLs are unchanged, and live updates,
    change no device; a rename changes exactly that service's device."""
    updated: list[Event[dr.EventDeviceRegistryUpdatedData]] = []
    stop = hass.bus.async_listen(dr.EVENT_DEVICE_REGISTRY_UPDATED, updated.append)

    server.set_services(catalog())
    server.set_services(with_changes("api", status="degraded", responseTime=900))
    await wait_for_state(hass, "sensor.api_status", "degraded")
    server.update_service("db", status="down", details={"error": "timeout"})
    await wait_for_state(hass, "binary_sensor.database", "off")
    server.set_services(catalog())
    await wait_for_state(hass, "sensor.api_status", "up")
    await hass.async_block_till_done()
    assert updated == []

    server.set_services(with_changes("mail", name="Mail relay"))
    await wait_until(lambda: bool(updated))
    await asyncio.sleep(0.1)
    stop()
    mail = device_of(device_registry, loaded_entry, "mail")
    assert [(event.data["action"], event.data["device_id"]) for event in updated] == [
        ("update", mail.id)
    ]
    assert set(updated[0].data["changes"]) == {"name"}
