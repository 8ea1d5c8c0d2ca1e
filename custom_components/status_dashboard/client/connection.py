"""The Socket.IO connection to a status server, and its own reconnect loop.

python-socketio's automatic reconnection is off: it can die silently on a
handshake timeout and retries refused tokens. Instead every attempt uses a
fresh `AsyncClient`, is bounded in time, subscribes, and counts as connected
only once the first bulk update arrived. A refused token ends the loop.
With a `TokenSource` (a sign-in that renews its access token) an expired token
is renewed before an attempt, a `token_expired` refusal is renewed and retried
at once, and `handover()` moves to a connection made with the new token
before closing the old one. What works around the library's own behaviour
lives in `socketio_compat`.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
import contextlib
from dataclasses import dataclass, field
from functools import partial
import logging
import time
from typing import Any, Protocol

import aiohttp
from socketio import exceptions as sio_exceptions

from .backoff import Backoff
from .dialects import (
    LIST_EVENTS,
    QUIET_EVENTS,
    REFRESH_EVENT,
    SUBSCRIBE_EVENT,
    UNSUBSCRIBE_EVENT,
    UPDATE_EVENT,
    Dialect,
    read_refusal,
)
from .errors import AuthenticationFailed, CannotConnect, NotConnected, ServerRefused
from .logthrottle import ThrottledLog
from .models import BulkUpdate, ServerError, ServiceUpdate
from .parse import InvalidPayload, parse_error, parse_latency, read_list
from .socketio_compat import SUPPORTED, GuardedClient, Workarounds
from .uptime_kuma import QUIET_EVENTS as KUMA_QUIET_EVENTS
from .uptime_kuma_answers import CommandAnswer
from .uptime_kuma_link import KumaLink, command

_LOGGER = logging.getLogger(__name__)

# A 10,000-service bulk update is a few MB; aiohttp's default cap is 4 MiB.
MAX_MESSAGE_SIZE = 64 * 1024 * 1024
EV_STATUS = UPDATE_EVENT
EV_CONNECTION = "connection:status"
EV_ERROR = "error"
WEBSOCKET = "websocket"
POLLING = "polling"
TOKEN_EXPIRED = "token_expired"


class TokenSource(Protocol):
    """Access tokens that renew themselves."""

    @property
    def token(self) -> str:
        """The access token to present now."""

    @property
    def expired(self) -> bool:
        """Whether the token in hand has run out (presenting it is pointless)."""

    async def renewed(self) -> str:
        """Renew now and return the new token.

        Raises `AuthenticationFailed` when the user must sign in again,
        `CannotConnect` when renewing failed for now (retry with backoff).
        """


class StatusListener(Protocol):
    """Receives what the connection learns, synchronously and in arrival order.

    The connection calls these from its event handlers. A class that derives
    from this one inherits a no-op for what it does not need (the bare
    `return`s: a protocol method with only a docstring would be abstract).
    """

    def on_connected(self, transport: str) -> None:
        """Connected and subscribed; the bulk update has been delivered."""
        return

    def on_disconnected(self, reason: str) -> None:
        """The link dropped; the loop reconnects unless stopped."""
        return

    def on_bulk(self, bulk: BulkUpdate) -> None:
        """A full view: replaces everything."""
        return

    def on_update(self, update: ServiceUpdate) -> None:
        """One service changed."""
        return

    def on_server_error(self, error: ServerError) -> None:
        """The server sent an `error` event."""
        return

    def on_latency(self, latency: float) -> None:
        """The server reported the link's latency in ms (`connection:status`)."""
        return

    def on_auth_failed(self, error: AuthenticationFailed) -> None:
        """The token was refused: the loop has stopped."""
        return

    def on_attempt_failed(
        self, error: Exception, attempt: int, retry_in: float
    ) -> None:
        """An attempt failed; the next one starts in `retry_in` seconds."""
        return


@dataclass(slots=True)
class ConnectionStats:
    """Counters for diagnostics."""

    messages: Counter[str] = field(default_factory=Counter)
    invalid: Counter[str] = field(default_factory=Counter)
    attempts: int = 0
    connects: int = 0
    disconnects: int = 0
    last_error: str | None = None
    connected_since: float | None = None
    handovers: int = 0
    # Seconds from the new link subscribed (first list in) to the old closed.
    handover_times: deque[float] = field(default_factory=lambda: deque(maxlen=100))


@dataclass(slots=True)
class _Link:
    """What one client's handlers tell the attempt that made it."""

    # The first bulk update arrived, or waiting for it is over (drop, close()).
    synced: asyncio.Event = field(default_factory=asyncio.Event)
    dropped: asyncio.Event = field(default_factory=asyncio.Event)
    first_bulk: BulkUpdate | None = None
    # Told by the first list: how this server speaks.
    dialect: Dialect | None = None
    # Replaced by a handover: what this client still hears is not delivered.
    retired: bool = False
    # The link this one takes over from, once its first bulk update is in.
    replaces: _Link | None = None
    # An Uptime Kuma server's side of the socket.
    kuma: KumaLink | None = None


class StatusConnection:
    """One status server, one token: connects, subscribes, streams, reconnects."""

    def __init__(
        self,
        url: str,
        token: str,
        session: aiohttp.ClientSession,
        listener: StatusListener,
        *,
        attempt_timeout: float = 10.0,
        backoff: Backoff | None = None,
        stable_after: float = 10.0,
        logger: logging.Logger = _LOGGER,
        workarounds: Workarounds = SUPPORTED,
        token_source: TokenSource | None = None,
        uptime_kuma: bool = False,
    ) -> None:
        self.url = url
        # An Uptime Kuma server: its own socket API, a login on the socket.
        self._uptime_kuma = uptime_kuma
        self._token = token
        self._token_source = token_source
        self._session = session
        self._listener = listener
        self._attempt_timeout = attempt_timeout
        self._backoff = backoff or Backoff()
        self._stable_after = stable_after
        self._logger = logger
        self._workarounds = workarounds
        self._quiet_logger = logger.getChild("engineio")
        self._quiet_logger.setLevel(logging.ERROR)
        self._log = ThrottledLog(logger)
        self.stats = ConnectionStats()
        self.transport: str | None = None
        self.latency: float | None = None
        # How the server speaks, once a list has said so.
        self.dialect: Dialect | None = None
        self._client: GuardedClient | None = None
        self._link = _Link()
        self._dropped = asyncio.Event()
        self._dropped.set()
        self._closing = False
        self._closed = asyncio.Event()
        # Set by close() to wake attempts waiting for their first bulk update.
        self._waking: set[asyncio.Event] = set()
        self._handover_task: asyncio.Task[None] | None = None
        # Replaced by a handover, not yet shut down.
        self._retiring: set[GuardedClient] = set()

    @property
    def dialect_name(self) -> str | None:
        """How the server speaks: Uptime Kuma's socket, or the dialect its
        first list showed."""
        if self._uptime_kuma:
            return "uptime_kuma"
        return self.dialect.name if self.dialect else None

    @property
    def connected(self) -> bool:
        """Whether a subscribed link is up."""
        return self._client is not None and not self._dropped.is_set()

    async def connect(self) -> BulkUpdate:
        """One attempt: WebSocket first, long-polling if WebSocket is refused.

        Returns the first bulk update, once subscribed and that update was
        delivered to the listener; raises `AuthenticationFailed` or
        `CannotConnect`. With a token source, an expired token is renewed
        first, and a `token_expired` refusal is renewed and retried once.
        """
        self.stats.attempts += 1
        source = self._token_source
        if source is None:
            return await self._attempt_any()
        if source.expired:
            await source.renewed()
        try:
            return await self._attempt_any()
        except AuthenticationFailed as err:
            if err.code != TOKEN_EXPIRED or self._closing:
                raise
        self._logger.debug("%s refused an expired token: renewing it", self.url)
        await source.renewed()
        return await self._attempt_any()

    async def _attempt_any(self) -> BulkUpdate:
        try:
            return await self._attempt(WEBSOCKET)
        except CannotConnect as err:
            # Long-polling helps only when the WebSocket could not be opened:
            # not after a timeout, a drop while subscribing, close(), or the
            # server's own refusal.
            cause = err.__cause__
            if (
                self._closing
                or cause is None
                or isinstance(cause, TimeoutError)
                or isinstance(err, ServerRefused)
            ):
                raise
            self._logger.debug("WebSocket failed (%s); trying long-polling", err)
            return await self._attempt(POLLING)

    async def run(self) -> None:
        """Stay connected until `close()` or a refused token; never raises.

        A link that drops soon after connecting counts as a failed attempt, so
        a server that accepts and then drops every connection is retried with
        backoff, not hammered; after a stable link the first retry is at once.
        """
        attempt = 0
        while not self._closing:
            if not self.connected:
                try:
                    await self.connect()
                except AuthenticationFailed as err:
                    self._listener.on_auth_failed(err)
                    return
                except CannotConnect as err:
                    if self._closed.is_set():
                        return
                    attempt += 1
                    retry_in = self._backoff.delay(attempt)
                    self._listener.on_attempt_failed(err, attempt, retry_in)
                    await self._pause(retry_in)
                    continue
            connected_at = time.monotonic()
            await self._watch()
            await self._discard_client()
            if time.monotonic() - connected_at >= self._stable_after:
                attempt = 0
            else:
                attempt += 1
                await self._pause(self._backoff.delay(attempt))

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake at once when `close()` is called."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._closed.wait()

    async def close(self) -> None:
        """Unsubscribe and disconnect; the loop ends."""
        self._closing = True
        self._closed.set()
        for wake in self._waking:
            wake.set()
        handover = self._handover_task
        if handover is not None and not handover.done():
            handover.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await handover
        for retiring in list(self._retiring):
            await self._shutdown(retiring)
        client = self._client
        if client is not None and self.connected:
            with contextlib.suppress(sio_exceptions.SocketIOError):
                await client.emit(UNSUBSCRIBE_EVENT)
        await self._discard_client()
        self._dropped.set()

    async def request_refresh(self, service_id: str) -> None:
        """Ask the server to re-check one service now."""
        client, kuma = self._client, self._link.kuma
        if kuma is not None and client is not None and self.connected:
            await kuma.check_now(client, service_id)
            return
        await self._emit(REFRESH_EVENT, service_id)

    async def command(self, event: str, *args: Any) -> CommandAnswer:
        """Send a command the server answers (Uptime Kuma's pause, resume,
        maintenance); `NotConnected` while down or without an answer."""
        client = self._client
        if client is None or not self.connected:
            raise NotConnected
        return await command(client, event, *args, timeout=self._attempt_timeout)

    async def _emit(self, event: str, data: Any = None) -> None:
        client = self._client
        if client is None or not self.connected:
            raise NotConnected
        try:
            await client.emit(event, data)
        except sio_exceptions.SocketIOError as err:
            raise NotConnected from err

    async def handover(self) -> None:
        """Move to a new connection made with the token source's current token.

        The new link connects, subscribes and delivers its list before the old
        one is closed, so listeners see no drop. Not connected: nothing to do
        (the next attempt uses the new token). A failed handover keeps the old
        link, which the server may drop when its token expires. The work runs
        in a task of the connection: a caller cancelled meanwhile does not
        interrupt it, `close()` does.
        """
        if self._token_source is None or self._closing:
            return
        task = self._handover_task
        if task is None or task.done():
            task = self._handover_task = asyncio.create_task(self._hand_over())
        await asyncio.shield(task)

    async def _hand_over(self) -> None:
        old_client, old_link = self._client, self._link
        if old_client is None or not self.connected:
            return
        try:
            client, link, _, _ = await self._dial(
                self.transport or WEBSOCKET, replaces=old_link
            )
        except (AuthenticationFailed, CannotConnect) as err:
            self._logger.debug("Handover to a new connection failed: %s", err)
            return
        subscribed_at = time.monotonic()
        if self._closing or self._client is not old_client or link.dropped.is_set():
            link.retired = True
            await self._shutdown(client)
            return
        old_link.retired = True
        self._client, self._link, self._dropped = client, link, link.dropped
        self.transport = client.transport()
        self._retiring.add(old_client)
        with contextlib.suppress(sio_exceptions.SocketIOError):
            await old_client.emit(UNSUBSCRIBE_EVENT)
        await self._shutdown(old_client)
        self._retiring.discard(old_client)
        took = time.monotonic() - subscribed_at
        self.stats.handovers += 1
        self.stats.handover_times.append(took)
        self._logger.debug(
            "Moved to a connection with a renewed token (old one closed %.0f ms "
            "after the new one had its list)",
            took * 1000,
        )

    async def _watch(self) -> None:
        """Wait for the link to drop, also noticing a transport that died silently.

        A handover swaps the link: the old one closing is no drop.
        """
        while not (dropped := self._dropped).is_set():
            try:
                async with asyncio.timeout(5):
                    await dropped.wait()
            except TimeoutError:
                client = self._client
                if client is None or not client.link_alive():
                    dropped.set()

    async def _attempt(self, transport: str) -> BulkUpdate:
        client, link, bulk, sent_at = await self._dial(transport)
        self.latency = round((time.monotonic() - sent_at) * 1000, 1)
        self._client = client
        self._link = link
        self.transport = client.transport()
        self.stats.connects += 1
        self.stats.connected_since = time.monotonic()
        self._dropped = link.dropped
        self._listener.on_connected(self.transport or transport)
        return bulk

    async def _dial(
        self, transport: str, replaces: _Link | None = None
    ) -> tuple[GuardedClient, _Link, BulkUpdate, float]:
        """Connect, subscribe, wait for the first bulk update (or a drop).

        Returns the client, its link, its first bulk update and when the
        subscription was sent.
        """
        client, link = self._new_client()
        link.replaces = replaces
        rejection: list[Any] = []
        client.on("connect_error", rejection.append)
        sent_at = time.monotonic()
        token = self._token_source.token if self._token_source else self._token
        self._waking.add(link.synced)
        try:
            async with asyncio.timeout(self._attempt_timeout):
                await client.connect(
                    self.url,
                    auth=None if link.kuma else {"token": token},
                    transports=[transport],
                    wait_timeout=self._attempt_timeout,
                )
                sent_at = time.monotonic()
                if link.kuma:
                    await link.kuma.log_in(client, token, self._attempt_timeout)
                else:
                    await client.emit(SUBSCRIBE_EVENT)
                await link.synced.wait()
        except TimeoutError as err:
            await self._shutdown(client)
            self.stats.last_error = "timed out"
            raise CannotConnect("timed out") from err
        except (sio_exceptions.SocketIOError, aiohttp.ClientError, OSError) as err:
            await self._shutdown(client)
            refusals = [r for r in map(read_refusal, rejection) if r is not None]
            refused = next((r for r in refusals if r.auth_code is not None), None)
            if refused is not None:
                code = refused.auth_code
                self.stats.last_error = f"token refused: {code or 'no code'}"
                raise AuthenticationFailed(code or None) from err
            if refusals:
                self.stats.last_error = f"refused: {refusals[-1].message[:200]}"
                raise ServerRefused(refusals[-1].message) from err
            reason = str(rejection[-1] if rejection else err)[:200]
            self.stats.last_error = reason
            raise CannotConnect(reason) from err
        except AuthenticationFailed, ServerRefused, asyncio.CancelledError:
            # Refused at login on the socket, or cancelled: no connected
            # client may stay behind.
            await self._shutdown(client)
            raise
        finally:
            self._waking.discard(link.synced)
        bulk = link.first_bulk
        if bulk is None or link.dropped.is_set() or self._closing:
            link.retired = True
            await self._shutdown(client)
            raise CannotConnect("closed while subscribing")
        return client, link, bulk, sent_at

    def _new_client(self) -> tuple[GuardedClient, _Link]:
        client = GuardedClient(
            on_malformed=self._on_malformed,
            workarounds=self._workarounds,
            reconnection=False,
            handle_sigint=False,
            http_session=self._session,
            logger=self._quiet_logger,
            engineio_logger=self._quiet_logger,
            request_timeout=self._attempt_timeout,
            websocket_extra_options={"max_msg_size": MAX_MESSAGE_SIZE},
        )
        link = _Link()
        listener = self._listener

        # Each handler first asks whether its link still speaks for the server:
        # not once a handover retired it.
        def on_list(event: str, dialect: Dialect, payload: Any = None, *_: Any) -> None:
            if link.retired:
                return
            self.stats.messages[event] += 1
            bulk = read_list(event, dialect.parse_list, payload, self._invalid)
            if bulk is None:
                return
            if link.dialect is not dialect:
                link.dialect = self.dialect = dialect
            deliver_list(bulk)

        def deliver_list(bulk: BulkUpdate) -> None:
            if link.first_bulk is None and link.replaces is not None:
                # From this list on, the new link speaks for the server.
                link.replaces.retired = True
            listener.on_bulk(bulk)
            if link.first_bulk is None:
                link.first_bulk = bulk
                link.synced.set()

        def on_status(payload: Any = None, *_: Any) -> None:
            # Before its list, a link has no service an update could be for
            # (and a handover's new link does not speak for the server yet).
            dialect = link.dialect
            if link.retired or dialect is None:
                return
            self.stats.messages[EV_STATUS] += 1
            try:
                update = dialect.parse_update(payload)
            except InvalidPayload as err:
                self._invalid(EV_STATUS, err)
                return
            listener.on_update(update)

        def on_error(payload: Any = None, *_: Any) -> None:
            if link.retired:
                return
            self.stats.messages[EV_ERROR] += 1
            try:
                error = parse_error(payload)
            except InvalidPayload as err:
                self._invalid(EV_ERROR, err)
                return
            self.stats.last_error = f"server error: {error.code or error.message}"
            listener.on_server_error(error)

        def on_connection(payload: Any = None, *_: Any) -> None:
            if link.retired:
                return
            self.stats.messages[EV_CONNECTION] += 1
            try:
                latency = parse_latency(payload)
            except InvalidPayload as err:
                self._invalid(EV_CONNECTION, err)
                return
            if latency is not None:
                self.latency = latency
                listener.on_latency(latency)

        def count(event: str) -> None:
            self.stats.messages[event] += 1

        def on_other(event: Any = None, *_: Any) -> None:
            if event in QUIET_EVENTS or (link.kuma and event in KUMA_QUIET_EVENTS):
                self.stats.messages[event] += 1
            else:
                self.stats.messages[f"other:{str(event)[:40]}"] += 1

        def on_disconnect(reason: Any = None, *_: Any) -> None:
            link.dropped.set()
            link.synced.set()  # an attempt waiting for its bulk gives up now
            if self._client is not client:
                return
            self.stats.disconnects += 1
            self.stats.connected_since = None
            if not self._closing:
                listener.on_disconnected(str(reason))

        if self._uptime_kuma:
            link.kuma = KumaLink(
                deliver_list,
                listener.on_update,
                self._invalid,
                count,
                lambda: link.retired,
            )
            link.kuma.register(client)
        else:
            for event, dialect in LIST_EVENTS.items():
                client.on(event, partial(on_list, event, dialect))
            client.on(EV_STATUS, on_status)
            client.on(EV_ERROR, on_error)
            client.on(EV_CONNECTION, on_connection)
        client.on("disconnect", on_disconnect)
        client.on("*", on_other)
        return client, link

    def _invalid(self, event: str, err: InvalidPayload) -> None:
        self.stats.invalid[event] += 1
        self._log.log(
            logging.WARNING,
            # One key per event: reasons quote the server's values, and a key
            # per value would let a hostile server flood the log.
            event,
            "Ignored an invalid %s payload from %s: %s",
            event,
            self.url,
            err.reason,
        )

    def _on_malformed(self, err: Exception) -> None:
        self.stats.invalid["packet"] += 1
        self._log.log(
            logging.WARNING,
            "packet",
            "Ignored a malformed packet from %s: %s",
            self.url,
            type(err).__name__,
        )

    async def _discard_client(self) -> None:
        client, self._client = self._client, None
        self.transport = None
        if client is not None:
            await self._shutdown(client)

    async def _shutdown(self, client: GuardedClient) -> None:
        await client.shut_down()


class _NoListener(StatusListener):
    """For a connection that only checks it can connect."""


async def probe(
    url: str,
    token: str,
    session: aiohttp.ClientSession,
    timeout: float = 10.0,
    *,
    uptime_kuma: bool = False,
) -> BulkUpdate:
    """Connect, subscribe (log in), wait for the bulk update, disconnect.

    Raises `AuthenticationFailed` or `CannotConnect`.
    """
    connection = StatusConnection(
        url,
        token,
        session,
        _NoListener(),
        attempt_timeout=timeout,
        uptime_kuma=uptime_kuma,
    )
    try:
        return await connection.connect()
    finally:
        await connection.close()
