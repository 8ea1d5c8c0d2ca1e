"""What the server observed, for tests to assert on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ReceivedEvent:
    """One event a client sent (rate-limited ones too, with ``limited``)."""

    sub: str
    sid: str
    event: str
    payload: Any  # None: no argument; a list: several arguments
    at: float  # time.monotonic()
    limited: bool = False


@dataclass(frozen=True, slots=True)
class ConnectionAttempt:
    """One connection attempt, accepted or refused (``code``: why)."""

    sub: str | None
    accepted: bool
    code: str | None
    at: float  # time.monotonic()
