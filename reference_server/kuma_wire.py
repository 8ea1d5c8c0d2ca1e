"""What an Uptime Kuma server sends, and to whom.

Uptime Kuma sends most things to the user's room (`io.to(socket.userID)`:
every socket logged in) and a few to one socket. This module builds each
message as Uptime Kuma's code does and queues it on the host, in order:
`server/uptime-kuma-server.js` (`sendMonitorList`,
`sendUpdateMonitorIntoList`, `sendDeleteMonitorFromList`,
`sendMaintenanceList`), `server/client.js` (`sendHeartbeatList`,
`sendImportantHeartbeatList`, `sendInfo`, the other lists),
`server/server.js` (`afterLogin`), `server/model/monitor.js` (`beat`'s
emits, `sendStats`, `sendCertInfo`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
import json
import time
from typing import Any
from zoneinfo import ZoneInfo

from .hosting import SocketHost
from .kuma_auth import VERSION_2
from .kuma_maintenance import MaintenanceBook
from .kuma_monitors import (
    HEARTBEAT_LIST_SIZE,
    IMPORTANT_LIST_SIZE,
    MAINTENANCE,
    UNDER_MAINTENANCE_MSG,
    UPTIME_PERIODS,
    Beat,
    KumaMonitor,
    MonitorBook,
)

# What `info` reports as the running release, by wire version.
RELEASES = {"2": "2.5.3", "1.23": "1.23.17"}
# `afterLogin` in 1.23 sleeps this long before the heartbeat lists.
LEGACY_LIST_PAUSE = 0.5
# 2.x `sendMonitorTypeList`: a few of its types (conditions per type).
_MONITOR_TYPES: dict[str, Any] = {
    "dns": {"supportsConditions": True, "conditionVariables": []},
    "group": {"supportsConditions": False, "conditionVariables": []},
    "port": {"supportsConditions": False, "conditionVariables": []},
}


@dataclass(slots=True)
class Peer:
    """A connected socket; logged in once `afterLogin` ran for it."""

    sid: str
    eio_sid: str
    logged_in: bool = False


class KumaWire:
    """Builds Uptime Kuma's messages from the books and queues them."""

    def __init__(
        self,
        host: SocketHost,
        book: MonitorBook,
        maintenances: MaintenanceBook,
        version: str,
        legacy_list_pause: float = LEGACY_LIST_PAUSE,
    ) -> None:
        self.host = host
        self.book = book
        self.maintenances = maintenances
        self.version = version
        self.legacy_list_pause = legacy_list_pause
        self.peers: dict[str, Peer] = {}
        self.under_maintenance: dict[int, bool] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self._boundary: asyncio.TimerHandle | None = None
        self._checked_at = time.time()

    @property
    def room(self) -> list[str]:
        """The user's room: every socket logged in."""
        return [sid for sid, peer in self.peers.items() if peer.logged_in]

    def send(self, event: str, payload: Any, sids: list[str] | None = None) -> None:
        """Queue an event for ``sids`` (None: the room)."""
        self.host.send(event, payload, self.room if sids is None else sids)

    # ---------------------------------------------------------------- info

    def info(self, sid: str, *, full: bool) -> None:
        """`sendInfo`: on connect without the version (`hideVersion`), after
        login with it."""
        zone = self.maintenances.server_zone
        info: dict[str, Any] = {}
        if full and self.version != VERSION_2:
            info.update(version=RELEASES[self.version], latestVersion=None)
            info["isContainer"] = False
        info.update(
            primaryBaseURL=None,
            serverTimezone=zone,
            serverTimezoneOffset=_offset(zone),
        )
        if full and self.version == VERSION_2:
            info.update(version=RELEASES[self.version], latestVersion=None)
            info.update(isContainer=False, dbType="sqlite")
            info["runtime"] = {"platform": "linux", "arch": "x64"}
        self.send("info", info, [sid])

    # ------------------------------------------------------------ monitors

    def monitor_json(self, monitor: KumaMonitor) -> dict[str, Any]:
        """The monitor as `getMonitorJSONList` gives it."""
        return self.book.to_json(monitor, self.version, self.is_under(monitor.id))

    def monitor_list(self) -> dict[str, dict[str, Any]]:
        """`getMonitorJSONList`: every monitor by id (a JSON object's keys)."""
        return {
            str(mid): self.monitor_json(self.book.monitors[mid])
            for mid in self.book.ids()
        }

    def send_monitor_list(self) -> None:
        self.send("monitorList", self.monitor_list())

    def monitor_changed(self, monitor_id: int) -> None:
        """2.x: `updateMonitorIntoList` with `{id: monitor}`; 1.23: the
        whole `monitorList` again."""
        monitor = self.book.monitors.get(monitor_id)
        if self.version != VERSION_2:
            self.send_monitor_list()
        elif monitor is not None:
            self.send(
                "updateMonitorIntoList", {str(monitor_id): self.monitor_json(monitor)}
            )

    def monitor_deleted(self, monitor_id: Any) -> None:
        """2.x: `deleteMonitorFromList` with the id as given; 1.23: the
        whole `monitorList`, then an empty `importantHeartbeatList` that
        clears the client's events of that monitor."""
        if self.version == VERSION_2:
            self.send("deleteMonitorFromList", monitor_id)
        else:
            self.send_monitor_list()
            self.send("importantHeartbeatList", (monitor_id, [], True))

    def send_maintenance_list(self) -> None:
        self.send("maintenanceList", self.maintenances.to_json())

    # --------------------------------------------------------------- beats

    def is_under(self, monitor_id: int) -> bool:
        """`Monitor.isUnderMaintenance`: its own maintenances or a group's."""
        ids = [monitor_id] + [m.id for m in self.book.ancestors(monitor_id)]
        return self.maintenances.covering(ids)

    def beat(self, monitor: KumaMonitor) -> Beat | None:
        """One check of a running monitor, as `beat()` ends: an important
        beat first sends the maintenance list, then `heartbeat` to the room,
        then the stats. A paused monitor does not check (None)."""
        if not monitor.active or monitor.id not in self.book:
            return None
        check = monitor.check
        if self.is_under(monitor.id):
            beat = self.book.record(monitor, MAINTENANCE, UNDER_MAINTENANCE_MSG, None)
        else:
            beat = self.book.record(monitor, check.status, check.msg, check.ping)
        if beat.important:
            self.send_maintenance_list()
        self.send("heartbeat", beat.live(self.version))
        self.stats(monitor, monitor.id)
        return beat

    def reconcile_maintenance(self) -> list[int]:
        """Monitors whose maintenance began or ended check again (Uptime Kuma
        at their next interval, this server at once). Returns their ids."""
        changed: list[int] = []
        for monitor_id in self.book.ids():
            under = self.is_under(monitor_id)
            if self.under_maintenance.get(monitor_id, False) != under:
                self.under_maintenance[monitor_id] = under
                changed.append(monitor_id)
                self.beat(self.book.monitors[monitor_id])
        return changed

    def maintenance_changed(self) -> None:
        """Monitors entering or leaving maintenance check now; the next start
        or end of a single window is waited for (while the server runs)."""
        self.reconcile_maintenance()
        self.stop_clock()
        self._checked_at = time.time()
        moment = self.maintenances.next_change(self._checked_at)
        if moment is None or self.host.running is None:
            return
        loop = asyncio.get_running_loop()
        # `getStatus` says "ended" only once the end has passed.
        delay = moment - time.time() + 0.005
        self._boundary = loop.call_at(loop.time() + delay, self._window_boundary)

    def _window_boundary(self) -> None:
        self._boundary = None
        for _ in self.maintenances.starting(self._checked_at, time.time()):
            # maintenance.js run(): the single window's Cron(start_date).
            self.send_maintenance_list()
        self.maintenance_changed()

    def stop_clock(self) -> None:
        if self._boundary is not None:
            self._boundary.cancel()
            self._boundary = None

    def stats(self, monitor: KumaMonitor, key: int | str) -> None:
        """`Monitor.sendStats`: average ping, uptimes, certificate. ``key``
        is the monitor id as the caller had it (a string in `afterLogin`,
        whose `for...in` walks object keys)."""
        self.avg_ping(monitor, key)
        for period in UPTIME_PERIODS[self.version]:
            self.uptime(monitor, key, period)
        self.cert_info(monitor, key)

    def avg_ping(self, monitor: KumaMonitor, key: int | str) -> None:
        """2.x: rounded to 2 places, null for none (or 0); 1.23: `parseInt`."""
        value = monitor.avg_ping
        if self.version == VERSION_2:
            shown: float | int | None = round(value, 2) if value else None
        else:
            shown = int(value) if value is not None else None
        self.send("avgPing", (key, shown))

    def uptime(self, monitor: KumaMonitor, key: int | str, period: int | str) -> None:
        self.send("uptime", (key, period, monitor.uptime.get(period, 0)))

    def cert_info(self, monitor: KumaMonitor, key: int | str) -> None:
        """`sendCertInfo`: the stored `info_json`, a JSON *string*; nothing
        for a monitor without one."""
        if monitor.cert_info is not None:
            self.send("certInfo", (key, json.dumps(monitor.cert_info)))

    # ----------------------------------------------------------- afterLogin

    def after_login(self, sid: str) -> None:
        """2.x `afterLogin` (awaited before the login's answer): the lists,
        then per monitor its heartbeat list and stats."""
        self.peers[sid].logged_in = True
        self._first_lists(sid)
        self.send("remoteBrowserList", [])
        self.send("monitorTypeList", _MONITOR_TYPES)
        self.send("statusPageList", {})
        for monitor_id in self.book.ids():
            monitor = self.book.monitors[monitor_id]
            self._heartbeat_list(sid, monitor)
            self.stats(monitor, str(monitor_id))

    def after_login_legacy(self, sid: str) -> None:
        """1.23 `afterLogin`, not awaited: the answer goes first. The lists,
        a pause, then every heartbeat list, every important list, every
        monitor's stats."""
        self.peers[sid].logged_in = True
        task = asyncio.get_running_loop().create_task(self._legacy_lists(sid))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _legacy_lists(self, sid: str) -> None:
        self._first_lists(sid)
        await asyncio.sleep(self.legacy_list_pause)
        if sid not in self.peers:
            return
        self.send("statusPageList", {})
        ids = self.book.ids()
        for monitor_id in ids:
            self._heartbeat_list(sid, self.book.monitors[monitor_id])
        for monitor_id in ids:
            beats = self.book.monitors[monitor_id].beats
            important = [b.loaded() for b in reversed(beats) if b.important]
            payload = (str(monitor_id), important[:IMPORTANT_LIST_SIZE], False)
            self.send("importantHeartbeatList", payload, [sid])
        for monitor_id in ids:
            self.stats(self.book.monitors[monitor_id], str(monitor_id))

    def _first_lists(self, sid: str) -> None:
        """What both versions' `afterLogin` send first, in this order."""
        self.send_monitor_list()
        self.info(sid, full=True)
        self.send_maintenance_list()
        for event in ("notificationList", "proxyList", "dockerHostList"):
            self.send(event, [])
        self.send("apiKeyList", [])

    def _heartbeat_list(self, sid: str, monitor: KumaMonitor) -> None:
        """`sendHeartbeatList`: the last 100 rows, oldest first, to one
        socket, `overwrite` false."""
        rows = [b.row(self.version) for b in monitor.beats[-HEARTBEAT_LIST_SIZE:]]
        self.send("heartbeatList", (str(monitor.id), rows, False), [sid])

    async def cancel_tasks(self) -> None:
        tasks = list(self.tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _offset(zone: str) -> str:
    """dayjs's `format("Z")`: "+01:00"."""
    text = datetime.now(ZoneInfo(zone)).strftime("%z")
    return f"{text[:3]}:{text[3:]}"
