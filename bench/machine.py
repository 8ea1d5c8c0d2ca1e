"""The machine a run is on: what it is, and how much CPU other work took."""

from __future__ import annotations

from importlib.metadata import version
import os
import platform
import time
from typing import Any

from .processes import CHILDREN

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds() -> tuple[float, float]:
    """Busy CPU time of the whole machine and of the benchmark's processes."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal
    busy = sum(fields[:3]) + sum(fields[5:8])
    ours = 0
    for pid in [os.getpid(), *CHILDREN]:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                parts = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ours += int(parts[11]) + int(parts[12])  # utime, stime
    return busy / CLOCK_TICKS, ours / CLOCK_TICKS


class Others:
    """CPU used by processes outside the benchmark (in cores) over a span."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.busy0, self.ours0 = _cpu_seconds()

    def cores(self) -> float:
        busy, ours = _cpu_seconds()
        wall = time.monotonic() - self.t0
        return max(0.0, (busy - self.busy0) - (ours - self.ours0)) / max(wall, 1e-9)


def machine() -> dict[str, Any]:
    model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "socketio": version("python-socketio"),
        "engineio": version("python-engineio"),
        "aiohttp": version("aiohttp"),
        "load": os.getloadavg(),
    }
