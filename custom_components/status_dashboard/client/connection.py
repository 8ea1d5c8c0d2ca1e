"""The Socket.IO connection to a status server, and its own reconnect loop.

python-socketio's automatic reconnection is off: it can die silently on a
handshake timeout and retries refused tokens. Instead every attempt uses a
fresh `AsyncClient`, is bounded in time, subscribes, and counts as connected
only once the first bulk update arrived. A refused token ends the loop.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
import contextlib
from dataclasses import dataclass, field
import logging
import time
from typing import Any, Protocol

import aiohttp
from engineio import base_client as engineio_base_client
import socketio
from socketio import exceptions as sio_exceptions

from .backoff import Backoff
from .errors import AuthenticationFailed, CannotConnect, NotConnected
from .logthrottle import ThrottledLog
from .models import BulkUpdate, ConnectionReport, ServerError, ServiceUpdate
from .parse import (
    InvalidPayload,
    parse_bulk,
    parse_connection_report,
    parse_error,
    parse_update,
)

_LOGGER = logging.getLogger(__name__)

# A 10,000-service bulk update is a few MB; aiohttp's default cap is 4 MiB.
MAX_MESSAGE_SIZE = 64 * 1024 * 1024
EV_STATUS = "service:status"
EV_BULK = "service:bulk-update"
EV_CONNECTION = "connection:status"
EV_ERROR = "error"
EV_SUBSCRIBE = "subscribe:status"
EV_UNSUBSCRIBE = "unsubscribe:status"
EV_REFRESH = "request:refresh"
WEBSOCKET = "websocket"
POLLING = "polling"


class StatusListener(Protocol):
    """Receives what the connection learns, synchronously and in arrival order."""

    def on_connected(self, transport: str) -> None:
        """Connected and subscribed; the bulk update has been delivered."""

    def on_disconnected(self, reason: str) -> None:
        """The link dropped; the loop reconnects unless stopped."""

    def on_bulk(self, bulk: BulkUpdate) -> None:
        """A full view: replaces everything."""

    def on_update(self, update: ServiceUpdate) -> None:
        """One service changed."""

    def on_server_error(self, error: ServerError) -> None:
        """The server sent an `error` event."""

    def on_connection_report(self, report: ConnectionReport) -> None:
        """The server sent a `connection:status` event."""

    def on_auth_failed(self, error: AuthenticationFailed) -> None:
        """The token was refused: the loop has stopped."""

    def on_attempt_failed(
        self, error: Exception, attempt: int, retry_in: float
    ) -> None:
        """An attempt failed; the next one starts in `retry_in` seconds."""


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


# Events the library raises itself: from the server they would fake a drop.
_RESERVED_EVENTS = frozenset({"connect", "connect_error", "disconnect"})


class _SocketClient(socketio.AsyncClient):  # type: ignore[misc]
    """An AsyncClient that survives malformed packets instead of leaking errors."""

    on_malformed: Callable[[Exception], None] = staticmethod(lambda err: None)
    _binary_packet: Any  # the library's: a binary event waiting for attachments

    async def _handle_eio_message(self, data: Any) -> None:
        try:
            if self._binary_packet and not isinstance(data, bytes):
                # A binary event's header announced attachments that never
                # came: drop it rather than take the next packet as one.
                self._binary_packet = None
                self.on_malformed(ValueError("binary attachment expected"))
            await super()._handle_eio_message(data)
        except (ValueError, TypeError, IndexError, KeyError, AttributeError) as err:
            self.on_malformed(err)

    async def _handle_event(self, namespace: Any, packet_id: Any, data: Any) -> None:
        if isinstance(data, list) and data and data[0] in _RESERVED_EVENTS:
            raise ValueError("reserved event name")
        await super()._handle_event(namespace, packet_id, data)


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
    ) -> None:
        self.url = url
        self._token = token
        self._session = session
        self._listener = listener
        self._attempt_timeout = attempt_timeout
        self._backoff = backoff or Backoff()
        self._stable_after = stable_after
        self._logger = logger
        self._quiet_logger = logger.getChild("engineio")
        self._quiet_logger.setLevel(logging.ERROR)
        self._log = ThrottledLog(logger)
        self.stats = ConnectionStats()
        self.transport: str | None = None
        self.latency: float | None = None
        self._client: _SocketClient | None = None
        self._dropped = asyncio.Event()
        self._dropped.set()
        self._closing = False
        self._closed = asyncio.Event()
        # Set by close() to wake an attempt waiting for its first bulk update.
        self._wake_attempt: asyncio.Event | None = None

    @property
    def connected(self) -> bool:
        """Whether a subscribed link is up."""
        return self._client is not None and not self._dropped.is_set()

    async def connect(self) -> None:
        """One attempt: WebSocket first, long-polling if WebSocket is refused.

        Returns once subscribed and the first bulk update is applied; raises
        `AuthenticationFailed` or `CannotConnect`.
        """
        self.stats.attempts += 1
        try:
            await self._attempt(WEBSOCKET)
        except CannotConnect as err:
            # Long-polling helps only when the WebSocket could not be opened:
            # not after a timeout, a drop while subscribing, or close().
            cause = err.__cause__
            if self._closing or cause is None or isinstance(cause, TimeoutError):
                raise
            self._logger.debug("WebSocket failed (%s); trying long-polling", err)
            await self._attempt(POLLING)

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
            await self._watch(self._dropped)
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
        if self._wake_attempt is not None:
            self._wake_attempt.set()
        client = self._client
        if client is not None and self.connected:
            with contextlib.suppress(sio_exceptions.SocketIOError):
                await client.emit(EV_UNSUBSCRIBE)
        await self._discard_client()
        self._dropped.set()

    async def request_refresh(self, service_id: str) -> None:
        """Ask the server to re-check one service now."""
        await self._emit(EV_REFRESH, service_id)

    async def _emit(self, event: str, data: Any = None) -> None:
        client = self._client
        if client is None or not self.connected:
            raise NotConnected
        try:
            await client.emit(event, data)
        except sio_exceptions.SocketIOError as err:
            raise NotConnected from err

    async def _watch(self, dropped: asyncio.Event) -> None:
        """Wait for the link to drop, also noticing a transport that died silently."""
        while not dropped.is_set():
            try:
                async with asyncio.timeout(5):
                    await dropped.wait()
            except TimeoutError:
                client = self._client
                if client is None or client.eio.state != "connected":
                    dropped.set()

    async def _attempt(self, transport: str) -> None:
        client, synced, dropped = self._new_client()
        rejection: list[Any] = []
        client.on("connect_error", rejection.append)
        sent_at = time.monotonic()
        self._wake_attempt = synced
        try:
            async with asyncio.timeout(self._attempt_timeout):
                await client.connect(
                    self.url,
                    auth={"token": self._token},
                    transports=[transport],
                    wait_timeout=self._attempt_timeout,
                )
                sent_at = time.monotonic()
                await client.emit(EV_SUBSCRIBE)
                await synced.wait()
        except TimeoutError as err:
            await self._shutdown(client)
            self.stats.last_error = "timed out"
            raise CannotConnect("timed out") from err
        except (sio_exceptions.SocketIOError, aiohttp.ClientError, OSError) as err:
            await self._shutdown(client)
            if (code := _refusal_code(rejection)) is not None:
                self.stats.last_error = f"token refused: {code or 'no code'}"
                raise AuthenticationFailed(code or None) from err
            reason = str(rejection[-1] if rejection else err)[:200]
            self.stats.last_error = reason
            raise CannotConnect(reason) from err
        except asyncio.CancelledError:
            # A cancelled attempt must not leave a connected client behind.
            await self._shutdown(client)
            raise
        finally:
            self._wake_attempt = None
        if dropped.is_set() or self._closing:
            await self._shutdown(client)
            raise CannotConnect("closed while subscribing")
        self.latency = round((time.monotonic() - sent_at) * 1000, 1)
        self._client = client
        self.transport = client.transport()
        self.stats.connects += 1
        self.stats.connected_since = time.monotonic()
        self._dropped = dropped
        self._listener.on_connected(self.transport or transport)

    def _new_client(self) -> tuple[_SocketClient, asyncio.Event, asyncio.Event]:
        client = _SocketClient(
            reconnection=False,
            handle_sigint=False,
            http_session=self._session,
            logger=self._quiet_logger,
            engineio_logger=self._quiet_logger,
            request_timeout=self._attempt_timeout,
            websocket_extra_options={"max_msg_size": MAX_MESSAGE_SIZE},
        )
        client.on_malformed = self._on_malformed
        synced = asyncio.Event()
        dropped = asyncio.Event()
        listener = self._listener

        def on_bulk(payload: Any = None, *_: Any) -> None:
            self.stats.messages[EV_BULK] += 1
            try:
                bulk = parse_bulk(payload)
            except InvalidPayload as err:
                self._invalid(EV_BULK, err)
                return
            if bulk.invalid_items:
                self._invalid(
                    EV_BULK, InvalidPayload(f"{bulk.invalid_items} invalid items")
                )
            listener.on_bulk(bulk)
            synced.set()

        def on_status(payload: Any = None, *_: Any) -> None:
            self.stats.messages[EV_STATUS] += 1
            try:
                update = parse_update(payload)
            except InvalidPayload as err:
                self._invalid(EV_STATUS, err)
                return
            listener.on_update(update)

        def on_error(payload: Any = None, *_: Any) -> None:
            self.stats.messages[EV_ERROR] += 1
            try:
                error = parse_error(payload)
            except InvalidPayload as err:
                self._invalid(EV_ERROR, err)
                return
            self.stats.last_error = f"server error: {error.code or error.message}"
            listener.on_server_error(error)

        def on_connection(payload: Any = None, *_: Any) -> None:
            self.stats.messages[EV_CONNECTION] += 1
            try:
                report = parse_connection_report(payload)
            except InvalidPayload as err:
                self._invalid(EV_CONNECTION, err)
                return
            if report.latency is not None:
                self.latency = report.latency
            listener.on_connection_report(report)

        def on_other(event: Any = None, *_: Any) -> None:
            self.stats.messages[f"other:{str(event)[:40]}"] += 1

        def on_disconnect(reason: Any = None, *_: Any) -> None:
            dropped.set()
            synced.set()  # an attempt waiting for its bulk gives up now
            if self._client is not client:
                return
            self.stats.disconnects += 1
            self.stats.connected_since = None
            if not self._closing:
                listener.on_disconnected(str(reason))

        client.on(EV_BULK, on_bulk)
        client.on(EV_STATUS, on_status)
        client.on(EV_ERROR, on_error)
        client.on(EV_CONNECTION, on_connection)
        client.on("disconnect", on_disconnect)
        client.on("*", on_other)
        return client, synced, dropped

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

    async def _shutdown(self, client: _SocketClient) -> None:
        """Disconnect, bounded: a frozen server must not hold the caller."""
        try:
            async with asyncio.timeout(2):
                await client.disconnect()
        except TimeoutError, sio_exceptions.SocketIOError, aiohttp.ClientError, OSError:
            pass
        eio = client.eio
        for task in (eio.read_loop_task, eio.write_loop_task):
            if task is not None and not task.done():
                task.cancel()
        ws = eio.ws
        if ws is not None and not ws.closed:
            # Engine.IO gives up on a server that stopped answering without
            # closing the WebSocket: its TCP connection and timer would linger.
            with contextlib.suppress(TimeoutError, aiohttp.ClientError, OSError):
                async with asyncio.timeout(0.5):
                    await ws.close()
        if eio.state != "disconnected":
            eio.state = "disconnected"
            with contextlib.suppress(ValueError):
                engineio_base_client.connected_clients.remove(eio)


def _refusal_code(rejections: list[Any]) -> str | None:
    """The refusal's code ("" when it has none) if the server said unauthorized."""
    for rejection in rejections:
        if isinstance(rejection, dict) and rejection.get("message") == "unauthorized":
            data = rejection.get("data")
            code = data.get("code") if isinstance(data, dict) else None
            return code if isinstance(code, str) else ""
    return None


class _Probe:
    """A listener that only remembers the first bulk update."""

    def __init__(self) -> None:
        self.bulk: BulkUpdate | None = None

    def on_connected(self, transport: str) -> None:
        """Connected."""

    def on_disconnected(self, reason: str) -> None:
        """Dropped."""

    def on_bulk(self, bulk: BulkUpdate) -> None:
        """Remember the first bulk."""
        if self.bulk is None:
            self.bulk = bulk

    def on_update(self, update: ServiceUpdate) -> None:
        """Ignored."""

    def on_server_error(self, error: ServerError) -> None:
        """Ignored."""

    def on_connection_report(self, report: ConnectionReport) -> None:
        """Ignored."""

    def on_auth_failed(self, error: AuthenticationFailed) -> None:
        """Not called: probe does not loop."""

    def on_attempt_failed(
        self, error: Exception, attempt: int, retry_in: float
    ) -> None:
        """Not called: probe does not loop."""


async def probe(
    url: str, token: str, session: aiohttp.ClientSession, timeout: float = 10.0
) -> BulkUpdate:
    """Connect, subscribe, wait for the bulk update, disconnect.

    Raises `AuthenticationFailed` or `CannotConnect`.
    """
    listener = _Probe()
    connection = StatusConnection(
        url, token, session, listener, attempt_timeout=timeout
    )
    try:
        await connection.connect()
    finally:
        await connection.close()
    assert listener.bulk is not None
    return listener.bulk
