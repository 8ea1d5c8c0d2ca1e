"""Switches: an Uptime Kuma monitor's Paused switch."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.models import Status
from .const import speaks_uptime_kuma
from .controls import async_pause, async_resume
from .coordinator import StatusDashboardConfigEntry
from .entity import ServiceEntity, ServiceEntityKind, async_add_platform_entities

PARALLEL_UPDATES = 0

PAUSED_DESCRIPTION = SwitchEntityDescription(key="paused", translation_key="paused")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StatusDashboardConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A Paused switch per monitor of an Uptime Kuma server; none for other
    servers (which have nothing to pause)."""
    kinds: list[ServiceEntityKind] = (
        [(PausedSwitch, PAUSED_DESCRIPTION)] if speaks_uptime_kuma(entry.data) else []
    )
    async_add_platform_entities(entry, Platform.SWITCH, async_add_entities, [], kinds)


class PausedSwitch(ServiceEntity, SwitchEntity):
    """On while the monitor is paused (by itself or through its group).

    Turning it on or off sends the command and waits for the server's
    answer; the state changes when the server's list says so.
    """

    def shown(self) -> Hashable:
        """Availability and on/off."""
        return (self.available, self.is_on)

    @property
    def is_on(self) -> bool | None:
        """Whether the server lists the monitor as paused."""
        service = self.service
        return None if service is None else service.status is Status.PAUSED

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Pause the monitor."""
        await async_pause(self.coordinator, self.service_id)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Resume the monitor; it checks at once."""
        await async_resume(self.coordinator, self.service_id)
