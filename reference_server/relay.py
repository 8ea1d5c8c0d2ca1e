"""A TCP relay in front of the web server, so the server can be frozen.

Clients connect to the relay's public port; each connection is piped to the
web server's internal port. Freezing stops reading on both sides of every
pipe: nothing is forwarded (bytes wait in the kernel's buffers), yet every
socket stays open, as with a hung server or a silent network. Thawing lets
the waiting bytes through.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
from pathlib import Path
import random
import socket
import struct
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Coroutine

_LOGGER = logging.getLogger(__name__)
_LINGER_RESET = struct.pack("ii", 1, 0)  # on, 0 s: close with a reset


def _ephemeral_floor() -> int:
    """The lowest port the kernel gives outgoing connections (Linux)."""
    try:
        text = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text("ascii")
        return int(text.split()[0])
    except OSError, ValueError, IndexError:
        return 32768


# "Any free port" is picked below the ephemeral range: a port the kernel
# chose can be taken by an outgoing connection while the server is stopped,
# and a restart on the same port then fails with "address in use".
_STABLE_PORTS = range(20000, max(20001, _ephemeral_floor()))
_PORT_TRIES = 50


class _Side(asyncio.Protocol):
    """One end of a pipe: the client's connection or the upstream one."""

    def __init__(self, pipe: _Pipe) -> None:
        self.pipe = pipe
        self.transport: asyncio.Transport | None = None
        self.peer_full = False  # the other end's write buffer is full
        self.reading = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.pipe.side_made(self)

    def data_received(self, data: bytes) -> None:
        self.pipe.forward(self, data)

    def eof_received(self) -> bool:
        self.pipe.close_peer(self)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.pipe.side_lost(self)

    def pause_writing(self) -> None:
        self.pipe.other(self).peer_full = True
        self.pipe.update()

    def resume_writing(self) -> None:
        self.pipe.other(self).peer_full = False
        self.pipe.update()

    def set_reading(self, reading: bool) -> None:
        transport = self.transport
        if transport is None or transport.is_closing() or reading == self.reading:
            return
        self.reading = reading
        if reading:
            transport.resume_reading()
        else:
            transport.pause_reading()

    def abort(self) -> None:
        """Reset the connection (RST: no TIME_WAIT left on the relay's port)."""
        if self.transport is None:
            return
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
        self.transport.abort()


def _closed(side: _Side) -> bool:
    return side.transport is None or side.transport.is_closing()


class _Pipe:
    """A client connection and its upstream connection, joined."""

    def __init__(self, relay: TcpRelay) -> None:
        self.relay = relay
        self.down = _Side(self)
        self.up = _Side(self)

    def other(self, side: _Side) -> _Side:
        return self.up if side is self.down else self.down

    def side_made(self, side: _Side) -> None:
        if side is self.down:
            self.relay.pipes.add(self)
            self.relay.track(self._connect_upstream())
        elif self.down.transport is None or self.down.transport.is_closing():
            self.abort()  # the client left while we were connecting
            return
        self.update()

    async def _connect_upstream(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.create_connection(
                lambda: self.up, self.relay.target_host, self.relay.target_port
            )
        except OSError:
            _LOGGER.debug("relay could not reach the web server")
            self.abort()

    def update(self) -> None:
        """Read on a side only when its bytes can go somewhere now."""
        frozen = self.relay.frozen
        up_open = self.up.transport is not None and not self.up.transport.is_closing()
        self.down.set_reading(not frozen and up_open and not self.down.peer_full)
        self.up.set_reading(not frozen and not self.up.peer_full)

    def forward(self, side: _Side, data: bytes) -> None:
        target = self.other(side).transport
        if target is not None and not target.is_closing():
            target.write(data)

    def close_peer(self, side: _Side) -> None:
        transport = self.other(side).transport
        if transport is not None:
            transport.close()  # after what is already written has gone out

    def side_lost(self, side: _Side) -> None:
        self.close_peer(side)
        if _closed(self.down) and _closed(self.up):
            self.relay.pipes.discard(self)

    def abort(self) -> None:
        self.down.abort()
        self.up.abort()
        self.relay.pipes.discard(self)


class TcpRelay:
    """Listens on a public address and pipes every connection to a target."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.pipes: set[_Pipe] = set()
        self.frozen = False
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def track(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run ``coro`` as a task that ``stop`` cancels."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def port(self) -> int:
        """The public port (after ``start``)."""
        if self._server is None:
            raise RuntimeError("relay not started")
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self, host: str, port: int) -> int:
        """Listen on ``host:port`` (0: any free port); return the port."""
        if port:
            return await self._listen(host, port)
        for candidate in random.sample(
            _STABLE_PORTS, min(_PORT_TRIES, len(_STABLE_PORTS))
        ):
            try:
                return await self._listen(host, candidate)
            except OSError as err:
                if err.errno != errno.EADDRINUSE:
                    raise
        return await self._listen(host, 0)

    async def _listen(self, host: str, port: int) -> int:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _Pipe(self).down,
            host,
            port,
            family=socket.AF_INET6 if ":" in host else socket.AF_INET,
            reuse_address=True,
            backlog=512,
        )
        return self.port

    async def stop(self) -> None:
        """Close the listener and every connection at once."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        self.abort_all()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.abort_all()  # a connection made just before its task ended
        if server is not None:
            await server.wait_closed()

    def abort_all(self) -> None:
        """Reset every piped connection (the listener stays)."""
        for pipe in list(self.pipes):
            pipe.abort()

    def freeze(self) -> None:
        """Stop forwarding, keep every socket open."""
        self.frozen = True
        for pipe in self.pipes:
            pipe.update()

    def thaw(self) -> None:
        """Forward again, starting with what waited."""
        self.frozen = False
        for pipe in list(self.pipes):
            pipe.update()
