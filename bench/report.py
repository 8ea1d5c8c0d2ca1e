"""What a run prints beside the table, and the JSON it can write."""

from __future__ import annotations

import argparse
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
    return {
        "args": {k: str(v) for k, v in vars(args).items()},
        "machine": r.machine,
        "setup": r.setup,
        "latency": r.latency,
        "latency_after": r.latency_after,
        "cpu_rounds": r.cpu_rounds,
        "sustained": r.sustained,
        "status_ramp": r.status_ramp,
        "garbage": r.garbage,
        "bulk": r.bulk,
        "cycles": r.cycles,
        "parts": r.parts,
        "reconnect": r.reconnect,
    }
