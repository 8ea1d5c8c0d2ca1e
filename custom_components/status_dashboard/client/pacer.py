"""Paces what the client sends, so it stays below the server's rate limit."""

from __future__ import annotations

import asyncio
import time


class SendPacer:
    """A token bucket for outgoing requests, slowed down when the server objects."""

    def __init__(self, rate: float = 4.0, burst: int = 5) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._stamp = time.monotonic()
        self._slow_until = 0.0

    @property
    def rate(self) -> float:
        """Requests per second allowed now."""
        return self._rate / 4 if time.monotonic() < self._slow_until else self._rate

    def try_acquire(self) -> bool:
        """Take a token if one is there."""
        self._refill()
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    async def acquire(self) -> None:
        """Wait for a token."""
        while not self.try_acquire():
            await asyncio.sleep((1 - self._tokens) / self.rate)

    def slow_down(self, seconds: float = 60.0) -> None:
        """The server said we send too much: a quarter of the rate for a while."""
        self._slow_until = time.monotonic() + seconds
        self._tokens = 0.0

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
