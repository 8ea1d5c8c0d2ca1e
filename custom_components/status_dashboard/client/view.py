"""The client's view of the services and the rules that merge pushes into it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .models import OPTIONAL_FIGURES, UNSET, BulkUpdate, Service, ServiceUpdate
from .parse import DETAILS_MAX_KEYS, cap_details


@dataclass(frozen=True, slots=True)
class BulkChange:
    """What a bulk update did to the view."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    # Services that now carry one of the `OPTIONAL_FIGURES` they did not
    # carry before (Home Assistant adds its sensor).
    gained_figures: tuple[str, ...] = ()
    # Services whose name, group or url changed: what their device shows.
    relabeled: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AppliedUpdate:
    """A partial update that changed the view."""

    service: Service
    status_changed: bool
    # It now carries one of the `OPTIONAL_FIGURES` it did not carry before.
    gained_figure: bool = False


class ServiceView:
    """Services by id: a bulk update replaces, a partial update merges.

    A partial update older than the state held for its service is ignored; a
    bulk update is the server's snapshot and always wins.
    """

    def __init__(self) -> None:
        self.services: dict[str, Service] = {}
        self._as_of: dict[str, datetime] = {}

    def replace(self, bulk: BulkUpdate) -> BulkChange:
        """Make the view the bulk's services (plus the kept ones)."""
        previous = self.services
        kept_ids = bulk.kept_ids
        if bulk.unidentified_items:
            # An item without a readable id may be any missing service: keep them.
            kept_ids = frozenset(previous).difference(s.id for s in bulk.services)
        current: dict[str, Service] = {
            service_id: previous[service_id]
            for service_id in kept_ids
            if service_id in previous
        }
        changed: list[str] = []
        added: list[str] = []
        gained: list[str] = []
        relabeled: list[str] = []
        for service in bulk.services:
            current[service.id] = service
            old = previous.get(service.id)
            if old is None:
                added.append(service.id)
            elif old != service:
                changed.append(service.id)
                if _gains_figure(old, service):
                    gained.append(service.id)
                if _relabels(old, service):
                    relabeled.append(service.id)
        removed = tuple(
            service_id for service_id in previous if service_id not in current
        )
        self.services = current
        self._as_of = {
            service_id: as_of
            for service_id, as_of in self._as_of.items()
            if service_id in kept_ids and service_id in current
        }
        for service in bulk.services:
            if service.last_check is not None:
                self._as_of[service.id] = service.last_check
        return BulkChange(
            tuple(added), removed, tuple(changed), tuple(gained), tuple(relabeled)
        )

    def apply(self, update: ServiceUpdate) -> AppliedUpdate | None:
        """Merge a partial update; None when it is unknown, stale or changes nothing."""
        service_id = update.service_id
        old = self.services.get(service_id)
        if old is None:
            return None
        timestamp = update.timestamp
        as_of = self._as_of.get(service_id)
        if as_of is not None and timestamp < as_of:
            return None
        self._as_of[service_id] = timestamp
        # Field by field, not `dataclasses.replace` and a whole-object compare:
        # this runs for every push and those two cost more than the merge.
        status = old.status if update.status is UNSET else update.status
        response_time = (
            old.response_time if update.response_time is UNSET else update.response_time
        )
        details = old.details
        if update.details is not UNSET:
            if update.details is None:
                details = {}
            elif update.whole:
                details = update.details
            else:
                details = _merge_details(old.details, update.details)
        uptime_24h = old.uptime_24h if update.uptime_24h is UNSET else update.uptime_24h
        uptime_30d = old.uptime_30d if update.uptime_30d is UNSET else update.uptime_30d
        uptime_1y = old.uptime_1y if update.uptime_1y is UNSET else update.uptime_1y
        average_response_time = (
            old.average_response_time
            if update.average_response_time is UNSET
            else update.average_response_time
        )
        cert_days_left = (
            old.cert_days_left
            if update.cert_days_left is UNSET
            else update.cert_days_left
        )
        if (
            timestamp == old.last_check
            and status == old.status
            and response_time == old.response_time
            and details == old.details
            and uptime_24h == old.uptime_24h
            and uptime_30d == old.uptime_30d
            and uptime_1y == old.uptime_1y
            and average_response_time == old.average_response_time
            and cert_days_left == old.cert_days_left
        ):
            return None
        new = Service(
            old.id,
            old.name,
            status,
            response_time,
            timestamp,
            details,
            old.url,
            old.group,
            uptime_24h,
            uptime_30d,
            uptime_1y,
            average_response_time,
            cert_days_left,
        )
        self.services[service_id] = new
        return AppliedUpdate(
            new,
            status_changed=status != old.status,
            gained_figure=_gains_figure(old, new),
        )


def _gains_figure(old: Service, new: Service) -> bool:
    return any(
        getattr(old, figure) is None and getattr(new, figure) is not None
        for figure in OPTIONAL_FIGURES
    )


def _relabels(old: Service, new: Service) -> bool:
    return old.name != new.name or old.group != new.group or old.url != new.url


def _merge_details(old: Any, new: Any) -> dict[str, Any]:
    merged = {**old, **new}
    if len(merged) > DETAILS_MAX_KEYS:
        # Keep the newest keys: the update's last, even those the old details
        # already had (a plain merge leaves those at their old position).
        old_only = [(key, value) for key, value in old.items() if key not in new]
        merged = dict([*old_only, *new.items()][-DETAILS_MAX_KEYS:])
    if not any(isinstance(value, dict | list) for value in merged.values()):
        return merged
    # Each update is capped, the merge of many is not: cap the whole again,
    # giving the budget to the update's keys first, then the newest others.
    newest_first = [*new, *reversed(old)]
    capped = cap_details({k: merged[k] for k in newest_first if k in merged})
    return {key: capped[key] for key in merged if key in capped}
