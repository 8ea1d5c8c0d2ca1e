"""The status board's data: each entry's services and which entity plays
which part for them, read from the entity and device registries.

The card and the dashboard strategy ask for this instead of guessing from
entity ids or names, so renamed entities and devices keep working. Once a lost
connection's grace period has run out, the entities are unavailable (Home
Assistant drops their attributes): each service then also carries what was
last known of it, for the card's "Last seen down · 4 min ago".
"""

from __future__ import annotations

from collections.abc import Callable
import logging
from typing import Any

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    SOURCE_REAUTH,
    ConfigEntry,
    ConfigEntryState,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.dispatcher import async_dispatcher_connect

from .const import (
    CONF_GRACE_PERIOD,
    DEFAULT_GRACE_PERIOD,
    DOMAIN,
    SIGNAL_STALE_CHANGED,
)

_LOGGER = logging.getLogger(__name__)

type Board = dict[str, Any]

# (entity domain, what follows the service's or the server's unique id prefix)
# -> the part the entity plays on the board.
SERVICE_PARTS = {
    ("binary_sensor", "status"): "status",
    ("sensor", "status"): "status_sensor",
    ("sensor", "response_time"): "response_time",
    ("sensor", "uptime_24h"): "uptime_24h",
    ("button", "refresh"): "refresh",
}
SERVER_PARTS = {
    ("binary_sensor", "connection"): "connection",
    ("sensor", "latency"): "latency",
    ("button", "refresh_all"): "refresh_all",
}
# Bursts of registry changes (a first setup adds four entities per service)
# become one message per this many seconds.
BOARD_COOLDOWN = 0.25


@callback
def async_board(hass: HomeAssistant) -> Board:
    """Every entry of the integration with its services, in the server's order."""
    return {
        "entries": [
            _entry_board(hass, entry)
            for entry in hass.config_entries.async_entries(DOMAIN)
        ]
    }


def _entry_board(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, Any]:
    prefix = f"{entry.entry_id}_"
    services: dict[str, dict[str, Any]] = {}
    service_of_device: dict[str, str] = {}
    server_device: str | None = None
    for device in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id):
        for identifier in (i for domain, i in device.identifiers if domain == DOMAIN):
            if identifier == entry.entry_id:
                server_device = device.id
                continue
            service_id = identifier.removeprefix(prefix)
            service_of_device[device.id] = service_id
            services[service_id] = {
                "id": service_id,
                "device_id": device.id,
                "name": device.name_by_user or device.name or service_id,
                "group": device.model,
                "entities": {},
                "last_known": None,
            }
    server: dict[str, str] = {}
    for entity in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id):
        owner = service_of_device.get(entity.device_id or "")
        if owner is not None:
            parts, shown, key = SERVICE_PARTS, services[owner]["entities"], f"{owner}_"
        elif entity.device_id == server_device:
            parts, shown, key = SERVER_PARTS, server, ""
        else:
            continue
        part = parts.get((entity.domain, entity.unique_id.removeprefix(prefix + key)))
        # An entity the board has no part for (a newer kind) is left out.
        if part is not None:
            shown[part] = entity.entity_id
    _add_last_known(entry, services)
    return {
        "entry_id": entry.entry_id,
        "title": entry.title,
        "state": entry.state.value,
        "reauth": _needs_reauth(hass, entry),
        "grace_period": entry.options.get(CONF_GRACE_PERIOD, DEFAULT_GRACE_PERIOD),
        "entities": server,
        "services": [services[s] for s in _ordered(entry, services)],
    }


def _ordered(entry: ConfigEntry, services: dict[str, Any]) -> list[str]:
    """The server's order while the entry runs, the registry's otherwise."""
    if entry.state is not ConfigEntryState.LOADED:
        return list(services)
    listed = [s for s in entry.runtime_data.service_ids if s in services]
    known = set(listed)
    return listed + [s for s in services if s not in known]


def _add_last_known(entry: ConfigEntry, services: dict[str, Any]) -> None:
    """Past the grace period of a lost connection: each service's last status
    and check time (its entities are unavailable then, without attributes)."""
    if entry.state is not ConfigEntryState.LOADED or not entry.runtime_data.stale:
        return
    coordinator = entry.runtime_data
    for service_id, shown in services.items():
        service = coordinator.service(service_id)
        if service is None:
            continue
        shown["last_known"] = {
            "status": service.status.value if service.status else None,
            "last_check": (
                service.last_check.isoformat() if service.last_check else None
            ),
        }


def _needs_reauth(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """The server refused the token: a re-authenticate flow waits for the user."""
    return any(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))


class BoardWatch:
    """Calls `send` with the board now and whenever it changes: entities or
    devices of the integration added, removed or renamed, entries added,
    removed or reloaded, a re-authenticate flow started or ended, an entry's
    services unavailable after a lost connection's grace period or back."""

    def __init__(self, hass: HomeAssistant, send: Callable[[Board], None]) -> None:
        self._hass = hass
        self._send = send
        self._last: Board | None = None
        self._debouncer = Debouncer(
            hass,
            _LOGGER,
            cooldown=BOARD_COOLDOWN,
            immediate=False,
            function=self._async_send_if_changed,
        )
        self._unsubscribe: list[CALLBACK_TYPE] = []

    @callback
    def async_start(self) -> None:
        """Send the board, then follow its changes."""
        hass = self._hass
        changed = self._async_changed
        self._unsubscribe = [
            hass.bus.async_listen(er.EVENT_ENTITY_REGISTRY_UPDATED, changed),
            hass.bus.async_listen(dr.EVENT_DEVICE_REGISTRY_UPDATED, changed),
            async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, changed),
            async_dispatcher_connect(hass, SIGNAL_STALE_CHANGED, changed),
            hass.config_entries.flow.async_subscribe_flow(changed),
        ]
        self._async_send_if_changed()

    @callback
    def async_stop(self) -> None:
        """Stop following (the websocket subscription ended)."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        self._debouncer.async_cancel()

    @callback
    def _async_send_if_changed(self) -> None:
        board = async_board(self._hass)
        if board != self._last:
            self._last = board
            self._send(board)

    @callback
    def _async_changed(self, *_args: Any) -> None:
        # Any entity, device, entry or flow may be one of the board's: the
        # rebuild is cheap, debounced, and sent only when the board changed.
        self._debouncer.async_schedule_call()
