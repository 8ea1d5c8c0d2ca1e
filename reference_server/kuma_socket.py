"""Uptime Kuma's socket handlers: connect, login, and the commands a client
may send (pause and resume a monitor; add, link, pause, resume and delete a
maintenance).

Follows `server/server.js` (the `connection` handler: `info`, then
`autoLogin` or `loginRequired`; `login`, `loginByToken`, `logout`,
`getMonitorList`, `pauseMonitor`, `resumeMonitor`; `checkLogin`,
`checkOwner`) and `server/socket-handlers/maintenance-socket-handler.js`.
Every answer goes after what was queued before it; an event Uptime Kuma has
no handler for is not answered at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import time
from typing import Any

from socketio import exceptions as sio_exceptions

from .kuma_auth import TOO_FREQUENTLY, VERSION_2, KumaAuth
from .kuma_maintenance import MaintenanceError
from .kuma_wire import KumaWire, Peer
from .records import ConnectionAttempt, ReceivedEvent

NOT_LOGGED_IN = "You are not logged in."  # util-server.js checkLogin
NOT_OWNER = "You do not own this monitor."  # server.js checkOwner
NO_MAINTENANCE = "Maintenance not found"

# The success messages: 2.x translation keys, 1.23's English.
_DONE: dict[str, dict[str, str]] = {
    "pauseMonitor": {"2": "successPaused", "1.23": "Paused Successfully."},
    "resumeMonitor": {"2": "successResumed", "1.23": "Resumed Successfully."},
    "addMaintenance": {"2": "successAdded", "1.23": "Added Successfully."},
    "addMonitorMaintenance": {"2": "successAdded", "1.23": "Added Successfully."},
    "pauseMaintenance": {"2": "successPaused", "1.23": "Paused Successfully."},
    "resumeMaintenance": {"2": "successResumed", "1.23": "Resume Successfully"},
    "deleteMaintenance": {"2": "successDeleted", "1.23": "Deleted Successfully."},
}

type Answer = Any


@dataclass(frozen=True, slots=True)
class _Then:
    """An answer, and what Uptime Kuma does once it has answered."""

    answer: Answer
    then: Callable[[], None]


class KumaSocket:
    """Handles each socket's events against the wire and the books."""

    def __init__(self, wire: KumaWire, auth: KumaAuth) -> None:
        self.wire = wire
        self.auth = auth
        self.disable_auth = False
        self.events: list[ReceivedEvent] = []
        self.connection_attempts: list[ConnectionAttempt] = []
        self._commands: dict[str, Callable[[Peer, list[Any]], Any]] = {
            "pauseMonitor": self._pause_monitor,
            "resumeMonitor": self._resume_monitor,
            "getMonitorList": self._get_monitor_list,
            "addMaintenance": self._add_maintenance,
            "addMonitorMaintenance": self._add_monitor_maintenance,
            "pauseMaintenance": self._pause_maintenance,
            "resumeMaintenance": self._resume_maintenance,
            "deleteMaintenance": self._delete_maintenance,
            "getMaintenanceList": self._get_maintenance_list,
            "getMonitorMaintenance": self._get_monitor_maintenance,
        }

    @property
    def version(self) -> str:
        return self.wire.version

    # ------------------------------------------------------------ connection

    async def on_connect(self, sid: str, *args: Any) -> None:
        host = self.wire.host
        if host.running is None:
            raise sio_exceptions.ConnectionRefusedError("server stopping")
        if sid in self.wire.peers:  # a peer's event named "connect"
            await self.on_event("connect", sid, *args)
            return
        self.connection_attempts.append(
            ConnectionAttempt(None, True, None, time.monotonic())
        )
        self.wire.peers[sid] = Peer(sid, host.eio_sid(sid) or "")
        self.wire.info(sid, full=False)
        if self.disable_auth:
            if self.version == VERSION_2:
                self.wire.after_login(sid)
                self.wire.send("autoLogin", None, [sid])
            else:
                self.wire.send("autoLogin", None, [sid])
                self.wire.after_login_legacy(sid)
        elif self.version == VERSION_2:
            self.wire.send("loginRequired", None, [sid])

    async def on_disconnect(self, sid: str, *args: Any) -> None:
        host = self.wire.host
        if host.is_connected(sid):
            await self.on_event("disconnect", sid, *args)  # an event named so
            return
        peer = self.wire.peers.pop(sid, None)
        if peer is not None:
            host.release_long_poll(peer.eio_sid)

    async def on_event(self, event: Any, sid: str, *args: Any) -> Answer:
        peer = self.wire.peers.get(sid)
        name = event if isinstance(event, str) else repr(event)
        login = None
        limited = False
        if peer is not None and name == "login":
            login = self.auth.login(args[0] if args else None)
            limited = login is not None and login.limited
        elif peer is not None and name == "logout":
            limited = not self.auth.limiter.take()
        self._record(peer, sid, name, list(args), limited)
        if peer is None:
            return self._no_answer()
        if name == "login":
            if login is None:
                return self._no_answer()
            return await self._logged_in(peer, login.answer, login.logged_in)
        if name == "loginByToken":
            result = self.auth.login_by_token(args[0] if args else None)
            return await self._logged_in(peer, result.answer, result.logged_in)
        if name == "logout":
            await self.wire.host.flush()
            if limited:
                return {"ok": False, "msg": TOO_FREQUENTLY}
            peer.logged_in = False
            return None
        command = self._commands.get(name)
        if command is None:
            return self._no_answer()
        if not peer.logged_in:
            answer: Answer = {"ok": False, "msg": NOT_LOGGED_IN}
        else:
            answer = command(peer, list(args))
        await self.wire.host.flush()
        if isinstance(answer, _Then):
            # Runs once python-socketio has queued the answer, which it does
            # right after this handler returns, without yielding.
            asyncio.get_running_loop().call_soon(answer.then)
            return answer.answer
        return answer

    def _record(
        self, peer: Peer | None, sid: str, name: str, args: list[Any], limited: bool
    ) -> None:
        payload: Any = args[0] if len(args) == 1 else (args or None)
        user = self.auth.user.username if peer is not None and peer.logged_in else ""
        self.events.append(
            ReceivedEvent(user, sid, name, payload, time.monotonic(), limited)
        )

    def _no_answer(self) -> Any:
        running = self.wire.host.running
        return running.sio.not_handled if running is not None else None

    async def _logged_in(self, peer: Peer, answer: Answer, logged_in: bool) -> Answer:
        """2.x answers after `afterLogin` has sent everything; 1.23 does not
        wait for it: the answer goes first."""
        if logged_in and self.version == VERSION_2:
            self.wire.after_login(peer.sid)
        await self.wire.host.flush()
        if logged_in and self.version != VERSION_2:
            # Its lists are queued by a task that runs after this handler
            # has returned and python-socketio has queued the answer.
            self.wire.after_login_legacy(peer.sid)
        return answer

    def _done(self, command: str, **extra: Any) -> dict[str, Any]:
        answer: dict[str, Any] = {"ok": True, "msg": _DONE[command][self.version]}
        if self.version == VERSION_2:
            answer["msgi18n"] = True
        answer.update(extra)
        return answer

    # -------------------------------------------------------------- monitors

    def _pause_monitor(self, peer: Peer, args: list[Any]) -> Answer:
        monitor = self.wire.book.get(args[0] if args else None)
        if monitor is None:
            return {"ok": False, "msg": NOT_OWNER}
        monitor.active = False
        self.wire.monitor_changed(monitor.id)
        return self._done("pauseMonitor")

    def _resume_monitor(self, peer: Peer, args: list[Any]) -> Answer:
        """`startMonitor`: active again and started at once; its first check
        reports after the answer (a push monitor waits for its interval)."""
        monitor = self.wire.book.get(args[0] if args else None)
        if monitor is None:
            return {"ok": False, "msg": NOT_OWNER}
        monitor.active = True
        self.wire.monitor_changed(monitor.id)

        def check() -> None:
            if monitor.type != "push":
                self.wire.beat(monitor)

        return _Then(self._done("resumeMonitor"), check)

    def _get_monitor_list(self, peer: Peer, args: list[Any]) -> Answer:
        self.wire.send_monitor_list()
        return {"ok": True}

    # ----------------------------------------------------------- maintenance

    def _add_maintenance(self, peer: Peer, args: list[Any]) -> Answer:
        try:
            maintenance = self.wire.maintenances.add(
                args[0] if args else None, self.version
            )
        except MaintenanceError as err:
            return {"ok": False, "msg": str(err)}
        self.wire.send_maintenance_list()
        self.wire.maintenance_changed()
        return self._done("addMaintenance", maintenanceID=maintenance.id)

    def _add_monitor_maintenance(self, peer: Peer, args: list[Any]) -> Answer:
        """Replaces the maintenance's monitors with `[{id}, ...]`. Uptime
        Kuma sends nothing; the monitors' next checks tell."""
        maintenance = self.wire.maintenances.get(args[0] if args else None)
        monitors = args[1] if len(args) > 1 else None
        if not isinstance(monitors, list):
            return {"ok": False, "msg": "monitors is not iterable"}
        ids: list[int] = []
        for item in monitors:
            wanted = item.get("id") if isinstance(item, dict) else None
            if wanted is None:
                msg = "NOT NULL constraint failed: monitor_maintenance.monitor_id"
                return {"ok": False, "msg": msg}
            monitor = self.wire.book.get(wanted)
            if monitor is None or maintenance is None:
                return {"ok": False, "msg": "FOREIGN KEY constraint failed"}
            ids.append(monitor.id)
        if maintenance is None:
            return self._done("addMonitorMaintenance")  # nothing to link
        maintenance.monitor_ids = ids
        return _Then(self._done("addMonitorMaintenance"), self.wire.maintenance_changed)

    def _switch_maintenance(
        self, command: str, args: list[Any], active: bool
    ) -> Answer:
        maintenance = self.wire.maintenances.get(args[0] if args else None)
        if maintenance is None:
            return {"ok": False, "msg": NO_MAINTENANCE}
        maintenance.active = active

        def then() -> None:
            self.wire.send_maintenance_list()
            self.wire.maintenance_changed()

        return _Then(self._done(command), then)

    def _pause_maintenance(self, peer: Peer, args: list[Any]) -> Answer:
        return self._switch_maintenance("pauseMaintenance", args, active=False)

    def _resume_maintenance(self, peer: Peer, args: list[Any]) -> Answer:
        return self._switch_maintenance("resumeMaintenance", args, active=True)

    def _delete_maintenance(self, peer: Peer, args: list[Any]) -> Answer:
        """Deleting one that does not exist is no error."""
        maintenance = self.wire.maintenances.get(args[0] if args else None)
        if maintenance is not None:
            del self.wire.maintenances.maintenances[maintenance.id]

        def then() -> None:
            self.wire.send_maintenance_list()
            self.wire.maintenance_changed()

        return _Then(self._done("deleteMaintenance"), then)

    def _get_maintenance_list(self, peer: Peer, args: list[Any]) -> Answer:
        self.wire.send_maintenance_list()
        return {"ok": True}

    def _get_monitor_maintenance(self, peer: Peer, args: list[Any]) -> Answer:
        maintenance = self.wire.maintenances.get(args[0] if args else None)
        ids = maintenance.monitor_ids if maintenance is not None else []
        return {"ok": True, "monitors": [{"id": mid} for mid in ids]}
