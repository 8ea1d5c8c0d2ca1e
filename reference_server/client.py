"""A plain Socket.IO client that records what it receives, for tests.

It uses python-socketio's AsyncClient with the library's reconnection off,
tracks every task the client starts and waits for them on ``close``, so a
test that closes its clients leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

import socketio

from .waiting import poll

if TYPE_CHECKING:
    from collections.abc import Callable

_NO_TOKEN = object()


class RecordingClient:
    """Connects to a status server and records events, refusals, drops."""

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        auth: Any = _NO_TOKEN,
        transports: list[str] | None = None,
        **client_options: Any,
    ) -> None:
        """``token`` goes in ``auth={"token": ...}`` unless ``auth`` is given."""
        self.url = url
        self.transports = transports
        if auth is _NO_TOKEN:
            auth = {"token": token} if token is not None else None
        self.auth = auth
        self.sio: Any = socketio.AsyncClient(
            reconnection=False, handle_sigint=False, **client_options
        )
        self._tasks: set[asyncio.Task[Any]] = set()
        self.sio.eio.start_background_task = self._track
        # (event, payload) in arrival order; payload None: no argument,
        # a tuple: several arguments.
        self.received: list[tuple[str, Any]] = []
        self.connect_errors: list[Any] = []
        self.disconnects: list[Any] = []
        self.connects = 0
        self.task_errors: list[BaseException] = []
        self.sio.on("connect", self._on_connect)
        self.sio.on("connect_error", self._on_connect_error)
        self.sio.on("disconnect", self._on_disconnect)
        self.sio.on("*", self._on_any)

    # handlers are plain functions: python-socketio runs them in order
    def _on_connect(self) -> None:
        self.connects += 1

    def _on_connect_error(self, data: Any = None) -> None:
        self.connect_errors.append(data)

    def _on_disconnect(self, reason: Any = None) -> None:
        self.disconnects.append(reason)

    def _on_any(self, event: str, *args: Any) -> None:
        payload: Any = args[0] if len(args) == 1 else (args or None)
        self.received.append((event, payload))

    def _track(
        self, target: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(target(*args, **kwargs))
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            # python-socketio leaves some errors (a malformed packet's
            # JSONDecodeError) in its tasks; keep them for the test to see.
            self.task_errors.append(error)

    @property
    def connected(self) -> bool:
        """Whether the Socket.IO connection is up."""
        return bool(self.sio.connected)

    async def connect(self, *, wait_timeout: float = 5.0) -> None:
        """Connect; raises socketio.exceptions.ConnectionError when refused."""
        await self.sio.connect(
            self.url,
            auth=self.auth,
            transports=self.transports,
            wait_timeout=wait_timeout,
        )

    async def try_connect(self, *, wait_timeout: float = 5.0) -> Any:
        """Connect; return None, or what ``connect_error`` received."""
        before = len(self.connect_errors)
        try:
            await self.connect(wait_timeout=wait_timeout)
        except socketio.exceptions.ConnectionError as err:
            if len(self.connect_errors) > before:
                return self.connect_errors[-1]
            return err
        return None

    async def emit(self, event: str, data: Any = None) -> None:
        """Send an event (None: no argument)."""
        await self.sio.emit(event, data)

    def payloads(self, event: str) -> list[Any]:
        """Payloads received for ``event``, oldest first."""
        return [payload for name, payload in self.received if name == event]

    async def wait_event(
        self,
        event: str,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[Any]:
        """Wait until ``count`` ``event`` payloads arrived in all; return them.

        TimeoutError after ``timeout``.
        """
        if not await poll(lambda: len(self.payloads(event)) >= count, timeout):
            raise TimeoutError(f"{count} {event!r} not received within {timeout} s")
        return self.payloads(event)

    async def close(self) -> None:
        """Disconnect and wait for every task the client started."""
        with contextlib.suppress(Exception):
            await self.sio.disconnect()
        if self._tasks:
            _done, pending = await asyncio.wait(list(self._tasks), timeout=2.0)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
        eio = self.sio.eio
        ws = getattr(eio, "ws", None)
        if ws is not None and not ws.closed:
            # After a ping timeout the library leaves its WebSocket open, and
            # aiohttp's request timer with it.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 1.0)
        if not eio.external_http and eio.http is not None and not eio.http.closed:
            await eio.http.close()
