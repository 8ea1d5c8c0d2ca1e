"""Binary sensors: each service up or not, and the connection to the server."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.models import Status
from .coordinator import StatusDashboardConfigEntry, StatusDashboardCoordinator
from .entity import ServerEntity, ServiceEntity, async_add_platform_entities

PARALLEL_UPDATES = 0

# Whether a service with this status is reachable; other statuses do not say.
_REACHABLE = {Status.UP: True, Status.DEGRADED: True, Status.DOWN: False}

SERVICE_DESCRIPTION = BinarySensorEntityDescription(
    key="status",
    name=None,
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
)
CONNECTION_DESCRIPTION = BinarySensorEntityDescription(
    key="connection",
    translation_key="connection",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StatusDashboardConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The Connection sensor now; one sensor per service as services arrive."""
    async_add_platform_entities(
        entry,
        Platform.BINARY_SENSOR,
        async_add_entities,
        [ConnectionBinarySensor(entry.runtime_data, CONNECTION_DESCRIPTION)],
        [(ServiceBinarySensor, SERVICE_DESCRIPTION)],
    )


class ServiceBinarySensor(ServiceEntity, BinarySensorEntity):
    """On while the service is up or degraded. Its status, response time, check
    time and details belong to the Status and Response time sensors."""

    def __init__(
        self,
        coordinator: StatusDashboardCoordinator,
        description: BinarySensorEntityDescription,
        service_id: str,
    ) -> None:
        super().__init__(coordinator, description, service_id)
        self._attr_extra_state_attributes = {"service_id": service_id}

    def shown(self) -> Hashable:
        """Availability and on/off: a check that changes neither writes nothing."""
        return (self.available, self.is_on)

    @property
    def is_on(self) -> bool | None:
        """Up or degraded is on; down is off; no status yet, or a check on hold
        (maintenance, paused, pending), is unknown."""
        service = self.service
        if service is None or service.status is None:
            return None
        return _REACHABLE.get(service.status)


class ConnectionBinarySensor(ServerEntity, BinarySensorEntity):
    """On while the integration is connected to the server."""

    _unrecorded_attributes = frozenset({"latency", "reconnect_attempt"})

    @property
    def is_on(self) -> bool:
        """Connected and subscribed."""
        return self.coordinator.connected

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Latency, the current reconnection attempt and the transport."""
        coordinator = self.coordinator
        return {
            "latency": coordinator.latency,
            "reconnect_attempt": coordinator.reconnect_attempt,
            "transport": coordinator.connection.transport,
        }
