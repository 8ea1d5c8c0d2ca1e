"""Per-key throttle: the first item at once, then at most one per interval.

Items offered while a key is cooling down are merged, and the merged item is
delivered when the interval ends, so the last state of a burst is never lost
(a throttle, not a trailing debounce, which a steady stream would starve).
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


class Throttle[T]:
    """Deliver items per key through ``emit``, at most one per ``interval``."""

    def __init__(
        self,
        interval: float,
        emit: Callable[[str, T], None],
        merge: Callable[[T, T], T],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._interval = interval
        self._emit = emit
        self._merge = merge
        self._clock = clock
        self._last: dict[str, float] = {}
        self._pending: dict[str, T] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}

    def submit(self, key: str, item: T) -> None:
        """Deliver ``item`` now if ``key`` may send, else merge it for later."""
        if self._interval <= 0:
            self._emit(key, item)
            return
        now = self._clock()
        if key in self._timers:
            self._pending[key] = self._merge(self._pending[key], item)
            return
        last = self._last.get(key)
        if last is None or now - last >= self._interval:
            self._last[key] = now
            self._emit(key, item)
            return
        self._pending[key] = item
        delay = last + self._interval - now
        self._timers[key] = asyncio.get_running_loop().call_later(
            delay, self._flush, key
        )

    def _flush(self, key: str) -> None:
        del self._timers[key]
        item = self._pending.pop(key)
        self._last[key] = self._clock()
        self._emit(key, item)

    def clear(self) -> None:
        """Cancel every timer and drop every pending item."""
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self._pending.clear()
        self._last.clear()
