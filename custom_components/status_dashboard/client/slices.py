"""Long work in slices: yield to the event loop once a slice has used its time."""

from __future__ import annotations

import asyncio
import time

# A slice's time: long enough that yielding costs little, short enough that
# nothing else waits for long (a loop stall users notice starts near 100 ms).
SLICE_SECONDS = 0.02


class Slicer:
    """`await slicer.breathe()` between items: it yields when the slice is used up."""

    def __init__(self, seconds: float = SLICE_SECONDS) -> None:
        self._seconds = seconds
        self._until = time.monotonic() + seconds

    async def breathe(self) -> None:
        """Let the event loop run if this slice has used its time."""
        if time.monotonic() >= self._until:
            await asyncio.sleep(0)
            self._until = time.monotonic() + self._seconds
