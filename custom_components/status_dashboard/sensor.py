"""Sensors: each service's response time, status and uptime, and where the
server gives them its average response time and certificate expiry; the
server's latency and how many of its services are down and degraded."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, Platform, UnitOfTime
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.models import Service, Status
from .coordinator import StatusDashboardConfigEntry
from .entity import ServerEntity, ServiceEntity, async_add_platform_entities
from .summary import StatusSummary, StatusTally

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ServiceSensorEntityDescription(SensorEntityDescription):
    """A sensor of one service: which of its values it shows."""

    value_fn: Callable[[Service], float | str | None]
    # Made only for services that have this value (once they have it).
    exists_fn: Callable[[Service], bool] | None = None
    # The one attribute beside the value: its name and what it holds, compared
    # as it is to decide whether to write (a time, the details mapping), and
    # formatted only for a write.
    attribute: tuple[str, Callable[[Service], object]] | None = None


@dataclass(frozen=True, kw_only=True)
class SummarySensorEntityDescription(SensorEntityDescription):
    """A sensor of the server that counts its services of one status."""

    tally_fn: Callable[[StatusSummary], StatusTally]


RESPONSE_TIME_DESCRIPTION = ServiceSensorEntityDescription(
    key="response_time",
    translation_key="response_time",
    device_class=SensorDeviceClass.DURATION,
    native_unit_of_measurement=UnitOfTime.MILLISECONDS,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=0,
    value_fn=lambda service: service.response_time,
    attribute=("last_check", lambda service: service.last_check),
)
STATUS_DESCRIPTION = ServiceSensorEntityDescription(
    key="status",
    translation_key="status",
    device_class=SensorDeviceClass.ENUM,
    options=[status.value for status in Status],
    # A Status is a str: no `.value` (an enum property call per write).
    value_fn=lambda service: service.status,
    attribute=("details", lambda service: service.details),
)
UPTIME_24H_DESCRIPTION = ServiceSensorEntityDescription(
    key="uptime_24h",
    translation_key="uptime_24h",
    native_unit_of_measurement=PERCENTAGE,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=2,
    value_fn=lambda service: service.uptime_24h,
    exists_fn=lambda service: service.uptime_24h is not None,
)
UPTIME_30D_DESCRIPTION = ServiceSensorEntityDescription(
    key="uptime_30d",
    translation_key="uptime_30d",
    native_unit_of_measurement=PERCENTAGE,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=2,
    value_fn=lambda service: service.uptime_30d,
    exists_fn=lambda service: service.uptime_30d is not None,
)
UPTIME_1Y_DESCRIPTION = ServiceSensorEntityDescription(
    key="uptime_1y",
    translation_key="uptime_1y",
    native_unit_of_measurement=PERCENTAGE,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=2,
    value_fn=lambda service: service.uptime_1y,
    exists_fn=lambda service: service.uptime_1y is not None,
)
AVERAGE_RESPONSE_TIME_DESCRIPTION = ServiceSensorEntityDescription(
    key="average_response_time",
    translation_key="average_response_time",
    device_class=SensorDeviceClass.DURATION,
    native_unit_of_measurement=UnitOfTime.MILLISECONDS,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=0,
    value_fn=lambda service: service.average_response_time,
    exists_fn=lambda service: service.average_response_time is not None,
)
# Days the TLS certificate has left (negative once it expired): a problem the
# user acts on, so not a diagnostic entity.
CERTIFICATE_EXPIRY_DESCRIPTION = ServiceSensorEntityDescription(
    key="certificate_expiry",
    translation_key="certificate_expiry",
    device_class=SensorDeviceClass.DURATION,
    native_unit_of_measurement=UnitOfTime.DAYS,
    suggested_display_precision=0,
    value_fn=lambda service: service.cert_days_left,
    exists_fn=lambda service: service.cert_days_left is not None,
    attribute=(
        "certificate_valid",
        lambda service: service.details.get("certificate_valid"),
    ),
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
SERVICES_DOWN_DESCRIPTION = SummarySensorEntityDescription(
    key="services_down",
    translation_key="services_down",
    state_class=SensorStateClass.MEASUREMENT,
    tally_fn=lambda summary: summary.down,
)
SERVICES_DEGRADED_DESCRIPTION = SummarySensorEntityDescription(
    key="services_degraded",
    translation_key="services_degraded",
    state_class=SensorStateClass.MEASUREMENT,
    tally_fn=lambda summary: summary.degraded,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StatusDashboardConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The server's Latency, Services down and Services degraded now; per
    service, as services arrive, Response time and Status, and the uptime,
    average response time and certificate figures once the server sends
    them."""
    coordinator = entry.runtime_data
    async_add_platform_entities(
        entry,
        Platform.SENSOR,
        async_add_entities,
        [
            LatencySensor(coordinator, LATENCY_DESCRIPTION),
            SummarySensor(coordinator, SERVICES_DOWN_DESCRIPTION),
            SummarySensor(coordinator, SERVICES_DEGRADED_DESCRIPTION),
        ],
        [
            (ServiceSensor, RESPONSE_TIME_DESCRIPTION),
            (ServiceSensor, STATUS_DESCRIPTION),
            (ServiceSensor, UPTIME_24H_DESCRIPTION),
            (ServiceSensor, UPTIME_30D_DESCRIPTION),
            (ServiceSensor, UPTIME_1Y_DESCRIPTION),
            (ServiceSensor, AVERAGE_RESPONSE_TIME_DESCRIPTION),
            (ServiceSensor, CERTIFICATE_EXPIRY_DESCRIPTION),
        ],
    )


class ServiceSensor(ServiceEntity, SensorEntity):
    """One value of a service: its response time (with the check's time), its
    status (with the check's details), an uptime figure, its average response
    time or its certificate's days left (with whether it is trusted)."""

    entity_description: ServiceSensorEntityDescription
    # They change with every check.
    _unrecorded_attributes = frozenset({"last_check", "details"})

    def shown(self) -> Hashable:
        """Availability, the value and the attribute's value, as it is."""
        attribute = self.entity_description.attribute
        service = self.service
        held = attribute[1](service) if attribute and service else None
        return (self.available, self.native_value, held)

    @property
    def native_value(self) -> float | str | None:
        """The value; unknown when the server has none (e.g. no time while down)."""
        service = self.service
        return self.entity_description.value_fn(service) if service else None

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The check's time or details, for the sensors that show them."""
        attribute = self.entity_description.attribute
        service = self.service
        if attribute is None or service is None:
            return None
        name, value_of = attribute
        value = value_of(service)
        if isinstance(value, datetime):
            return {name: value.isoformat()}
        if isinstance(value, Mapping):
            return {name: dict(value)}
        return {name: value}


class LatencySensor(ServerEntity, SensorEntity):
    """Round trip to the server, as last measured."""

    @property
    def available(self) -> bool:
        """Only meaningful while connected."""
        return self.coordinator.connected

    @property
    def native_value(self) -> float | None:
        """Milliseconds."""
        return self.coordinator.latency


class SummarySensor(ServerEntity, SensorEntity):
    """How many of the server's services are down (or degraded), and which."""

    entity_description: SummarySensorEntityDescription
    _last_shown: Hashable = None

    @property
    def _tally(self) -> StatusTally:
        return self.entity_description.tally_fn(self.coordinator.summary)

    @property
    def available(self) -> bool:
        """Unavailable once the grace period of a lost connection is over: the
        services' statuses are unknown then, not fine."""
        return not self.coordinator.stale

    @property
    def native_value(self) -> int:
        """How many listed services have this status."""
        return len(self._tally)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Their names, sorted (the first hundred)."""
        return {"services": list(self._tally.names)}

    def shown(self) -> Hashable:
        """Availability, the count and the names: written only when they change
        (a status change elsewhere, or a full list, often leaves them equal)."""
        tally = self._tally
        return (self.available, len(tally), tally.names)

    async def async_added_to_hass(self) -> None:
        """Follow the summary, not the connection: neither a latency report
        nor a reconnection within the grace period changes the counts."""
        self._last_shown = self.shown()
        self.async_on_remove(
            self.coordinator.async_add_summary_listener(self._async_summary_changed)
        )

    @callback
    def _async_summary_changed(self) -> None:
        shown = self.shown()
        if shown == self._last_shown:
            return
        self._last_shown = shown
        self.async_write_ha_state()
