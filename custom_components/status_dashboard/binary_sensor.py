"""Binary sensors: each service up or not, and the connection to the server."""

from __future__ import annotations

from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.models import Status
from .coordinator import StatusDashboardConfigEntry
from .entity import ServerEntity, ServiceEntity

PARALLEL_UPDATES = 0

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
    coordinator = entry.runtime_data

    @callback
    def add_services(service_ids: list[str]) -> None:
        async_add_entities(
            ServiceBinarySensor(coordinator, SERVICE_DESCRIPTION, service_id)
            for service_id in service_ids
        )

    async_add_entities([ConnectionBinarySensor(coordinator, CONNECTION_DESCRIPTION)])
    entry.async_on_unload(
        coordinator.async_add_new_services_listener("binary_sensor", add_services)
    )


class ServiceBinarySensor(ServiceEntity, BinarySensorEntity):
    """On while the service is up or degraded; its check details as attributes."""

    _unrecorded_attributes = frozenset({"response_time", "last_check", "details"})

    @property
    def is_on(self) -> bool | None:
        """Up or degraded is on; down is off; no status yet is unknown."""
        service = self.service
        if service is None or service.status is None:
            return None
        return service.status is not Status.DOWN

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The service's id, status, response time, last check and details."""
        service = self.service
        if service is None:
            return {"service_id": self.service_id}
        return {
            "service_id": service.id,
            "status": service.status,
            "response_time": service.response_time,
            "last_check": service.last_check.isoformat()
            if service.last_check
            else None,
            "details": dict(service.details),
        }


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
        connection = self.coordinator.connection
        return {
            "latency": connection.latency if self.coordinator.connected else None,
            "reconnect_attempt": self.coordinator.reconnect_attempt,
            "transport": connection.transport,
        }
