"""What a run prints beside the table, and the JSON it can write."""

from __future__ import annotations

import argparse
from dataclasses import asdict
import math
from typing import Any

from .results import Results


def machine_line(m: dict[str, Any], load_end: tuple[float, ...], runtime: float) -> str:
    return (
        f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, Home"
        f" Assistant {m.get('ha', '?')} (asyncio debug"
        f" {'ON' if m.get('asyncio_debug') else 'off'}), python-socketio"
        f" {m['socketio']} / python-engineio {m['engineio']} / aiohttp"
        f" {m['aiohttp']}; load average {m['load'][0]:.2f} at start,"
        f" {load_end[0]:.2f} at end; processes outside the benchmark used"
        f" {m.get('others', math.nan):.2f} cores on average; runtime {runtime:.0f} s"
    )


def vars_of(args: argparse.Namespace, r: Results) -> dict[str, Any]:
    """The options and every figure, for --json."""
    return {"args": {k: str(v) for k, v in vars(args).items()}, **asdict(r)}
