"""Base entities: one device per service, one device for the server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from homeassistant.const import CONF_URL, Platform
from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from yarl import URL

from .chosen_entities import async_chosen_kinds
from .client.models import Service
from .const import DOMAIN
from .coordinator import StatusDashboardConfigEntry, StatusDashboardCoordinator
from .full_list import service_device_identifier

# Entities are added this many services at a time, letting the event loop run
# in between: thousands at once would hold it for seconds.
ADD_BATCH = 25


class StatusDashboardEntity(Entity):
    """Common to every entity of this integration: pushed, never polled."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self, coordinator: StatusDashboardCoordinator, description: EntityDescription
    ) -> None:
        self.coordinator = coordinator
        self.entity_description = description


class ServerEntity(StatusDashboardEntity):
    """An entity of the server's device, updated when the connection changes."""

    def __init__(
        self, coordinator: StatusDashboardCoordinator, description: EntityDescription
    ) -> None:
        super().__init__(coordinator, description)
        entry = coordinator.entry
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        self._attr_device_info = server_device_info(coordinator)

    async def async_added_to_hass(self) -> None:
        """Follow the connection's state."""
        self.async_on_remove(
            self.coordinator.async_add_server_listener(self.async_write_ha_state)
        )


class ServiceEntity(StatusDashboardEntity):
    """An entity of one service's device, updated only when that service changes.

    The coordinator hands it the service's state with each change; the entity
    keeps it and shows it.
    """

    _last_shown: Hashable = None
    # This service's last known good state, as last handed over.
    service: Service | None

    def __init__(
        self,
        coordinator: StatusDashboardCoordinator,
        description: EntityDescription,
        service_id: str,
    ) -> None:
        super().__init__(coordinator, description)
        self.service_id = service_id
        entry = coordinator.entry
        self._attr_unique_id = f"{entry.entry_id}_{service_id}_{description.key}"
        self.service = service = coordinator.service(service_id)
        name = service.name if service else service_id
        device_info = DeviceInfo(
            identifiers={service_device_identifier(entry, service_id)},
            name=name,
            entry_type=DeviceEntryType.SERVICE,
            configuration_url=service.url if service else None,
            model=service.group if service and service.group else None,
        )
        if coordinator.server_device_id is not None:
            device_info["via_device_id"] = coordinator.server_device_id
        self._attr_device_info = device_info

    @property
    def available(self) -> bool:
        """Known, and not past the grace period of a lost connection."""
        return self.service is not None and not self.coordinator.stale

    def shown(self) -> Hashable:
        """What this entity shows; a change of the service that leaves it equal
        is not written (a state write is the costliest step of an update).
        None means: always write (state attributes change with every check)."""
        return None

    async def async_added_to_hass(self) -> None:
        """Follow this service's changes only."""
        self._last_shown = self.shown()
        self.async_on_remove(
            self.coordinator.async_add_service_listener(
                self.service_id, self._async_service_changed
            )
        )

    @callback
    def _async_service_changed(self, service: Service | None) -> None:
        self.service = service
        shown = self.shown()
        if shown is not None and shown == self._last_shown:
            return
        self._last_shown = shown
        self.async_write_ha_state()


def server_device_info(coordinator: StatusDashboardCoordinator) -> DeviceInfo:
    """The server's device."""
    entry = coordinator.entry
    return DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        name=entry.title,
        entry_type=DeviceEntryType.SERVICE,
        manufacturer="Status Dashboard",
        model="Status server",
        configuration_url=_public_url(entry.data[CONF_URL]),
    )


def service_check(service: Service) -> dict[str, Any]:
    """A service's last check: status, response time, when, and its details."""
    return {
        "status": service.status,
        "response_time": service.response_time,
        "last_check": service.last_check.isoformat() if service.last_check else None,
        "details": dict(service.details),
    }


def _public_url(url: str) -> str:
    """The server URL without any credentials it may carry."""
    return str(URL(url).with_user(None))


type ServiceEntityKind = tuple[type[ServiceEntity], EntityDescription]


def _exists_for(description: EntityDescription, service: Service) -> bool:
    """Whether `service` has what an entity of `description` shows; entities
    whose description has no `exists_fn` exist for every service."""
    exists_fn: Callable[[Service], bool] | None = getattr(
        description, "exists_fn", None
    )
    return exists_fn is None or exists_fn(service)


def _exists_for_every(description: EntityDescription) -> bool:
    return getattr(description, "exists_fn", None) is None


@callback
def async_add_platform_entities(
    entry: StatusDashboardConfigEntry,
    platform: Platform,
    async_add_entities: AddConfigEntryEntitiesCallback,
    server_entities: Sequence[Entity],
    service_entities: Sequence[ServiceEntityKind],
) -> None:
    """Add a platform's server entities now, and its entities of each service
    for the services there are and those that appear later; an entity whose
    description has an `exists_fn` is added once its service has that value.
    Kinds of service entities turned off in the options are left out."""
    coordinator = entry.runtime_data
    hass = coordinator.hass
    service_entities = async_chosen_kinds(hass, entry, platform, service_entities)
    async_add_entities(server_entities)
    # (service id, index in service_entities) of the entities added.
    added: set[tuple[str, int]] = set()

    batch_size = ADD_BATCH * max(1, len(service_entities))

    async def add(new: list[tuple[str, int]]) -> None:
        for start in range(0, len(new), batch_size):
            batch = new[start : start + batch_size]
            gone = {pair for pair in batch if coordinator.service(pair[0]) is None}
            added.difference_update(gone)
            async_add_entities(
                kind(coordinator, description, service_id)
                for service_id, index in batch
                if (service_id, index) not in gone
                for kind, description in (service_entities[index],)
            )
            await asyncio.sleep(0)

    @callback
    def services_changed() -> None:
        listed = coordinator.service_ids
        added.difference_update([pair for pair in added if pair[0] not in listed])
        services = coordinator.view.services.values()
        coordinator.plan.async_resize_platform(
            platform,
            sum(
                1
                for _, description in service_entities
                if _exists_for_every(description)
                or any(_exists_for(description, service) for service in services)
            ),
        )
        new = [
            (service_id, index)
            for service_id in coordinator.plan.services_for(platform)
            if (service := coordinator.service(service_id)) is not None
            for index, (_, description) in enumerate(service_entities)
            if (service_id, index) not in added and _exists_for(description, service)
        ]
        if new:
            added.update(new)
            entry.async_create_task(hass, add(new), f"{DOMAIN} add {platform} entities")

    unconditional = sum(
        1 for _, description in service_entities if _exists_for_every(description)
    )
    entry.async_on_unload(
        coordinator.plan.async_add_platform(
            platform, unconditional, len(server_entities), services_changed
        )
    )
