"""StatusServer: a Socket.IO status server to test clients against.

Data flow: a control call (``update_service``...) changes the catalog, the
throttle decides when the change goes out, the outbox sends it, in order, to
every subscribed socket whose user may see that service. Clients reach the
web server through a TCP relay, which can be frozen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
import contextlib
from dataclasses import dataclass
import logging
import time
from typing import TYPE_CHECKING, Any

from engineio import packet as eio_packet
from socketio import exceptions as sio_exceptions

from . import medianest
from .auth import AuthEndpoints
from .catalog import Catalog, Change
from .hosting import (
    NAMESPACE,
    Handlers,
    HostedServer,
    Listen,
    Running,
    SocketHost,
    encode,
)
from .ratelimit import RateLimit, TokenBucket
from .records import ConnectionAttempt, ReceivedEvent
from .throttle import Throttle
from .tokens import REVOKED, TokenError, issue_token, verify_token
from .waiting import poll

if TYPE_CHECKING:
    import ssl

_LOGGER = logging.getLogger(__name__)

DEFAULT_RATE_LIMIT = RateLimit(capacity=30, per_second=10.0)

type RefreshHook = Callable[[str, Mapping[str, Any]], Mapping[str, Any]]


@dataclass(slots=True)
class _Peer:
    """A connected socket and what its user may do."""

    sid: str
    eio_sid: str
    sub: str
    allowed: frozenset[str] | None  # None: every service
    bucket: TokenBucket | None
    subscribed: bool = False
    expiry: asyncio.TimerHandle | None = None

    def may_see(self, service_id: str) -> bool:
        return self.allowed is None or service_id in self.allowed


class StatusServer(HostedServer):
    """A dashboard status server speaking the integration's wire contract."""

    def __init__(
        self,
        *,
        secret: str = "test-secret",
        host: str = "127.0.0.1",
        port: int = 0,
        services: Iterable[Mapping[str, Any]] = (),
        debounce: float = 0.0,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        transports: Sequence[str] = ("polling", "websocket"),
        ping_interval: float = 25.0,
        ping_timeout: float = 20.0,
        ssl_context: ssl.SSLContext | None = None,
        users: Mapping[str, str] | None = None,
        access_token_lifetime: float = 900.0,
        drop_at_expiry: bool = True,
        dialect: str = "status_dashboard",
        full_list_interval: float = medianest.FULL_LIST_INTERVAL,
    ) -> None:
        if dialect not in ("status_dashboard", medianest.DIALECT):
            raise ValueError(f"unknown dialect {dialect!r}")
        # "medianest": speak as MediaNest does (see medianest.py).
        self.dialect = dialect
        # MediaNest sends its whole list to every socket this often.
        self.full_list_interval = full_list_interval
        # MediaNest users who are not active (refused at the handshake), and,
        # when set, the only users who exist.
        self.inactive_users: set[str] = set()
        self.known_users: set[str] | None = None
        # Refuse every handshake with this message, as a server does that
        # limits handshakes or checks origins ("Rate limit exceeded").
        self.refuse_with: str | None = None
        self.secret = secret
        self.host = host
        self.rate_limit = rate_limit
        self.transports = tuple(transports)
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.ssl_context = ssl_context
        # Changes to apply when a client asks to re-check a service; gets the
        # id and the current service, returns wire-named changes.
        self.refresh_hook: RefreshHook | None = None
        self.events: list[ReceivedEvent] = []
        self.connection_attempts: list[ConnectionAttempt] = []
        self.revoked: set[str] = set()
        # Sockets whose token expires are dropped unless this is off.
        self.drop_at_expiry = drop_at_expiry
        # Users who may sign in (username: password) and the token endpoints.
        self.auth = AuthEndpoints(
            secret, users or {}, access_token_lifetime=access_token_lifetime
        )
        self._port = port
        self._catalog = Catalog(services)
        self._throttle: Throttle[Change] = Throttle(
            debounce, self._send_update, Change.merged
        )
        self._peers: dict[str, _Peer] = {}
        self._host = SocketHost()
        self._full_lists: asyncio.Task[None] | None = None

    @property
    def speaks_medianest(self) -> bool:
        """Whether this server speaks MediaNest's dialect."""
        return self.dialect == medianest.DIALECT

    # ------------------------------------------------------------ lifecycle

    @property
    def _running(self) -> Running | None:
        return self._host.running

    async def start(self) -> None:
        """Listen on ``host:port``; with port 0, keep the chosen port later."""
        listen = Listen(
            self.host,
            self._port,
            self.transports,
            self.ping_interval,
            self.ping_timeout,
            self.ssl_context,
        )
        handlers = Handlers(self._on_connect, self._on_disconnect, self._on_event)
        # MediaNest has no password sign-in: its login address is a 404.
        routes = None if self.speaks_medianest else self.auth.attach
        self._port = await self._host.start(listen, handlers, routes)
        if self.speaks_medianest:
            self._full_lists = asyncio.create_task(self._send_full_lists())

    async def stop(self) -> None:
        """Close every socket and the listener; leave no task behind.

        Clients see their connection drop, as when a server process dies.
        """
        if self._host.running is None:
            return
        if self._full_lists is not None:
            self._full_lists.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._full_lists
            self._full_lists = None
        self._throttle.clear()
        await self._host.stop()
        for peer in self._peers.values():
            if peer.expiry is not None:
                peer.expiry.cancel()
        self._peers.clear()

    @property
    def url(self) -> str:
        """The URL a client connects to."""
        scheme = "https" if self.ssl_context is not None else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self._port}"

    def token(self, sub: str = "user", **kwargs: Any) -> str:
        """A token signed with this server's secret for user ``sub`` (see
        ``issue_token``, or ``medianest.issue_token`` in that dialect)."""
        if self.speaks_medianest:
            return medianest.issue_token(self.secret, sub, **kwargs)
        return issue_token(self.secret, sub, **kwargs)

    # ------------------------------------------------------ control surface

    @property
    def services(self) -> dict[str, dict[str, Any]]:
        """The current catalog by id, in wire form (a copy)."""
        return {sid: dict(service) for sid, service in self._catalog.services.items()}

    def set_services(self, services: Iterable[Mapping[str, Any]]) -> None:
        """Replace the catalog and push a bulk update to every subscriber."""
        self._catalog.replace(services)
        self._throttle.clear()
        if self.speaks_medianest:
            self._send_full_list()
            return
        self._send_bulk([p for p in self._peers.values() if p.subscribed])

    def update_service(self, service_id: str, **changes: Any) -> None:
        """Change a service (wire-named fields) and push what changed.

        Raises KeyError for an unknown service.
        """
        change = self._catalog.apply(service_id, changes)
        if self._running is not None:
            self._throttle.submit(service_id, change)

    def push_raw(
        self, event: str, payload: Any, *, subscribers_only: bool = True
    ) -> None:
        """Emit ``payload`` as it is (None: no argument; a tuple: several)."""
        self._queue_send(event, payload, self._audience(subscribers_only))

    def push_raw_packet(self, text: str, *, subscribers_only: bool = True) -> None:
        """Send ``text`` as a Socket.IO packet, unchecked (may be malformed)."""
        packets = [eio_packet.Packet(eio_packet.MESSAGE, text)]
        self._queue_packets(packets, self._audience(subscribers_only))

    async def drop_all(self, *, graceful: bool = False) -> None:
        """Disconnect every socket; the server keeps listening.

        By default the connections are reset, as by a network fault (clients
        see a transport error). With ``graceful`` the server disconnects each
        socket the Socket.IO way (clients see "io server disconnect").
        """
        if self._host.running is None:
            return
        if graceful:
            await self._host.run(self._host.disconnect_job(list(self._peers)))
            return
        await self._host.reset([p.eio_sid for p in self._peers.values()])

    async def revoke(self, sub: str) -> None:
        """Disconnect ``sub``'s sockets and refuse that user from now on."""
        self.revoked.add(sub)
        sids = [sid for sid, peer in self._peers.items() if peer.sub == sub]
        await self._host.run(self._host.disconnect_job(sids))

    def unrevoke(self, sub: str) -> None:
        """Accept ``sub`` again."""
        self.revoked.discard(sub)

    # ---------------------------------------------------------- observation

    @property
    def connected_sids(self) -> set[str]:
        """Socket.IO ids of the connected sockets."""
        return set(self._peers)

    @property
    def subscriber_count(self) -> int:
        """How many sockets are subscribed to the status feed."""
        return sum(1 for peer in self._peers.values() if peer.subscribed)

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,
    ) -> None:
        """Poll ``predicate`` until it is true; TimeoutError after ``timeout``."""
        if not await poll(predicate, timeout):
            raise TimeoutError(f"condition not met within {timeout} s")

    async def flush(self) -> None:
        """Wait until everything queued so far has been handed to the sockets."""
        await self._host.flush()

    # ------------------------------------------------------ socket handlers

    async def _on_connect(self, sid: str, *args: Any) -> None:
        running = self._running
        if running is None:
            raise sio_exceptions.ConnectionRefusedError("server stopping")
        # A peer's event named "connect" (not manager.is_connected(): before
        # python-socketio 5.18 that is true while connecting too).
        if sid in self._peers:
            await self._on_event("connect", sid, *args)
            return
        now = time.monotonic()
        auth = args[1] if len(args) > 1 else None
        if self.refuse_with is not None:
            self.connection_attempts.append(ConnectionAttempt(None, False, None, now))
            raise sio_exceptions.ConnectionRefusedError(self.refuse_with)
        if self.speaks_medianest:
            self._accept_medianest(sid, auth, now)
            return
        token = auth.get("token") if isinstance(auth, dict) else None
        try:
            claims = verify_token(token, self.secret)
            if claims.sub in self.revoked:
                raise TokenError(REVOKED, claims.sub)
        except TokenError as err:
            self.connection_attempts.append(
                ConnectionAttempt(err.sub, False, err.code, now)
            )
            _LOGGER.debug("refused %s: %s", err.sub, err.code)
            raise sio_exceptions.ConnectionRefusedError(
                "unauthorized", {"code": err.code}
            ) from None
        peer = _Peer(
            sid=sid,
            eio_sid=running.sio.manager.eio_sid_from_sid(sid, NAMESPACE),
            sub=claims.sub,
            allowed=claims.services,
            bucket=self.rate_limit.bucket() if self.rate_limit is not None else None,
        )
        if claims.exp is not None:
            peer.expiry = asyncio.get_running_loop().call_later(
                max(0.0, claims.exp - time.time()), self._expire, sid
            )
        self._peers[sid] = peer
        self.connection_attempts.append(ConnectionAttempt(claims.sub, True, None, now))
        self._queue_send("connection:status", {"connected": True}, [sid])

    def _accept_medianest(self, sid: str, auth: object, now: float) -> None:
        """socket/middleware.ts, then socket/index.ts's `connection:established`.
        MediaNest never drops a socket when its token expires and limits no
        events on this namespace."""
        running = self._running
        assert running is not None
        try:
            user_id = medianest.authenticate(
                auth, self.secret, self.inactive_users, self.known_users
            )
        except sio_exceptions.ConnectionRefusedError as err:
            self.connection_attempts.append(
                ConnectionAttempt(None, False, str(err), now)
            )
            raise
        self._peers[sid] = _Peer(
            sid=sid,
            eio_sid=running.sio.manager.eio_sid_from_sid(sid, NAMESPACE),
            sub=user_id,
            allowed=None,
            bucket=None,
        )
        self.connection_attempts.append(ConnectionAttempt(user_id, True, None, now))
        self._queue_send(
            medianest.CONNECTION_ESTABLISHED,
            medianest.connection_established(sid),
            [sid],
        )

    async def _on_disconnect(self, sid: str, *args: Any) -> None:
        if self._host.is_connected(sid):
            await self._on_event("disconnect", sid, *args)  # an event named so
            return
        peer = self._peers.pop(sid, None)
        if peer is None:
            return
        if peer.expiry is not None:
            peer.expiry.cancel()
        self._host.release_long_poll(peer.eio_sid)

    async def _on_event(self, event: Any, sid: str, *args: Any) -> None:
        peer = self._peers.get(sid)
        name = event if isinstance(event, str) else repr(event)
        payload: Any = args[0] if len(args) == 1 else (list(args) if args else None)
        limited = (
            peer is not None and peer.bucket is not None and not peer.bucket.take()
        )
        self.events.append(
            ReceivedEvent(
                peer.sub if peer else "", sid, name, payload, time.monotonic(), limited
            )
        )
        if peer is None:
            return
        if limited:
            self._send_error(peer, "rate limit exceeded", "rate_limited")
        elif name == "subscribe:status":
            peer.subscribed = True
            self._send_bulk([peer])
        elif name == "unsubscribe:status":
            peer.subscribed = False
        elif name == "request:refresh":
            self._refresh(peer, payload)

    def _refresh(self, peer: _Peer, service_id: Any) -> None:
        if self.speaks_medianest:
            self._refresh_medianest(service_id)
            return
        if (
            not isinstance(service_id, str)
            or service_id not in self._catalog
            or not peer.may_see(service_id)
        ):
            self._send_error(peer, "service not found", "not_found")
            return
        changes: Mapping[str, Any] = {}
        if self.refresh_hook is not None:
            current = self._catalog.services[service_id]
            changes = self.refresh_hook(service_id, current)
        change = self._catalog.apply(service_id, changes)
        self._throttle.submit(service_id, change)

    def _refresh_medianest(self, service_id: Any) -> None:
        """socket/handlers/status.handlers.ts: re-check, then answer every
        subscriber at once; an unknown id is answered as down."""
        if not isinstance(service_id, str):
            return  # MediaNest's handler throws and answers nothing useful
        service = None
        if service_id in self._catalog:
            changes: Mapping[str, Any] = {}
            if self.refresh_hook is not None:
                changes = self.refresh_hook(
                    service_id, self._catalog.services[service_id]
                )
            self._catalog.apply(service_id, changes)
            service = self._catalog.services[service_id]
        stamp = self._catalog.stamp(service_id)
        answer = medianest.refresh_answer(service_id, service, stamp)
        self._queue_send("service:status", answer, self._audience(True))

    def _expire(self, sid: str) -> None:
        peer = self._peers.get(sid)
        if peer is not None and self.drop_at_expiry:
            peer.expiry = None
            _LOGGER.debug("token of %s expired, dropping %s", peer.sub, sid)
            self._host.put(self._host.disconnect_job([sid]))

    # -------------------------------------------------------------- sending

    def _audience(self, subscribers_only: bool) -> list[str]:
        return [
            sid
            for sid, peer in self._peers.items()
            if peer.subscribed or not subscribers_only
        ]

    def _send_update(self, service_id: str, change: Change) -> None:
        if self.speaks_medianest:
            # services/status.service.ts `updateServiceStatus`: the whole item,
            # to every socket.
            item = medianest.item(self._catalog.services[service_id])
            self._queue_send("service:status", item, self._audience(False))
            return
        payload = self._catalog.update_payload(service_id, change)
        sids = [
            sid
            for sid, peer in self._peers.items()
            if peer.subscribed and peer.may_see(service_id)
        ]
        self._queue_send("service:status", payload, sids)

    def _send_bulk(self, peers: list[_Peer]) -> None:
        if self.speaks_medianest:
            # socket/handlers/status.handlers.ts `subscribe:status`.
            items = [medianest.item(s) for s in self._catalog.snapshot(None)]
            self._queue_send(medianest.CURRENT_LIST, items, [p.sid for p in peers])
            return
        everyone = [peer.sid for peer in peers if peer.allowed is None]
        if everyone:
            self._queue_send(
                "service:bulk-update", self._catalog.snapshot(None), everyone
            )
        for peer in peers:
            if peer.allowed is not None:
                snapshot = self._catalog.snapshot(peer.allowed)
                self._queue_send("service:bulk-update", snapshot, [peer.sid])

    def _send_full_list(self) -> None:
        """services/status.service.ts `pollServiceStatuses`: the whole list to
        every socket, subscribed or not."""
        items = [medianest.item(s) for s in self._catalog.snapshot(None)]
        self._queue_send(medianest.FULL_LIST, items, self._audience(False))

    async def _send_full_lists(self) -> None:
        while True:
            await asyncio.sleep(self.full_list_interval)
            self._send_full_list()

    def _send_error(self, peer: _Peer, message: str, code: str) -> None:
        self._queue_send("error", {"message": message, "code": code}, [peer.sid])

    def _queue_send(self, event: str, payload: Any, sids: list[str]) -> None:
        """Encode now (so later changes to ``payload`` don't leak), send later."""
        if self._host.running is not None and sids:
            self._queue_packets(encode(event, payload), sids)

    def _queue_packets(self, packets: list[Any], sids: list[str]) -> None:
        self._host.send_packets(packets, [sid for sid in sids if sid in self._peers])
