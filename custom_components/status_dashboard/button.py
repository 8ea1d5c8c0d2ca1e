"""Buttons: re-check one service now, or every service."""

from __future__ import annotations

from collections.abc import Hashable

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import StatusDashboardConfigEntry
from .entity import ServerEntity, ServiceEntity

PARALLEL_UPDATES = 1

REFRESH_DESCRIPTION = ButtonEntityDescription(key="refresh", translation_key="refresh")
REFRESH_ALL_DESCRIPTION = ButtonEntityDescription(
    key="refresh_all", translation_key="refresh_all"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StatusDashboardConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Refresh all now; one Refresh button per service as services arrive."""
    coordinator = entry.runtime_data

    @callback
    def add_services(service_ids: list[str]) -> None:
        async_add_entities(
            RefreshButton(coordinator, REFRESH_DESCRIPTION, service_id)
            for service_id in service_ids
        )

    async_add_entities([RefreshAllButton(coordinator, REFRESH_ALL_DESCRIPTION)])
    entry.async_on_unload(
        coordinator.async_add_new_services_listener("button", add_services)
    )


class RefreshButton(ServiceEntity, ButtonEntity):
    """Asks the server to re-check this service now."""

    def shown(self) -> Hashable:
        """A button shows only whether it is available."""
        return (self.available,)

    async def async_press(self) -> None:
        """Send `request:refresh` for this service."""
        await self.coordinator.async_request_refresh(self.service_id)


class RefreshAllButton(ServerEntity, ButtonEntity):
    """Asks the server to re-check every service, paced below its rate limit."""

    async def async_press(self) -> None:
        """Start a paced refresh of every service."""
        self.coordinator.async_request_refresh_all()
