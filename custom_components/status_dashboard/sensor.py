"""Sensors: each service's response time and status, the server's latency."""

from __future__ import annotations

from collections.abc import Hashable

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.models import Status
from .coordinator import StatusDashboardConfigEntry
from .entity import ServerEntity, ServiceEntity

PARALLEL_UPDATES = 0

RESPONSE_TIME_DESCRIPTION = SensorEntityDescription(
    key="response_time",
    translation_key="response_time",
    device_class=SensorDeviceClass.DURATION,
    native_unit_of_measurement=UnitOfTime.MILLISECONDS,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=0,
)
STATUS_DESCRIPTION = SensorEntityDescription(
    key="status",
    translation_key="status",
    device_class=SensorDeviceClass.ENUM,
    options=[status.value for status in Status],
)
LATENCY_DESCRIPTION = SensorEntityDescription(
    key="latency",
    translation_key="latency",
    device_class=SensorDeviceClass.DURATION,
    native_unit_of_measurement=UnitOfTime.MILLISECONDS,
    state_class=SensorStateClass.MEASUREMENT,
    entity_category=EntityCategory.DIAGNOSTIC,
    suggested_display_precision=0,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StatusDashboardConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The Latency sensor now; two sensors per service as services arrive."""
    coordinator = entry.runtime_data

    @callback
    def add_services(service_ids: list[str]) -> None:
        entities: list[SensorEntity] = []
        for service_id in service_ids:
            entities.append(
                ResponseTimeSensor(coordinator, RESPONSE_TIME_DESCRIPTION, service_id)
            )
            entities.append(StatusSensor(coordinator, STATUS_DESCRIPTION, service_id))
        async_add_entities(entities)

    async_add_entities([LatencySensor(coordinator, LATENCY_DESCRIPTION)])
    entry.async_on_unload(
        coordinator.async_add_new_services_listener("sensor", add_services)
    )


class ResponseTimeSensor(ServiceEntity, SensorEntity):
    """How long the service's last check took."""

    def shown(self) -> Hashable:
        """Availability and the value."""
        return (self.available, self.native_value)

    @property
    def native_value(self) -> float | None:
        """Milliseconds; unknown when there is no measurement (e.g. while down)."""
        service = self.service
        return service.response_time if service else None


class StatusSensor(ServiceEntity, SensorEntity):
    """Up, down or degraded: for automations on degraded."""

    def shown(self) -> Hashable:
        """Availability and the value."""
        return (self.available, self.native_value)

    @property
    def native_value(self) -> str | None:
        """The service's status."""
        service = self.service
        # A Status is a str: no `.value` (an enum property call per write).
        return service.status if service else None


class LatencySensor(ServerEntity, SensorEntity):
    """Round trip to the server, as last measured."""

    @property
    def available(self) -> bool:
        """Only meaningful while connected."""
        return self.coordinator.connected

    @property
    def native_value(self) -> float | None:
        """Milliseconds."""
        return self.coordinator.connection.latency
