"""Which entities each platform makes, and for which services.

Each platform declares how many entities it makes per service and for the
server, and is told when services come or go. Home Assistant enables at most
10,000 entities per config entry: `CapacityWatch` decides which services get
which platform's entities when they do not all fit, and raises the repair
issue that says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback

from .health import CapacityWatch


class EntityPlan:
    """The platforms' declarations, and who to tell when services change."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        service_ids: Callable[[], Sequence[str]],
    ) -> None:
        self._service_ids = service_ids
        self._capacity = CapacityWatch(hass, entry)
        self._services_changed: dict[Platform, CALLBACK_TYPE] = {}

    @callback
    def async_add_platform(
        self,
        platform: Platform,
        per_service: int,
        server: int,
        services_changed: CALLBACK_TYPE,
    ) -> CALLBACK_TYPE:
        """A platform makes entities: call `services_changed` when services come
        or go, first once every platform is set up."""
        self._services_changed[platform] = services_changed
        self._capacity.declare(platform, per_service, server)
        if self._capacity.ready:
            self.async_check_capacity()
            self.async_services_changed()

        @callback
        def remove() -> None:
            self._services_changed.pop(platform, None)
            self._capacity.forget(platform)

        return remove

    @callback
    def async_resize_platform(self, platform: Platform, per_service: int) -> None:
        """`platform` now makes `per_service` entities a service (some exist only
        for services that have a value, such as an uptime figure)."""
        if self._capacity.declare(platform, per_service):
            self.async_check_capacity()

    def services_for(self, platform: Platform) -> Sequence[str]:
        """The services that get `platform`'s entities, within the entity cap."""
        return self._capacity.services_for(platform, self._service_ids())

    @callback
    def async_check_capacity(self) -> None:
        """Raise or clear the repair issue for the services listed now."""
        self._capacity.async_check(len(self._service_ids()))

    @callback
    def async_services_changed(self) -> None:
        """Services came or went, or gained a value some entity shows."""
        for services_changed in list(self._services_changed.values()):
            services_changed()
