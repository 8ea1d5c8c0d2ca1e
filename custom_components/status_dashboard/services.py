"""Actions on Uptime Kuma monitors: pause, resume, start a maintenance.

Each action targets monitors through their devices or any of their
entities. An entity or device named in the target must be an Uptime Kuma
monitor of a loaded entry; one reached through an area, floor or label is
left out when it is not. Monitors of one server are sent in one go: one
maintenance per server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.helpers.target import (
    TargetSelection,
    async_extract_referenced_entity_ids,
)
from homeassistant.util.json import JsonValueType
import probatio as vol

from .const import DOMAIN, speaks_uptime_kuma
from .controls import (
    DEFAULT_MAINTENANCE_TITLE,
    MAX_MAINTENANCE_MINUTES,
    MAX_TITLE_LENGTH,
    async_pause,
    async_resume,
    async_start_maintenance,
    not_connected,
)
from .coordinator import StatusDashboardCoordinator

SERVICE_PAUSE_MONITOR: Final = "pause_monitor"
SERVICE_RESUME_MONITOR: Final = "resume_monitor"
SERVICE_START_MAINTENANCE: Final = "start_maintenance"
ATTR_DURATION: Final = "duration"
ATTR_TITLE: Final = "title"

MONITOR_SCHEMA: Final = cv.make_entity_service_schema({})
MAINTENANCE_SCHEMA: Final = cv.make_entity_service_schema(
    {
        vol.Required(ATTR_DURATION): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=MAX_MAINTENANCE_MINUTES)
        ),
        vol.Optional(ATTR_TITLE, default=DEFAULT_MAINTENANCE_TITLE): vol.All(
            cv.string, vol.Strip, vol.Length(min=1, max=MAX_TITLE_LENGTH)
        ),
    }
)


@dataclass(slots=True)
class _ServerMonitors:
    """The targeted monitors of one entry, in the order they were found."""

    coordinator: StatusDashboardCoordinator
    service_ids: dict[str, None] = field(default_factory=dict)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions (once, whether or not an entry is loaded)."""
    hass.services.async_register(
        DOMAIN, SERVICE_PAUSE_MONITOR, _async_pause, schema=MONITOR_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_RESUME_MONITOR, _async_resume, schema=MONITOR_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_START_MAINTENANCE,
        _async_start_maintenance,
        schema=MAINTENANCE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )


async def _async_pause(call: ServiceCall) -> None:
    for server in _targeted_monitors(call):
        for service_id in server.service_ids:
            await async_pause(server.coordinator, service_id)


async def _async_resume(call: ServiceCall) -> None:
    for server in _targeted_monitors(call):
        for service_id in server.service_ids:
            await async_resume(server.coordinator, service_id)


async def _async_start_maintenance(call: ServiceCall) -> ServiceResponse:
    """One maintenance per server; returns each one's id and monitors."""
    minutes: int = call.data[ATTR_DURATION]
    title: str = call.data[ATTR_TITLE]
    started: list[JsonValueType] = []
    for server in _targeted_monitors(call):
        coordinator = server.coordinator
        service_ids = list(server.service_ids)
        maintenance_id = await async_start_maintenance(
            coordinator, service_ids, minutes, title
        )
        started.append(
            {
                "maintenance_id": maintenance_id,
                "server": coordinator.entry.title,
                "monitors": [
                    service.name
                    for service_id in service_ids
                    if (service := coordinator.service(service_id)) is not None
                ],
            }
        )
    return {"maintenances": started}


def _targeted_monitors(call: ServiceCall) -> list[_ServerMonitors]:
    """The Uptime Kuma monitors the call targets, by entry."""
    hass = call.hass
    selection = TargetSelection(call.data)
    selected = async_extract_referenced_entity_ids(hass, selection)
    entities = er.async_get(hass)
    devices = dr.async_get(hass)
    servers: dict[str, _ServerMonitors] = {}

    def add(device_id: str | None, target: str, named: bool) -> None:
        device = devices.async_get(device_id) if device_id is not None else None
        monitor = _monitor_of(hass, device) if device is not None else None
        if monitor is None:
            if named:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="not_uptime_kuma_monitor",
                    translation_placeholders={"target": target},
                )
            return
        coordinator, service_id = monitor
        entry_id = coordinator.entry.entry_id
        server = servers.get(entry_id)
        if server is None:
            server = servers[entry_id] = _ServerMonitors(coordinator)
        server.service_ids[service_id] = None

    for entity_id in sorted(selected.referenced):
        entity = entities.async_get(entity_id)
        add(entity.device_id if entity else None, entity_id, named=True)
    for device_id in sorted(selection.device_ids):
        device = devices.async_get(device_id)
        name = (device.name_by_user or device.name) if device is not None else None
        add(device_id, name or device_id, named=True)
    for device_id in sorted(selected.referenced_devices - selection.device_ids):
        add(device_id, device_id, named=False)
    for entity_id in sorted(selected.indirectly_referenced):
        entity = entities.async_get(entity_id)
        add(entity.device_id if entity else None, entity_id, named=False)
    if not servers:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_uptime_kuma_monitors"
        )
    return list(servers.values())


def _monitor_of(
    hass: HomeAssistant, device: dr.AnyDeviceEntry
) -> tuple[StatusDashboardCoordinator, str] | None:
    """The entry's coordinator and the service id of an Uptime Kuma
    monitor's device; None for any other device. A monitor's entry that is
    not loaded cannot be reached: that is an error."""
    entry = hass.config_entries.async_get_entry(device.config_entry_id)
    if entry is None or entry.domain != DOMAIN or not speaks_uptime_kuma(entry.data):
        return None
    prefix = f"{entry.entry_id}_"
    for domain, identifier in device.identifiers:
        if domain != DOMAIN or not identifier.startswith(prefix):
            continue
        if entry.state is not ConfigEntryState.LOADED:
            raise not_connected()
        coordinator: StatusDashboardCoordinator = entry.runtime_data
        service_id = identifier.removeprefix(prefix)
        if coordinator.service(service_id) is None:
            return None  # no longer listed by the server
        return coordinator, service_id
    return None
