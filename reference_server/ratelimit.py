"""Token-bucket rate limiting, one bucket per socket."""

from __future__ import annotations

from dataclasses import dataclass
import time


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most ``capacity`` events in a burst, refilled at ``per_second``."""

    capacity: int = 30
    per_second: float = 10.0

    def __post_init__(self) -> None:
        if self.capacity < 1:
            raise ValueError("capacity must be at least 1")
        if self.per_second < 0:
            raise ValueError("per_second must not be negative")

    def bucket(self) -> TokenBucket:
        """Return a new, full bucket with this limit."""
        return TokenBucket(self)


class TokenBucket:
    """Each event takes one token; tokens come back at the limit's rate."""

    __slots__ = ("_limit", "_tokens", "_updated")

    def __init__(self, limit: RateLimit) -> None:
        self._limit = limit
        self._tokens = float(limit.capacity)
        self._updated = time.monotonic()

    def take(self, now: float | None = None) -> bool:
        """Take one token; False (and nothing taken) when the bucket is empty."""
        now = time.monotonic() if now is None else now
        limit = self._limit
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(
            float(limit.capacity), self._tokens + elapsed * limit.per_second
        )
        self._updated = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True
