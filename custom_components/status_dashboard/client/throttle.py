"""A per-key throttle: the first change at once, then at most one per interval.

Not a trailing debounce (which never fires under a steady stream): the last
change of a burst is always delivered, at most `interval` seconds late.

A window is only a timestamp until a change lands inside it; only then is a
timer scheduled. A stream of changes that are each delivered at once (status
changes) therefore costs no timer and no extra wake-up of the event loop.
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
        # When each key's current window opened (its last delivery).
        self._opened: dict[str, float] = {}
        # Keys with a change waiting for their window to close.
        self._waiting: dict[str, asyncio.TimerHandle] = {}

    def offer(self, key: str) -> None:
        """A change of `key`: delivered now, or when its window closes."""
        if key in self._waiting:
            return
        now = self._loop.time()
        opened = self._opened.get(key)
        if opened is not None and now - opened < self._interval:
            self._waiting[key] = self._loop.call_at(
                opened + self._interval, self._close_window, key
            )
            return
        self._opened[key] = now
        self._deliver(key)

    def deliver_now(self, key: str) -> None:
        """A change that must not wait: delivered at once, starting a new window."""
        if (waiting := self._waiting.pop(key, None)) is not None:
            waiting.cancel()
        self._opened[key] = self._loop.time()
        self._deliver(key)

    def forget(self, key: str) -> None:
        """Drop the window and what is pending for `key` (the key is gone)."""
        self._opened.pop(key, None)
        if (waiting := self._waiting.pop(key, None)) is not None:
            waiting.cancel()

    def cancel(self) -> None:
        """Drop every window and pending change."""
        for waiting in self._waiting.values():
            waiting.cancel()
        self._waiting.clear()
        self._opened.clear()

    @property
    def pending(self) -> int:
        """How many keys have a change waiting for their window to close."""
        return len(self._waiting)

    def _close_window(self, key: str) -> None:
        del self._waiting[key]
        self._opened[key] = self._loop.time()
        self._deliver(key)
