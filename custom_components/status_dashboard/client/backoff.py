"""Exponential backoff with jitter between connection attempts."""

from __future__ import annotations

from dataclasses import dataclass
import random


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before retry number `attempt` (1-based): doubles up to `cap`."""

    initial: float = 1.0
    cap: float = 30.0
    jitter: float = 0.2

    def delay(self, attempt: int) -> float:
        """Seconds to wait before the given retry, jittered within ±jitter."""
        base = min(self.cap, self.initial * 2.0 ** max(0, min(attempt - 1, 32)))
        spread = base * self.jitter
        return max(0.0, min(self.cap, base + random.uniform(-spread, spread)))
