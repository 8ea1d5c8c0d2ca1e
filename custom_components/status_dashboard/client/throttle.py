"""A per-key throttle: the first change at once, then at most one per interval.

Not a trailing debounce (which never fires under a steady stream): the last
change of a burst is always delivered, at most `interval` seconds late.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class KeyedThrottle:
    """Calls `deliver(key)` at most once per `interval` per key."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        interval: float,
        deliver: Callable[[str], None],
    ) -> None:
        self._loop = loop
        self._interval = interval
        self._deliver = deliver
        self._windows: dict[str, asyncio.TimerHandle] = {}
        self._pending: set[str] = set()

    def offer(self, key: str) -> None:
        """A change of `key`: delivered now, or when its window closes."""
        if key in self._windows:
            self._pending.add(key)
            return
        self._open_window(key)
        self._deliver(key)

    def deliver_now(self, key: str) -> None:
        """A change that must not wait: delivered at once, starting a new window."""
        self._pending.discard(key)
        if (window := self._windows.pop(key, None)) is not None:
            window.cancel()
        self._open_window(key)
        self._deliver(key)

    def forget(self, key: str) -> None:
        """Drop what is pending for `key` (the key is gone)."""
        self._pending.discard(key)
        if (window := self._windows.pop(key, None)) is not None:
            window.cancel()

    def cancel(self) -> None:
        """Drop every window and pending change."""
        for window in self._windows.values():
            window.cancel()
        self._windows.clear()
        self._pending.clear()

    @property
    def pending(self) -> int:
        """How many keys have a change waiting for their window to close."""
        return len(self._pending)

    def _open_window(self, key: str) -> None:
        self._windows[key] = self._loop.call_later(
            self._interval, self._close_window, key
        )

    def _close_window(self, key: str) -> None:
        del self._windows[key]
        if key in self._pending:
            self._pending.discard(key)
            self._open_window(key)
            self._deliver(key)
