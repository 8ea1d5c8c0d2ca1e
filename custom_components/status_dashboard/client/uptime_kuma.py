"""Uptime Kuma's socket, read into the client's models.

Uptime Kuma (1.23 and 2.x) serves its web interface over Socket.IO. Once a
socket is logged in (`login`, `loginByToken`, or `autoLogin` when the server
has authentication off), the server sends the user's monitors
(`monitorList`), the last 100 heartbeats of each (`heartbeatList`), the
figures it computes (`uptime`, `avgPing`, `certInfo`), and from then on
every check as it happens (`heartbeat`). A `KumaSession` holds what one
logged-in socket has been told and turns each event into what the client
delivers: the whole list as a `BulkUpdate`, one monitor's news as a
`ServiceUpdate`. Each monitor is a service whose id is the monitor's id.

A monitor object carries its secrets (passwords, tokens, connection
strings, headers, bodies: `Monitor.toJSON` with `includeSensitiveData`).
`uptime_kuma_monitor` reads the few fields the client shows and nothing
else; the raw object is never kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .models import BulkUpdate, Service, ServiceUpdate, Status
from .parse import InvalidPayload, valid_response_time
from .uptime_kuma_checks import (
    KumaBeat,
    read_beat,
    read_cert_info,
    read_uptime,
    uptime_field,
)
from .uptime_kuma_monitor import KumaMonitor, read_monitor, read_monitor_id

# Events the server sends.
# The first event of every new socket; its handlers are ready once it came
# (1.23 sends no `loginRequired`).
INFO_EVENT = "info"
LOGIN_REQUIRED_EVENT = "loginRequired"
# Authentication is off: the socket is logged in (2.x sends the lists first).
AUTO_LOGIN_EVENT = "autoLogin"
# The server has no user yet: nobody can log in until one is set up.
SETUP_EVENT = "setup"
# The user's password changed: the server disconnects the socket next.
REFRESH_EVENT = "refresh"
MONITOR_LIST_EVENT = "monitorList"
UPDATE_MONITOR_INTO_LIST_EVENT = "updateMonitorIntoList"
DELETE_MONITOR_FROM_LIST_EVENT = "deleteMonitorFromList"
HEARTBEAT_LIST_EVENT = "heartbeatList"
HEARTBEAT_EVENT = "heartbeat"
UPTIME_EVENT = "uptime"
AVG_PING_EVENT = "avgPing"
CERT_INFO_EVENT = "certInfo"
# Events the server sends that carry nothing the client uses. 1.23 sends
# `importantHeartbeatList` after the lists (status changes only, newest
# first: `heartbeatList` already has the last check).
QUIET_EVENTS: Final = frozenset(
    {
        "info",
        "importantHeartbeatList",
        "maintenanceList",
        "notificationList",
        "proxyList",
        "dockerHostList",
        "apiKeyList",
        "remoteBrowserList",
        "monitorTypeList",
        "statusPageList",
        "initServerTimezone",
        "domainInfo",
    }
)

# Commands the client sends, each answered through its ack.
LOGIN_COMMAND = "login"
LOGIN_BY_TOKEN_COMMAND = "loginByToken"
PAUSE_MONITOR_COMMAND = "pauseMonitor"
# On an active monitor it restarts the monitor, which checks at once.
RESUME_MONITOR_COMMAND = "resumeMonitor"
ADD_MAINTENANCE_COMMAND = "addMaintenance"
ADD_MONITOR_MAINTENANCE_COMMAND = "addMonitorMaintenance"
PAUSE_MAINTENANCE_COMMAND = "pauseMaintenance"
RESUME_MAINTENANCE_COMMAND = "resumeMaintenance"
DELETE_MAINTENANCE_COMMAND = "deleteMaintenance"
# The server sends `monitorList` again (its answer is `{ok}`): each monitor's
# `maintenance` flag as it is now.
GET_MONITOR_LIST_COMMAND = "getMonitorList"

# `heartbeatList` rows read, from the newest, for one that is valid.
_ROWS_SCANNED = 100
# Push monitors are checked by their sender: the server cannot check them.
PUSH_TYPE = "push"


@dataclass(slots=True)
class _Figures:
    """What the server computes for a monitor."""

    uptime_24h: float | None = None
    uptime_30d: float | None = None
    uptime_1y: float | None = None
    average_response_time: float | None = None
    cert_days_left: int | None = None
    cert_valid: bool | None = None


class KumaSession:
    """What one logged-in socket has been told, as services.

    Fed the server's events in order. Methods named after an event read it
    and return what the client delivers. A whole-list result always holds
    every monitor (the view's diff finds what changed). A `ServiceUpdate` is
    the monitor's whole state as of its last check, so there is none before
    a first heartbeat: figures that arrive earlier wait for it or for the
    next `bulk()`. Only `InvalidPayload` escapes, for an event that is wrong
    as a whole; a wrong monitor is counted, a wrong heartbeat row skipped.
    """

    def __init__(self) -> None:
        self._monitors: dict[str, KumaMonitor] = {}
        self._beats: dict[str, KumaBeat] = {}
        self._figures: dict[str, _Figures] = {}
        # Listed with an unreadable item and not known here: the view keeps
        # what it had for them.
        self._kept: set[str] = set()
        self.listed = False

    # ------------------------------------------------------------ the list

    def monitor_list(self, payload: object) -> BulkUpdate:
        """`monitorList`: every monitor (`{"<id>": monitor}`), replacing all.

        `invalid_items` counts the payload's unreadable monitors; a monitor
        known before keeps its state, one not known goes to `kept_ids`.
        """
        if not isinstance(payload, dict):
            raise InvalidPayload(
                f"monitor list is a {type(payload).__name__}, not an object"
            )
        monitors: dict[str, KumaMonitor] = {}
        kept: set[str] = set()
        invalid = 0
        for key, item in payload.items():
            monitor_id = read_monitor_id(key)
            monitor = None if monitor_id is None else read_monitor(monitor_id, item)
            if monitor is not None:
                assert monitor_id is not None
                monitors[monitor_id] = monitor
                continue
            invalid += 1
            if monitor_id is None:
                # Not a Kuma id: it cannot be any monitor held here.
                continue
            previous = self._monitors.get(monitor_id)
            if previous is None:
                kept.add(monitor_id)
            else:
                monitors[monitor_id] = previous
        self._monitors = monitors
        self._kept = kept
        self._beats = {
            key: beat for key, beat in self._beats.items() if key in monitors
        }
        self._figures = {
            key: figures for key, figures in self._figures.items() if key in monitors
        }
        self.listed = True
        return self._bulk(invalid)

    def update_monitor_into_list(self, payload: object) -> BulkUpdate:
        """`updateMonitorIntoList` (2.x): changed or added monitors; the
        result is the whole view."""
        if not isinstance(payload, dict):
            raise InvalidPayload(
                f"monitor update is a {type(payload).__name__}, not an object"
            )
        invalid = 0
        for key, item in payload.items():
            monitor_id = read_monitor_id(key)
            monitor = None if monitor_id is None else read_monitor(monitor_id, item)
            if monitor is None:
                invalid += 1
                if monitor_id is not None and monitor_id not in self._monitors:
                    self._kept.add(monitor_id)
                continue
            assert monitor_id is not None
            self._monitors[monitor_id] = monitor
            self._kept.discard(monitor_id)
        return self._bulk(invalid)

    def delete_monitor_from_list(self, monitor_id: object) -> BulkUpdate:
        """`deleteMonitorFromList` (2.x): the whole view without that monitor."""
        key = _known_id(monitor_id)
        self._monitors.pop(key, None)
        self._beats.pop(key, None)
        self._figures.pop(key, None)
        self._kept.discard(key)
        return self._bulk(0)

    def bulk(self) -> BulkUpdate:
        """The whole view as it stands."""
        return self._bulk(0)

    def service(self, service_id: str) -> Service | None:
        """One monitor as it stands; None for one the session does not list."""
        return self._service(service_id) if service_id in self._monitors else None

    # ---------------------------------------------------------- the checks

    def heartbeat_list(
        self, monitor_id: object, rows: object, overwrite: object = False
    ) -> ServiceUpdate | None:
        """`heartbeatList`: a monitor's last heartbeats (database rows, oldest
        first); its newest valid row is its last check.

        A live heartbeat can be newer than the list (the server sends it
        before storing it), so the newer of the two stays, whether or not
        the server asks its own page to `overwrite` its history.
        """
        del overwrite  # only the newest check counts, not the history
        key = _known_id(monitor_id)
        if not isinstance(rows, list):
            raise InvalidPayload(
                f"heartbeat list is a {type(rows).__name__}, not a list"
            )
        if key not in self._monitors:
            return None
        for row in reversed(rows[-_ROWS_SCANNED:]):
            beat = read_beat(row)
            if beat is not None:
                return self._record(key, beat, live=False)
        return None

    def heartbeat(self, payload: object) -> ServiceUpdate | None:
        """`heartbeat`: a check as it happens."""
        if not isinstance(payload, dict):
            raise InvalidPayload(
                f"heartbeat is a {type(payload).__name__}, not an object"
            )
        key = _known_id(payload.get("monitorID"))
        beat = read_beat(payload)
        if beat is None:
            raise InvalidPayload("heartbeat without a valid status and time")
        if key not in self._monitors:
            return None
        return self._record(key, beat, live=True)

    # --------------------------------------------------------- the figures

    def uptime(
        self, monitor_id: object, period: object, value: object
    ) -> ServiceUpdate | None:
        """`uptime`: the share of checks up (a ratio 0 to 1) over `period`
        (24 or 720 hours, or "1y"), as a percentage. An unknown period is
        ignored."""
        key = _known_id(monitor_id)
        field = uptime_field(period)
        if field is None:
            return None
        percent = read_uptime(value)
        figures = self._figures_of(key)
        if figures is None:
            return None
        setattr(figures, field, percent)
        return self._update(key)

    def avg_ping(self, monitor_id: object, value: object) -> ServiceUpdate | None:
        """`avgPing`: the average response time over 24 hours (ms), or null."""
        key = _known_id(monitor_id)
        average = valid_response_time(value)
        figures = self._figures_of(key)
        if figures is None:
            return None
        figures.average_response_time = average
        return self._update(key)

    def cert_info(self, monitor_id: object, payload: object) -> ServiceUpdate | None:
        """`certInfo`: the TLS check of an https monitor, a JSON string
        (`{"valid": trusted, "certInfo": {"daysRemaining": …, …}}`)."""
        key = _known_id(monitor_id)
        cert = read_cert_info(payload)
        figures = self._figures_of(key)
        if figures is None:
            return None
        figures.cert_days_left = cert.days_left
        figures.cert_valid = cert.valid
        return self._update(key)

    # ------------------------------------------------------------ internals

    def _record(self, key: str, beat: KumaBeat, *, live: bool) -> ServiceUpdate | None:
        known = self._beats.get(key)
        if known is not None and beat.time < known.time:
            return None
        self._beats[key] = beat
        monitor = self._monitors[key]
        if live and monitor.maintenance:
            # The list's maintenance flag holds until the next check.
            self._monitors[key] = monitor.checked()
        return self._update(key)

    def _figures_of(self, key: str) -> _Figures | None:
        if key not in self._monitors:
            return None
        figures = self._figures.get(key)
        if figures is None:
            figures = self._figures[key] = _Figures()
        return figures

    def _bulk(self, invalid: int) -> BulkUpdate:
        monitors = self._monitors
        return BulkUpdate(
            tuple(self._service(key) for key in monitors),
            frozenset(key for key in self._kept if key not in monitors),
            invalid,
        )

    def _service(self, key: str) -> Service:
        monitor = self._monitors[key]
        beat = self._beats.get(key)
        figures = self._figures.get(key) or _NO_FIGURES
        parent = self._monitors.get(monitor.parent) if monitor.parent else None
        return Service(
            id=key,
            name=monitor.name,
            status=self._status(key, monitor, beat),
            response_time=beat.ping if beat else None,
            last_check=beat.time if beat else None,
            details=_details(monitor, beat, figures),
            url=monitor.url,
            group=parent.name if parent else None,
            uptime_24h=figures.uptime_24h,
            uptime_30d=figures.uptime_30d,
            uptime_1y=figures.uptime_1y,
            average_response_time=figures.average_response_time,
            cert_days_left=figures.cert_days_left,
        )

    def _update(self, key: str) -> ServiceUpdate | None:
        beat = self._beats.get(key)
        if beat is None:
            return None
        monitor = self._monitors[key]
        figures = self._figures.get(key) or _NO_FIGURES
        return ServiceUpdate(
            key,
            beat.time,
            self._status(key, monitor, beat),
            beat.ping,
            _details(monitor, beat, figures),
            figures.uptime_24h,
            figures.uptime_30d,
            figures.uptime_1y,
            figures.average_response_time,
            figures.cert_days_left,
            whole=True,
        )

    def _status(
        self, key: str, monitor: KumaMonitor, beat: KumaBeat | None
    ) -> Status | None:
        if self._paused(key, monitor):
            return Status.PAUSED
        if monitor.maintenance:
            return Status.MAINTENANCE
        return beat.status if beat else None

    def _paused(self, key: str, monitor: KumaMonitor) -> bool:
        """Paused itself, or in a group that is (groups nest; the parent
        links are the server's word, so a loop ends the walk)."""
        seen = {key}
        current: KumaMonitor | None = monitor
        while current is not None:
            if current.paused:
                return True
            parent = current.parent
            if parent is None or parent in seen:
                return False
            seen.add(parent)
            current = self._monitors.get(parent)
        return False


_NO_FIGURES: Final = _Figures()


def can_check_now(service: Service) -> bool:
    """Whether `resumeMonitor` would check the monitor at once: not for a
    paused one (it would resume it) nor a push monitor (nothing to check)."""
    return (
        service.status is not Status.PAUSED
        and service.details.get("monitor_type") != PUSH_TYPE
    )


def monitor_number(service_id: str) -> int:
    """The monitor id a command takes, from a service id of this module."""
    return int(service_id)


def _known_id(value: object) -> str:
    key = read_monitor_id(value)
    if key is None:
        raise InvalidPayload("monitor id is not a number")
    return key


def _details(
    monitor: KumaMonitor, beat: KumaBeat | None, figures: _Figures
) -> dict[str, object]:
    """The check's message, then what the monitor is; nothing else."""
    details: dict[str, object] = {}
    if beat is not None and beat.message is not None:
        details["message"] = beat.message
    if monitor.type is not None:
        details["monitor_type"] = monitor.type
    if monitor.tags:
        details["tags"] = list(monitor.tags)
    if figures.cert_valid is not None:
        details["certificate_valid"] = figures.cert_valid
    return details
