"""What Home Assistant shows of the entry: its entities as `state_changed` tells.

The benchmark's Home Assistant runs no other integration with entities, so
every entity created there is the entry's. The kinds come from the entity
registry: the integration's unique ids are `<entry>_<service>_<key>` for a
service's entities and `<entry>_<key>` for the server's.
"""

from __future__ import annotations

from collections import Counter
import time

from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er

from .common import SERVICE_ID_PREFIX

SERVER_KIND = "server entities"
SERVICE_KINDS = {
    ("binary_sensor", "status"): "binary sensor",
    ("sensor", "status"): "status sensor",
    ("sensor", "response_time"): "response-time sensor",
    ("button", "refresh"): "button",
}


class EntryEntities:
    """The entry's entities that exist, which service binary sensors are on,
    and when the last one was created, removed or turned off."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        self._hass = hass
        self._entry_id = entry_id
        self._kinds: dict[str, str] = {}
        self._services: dict[str, str | None] = {}
        self.live: set[str] = set()
        self.on: set[str] = set()  # service binary sensors that are on
        self.created = 0
        self.removed = 0
        self.last_created = 0.0
        self.last_removed = 0.0
        self.last_off = 0.0

    def changed(self, entity_id: str, old: State | None, new: State | None) -> None:
        """One `state_changed` event."""
        now = time.monotonic()
        if old is None:
            self.live.add(entity_id)
            self.created += 1
            self.last_created = now
        elif new is None:
            self.live.discard(entity_id)
            self.removed += 1
            self.last_removed = now
        if new is None:
            if entity_id in self.on:
                self.on.discard(entity_id)
                self.last_off = now
        elif entity_id.startswith("binary_sensor.") and "service_id" in new.attributes:
            if new.state == "on":
                self.on.add(entity_id)
            elif entity_id in self.on:
                self.on.discard(entity_id)
                self.last_off = now

    def shown(self, step: str, target: int, all_created: bool) -> bool:
        """Whether Home Assistant shows a step of the live cycle: `target`
        entities exist after "add" (new services) and "keep_one" (the others
        gone), every service binary sensor is off after "down", and after
        "replace" the new ones were all created and the old ones are gone."""
        live = len(self.live)
        if step == "add":
            return live >= target
        if step == "down":
            return not self.on
        if step == "keep_one":
            return live <= target
        return all_created and live <= target

    def last_event(self, step: str) -> float:
        """When the last event that step waits for happened."""
        if step == "down":
            return self.last_off
        if step == "add":
            return self.last_created
        if step == "keep_one":
            return self.last_removed
        return max(self.last_created, self.last_removed)

    def kind(self, entity_id: str) -> str:
        """binary sensor, status sensor, … or server entities (from the registry)."""
        kind = self._kinds.get(entity_id)
        if kind is None:
            entry = er.async_get(self._hass).async_get(entity_id)
            if entry is None or entry.unique_id is None:
                return "other"
            key = entry.unique_id.removeprefix(f"{self._entry_id}_")
            if key.startswith(SERVICE_ID_PREFIX):
                key = key.split("_", 1)[1]
                kind = SERVICE_KINDS.get((entry.domain, key), f"{entry.domain} {key}")
            else:
                kind = SERVER_KIND
            self._kinds[entity_id] = kind
        return kind

    def service(self, entity_id: str) -> str | None:
        """The service an entity belongs to (None: the server's, or not ours)."""
        if entity_id in self._services:
            return self._services[entity_id]
        entry = er.async_get(self._hass).async_get(entity_id)
        service = None
        if entry is not None and entry.unique_id is not None:
            key = entry.unique_id.removeprefix(f"{self._entry_id}_")
            if key.startswith(SERVICE_ID_PREFIX):
                service = key.split("_", 1)[0]
        self._services[entity_id] = service
        return service

    def by_kind(self, counts: Counter[str]) -> dict[str, int]:
        """Per-entity counts summed by kind."""
        out: Counter[str] = Counter()
        for entity_id, count in counts.items():
            out[self.kind(entity_id)] += count
        return dict(out)

    def shape(self, services: int) -> tuple[int, int]:
        """Entities per service and server entities, from those that exist now
        (with `services` services, all of them with every entity)."""
        kinds = Counter(self.kind(entity_id) for entity_id in self.live)
        server = kinds.pop(SERVER_KIND, 0)
        return round(sum(kinds.values()) / max(1, services)), server
