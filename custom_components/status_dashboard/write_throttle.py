"""At most one state write a second per service, the latest state each time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class WriteThrottle:
    """Calls `write(service_id)` now, or once that service's last write is
    `interval` seconds old; a service that leaves is forgotten."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        interval: float,
        write: Callable[[str], None],
    ) -> None:
        self._loop = loop
        self._interval = interval
        self._write = write
        self._written_at: dict[str, float] = {}
        self._due: dict[str, asyncio.TimerHandle] = {}

    def now(self, service_id: str) -> None:
        """Write at once (a status change); a write that was due is this one."""
        if (due := self._due.pop(service_id, None)) is not None:
            due.cancel()
        self._written_at[service_id] = self._loop.time()
        self._write(service_id)

    def soon(self, service_id: str) -> None:
        """Write now if the last write is old enough, else when it is."""
        if service_id in self._due:
            return  # the write that is due will show this change too
        now = self._loop.time()
        written_at = self._written_at.get(service_id)
        if written_at is None or now >= written_at + self._interval:
            self._written_at[service_id] = now
            self._write(service_id)
            return
        self._due[service_id] = self._loop.call_at(
            written_at + self._interval, self._due_now, service_id
        )

    def forget(self, service_id: str) -> None:
        """The service left: no write is due, no time is kept."""
        if (due := self._due.pop(service_id, None)) is not None:
            due.cancel()
        self._written_at.pop(service_id, None)

    def clear(self) -> None:
        """Cancel every write that is due and forget every time."""
        for due in self._due.values():
            due.cancel()
        self._due.clear()
        self._written_at.clear()

    def _due_now(self, service_id: str) -> None:
        del self._due[service_id]
        self._written_at[service_id] = self._loop.time()
        self._write(service_id)
