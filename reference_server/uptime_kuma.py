"""KumaServer: a server that speaks as Uptime Kuma does on its Socket.IO API.

Data flow: a control call (``heartbeat``, ``add_monitor``...) or a client's
command changes the books (monitors, maintenances, the user); the wire
builds what Uptime Kuma would send and queues it, in order, for the user's
logged-in sockets. Clients reach the web server through a TCP relay, which
can be frozen. ``version="2"`` speaks as Uptime Kuma 2.x, ``"1.23"`` as
1.23.x (each module names the files of Uptime Kuma it follows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
import hashlib
from typing import Any

from .hosting import Handlers, HostedServer, Listen, SocketHost
from .kuma_auth import (
    LOGIN_INTERVAL,
    LOGIN_LIMIT,
    VERSION_2,
    VERSIONS,
    KumaAuth,
    KumaUser,
    LoginLimiter,
    create_jwt,
)
from .kuma_maintenance import MaintenanceBook
from .kuma_monitors import (
    DOWN,
    MAINTENANCE,
    PENDING,
    STATUSES,
    UP,
    Check,
    KumaMonitor,
    MonitorBook,
)
from .kuma_socket import KumaSocket
from .kuma_wire import LEGACY_LIST_PAUSE, KumaWire
from .records import ConnectionAttempt, ReceivedEvent
from .waiting import poll

__all__ = ["DOWN", "MAINTENANCE", "PENDING", "UP", "KumaServer"]

DIALECT = "uptime_kuma"


class KumaServer(HostedServer):
    """An Uptime Kuma server for tests and the demo (one user, as Uptime Kuma)."""

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "admin-password-1",
        totp_secret: str | None = None,
        disable_auth: bool = False,
        version: str = VERSION_2,
        monitors: Iterable[Mapping[str, Any]] = (),
        jwt_secret: str = "kuma-test-secret",
        host: str = "127.0.0.1",
        port: int = 0,
        transports: Sequence[str] = ("polling", "websocket"),
        ping_interval: float = 25.0,
        ping_timeout: float = 20.0,
        login_limit: int = LOGIN_LIMIT,
        login_interval: float = LOGIN_INTERVAL,
        timezone: str = "UTC",
        legacy_list_pause: float = LEGACY_LIST_PAUSE,
    ) -> None:
        if version not in VERSIONS:
            raise ValueError(f"unknown Uptime Kuma version {version!r}")
        self.version = version
        self.host = host
        self.transports = tuple(transports)
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.jwt_secret = jwt_secret
        salt = hashlib.sha256(f"{jwt_secret}:{username}".encode()).hexdigest()[:16]
        self.user = KumaUser.create(username, password, totp_secret, salt)
        self._limiter = LoginLimiter(login_limit, login_interval)
        self._port = port
        self._host = SocketHost()
        self._book = MonitorBook()
        for spec in monitors:
            monitor = self._book.add(spec)
            if spec.get("status", UP) is not None:
                check = monitor.check
                self._book.record(monitor, check.status, check.msg, check.ping)
        self._wire = KumaWire(
            self._host,
            self._book,
            MaintenanceBook(timezone),
            version,
            legacy_list_pause,
        )
        auth = KumaAuth(self.user, jwt_secret, version, self._limiter)
        self._socket = KumaSocket(self._wire, auth)
        self._socket.disable_auth = disable_auth

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on ``host:port``; with port 0, keep the chosen port later.
        Like a new Uptime Kuma process: the login limit starts afresh."""
        listen = Listen(
            self.host,
            self._port,
            self.transports,
            self.ping_interval,
            self.ping_timeout,
        )
        handlers = Handlers(
            self._socket.on_connect, self._socket.on_disconnect, self._socket.on_event
        )
        self._port = await self._host.start(listen, handlers)
        self._limiter.reset()
        self._wire.maintenance_changed()

    async def stop(self) -> None:
        """Close every socket and the listener; leave no task behind.
        Monitors, maintenances, the user and the JWT secret stay for the next
        `start` (`restart`)."""
        self._wire.stop_clock()
        await self._wire.cancel_tasks()
        await self._host.stop()
        self._wire.peers.clear()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._port}"

    async def drop_all(self, *, graceful: bool = False) -> None:
        """Disconnect every socket (reset, or the Socket.IO way); the server
        keeps listening."""
        if graceful:
            await self._host.run(self._host.disconnect_job(list(self._wire.peers)))
        else:
            await self._host.reset([p.eio_sid for p in self._wire.peers.values()])

    # --------------------------------------------------------------- the user

    @property
    def disable_auth(self) -> bool:
        """Uptime Kuma's "disable auth" setting (new connections log in at once)."""
        return self._socket.disable_auth

    @disable_auth.setter
    def disable_auth(self, value: bool) -> None:
        self._socket.disable_auth = value

    def token(self) -> str:
        """A JWT as a login hands out now."""
        return create_jwt(self.user, self.jwt_secret)

    async def change_password(self, password: str) -> None:
        """A new password: tokens signed before stop working; every logged-in
        socket gets `refresh` and is disconnected (`disconnectAllSocketClients`)."""
        self.user.set_password(password)
        room = self._wire.room
        self._wire.send("refresh", None, room)
        await self._host.run(self._host.disconnect_job(room))

    def set_user_active(self, active: bool) -> None:
        """An inactive user cannot log in, nor use a token."""
        self.user.active = active

    def set_totp_secret(self, secret: str | None) -> None:
        """Turn 2FA on with a base32 secret, or off with None."""
        self.user.totp_secret = secret
        self.user.last_totp = None

    # ------------------------------------------------------------- monitors

    def add_monitor(self, name: str, **spec: Any) -> int:
        """Add a monitor as the web interface does; returns its id. ``spec``:
        `type`, `url`, `parent`, `active`, `tags`, the first check's `status`
        (default up; None: no check), `msg`, `ping`, and any toJSON key."""
        monitor = self._book.add({**spec, "name": name})
        self._wire.monitor_changed(monitor.id)
        if spec.get("status", UP) is not None:
            self._wire.beat(monitor)  # startMonitor: the first check at once
        return monitor.id

    def edit_monitor(self, monitor_id: int, **changes: Any) -> None:
        """Rename or change a monitor (`name`, `type`, `url`, `parent`,
        `tags`, toJSON keys); an active monitor (and group) checks again, as
        on save."""
        if "active" in changes:
            raise TypeError("pause_monitor / resume_monitor change `active`")
        monitor = self._monitor(monitor_id)
        self._book.edit(monitor, changes)
        self._wire.monitor_changed(monitor_id)
        if self._book.is_running(monitor_id):  # editMonitor's Monitor.isActive
            self._wire.beat(monitor)

    def delete_monitor(self, monitor_id: int, *, delete_children: bool = False) -> None:
        """Delete a monitor; a group's children go too or lose their group."""
        monitor = self._monitor(monitor_id)
        children = [
            m.id for m in self._book.monitors.values() if m.parent == monitor_id
        ]
        kept = self._book.remove(monitor, delete_children)
        gone = set(self._book.monitors)
        for maintenance in self._wire.maintenances.maintenances.values():
            maintenance.monitor_ids = [m for m in maintenance.monitor_ids if m in gone]
        if self.version == VERSION_2:
            for child in children:
                if child in kept:
                    self._wire.monitor_changed(child)
                else:
                    self._wire.monitor_deleted(child)
        self._wire.monitor_deleted(monitor_id)

    def pause_monitor(self, monitor_id: int) -> None:
        """Pause as from the web interface: the list entry changes."""
        self._monitor(monitor_id).active = False
        self._wire.monitor_changed(monitor_id)

    def resume_monitor(self, monitor_id: int) -> None:
        """Resume as from the web interface: the entry changes, a check follows."""
        monitor = self._monitor(monitor_id)
        monitor.active = True
        self._wire.monitor_changed(monitor_id)
        if monitor.type != "push":
            self._wire.beat(monitor)

    def heartbeat(
        self, monitor_id: int, status: int, msg: str = "", ping: float | None = None
    ) -> dict[str, Any] | None:
        """The monitor checks and finds ``status`` (0 down, 1 up, 2 pending,
        3 maintenance): the beat goes to every logged-in socket, then the
        stats. Under maintenance the beat says so (status 3). A paused
        monitor does not check: nothing is sent (None), the result is kept
        for its next check. Returns the `heartbeat` payload sent."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        monitor = self._monitor(monitor_id)
        monitor.check = Check(status, msg, ping)
        beat = self._wire.beat(monitor)
        return beat.live(self.version) if beat is not None else None

    def set_uptime(self, monitor_id: int, period: int | str, ratio: float) -> None:
        """Uptime over ``period`` (24, 720 or "1y"), 0..1, sent as `uptime`."""
        monitor = self._monitor(monitor_id)
        monitor.uptime[period] = ratio
        self._wire.uptime(monitor, monitor_id, period)

    def set_avg_ping(self, monitor_id: int, ms: float | None) -> None:
        """The 24-hour average response time, sent as `avgPing`."""
        monitor = self._monitor(monitor_id)
        monitor.avg_ping = ms
        self._wire.avg_ping(monitor, monitor_id)

    def set_cert_info(self, monitor_id: int, info: Mapping[str, Any] | None) -> None:
        """The certificate (see `kuma_monitors.cert_info`), sent as `certInfo`;
        None removes it (nothing is sent)."""
        monitor = self._monitor(monitor_id)
        monitor.cert_info = dict(info) if info is not None else None
        self._wire.cert_info(monitor, monitor_id)

    def last_check(self, monitor_id: int) -> Check:
        """What the monitor's last check found (its next finds the same)."""
        return self._monitor(monitor_id).check

    def _monitor(self, monitor_id: int) -> KumaMonitor:
        monitor = self._book.get(monitor_id)
        if monitor is None:
            raise KeyError(monitor_id)
        return monitor

    # ---------------------------------------------------------- maintenance

    def add_maintenance(
        self, payload: Mapping[str, Any], monitor_ids: Iterable[int] = ()
    ) -> int:
        """Add a maintenance as the web interface does (`addMaintenance`'s
        payload, then its monitors); returns its id. Raises
        MaintenanceError with Uptime Kuma's message for a payload it refuses."""
        maintenance = self._wire.maintenances.add(dict(payload), self.version)
        for monitor_id in monitor_ids:
            maintenance.monitor_ids.append(self._monitor(monitor_id).id)
        self._wire.send_maintenance_list()
        self._wire.maintenance_changed()
        return maintenance.id

    def set_maintenance_active(self, maintenance_id: int, active: bool) -> None:
        """Pause or resume a maintenance as the web interface does."""
        maintenance = self._wire.maintenances.get(maintenance_id)
        if maintenance is None:
            raise KeyError(maintenance_id)
        maintenance.active = active
        self._wire.send_maintenance_list()
        self._wire.maintenance_changed()

    def delete_maintenance(self, maintenance_id: int) -> None:
        """Delete a maintenance as the web interface does."""
        self._wire.maintenances.maintenances.pop(maintenance_id, None)
        self._wire.send_maintenance_list()
        self._wire.maintenance_changed()

    def under_maintenance(self, monitor_id: int) -> bool:
        """Whether a maintenance that is on covers the monitor (or its group)."""
        return self._wire.is_under(self._monitor(monitor_id).id)

    # ----------------------------------------------------------- observation

    @property
    def monitors(self) -> dict[int, dict[str, Any]]:
        """Every monitor as `monitorList` carries it now, by id."""
        return {
            mid: self._wire.monitor_json(self._book.monitors[mid])
            for mid in self._book.ids()
        }

    @property
    def maintenances(self) -> dict[int, dict[str, Any]]:
        """Every maintenance as `maintenanceList` carries it now, by id."""
        return {
            int(mid): data for mid, data in self._wire.maintenances.to_json().items()
        }

    def maintenance_monitors(self, maintenance_id: int) -> list[int]:
        """The monitors a maintenance covers."""
        maintenance = self._wire.maintenances.get(maintenance_id)
        return list(maintenance.monitor_ids) if maintenance is not None else []

    @property
    def events(self) -> list[ReceivedEvent]:
        """Every event a client sent, in order (`limited`: a login or logout
        the login limiter refused)."""
        return self._socket.events

    def payloads(self, event: str) -> list[Any]:
        """What clients sent with ``event`` (one argument: itself; several: a list)."""
        return [e.payload for e in self._socket.events if e.event == event]

    @property
    def connection_attempts(self) -> list[ConnectionAttempt]:
        """Every connection (Uptime Kuma accepts them all)."""
        return self._socket.connection_attempts

    @property
    def connected_sids(self) -> set[str]:
        return set(self._wire.peers)

    @property
    def logged_in_sids(self) -> set[str]:
        return set(self._wire.room)

    def push_raw(
        self, event: str, payload: Any, *, logged_in_only: bool = True
    ) -> None:
        """Emit ``payload`` as it is (None: no argument; a tuple: several)."""
        sids = self._wire.room if logged_in_only else list(self._wire.peers)
        self._wire.send(event, payload, sids)

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float = 5.0
    ) -> None:
        """Poll ``predicate`` until it is true; TimeoutError after ``timeout``."""
        if not await poll(predicate, timeout):
            raise TimeoutError(f"condition not met within {timeout} s")

    async def flush(self) -> None:
        """Wait until everything queued so far has been handed to the sockets."""
        await self._host.flush()
