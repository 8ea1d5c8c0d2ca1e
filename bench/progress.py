"""The controller's progress lines, on stderr (the table goes to stdout)."""

from __future__ import annotations

import sys
import time


def log(message: str) -> None:
    """One progress line, stamped with the time of day."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
