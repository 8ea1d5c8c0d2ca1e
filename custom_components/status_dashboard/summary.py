"""One answer per server to "is anything down?": which services are down and
which degraded, kept up to date as statuses change.

The coordinator hands over every service whose status may have changed (one
partial update, or the services a full list added, changed or removed). A
service joining or leaving a status costs a binary search in that status's
names, kept sorted; the names shown are rebuilt only when one of the first
hundred changed. An update that changes no status never gets here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Mapping
from typing import Final

from .client.models import Service, Status
from .client.view import BulkChange

# The most names a summary shows (its count has them all): a state attribute
# Home Assistant writes, records and sends to every browser.
NAMES_SHOWN: Final = 100

# A full list that changed more services than this is counted afresh (one
# sort), not service by service (an insertion into a long sorted list each).
RECOUNT_OVER: Final = 256

# (name folded for sorting, name, service id): unique even for equal names.
type _Entry = tuple[str, str, str]


def _entry(service_id: str, name: str) -> _Entry:
    return (name.casefold(), name, service_id)


class StatusTally:
    """The listed services that have one status: how many, and their names."""

    __slots__ = ("_names", "_order", "_shown", "status")

    def __init__(self, status: Status) -> None:
        self.status = status
        # id -> name of each service with this status.
        self._names: dict[str, str] = {}
        # The same services, sorted by name.
        self._order: list[_Entry] = []
        # The names shown; None once one of them changed.
        self._shown: tuple[str, ...] | None = ()

    def __len__(self) -> int:
        return len(self._names)

    @property
    def names(self) -> tuple[str, ...]:
        """The first `NAMES_SHOWN` names of these services, by name."""
        if self._shown is None:
            self._shown = tuple(entry[1] for entry in self._order[:NAMES_SHOWN])
        return self._shown

    def track(self, service: Service) -> None:
        """Count `service` if it has this status, else not."""
        service_id = service.id
        old = self._names.get(service_id)
        if service.status == self.status:
            if old == service.name:
                return
            if old is not None:
                self._remove(_entry(service_id, old))
            self._names[service_id] = service.name
            self._insert(_entry(service_id, service.name))
        elif old is not None:
            del self._names[service_id]
            self._remove(_entry(service_id, old))

    def forget(self, service_id: str) -> None:
        """`service_id` is no longer listed."""
        old = self._names.pop(service_id, None)
        if old is not None:
            self._remove(_entry(service_id, old))

    def recount(self, services: Collection[Service]) -> None:
        """`services` are all the services listed."""
        status = self.status
        names = {s.id: s.name for s in services if s.status == status}
        if names == self._names:
            return
        self._names = names
        self._order = sorted(_entry(service_id, n) for service_id, n in names.items())
        self._shown = None

    def _insert(self, entry: _Entry) -> None:
        at = bisect_left(self._order, entry)
        self._order.insert(at, entry)
        if at < NAMES_SHOWN:
            self._shown = None

    def _remove(self, entry: _Entry) -> None:
        at = bisect_left(self._order, entry)
        del self._order[at]
        if at < NAMES_SHOWN:
            self._shown = None


class StatusSummary:
    """The services down and the services degraded; any other status (up,
    none yet, or one this summary does not know) counts in neither."""

    __slots__ = ("degraded", "down")

    def __init__(self) -> None:
        self.down = StatusTally(Status.DOWN)
        self.degraded = StatusTally(Status.DEGRADED)

    def track(self, service: Service) -> None:
        """`service` is listed as it is now."""
        self.down.track(service)
        self.degraded.track(service)

    def forget(self, service_id: str) -> None:
        """`service_id` is no longer listed."""
        self.down.forget(service_id)
        self.degraded.forget(service_id)

    def recount(self, services: Collection[Service]) -> None:
        """`services` are all the services listed."""
        self.down.recount(services)
        self.degraded.recount(services)

    def apply(self, change: BulkChange, services: Mapping[str, Service]) -> None:
        """A full list made `change`; `services` are all the services listed."""
        if len(change.added) + len(change.changed) + len(change.removed) > RECOUNT_OVER:
            self.recount(services.values())
            return
        for service_id in change.removed:
            self.forget(service_id)
        for service_id in (*change.added, *change.changed):
            self.track(services[service_id])
