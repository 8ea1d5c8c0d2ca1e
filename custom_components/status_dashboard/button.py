"""Buttons: re-check one service now, or every service."""

from __future__ import annotations

from collections.abc import Hashable

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import StatusDashboardConfigEntry
from .entity import ServerEntity, ServiceEntity, async_add_platform_entities

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
    async_add_platform_entities(
        entry,
        Platform.BUTTON,
        async_add_entities,
        [RefreshAllButton(entry.runtime_data, REFRESH_ALL_DESCRIPTION)],
        [(RefreshButton, REFRESH_DESCRIPTION)],
    )


class RefreshButton(ServiceEntity, ButtonEntity):
    """Asks the server to re-check this service now."""

    def shown(self) -> Hashable:
        """A button shows only whether it is available."""
        return (self.available,)

    async def async_press(self) -> None:
        """Send `request:refresh` for this service."""
        self.coordinator.refresh.async_service(self.service_id)


class RefreshAllButton(ServerEntity, ButtonEntity):
    """Asks the server to re-check every service, paced below its rate limit."""

    async def async_press(self) -> None:
        """Start a paced refresh of every service."""
        self.coordinator.refresh.async_all(self.coordinator.service_ids)
