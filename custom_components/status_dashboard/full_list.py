"""What a full list leaves to do in Home Assistant, done in slices: remove the
devices of services that left, show renamed services' new names, groups and
URLs on their devices, write the services that changed.

A list of thousands of services would otherwise hold the event loop for
seconds (each write and each device removal is a fraction of a millisecond).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.typing import UNDEFINED, UndefinedType

from .client.models import BulkUpdate, Service
from .client.slices import Slicer
from .const import DOMAIN


def service_device_identifier(entry: ConfigEntry, service_id: str) -> tuple[str, str]:
    """The device registry identifier of one service: the server's stable id."""
    return (DOMAIN, f"{entry.entry_id}_{service_id}")


class FullListWork:
    """Queues what lists leave to do and works through it in one task at a
    time; `write(service_id)` writes a service's entities, `done()` runs once
    the queue is empty."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        services: Callable[[], Mapping[str, Service]],
        write: Callable[[str], None],
        done: Callable[[], None],
    ) -> None:
        self._hass = hass
        self._entry = entry
        self._services = services
        self._write = write
        self._done = done
        self._to_remove: dict[str, None] = {}
        self._to_relabel: dict[str, None] = {}
        self._to_write: dict[str, None] = {}
        self._task: asyncio.Task[None] | None = None

    def queue(
        self,
        *,
        remove: Iterable[str] = (),
        relabel: Iterable[str] = (),
        write: Iterable[str] = (),
    ) -> None:
        """Add to the queue and start working; with nothing queued at all,
        `done()` runs at once."""
        self._to_remove.update(dict.fromkeys(remove))
        self._to_relabel.update(dict.fromkeys(relabel))
        self._to_write.update(dict.fromkeys(write))
        if not (self._to_remove or self._to_relabel or self._to_write):
            self._done()
        elif self._task is None or self._task.done():
            self._task = self._entry.async_create_task(
                self._hass, self._work(), f"{DOMAIN} apply full list"
            )

    def cancel(self) -> None:
        """The entry unloads: stop working."""
        if self._task is not None:
            self._task.cancel()

    def unlisted_services(self, bulk: BulkUpdate) -> list[str]:
        """Services the entry has a device of that the server does not list
        (nor sends an invalid item for): they left while it was not loaded."""
        prefix = f"{self._entry.entry_id}_"
        listed = self._services()
        registry = dr.async_get(self._hass)
        return [
            service_id
            for device in dr.async_entries_for_config_entry(
                registry, self._entry.entry_id
            )
            # The server's own device is (DOMAIN, entry_id): no prefix.
            for domain, identifier in device.identifiers
            if domain == DOMAIN and identifier.startswith(prefix)
            for service_id in (identifier.removeprefix(prefix),)
            if service_id not in listed and service_id not in bulk.kept_ids
        ]

    async def _work(self) -> None:
        registry = dr.async_get(self._hass)
        slicer = Slicer()
        while self._to_remove or self._to_relabel or self._to_write:
            services = self._services()
            if self._to_remove:
                service_id = next(iter(self._to_remove))
                del self._to_remove[service_id]
                if service_id not in services:
                    self._remove_device(registry, service_id)
            elif self._to_relabel:
                service_id = next(iter(self._to_relabel))
                del self._to_relabel[service_id]
                if (service := services.get(service_id)) is not None:
                    self._relabel_device(registry, service)
            else:
                service_id = next(iter(self._to_write))
                del self._to_write[service_id]
                if service_id in services:
                    self._write(service_id)
            await slicer.breathe()
        self._done()

    def _remove_device(self, registry: dr.DeviceRegistry, service_id: str) -> None:
        device = registry.async_get_device_by_identifier(
            service_device_identifier(self._entry, service_id), self._entry.entry_id
        )
        if device is not None:
            registry.async_remove_device(device.id)

    def _relabel_device(self, registry: dr.DeviceRegistry, service: Service) -> None:
        """The service's device takes the server's group (its model), URL and,
        unless the user named the device (their name wins), name."""
        device = registry.async_get_device_by_identifier(
            service_device_identifier(self._entry, service.id), self._entry.entry_id
        )
        if device is None:
            return  # its entities are still to be added, with the new values
        name: str | UndefinedType = UNDEFINED if device.name_by_user else service.name
        # The URL passed `parse.valid_url`, Home Assistant's own rule for it.
        registry.async_update_device(
            device.id, name=name, model=service.group, configuration_url=service.url
        )
