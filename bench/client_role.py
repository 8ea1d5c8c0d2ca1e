"""What the two client processes (Home Assistant with the integration, the bare
client) measure alike: the probes, the updates received since a mark, the
heap phase, and the commands the controller sends to either of them."""

from __future__ import annotations

from typing import Any

from reference_server.waiting import poll

from .common import POLL_INTERVAL, Handler
from .heap import HeapTrace
from .probes import GcWatch, LagProbe, Window


class ClientRole:
    """A client's probes and its count of updates since a mark; a role adds
    how it connects and what it waits for."""

    # Answered by both roles (see bench.phases); each role adds its own.
    COMMANDS: tuple[str, ...] = (
        "lag_probe",
        "window_start",
        "window_stop",
        "arm",
        "wait_bulk",
        "wait_connected",
        "heap_start",
        "heap_mark",
        "heap_stop",
        "gc_full",
        "shutdown",
    )

    def __init__(self) -> None:
        self.gc = GcWatch()
        self.lag = LagProbe()
        self.heap = HeapTrace(self.lag, self.gc)
        self.window: Window | None = None
        self._received0 = 0

    def received(self) -> int:
        """Status updates received since the process started."""
        raise NotImplementedError

    def since_mark(self) -> int:
        return self.received() - self._received0

    def open_window(self) -> None:
        """Count updates and measure the process from now."""
        self._received0 = self.received()
        self.window = Window(self.lag, self.gc)

    async def close_window(self, expected: int, timeout: float) -> dict[str, Any]:
        """The window's figures once `expected` updates arrived (or `timeout`)."""
        assert self.window is not None
        drained = await self._drained(expected, timeout)
        figures = await self.window.close()
        return {**figures, "drained": drained, "received": self.since_mark()}

    async def _drained(self, expected: int, timeout: float) -> bool:
        return await poll(lambda: self.since_mark() >= expected, timeout, POLL_INTERVAL)

    async def lag_probe(self, on: bool) -> None:
        await self.lag.switch(on)

    async def heap_start(self) -> None:
        self.heap.start()

    async def heap_mark(self) -> None:
        self._received0 = self.received()
        self.heap.mark()

    async def heap_stop(self, expected: int, timeout: float = 120.0) -> dict[str, Any]:
        """The heap's figures once `expected` updates arrived since the mark."""
        drained = await self._drained(expected, timeout)
        figures = await self.heap.stop()
        return {**figures, "drained": drained, "received": self.since_mark()}

    async def gc_full(self) -> int:
        """Full (gen 2) collections since the process started."""
        return self.gc.full_count()

    def handlers(self) -> dict[str, Handler]:
        return {command: getattr(self, command) for command in self.COMMANDS}
