"""SocketHost: a python-socketio server behind a TCP relay that can freeze.

What every server kind here shares: start on a port and keep it for a
restart, stop leaving no task behind, freeze and thaw, reset or close every
connection, and send events in the order they were made (one outbox task),
encoded when queued.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
import contextlib
from dataclasses import dataclass
import json
import logging
from typing import TYPE_CHECKING, Any, Self

from aiohttp import web
from engineio import packet as eio_packet
import socketio
from socketio import packet as sio_packet

from .outbox import Job, Outbox
from .relay import TcpRelay

if TYPE_CHECKING:
    import ssl

_LOGGER = logging.getLogger(__name__)

NAMESPACE = "/"
# Client -> server messages may be large (garbage tests); server -> client
# messages are not limited by this.
MAX_MESSAGE_SIZE = 64 * 1024 * 1024

type Handler = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Handlers:
    """The server kind's socket handlers: connect(sid, environ, auth),
    disconnect(sid, reason), and any other event (event, sid, *args); the
    value an event handler returns answers the client's acknowledgement."""

    connect: Handler
    disconnect: Handler
    event: Handler


@dataclass(frozen=True, slots=True)
class Listen:
    """Where and how to listen."""

    host: str
    port: int  # 0: any free port (kept for later starts)
    transports: Sequence[str] = ("polling", "websocket")
    ping_interval: float = 25.0
    ping_timeout: float = 20.0
    ssl_context: ssl.SSLContext | None = None


@dataclass(slots=True)
class Running:
    """What exists only while the server runs."""

    sio: Any  # socketio.AsyncServer (untyped library)
    runner: web.AppRunner
    relay: TcpRelay


class SocketHost:
    """Runs one Socket.IO server at a time; sends through one ordered outbox."""

    def __init__(self) -> None:
        self.running: Running | None = None
        self.frozen = False
        self._outbox = Outbox()
        self._engine_tasks: set[asyncio.Task[Any]] = set()

    async def start(
        self,
        listen: Listen,
        handlers: Handlers,
        routes: Callable[[web.Application], None] | None = None,
    ) -> int:
        """Listen as ``listen`` says; return the public port."""
        if self.running is not None:
            raise RuntimeError("server already running")
        sio = socketio.AsyncServer(
            async_mode="aiohttp",
            transports=list(listen.transports),
            ping_interval=listen.ping_interval,
            ping_timeout=listen.ping_timeout,
            max_http_buffer_size=MAX_MESSAGE_SIZE,
            cors_allowed_origins="*",
            logger=False,
            engineio_logger=False,
        )
        # Track every task the engine starts (handlers, ping timers), so
        # stop() leaves none behind.
        sio.eio.start_background_task = self._start_engine_task
        sio.on("connect", handlers.connect)
        sio.on("disconnect", handlers.disconnect)
        sio.on("*", handlers.event)
        app = web.Application(client_max_size=MAX_MESSAGE_SIZE)
        sio.attach(app)
        if routes is not None:
            routes(app)
        runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await runner.setup()
        relay: TcpRelay | None = None
        try:
            site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=listen.ssl_context)
            await site.start()
            internal_port = int(runner.addresses[0][1])
            relay = TcpRelay("127.0.0.1", internal_port)
            port = await relay.start(listen.host, listen.port)
        except BaseException:
            if relay is not None:
                await relay.stop()
            await runner.cleanup()
            raise
        self.frozen = False
        self.running = Running(sio, runner, relay)
        self._outbox.start()
        return port

    async def stop(self) -> None:
        """Close every socket and the listener; leave no task behind.

        Clients see their connection drop, as when a server process dies.
        """
        running, self.running = self.running, None
        if running is None:
            return
        await running.relay.stop()
        eio = running.sio.eio
        for eio_sid, socket in list(eio.sockets.items()):
            with contextlib.suppress(Exception):
                # Not aborted: the CLOSE packet wakes a pending long-poll.
                await socket.close(wait=False, abort=False)
            eio.sockets.pop(eio_sid, None)
        await running.sio.shutdown()
        await running.runner.cleanup()
        await self._outbox.close()
        await self._cancel_engine_tasks()
        self.frozen = False

    def freeze(self) -> None:
        """Stop answering, keep sockets open: no pings, no replies."""
        self.frozen = True
        if self.running is not None:
            self.running.relay.freeze()

    def thaw(self) -> None:
        """Answer again; what waited goes through."""
        self.frozen = False
        if self.running is not None:
            self.running.relay.thaw()

    # ---------------------------------------------------------------- sockets

    def eio_sid(self, sid: str) -> str | None:
        """The Engine.IO id under a Socket.IO id (None: not connected)."""
        if self.running is None:
            return None
        eio_sid: str | None = self.running.sio.manager.eio_sid_from_sid(sid, NAMESPACE)
        return eio_sid

    def is_connected(self, sid: str) -> bool:
        """Whether ``sid`` has finished connecting and not left."""
        running = self.running
        return running is not None and bool(
            running.sio.manager.is_connected(sid, NAMESPACE)
        )

    def release_long_poll(self, eio_sid: str) -> None:
        """engine.io leaves a pending long-poll GET waiting for up to ping
        interval + timeout after a socket closes (the client waits as long in
        disconnect()); release it once whatever the close queues has been
        queued."""
        if self.running is None:
            return
        socket = self.running.sio.eio.sockets.get(eio_sid)
        if socket is not None:
            asyncio.get_running_loop().call_soon(socket.queue.put_nowait, None)

    def disconnect_job(self, sids: list[str]) -> Job:
        """A job that disconnects ``sids`` the Socket.IO way."""

        async def disconnect() -> None:
            running = self.running
            if running is None:
                return
            for sid in sids:
                if running.sio.manager.is_connected(sid, NAMESPACE):
                    await running.sio.disconnect(sid, namespace=NAMESPACE)

        return disconnect

    async def reset(self, eio_sids: list[str]) -> None:
        """Reset every connection, as a network fault does (in order with
        what was queued before)."""
        running = self.running
        if running is None:
            return

        async def reset() -> None:
            running.relay.abort_all()
            eio = running.sio.eio
            for eio_sid in eio_sids:
                socket = eio.sockets.pop(eio_sid, None)
                if socket is not None:
                    with contextlib.suppress(Exception):
                        await socket.close(wait=False, abort=False)

        await self._outbox.run(reset)

    # ---------------------------------------------------------------- sending

    def send(self, event: str, payload: Any, sids: Sequence[str]) -> None:
        """Queue ``event`` for ``sids``: encoded now (so later changes to
        ``payload`` don't leak), sent in order. ``payload`` None: no argument;
        a tuple: several arguments."""
        if self.running is not None and sids:
            self.send_packets(encode(event, payload), sids)

    def send_packets(self, packets: list[Any], sids: Sequence[str]) -> None:
        """Queue Engine.IO packets for ``sids``, as they are."""
        running = self.running
        if running is None or not sids:
            return
        eio = running.sio.eio
        manager = running.sio.manager
        targets = list(sids)

        async def send() -> None:
            for sid in targets:
                eio_sid = manager.eio_sid_from_sid(sid, NAMESPACE)
                if eio_sid is None:
                    continue
                # A socket accepted a moment ago gets its CONNECT packet first.
                for _ in range(100):
                    if manager.is_connected(sid, NAMESPACE):
                        break
                    await asyncio.sleep(0)
                socket = eio.sockets.get(eio_sid)
                if socket is None:
                    continue
                try:
                    for pkt in packets:
                        await socket.send(pkt)
                except Exception:  # a closing socket is no error
                    _LOGGER.debug("could not send to %s", sid)

        self._outbox.put(send)

    def put(self, job: Job) -> None:
        """Queue ``job`` after every send queued so far."""
        self._outbox.put(job)

    async def run(self, job: Job) -> None:
        """Queue ``job`` and wait until it has run."""
        await self._outbox.run(job)

    async def flush(self) -> None:
        """Wait until everything queued so far has been handed to the sockets."""
        await self._outbox.flush()

    # ----------------------------------------------------------------- tasks

    def _start_engine_task(
        self, target: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any
    ) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(target(*args, **kwargs))
        self._engine_tasks.add(task)
        task.add_done_callback(self._engine_tasks.discard)
        return task

    async def _cancel_engine_tasks(self) -> None:
        while self._engine_tasks:
            tasks = list(self._engine_tasks)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


def encode(event: str, payload: Any) -> list[Any]:
    """Engine.IO packets for a Socket.IO event (binary data: several)."""
    if payload is None:
        data = [event]
    elif isinstance(payload, tuple):
        data = [event, *payload]
    else:
        data = [event, payload]
    try:
        # What python-socketio's Packet.encode() writes for a text event,
        # without its walk of the whole payload looking for bytes.
        text = str(sio_packet.EVENT) + json.dumps(data, separators=(",", ":"))
    except TypeError:  # bytes somewhere: a binary event with attachments
        packet = sio_packet.Packet(sio_packet.EVENT, namespace=NAMESPACE, data=data)
        encoded = packet.encode()
        return [eio_packet.Packet(eio_packet.MESSAGE, part) for part in encoded]
    return [eio_packet.Packet(eio_packet.MESSAGE, text)]


class HostedServer:
    """What every reference server does the same way with its `SocketHost`:
    restart on its port, freeze and thaw, ``async with``. A server sets
    `_host` and `_port` and has its own `start` and `stop`."""

    _host: SocketHost
    _port: int

    async def start(self) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError

    async def restart(self, pause: float = 0.0) -> None:
        """Stop, wait ``pause`` seconds, start again on the same port."""
        await self.stop()
        if pause > 0:
            await asyncio.sleep(pause)
        await self.start()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def running(self) -> bool:
        """Whether the server is listening."""
        return self._host.running is not None

    @property
    def port(self) -> int:
        """The public port (0 until the first start when asked for any)."""
        return self._port

    def freeze(self) -> None:
        """Stop answering, keep sockets open: no pings, no replies."""
        self._host.freeze()

    def thaw(self) -> None:
        """Answer again; what waited goes through."""
        self._host.thaw()

    @property
    def frozen(self) -> bool:
        """Whether the server is frozen."""
        return self._host.frozen
