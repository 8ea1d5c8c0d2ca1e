"""Logging that cannot flood: each kind of message at most once per window."""

from __future__ import annotations

import logging
import time


class ThrottledLog:
    """Logs the first message of each key, then at most one per `window` seconds.

    A message logged after a quiet spell says how many were held back.
    """

    def __init__(self, logger: logging.Logger, window: float = 300.0) -> None:
        self._logger = logger
        self._window = window
        self._last: dict[str, float] = {}
        self._suppressed: dict[str, int] = {}

    def log(self, level: int, key: str, message: str, *args: object) -> None:
        """Log `message % args` unless `key` was logged within the window."""
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last < self._window:
            self._suppressed[key] = self._suppressed.get(key, 0) + 1
            return
        self._last[key] = now
        suppressed = self._suppressed.pop(key, 0)
        if suppressed:
            message += " (%d similar messages suppressed)"
            args = (*args, suppressed)
        self._logger.log(level, message, *args)
