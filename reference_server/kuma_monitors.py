"""Uptime Kuma's monitors and heartbeats, and their shapes on the wire.

Follows Uptime Kuma's `server/model/monitor.js` (`toJSON`, `isActive`,
`isParentActive`, `getAllPath`, `getAllChildrenIDs`, `isImportantBeat`,
`beat`), `server/model/heartbeat.js` (`toJSON`: camelCase `monitorID`),
`server/client.js` (`sendHeartbeatList`: the table's snake_case rows) and
the `heartbeat` table (`db/knex_init_db.js` and its migrations). What a
check finds is set from outside (``Check``); the book records the beats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
import time
from typing import Any

from .kuma_auth import VERSION_1_23, VERSION_2
from .kuma_fields import DEFAULTS

DOWN, UP, PENDING, MAINTENANCE = 0, 1, 2, 3
STATUSES = (DOWN, UP, PENDING, MAINTENANCE)
UNDER_MAINTENANCE_MSG = "Monitor under maintenance"
# uptime periods: 24 h and 30 d in both versions, a year since 2.0.
UPTIME_PERIODS = {VERSION_2: (24, 720, "1y"), VERSION_1_23: (24, 720)}
HEARTBEAT_LIST_SIZE = 100  # sendHeartbeatList: LIMIT 100
IMPORTANT_LIST_SIZE = 500  # sendImportantHeartbeatList: LIMIT 500
_KEPT_BEATS = 1000

# Keys a monitor spec may hold besides the monitor's own fields.
_SPEC_KEYS = frozenset(
    {"id", "name", "type", "url", "parent", "active", "tags", "status", "msg"}
    | {"ping", "uptime", "avg_ping", "cert_info"}
)


def kuma_time(at: float | None = None) -> str:
    """`R.isoDateTimeMillis(dayjs.utc())`: UTC, no zone marker, milliseconds."""
    moment = datetime.fromtimestamp(time.time() if at is None else at, UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def is_important(previous: int | None, current: int) -> bool:
    """`Monitor.isImportantBeat`: the first beat, and changes between up,
    down and maintenance (pending only when it turns into down)."""
    if previous is None:
        return True
    return (previous, current) in {
        (DOWN, MAINTENANCE),
        (UP, MAINTENANCE),
        (MAINTENANCE, DOWN),
        (MAINTENANCE, UP),
        (UP, DOWN),
        (DOWN, UP),
        (PENDING, DOWN),
    }


@dataclass(frozen=True, slots=True)
class Check:
    """What the monitor's next check finds."""

    status: int = UP
    msg: str = ""
    ping: float | None = None


@dataclass(frozen=True, slots=True)
class Beat:
    """One stored heartbeat."""

    id: int
    monitor_id: int
    status: int
    msg: str
    ping: float | None
    time: str
    important: bool
    duration: int  # 1.23: seconds since the previous beat; 2.x leaves it 0

    def live(self, version: str) -> dict[str, Any]:
        """The `heartbeat` event: `bean.toJSON()` of the fresh bean. A ping
        the check never set is `undefined` there, so the key is absent; 2.x
        adds `retries` and leaves `duration` out (set only for push
        monitors), 1.23 has `duration`."""
        data: dict[str, Any] = {
            "monitorID": self.monitor_id,
            "status": self.status,
            "time": self.time,
            "msg": self.msg,
        }
        if self.ping is not None:
            data["ping"] = self.ping
        data["important"] = self.important
        if version == VERSION_2:
            data["retries"] = 0
        else:
            data["duration"] = self.duration
        return data

    def row(self, version: str) -> dict[str, Any]:
        """A `heartbeatList` row: `SELECT * FROM heartbeat`, snake_case,
        booleans as 0/1."""
        data: dict[str, Any] = {
            "id": self.id,
            "important": int(self.important),
            "monitor_id": self.monitor_id,
            "status": self.status,
            "msg": self.msg,
            "time": self.time,
            "ping": self.ping,
            "duration": self.duration if version == VERSION_1_23 else 0,
            "down_count": 0,
        }
        if version == VERSION_2:
            data.update(end_time=self.time, retries=0, response=None)
        return data

    def loaded(self) -> dict[str, Any]:
        """1.23's `importantHeartbeatList` item: `toJSON()` of a bean read
        back from the table (every key, `important` as stored)."""
        return {
            "monitorID": self.monitor_id,
            "status": self.status,
            "time": self.time,
            "msg": self.msg,
            "ping": self.ping,
            "important": int(self.important),
            "duration": self.duration,
        }


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag on a monitor (`monitor_tag` joined with `tag`)."""

    link_id: int
    tag_id: int
    name: str
    color: str
    value: str


@dataclass(slots=True)
class KumaMonitor:
    """A monitor: its own fields and what was recorded about it."""

    id: int
    name: str
    type: str
    url: str | None
    parent: int | None
    active: bool  # its own flag; paused = False
    fields: dict[str, Any]
    tags: list[Tag] = field(default_factory=list)
    check: Check = field(default_factory=Check)
    beats: list[Beat] = field(default_factory=list)
    uptime: dict[int | str, float] = field(
        default_factory=lambda: {24: 1.0, 720: 1.0, "1y": 1.0}
    )
    avg_ping: float | None = None
    cert_info: dict[str, Any] | None = None


class MonitorBook:
    """Every monitor of the one user, with ids given as a database would."""

    def __init__(self) -> None:
        self.monitors: dict[int, KumaMonitor] = {}
        self._next_id = 1
        self._next_beat = 1
        self._next_link = 1
        self._tag_ids: dict[str, int] = {}

    def __contains__(self, monitor_id: object) -> bool:
        return monitor_id in self.monitors

    def get(self, monitor_id: object) -> KumaMonitor | None:
        """The monitor under an id as a client sends it (a number or its
        digits; `R.findOne` compares either)."""
        if isinstance(monitor_id, str) and monitor_id.strip().isdigit():
            monitor_id = int(monitor_id)
        if isinstance(monitor_id, bool) or not isinstance(monitor_id, int):
            return None
        return self.monitors.get(monitor_id)

    def ids(self) -> list[int]:
        """Ids in the order of a JavaScript object's integer keys."""
        return sorted(self.monitors)

    # ---------------------------------------------------------------- changes

    def add(self, spec: Mapping[str, Any]) -> KumaMonitor:
        """A new monitor from a spec: `name`, `type`, `url`, `parent`,
        `active`, `tags`, the first check (`status`, `msg`, `ping`), stats
        (`uptime`, `avg_ping`, `cert_info`) and any of toJSON's keys."""
        monitor_id = spec.get("id") or self._next_id
        if not isinstance(monitor_id, int) or monitor_id in self.monitors:
            raise ValueError(f"monitor id {monitor_id!r} taken or not a number")
        self._next_id = max(self._next_id, monitor_id + 1)
        monitor = KumaMonitor(
            id=monitor_id,
            name=str(spec.get("name") or f"Monitor {monitor_id}"),
            type=str(spec.get("type") or "http"),
            url=spec.get("url", "https://"),
            parent=spec.get("parent"),
            active=bool(spec.get("active", True)),
            fields={k: v for k, v in spec.items() if k not in _SPEC_KEYS},
        )
        self._check_parent(monitor, monitor.parent)
        monitor.tags = self._tags(spec.get("tags") or ())
        status = spec.get("status")
        monitor.check = Check(
            UP if status is None else status, spec.get("msg", ""), spec.get("ping")
        )
        if isinstance(spec.get("uptime"), Mapping):
            monitor.uptime.update(spec["uptime"])
        monitor.avg_ping = spec.get("avg_ping")
        monitor.cert_info = spec.get("cert_info")
        self.monitors[monitor_id] = monitor
        return monitor

    def edit(self, monitor: KumaMonitor, changes: Mapping[str, Any]) -> None:
        """Change `name`, `type`, `url`, `parent`, `tags` or toJSON's keys."""
        if "parent" in changes:
            self._check_parent(monitor, changes["parent"])
            monitor.parent = changes["parent"]
        for key in ("name", "type", "url"):
            if key in changes:
                setattr(monitor, key, changes[key])
        if "tags" in changes:
            monitor.tags = self._tags(changes["tags"] or ())
        monitor.fields.update((k, v) for k, v in changes.items() if k not in _SPEC_KEYS)

    def remove(self, monitor: KumaMonitor, delete_children: bool) -> list[int]:
        """Delete a monitor; its children go with it or lose their parent.
        Returns the ids of the children that stay (now without a parent)."""
        children = [m for m in self.monitors.values() if m.parent == monitor.id]
        kept: list[int] = []
        for child in children:
            if delete_children:
                self.remove(child, delete_children=True)
            else:
                child.parent = None
                kept.append(child.id)
        del self.monitors[monitor.id]
        return kept

    def _check_parent(self, monitor: KumaMonitor, parent: object) -> None:
        if parent is None:
            return
        if parent not in self.monitors or parent == monitor.id:
            raise ValueError(f"no group monitor {parent!r}")
        if isinstance(parent, int) and parent in self.descendants(monitor.id):
            raise ValueError("Invalid Monitor Group")  # editMonitor's check

    def _tags(self, tags: Iterable[Any]) -> list[Tag]:
        made: list[Tag] = []
        for tag in tags:
            spec = {"name": tag} if isinstance(tag, str) else dict(tag)
            name = str(spec["name"])
            tag_id = self._tag_ids.setdefault(name, len(self._tag_ids) + 1)
            color = str(spec.get("color", "#2563EB"))
            made.append(
                Tag(self._next_link, tag_id, name, color, str(spec.get("value", "")))
            )
            self._next_link += 1
        return sorted(made, key=lambda t: t.name)  # ORDER BY tag.name

    def record(
        self, monitor: KumaMonitor, status: int, msg: str, ping: float | None
    ) -> Beat:
        """Store a beat as `beat()` does: important when the status changed
        in a way `isImportantBeat` counts."""
        now = time.time()
        previous = monitor.beats[-1] if monitor.beats else None
        duration = 0
        if previous is not None:
            then = datetime.strptime(previous.time, "%Y-%m-%d %H:%M:%S.%f")
            duration = max(0, int(now - then.replace(tzinfo=UTC).timestamp()))
        beat = Beat(
            id=self._next_beat,
            monitor_id=monitor.id,
            status=status,
            msg=msg,
            ping=ping,
            time=kuma_time(now),
            important=is_important(previous.status if previous else None, status),
            duration=duration,
        )
        self._next_beat += 1
        monitor.beats.append(beat)
        del monitor.beats[:-_KEPT_BEATS]
        return beat

    # ------------------------------------------------------------ the tree

    def ancestors(self, monitor_id: int) -> list[KumaMonitor]:
        """Parent first, then its parent, and so on."""
        found: list[KumaMonitor] = []
        parent = self.monitors[monitor_id].parent
        while parent is not None and parent in self.monitors and len(found) < 100:
            found.append(self.monitors[parent])
            parent = self.monitors[parent].parent
        return found

    def descendants(self, monitor_id: int) -> list[int]:
        """`getAllChildrenIDs`: children, each followed by its own."""
        found: list[int] = []
        for child in sorted(self.monitors.values(), key=lambda m: m.id):
            if child.parent == monitor_id:
                found.append(child.id)
                found.extend(self.descendants(child.id))
        return found

    def parents_active(self, monitor_id: int) -> bool:
        """`isParentActive`: every group above is active."""
        return all(group.active for group in self.ancestors(monitor_id))

    def is_running(self, monitor_id: int) -> bool:
        """`isActive`: its own flag and every group above."""
        return self.monitors[monitor_id].active and self.parents_active(monitor_id)

    # --------------------------------------------------------------- wire

    def to_json(
        self, monitor: KumaMonitor, version: str, maintenance: bool
    ) -> dict[str, Any]:
        """The monitor as `monitorList` carries it, secrets included."""
        path = [m.name for m in reversed(self.ancestors(monitor.id))] + [monitor.name]
        data: dict[str, Any] = {"id": monitor.id, "name": monitor.name}
        if version == VERSION_2:
            data["path"] = path
        data.update(
            pathName=" / ".join(path),
            parent=monitor.parent,
            childrenIDs=self.descendants(monitor.id),
            url=monitor.url,
            active=self.is_running(monitor.id),
            forceInactive=not self.parents_active(monitor.id),
            type=monitor.type,
            tags=[self._tag_json(monitor.id, tag, version) for tag in monitor.tags],
            maintenance=maintenance,
        )
        for key, default in DEFAULTS[version].items():
            data[key] = monitor.fields.get(key, default)
        data["includeSensitiveData"] = True
        return data

    @staticmethod
    def _tag_json(monitor_id: int, tag: Tag, version: str) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if version == VERSION_1_23:  # `SELECT mt.*, tag.name, tag.color`
            data["id"] = tag.link_id
        data.update(
            tag_id=tag.tag_id,
            monitor_id=monitor_id,
            value=tag.value,
            name=tag.name,
            color=tag.color,
        )
        return data


def cert_info(
    days_remaining: int,
    *,
    valid: bool = True,
    subject: str = "example.com",
    issuer: str = "Example CA",
) -> dict[str, Any]:
    """A `monitor_tls_info.info_json` as `checkCertificate` makes it (the
    server certificate and its issuer, each with `daysRemaining`)."""
    now = time.time()
    valid_to = datetime.fromtimestamp(now + days_remaining * 86400 + 3600, UTC)
    valid_from = datetime.fromtimestamp(now - 30 * 86400, UTC)

    def certificate(name: str, days: int, kind: str) -> dict[str, Any]:
        return {
            "subject": {"CN": name},
            "issuer": {"CN": issuer},
            "valid_from": valid_from.strftime("%b %d %H:%M:%S %Y GMT"),
            "valid_to": valid_to.strftime("%b %d %H:%M:%S %Y GMT"),
            "fingerprint": f"{name}-fingerprint",
            "fingerprint256": f"{name}-fingerprint256",
            "validTo": valid_to.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            ),
            "validFor": [name],
            "daysRemaining": days,
            "certType": kind,
        }

    server = certificate(subject, days_remaining, "server")
    server["issuerCertificate"] = certificate(issuer, days_remaining, "root CA")
    server["issuerCertificate"]["issuerCertificate"] = None
    return {"valid": valid, "certInfo": server}
