"""Polling a condition with a bound: the one loop tests, bench and server share."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import time


async def poll(
    predicate: Callable[[], bool], timeout: float, interval: float = 0.01
) -> bool:
    """Poll `predicate` every `interval` s; False if it still fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(interval)
    return True
