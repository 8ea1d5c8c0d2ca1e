"""Buttons: re-check one service now, or every service."""

from __future__ import annotations

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

    _written_available: bool | None = None

    async def async_added_to_hass(self) -> None:
        """Follow this service's availability: the rest of its data never shows."""
        self._written_available = self.available
        self.async_on_remove(
            self.coordinator.async_add_service_listener(
                self.service_id, self._async_service_changed
            )
        )

    @callback
    def _async_service_changed(self) -> None:
        """Write only when availability changed (each write costs ~30 µs)."""
        available = self.available
        if available != self._written_available:
            self._written_available = available
            self.async_write_ha_state()

    async def async_press(self) -> None:
        """Send `request:refresh` for this service."""
        await self.coordinator.async_request_refresh(self.service_id)


class RefreshAllButton(ServerEntity, ButtonEntity):
    """Asks the server to re-check every service, paced below its rate limit."""

    async def async_press(self) -> None:
        """Start a paced refresh of every service."""
        self.coordinator.async_request_refresh_all()
