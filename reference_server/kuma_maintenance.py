"""Uptime Kuma's maintenances: what `addMaintenance` accepts, and when one is on.

Follows Uptime Kuma's `server/model/maintenance.js` (`jsonToBean`, `run`,
`getStatus`, `toPublicJSON`, `getTimezone`) and `src/util.ts`
(`parseTimeObject`). A "manual" maintenance is on while active; a "single"
one from `dateRange[0]` to `dateRange[1]`, read as wall time in its time
zone (as `dayjs.tz` does: a string with an offset is first turned into UTC
wall time). "cron" and "recurring-*" maintenances are accepted and listed,
but this server runs no schedule: they stay "scheduled".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .kuma_auth import VERSION_2

MANUAL, SINGLE, CRON = "manual", "single", "cron"
SAME_AS_SERVER = "SAME_AS_SERVER"
UNDER_MAINTENANCE = "under-maintenance"


class MaintenanceError(Exception):
    """A refusal; the message is what Uptime Kuma answers (`e.message`)."""


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError, ValueError:
        # What Intl (under croner and dayjs.tz) throws for an unknown zone.
        raise MaintenanceError(f"Invalid time zone specified: {name}") from None


def _moment(text: object, zone: ZoneInfo) -> float | None:
    """The instant of a `dateRange` entry; None when absent or unreadable."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.replace(tzinfo=zone).timestamp()


def _time_object(value: object) -> dict[str, int]:
    """`parseTimeObject` of a stored "HH:mm" (or of nothing: midnight)."""
    if isinstance(value, Mapping):
        hours, minutes = value.get("hours", 0), value.get("minutes", 0)
        return {"hours": int(hours or 0), "minutes": int(minutes or 0), "seconds": 0}
    return {"hours": 0, "minutes": 0}


@dataclass(slots=True)
class KumaMaintenance:
    """One maintenance, as the bean holds it after `run()`."""

    id: int
    title: str
    description: str
    strategy: str
    active: bool
    timezone_option: str | None
    start_date: str | None
    end_date: str | None
    interval_day: Any = None
    cron: str = ""
    duration: int | None = None
    weekdays: list[Any] = field(default_factory=list)
    days_of_month: list[Any] = field(default_factory=list)
    time_range: list[Any] = field(default_factory=list)
    monitor_ids: list[int] = field(default_factory=list)

    def zone(self, server_zone: str) -> ZoneInfo:
        """`getTimezone`: its own zone, or the server's."""
        option = self.timezone_option
        return _zone(server_zone if not option or option == SAME_AS_SERVER else option)

    def window(self, server_zone: str) -> tuple[float | None, float | None]:
        """Start and end as instants (None: open)."""
        zone = self.zone(server_zone)
        return _moment(self.start_date, zone), _moment(self.end_date, zone)

    def status(self, server_zone: str, now: float | None = None) -> str:
        """`getStatus`."""
        now = time.time() if now is None else now
        if not self.active:
            return "inactive"
        if self.strategy == MANUAL:
            return UNDER_MAINTENANCE
        start, end = self.window(server_zone)
        if start is not None and now < start:
            return "scheduled"
        if end is not None and now > end:
            return "ended"
        if self.strategy == SINGLE:
            return UNDER_MAINTENANCE
        return "scheduled"

    def to_json(self, server_zone: str) -> dict[str, Any]:
        """`toPublicJSON`, as `maintenanceList` carries it (keyed by id)."""
        zone = self.zone(server_zone)
        offset = datetime.now(zone).strftime("%z")
        date_range: list[str | None] = [self.start_date or None]
        if self.end_date:
            date_range.append(self.end_date)
        timeslots: list[dict[str, Any]] = []
        if self.strategy == SINGLE:
            timeslots.append({"startDate": self.start_date, "endDate": self.end_date})
        starts = self.time_range[:2] if len(self.time_range) >= 2 else [None, None]
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "strategy": self.strategy,
        }
        if self.interval_day is not None:
            data["intervalDay"] = self.interval_day
        data.update(
            active=self.active,
            dateRange=date_range,
            timeRange=[_time_object(value) for value in starts],
            weekdays=list(self.weekdays),
            daysOfMonth=list(self.days_of_month),
            timeslotList=timeslots,
            cron=self.cron,
        )
        if self.duration is not None:  # `undefined` for manual and single
            data["duration"] = self.duration
        data.update(
            durationMinutes=None if self.duration is None else self.duration // 60,
            timezone=zone.key,
            timezoneOption=self.timezone_option,
            timezoneOffset=f"{offset[:3]}:{offset[3:]}",
            status=self.status(server_zone),
        )
        return data


def from_payload(
    payload: Any, maintenance_id: int, version: str, server_zone: str
) -> KumaMaintenance:
    """`Maintenance.jsonToBean`, then what `R.store` and `run()` refuse.

    `active` is taken as sent: without it the maintenance is inactive (the
    running bean keeps `undefined`). 2.x refuses an unreadable date; 1.23
    keeps it and treats it as open.
    """
    if not isinstance(payload, Mapping):
        kind = "null" if payload is None else "undefined"
        raise MaintenanceError(f"Cannot read properties of {kind} (reading 'id')")
    date_range = payload.get("dateRange")
    if not isinstance(date_range, list | tuple):
        raise MaintenanceError("Cannot read properties of undefined (reading '0')")
    start_date = date_range[0] if len(date_range) > 0 and date_range[0] else None
    end_date = date_range[1] if len(date_range) > 1 and date_range[1] else None
    if version == VERSION_2:
        for which, text in (("start", start_date), ("end", end_date)):
            if text is not None and _moment(text, ZoneInfo("UTC")) is None:
                raise MaintenanceError(f"Invalid {which} date")
    strategy = payload.get("strategy")
    if not isinstance(strategy, str):
        raise MaintenanceError(
            "Cannot read properties of undefined (reading 'startsWith')"
        )
    for column in ("title", "description"):
        if payload.get(column) is None:
            raise MaintenanceError(f"NOT NULL constraint failed: maintenance.{column}")
    maintenance = KumaMaintenance(
        id=maintenance_id,
        title=str(payload["title"]),
        description=str(payload["description"]),
        strategy=strategy,
        active=bool(payload.get("active")),
        timezone_option=payload.get("timezoneOption"),
        start_date=start_date,
        end_date=end_date,
        interval_day=payload.get("intervalDay"),
    )
    if strategy == CRON:
        minutes = payload.get("durationMinutes")
        maintenance.duration = int(minutes) * 60 if isinstance(minutes, int) else None
        maintenance.cron = str(payload.get("cron") or "")
    elif strategy.startswith("recurring-"):
        maintenance.time_range = list(payload.get("timeRange") or [])
        maintenance.weekdays = list(payload.get("weekdays") or [])
        maintenance.days_of_month = list(payload.get("daysOfMonth") or [])
        maintenance.cron = "recurring"
    elif not maintenance.timezone_option:
        maintenance.timezone_option = "UTC"  # run()'s fix-up when cron is ""
    maintenance.zone(server_zone)  # Cron() and dayjs.tz refuse an unknown zone
    return maintenance


class MaintenanceBook:
    """Every maintenance, and which monitors each covers."""

    def __init__(self, server_zone: str) -> None:
        self.server_zone = server_zone
        self.maintenances: dict[int, KumaMaintenance] = {}
        self._next_id = 1

    def get(self, maintenance_id: object) -> KumaMaintenance | None:
        """`server.getMaintenance(id)`: a number or its digits."""
        if isinstance(maintenance_id, str) and maintenance_id.strip().isdigit():
            maintenance_id = int(maintenance_id)
        if isinstance(maintenance_id, bool) or not isinstance(maintenance_id, int):
            return None
        return self.maintenances.get(maintenance_id)

    def add(self, payload: Any, version: str) -> KumaMaintenance:
        """A new maintenance from `addMaintenance`'s payload (no monitors yet)."""
        maintenance = from_payload(payload, self._next_id, version, self.server_zone)
        self.maintenances[maintenance.id] = maintenance
        self._next_id += 1
        return maintenance

    def covering(self, monitor_ids: list[int]) -> bool:
        """Whether a maintenance that is on covers any of these monitors (a
        monitor and its groups, as `Monitor.isUnderMaintenance` climbs)."""
        wanted = set(monitor_ids)
        return any(
            wanted.intersection(m.monitor_ids)
            and m.status(self.server_zone) == UNDER_MAINTENANCE
            for m in self.maintenances.values()
        )

    def next_change(self, now: float | None = None) -> float | None:
        """The next instant a single window starts or ends."""
        now = time.time() if now is None else now
        upcoming: list[float] = []
        for maintenance in self.maintenances.values():
            if maintenance.active and maintenance.strategy == SINGLE:
                upcoming.extend(
                    moment
                    for moment in maintenance.window(self.server_zone)
                    if moment is not None and moment > now
                )
        return min(upcoming, default=None)

    def starting(self, since: float, now: float) -> list[KumaMaintenance]:
        """Single windows that started in (since, now]: Uptime Kuma's
        `Cron(start_date)` fires for each and sends the maintenance list."""
        started: list[KumaMaintenance] = []
        for maintenance in self.maintenances.values():
            if maintenance.active and maintenance.strategy == SINGLE:
                start, _ = maintenance.window(self.server_zone)
                if start is not None and since < start <= now:
                    started.append(maintenance)
        return started

    def to_json(self) -> dict[str, dict[str, Any]]:
        """`getMaintenanceJSONList`: every maintenance by id."""
        return {
            str(mid): self.maintenances[mid].to_json(self.server_zone)
            for mid in sorted(self.maintenances)
        }
