"""The services the server knows, in wire form, and partial-update diffing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
import functools
import time
from typing import Any

# Fields a status update never carries: the id travels as ``serviceId`` and
# ``lastCheckAt`` as ``timestamp``.
_NOT_IN_UPDATES = frozenset({"id", "lastCheckAt"})


def iso_millis(epoch_ms: int) -> str:
    """Format epoch milliseconds like JavaScript's ``toISOString()``."""
    seconds, millis = divmod(epoch_ms, 1000)
    return f"{_iso_seconds(seconds)}.{millis:03d}Z"


@functools.lru_cache(maxsize=4)
def _iso_seconds(epoch_seconds: int) -> str:
    moment = datetime.fromtimestamp(epoch_seconds, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


@dataclass(slots=True)
class Change:
    """What changed in one service since its last delivered update."""

    fields: set[str] = field(default_factory=set)
    detail_keys: set[str] = field(default_factory=set)

    def merged(self, later: Change) -> Change:
        """Both changes together (values are read when the update is built)."""
        return Change(self.fields | later.fields, self.detail_keys | later.detail_keys)


def _wire_service(service: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(service, Mapping):
        raise TypeError(f"a service must be a mapping, got {type(service)!r}")
    service_id = service.get("id")
    if not isinstance(service_id, str) or not service_id:
        raise ValueError(f"a service needs a non-empty string 'id': {service!r}")
    wire = dict(service)
    details = wire.get("details")
    if isinstance(details, Mapping):
        wire["details"] = dict(details)
    return wire


class Catalog:
    """Services by id. Service dicts are replaced, never mutated in place, so
    a snapshot handed to a sender stays what it was when it was taken."""

    def __init__(self, services: Iterable[Mapping[str, Any]] = ()) -> None:
        self._services: dict[str, dict[str, Any]] = {}
        self._last_stamp: dict[str, int] = {}
        self.replace(services)

    @property
    def services(self) -> dict[str, dict[str, Any]]:
        """The live mapping (treat it as read-only)."""
        return self._services

    def __contains__(self, service_id: object) -> bool:
        return service_id in self._services

    def replace(self, services: Iterable[Mapping[str, Any]]) -> None:
        """Make ``services`` the whole catalog, in the given order."""
        wire = [_wire_service(service) for service in services]
        self._services = {service["id"]: service for service in wire}

    def snapshot(self, allowed: frozenset[str] | None) -> list[dict[str, Any]]:
        """Every service a user limited to ``allowed`` may see (None: all)."""
        if allowed is None:
            return list(self._services.values())
        return [s for sid, s in self._services.items() if sid in allowed]

    def stamp(self, service_id: str) -> str:
        """A new check time: now, in ms, strictly later than the last one."""
        now_ms = time.time_ns() // 1_000_000
        stamp_ms = max(now_ms, self._last_stamp.get(service_id, 0) + 1)
        self._last_stamp[service_id] = stamp_ms
        return iso_millis(stamp_ms)

    def apply(self, service_id: str, changes: Mapping[str, Any]) -> Change:
        """Apply wire-named ``changes`` and stamp a new check time.

        ``details`` is merged key by key, as clients merge it. Raises KeyError
        for an unknown service.
        """
        old = self._services[service_id]
        if "id" in changes:
            raise ValueError("a service's id cannot change")
        new = dict(old)
        change = Change()
        for name, value in changes.items():
            if name == "details" and isinstance(value, Mapping):
                old_details = old.get("details")
                had_details = isinstance(old_details, Mapping)
                merged = dict(old_details) if isinstance(old_details, Mapping) else {}
                keys = {
                    k for k, v in value.items() if k not in merged or merged[k] != v
                }
                merged.update(value)
                new["details"] = merged
                change.detail_keys |= keys
                if not had_details and not keys:
                    change.fields.add("details")  # {} where there was none
                continue
            if (
                name not in old
                or old[name] != value
                or type(old[name]) is not type(value)
            ):
                change.fields.add(name)
            new[name] = value
        new["lastCheckAt"] = self.stamp(service_id)
        self._services[service_id] = new
        return change

    def update_payload(self, service_id: str, change: Change) -> dict[str, Any]:
        """The ``service:status`` payload for ``change``, with current values."""
        service = self._services[service_id]
        payload: dict[str, Any] = {
            "serviceId": service_id,
            "timestamp": service["lastCheckAt"],
        }
        for name in sorted(change.fields - _NOT_IN_UPDATES):
            payload[name] = service.get(name)
        if change.detail_keys:
            details = service.get("details")
            if isinstance(details, Mapping):
                part = {k: details[k] for k in change.detail_keys if k in details}
                payload["details"] = {**payload.get("details", {}), **part}
        return payload
