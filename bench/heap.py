"""What a stretch of updates leaves on the heap, measured with tracemalloc.

tracemalloc slows every allocation, so it runs only in its own phase: start
tracing, let a warm-up turn every service's state over (what replaces the
state held before is then traced too), mark, let the measured batch run,
stop. Between the mark and the stop:

- left alive: traced memory still held after a full collection, net of
  what the batch freed of the warm-up's (so steady-state turnover nets out
  and what grows remains), with the sites that grew most;
- transient peak: the most traced memory held at once above the mark;
- cyclic garbage: objects only the cycle collector could free
  (`gc.get_stats()`), and the collections by generation.

The benchmark's own bookkeeping (bench/) and tracemalloc are left out.
"""

from __future__ import annotations

import gc
import os
import sys
import tracemalloc
from typing import Any

from .probes import GcWatch, LagProbe, Window

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
FILTERS = [
    tracemalloc.Filter(False, tracemalloc.__file__),
    tracemalloc.Filter(False, os.path.join(BENCH_DIR, "*")),
]
TOP_SITES = 5


def _snapshot() -> tracemalloc.Snapshot:
    return tracemalloc.take_snapshot().filter_traces(FILTERS)


def _site(stat: tracemalloc.StatisticDiff) -> str:
    frame = stat.traceback[0]
    parts = frame.filename.replace(os.sep, "/").split("/")
    # The path from the package down (site-packages/…, custom_components/…).
    for anchor in ("site-packages", "custom_components", "lib"):
        if anchor in parts:
            parts = parts[parts.index(anchor) + 1 :]
            break
    return f"{'/'.join(parts)}:{frame.lineno}"


class HeapTrace:
    """tracemalloc from `start` to `stop`, measured from `mark`."""

    def __init__(self, lag: LagProbe, gcw: GcWatch) -> None:
        self._lag = lag
        self._gc = gcw
        self._snapshot: tracemalloc.Snapshot | None = None
        self._window: Window | None = None
        self._traced0 = 0
        self._blocks0 = 0
        self._stats0: list[dict[str, int]] = []

    def start(self) -> None:
        tracemalloc.start(1)

    def mark(self) -> None:
        self._gc.collect()
        self._snapshot = _snapshot()
        self._traced0 = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        self._blocks0 = sys.getallocatedblocks()
        self._stats0 = gc.get_stats()
        self._window = Window(self._lag, self._gc)

    async def stop(self) -> dict[str, Any]:
        assert self._window is not None
        assert self._snapshot is not None
        figures = await self._window.close()
        stats = gc.get_stats()
        peak = tracemalloc.get_traced_memory()[1] - self._traced0
        self._gc.collect()
        blocks = sys.getallocatedblocks() - self._blocks0
        diff = _snapshot().compare_to(self._snapshot, "lineno")
        tracemalloc.stop()
        self._snapshot = None
        grew = sorted(diff, key=lambda s: s.size_diff, reverse=True)[:TOP_SITES]
        return {
            "window": figures,
            "left_alive_bytes": sum(s.size_diff for s in diff),
            "left_alive_blocks": sum(s.count_diff for s in diff),
            "allocated_blocks_delta": blocks,
            "peak_bytes": peak,
            "cyclic_garbage": sum(
                b["collected"] - a["collected"]
                for a, b in zip(self._stats0, stats, strict=True)
            ),
            "collections": [
                b["collections"] - a["collections"]
                for a, b in zip(self._stats0, stats, strict=True)
            ],
            "top": [[_site(s), s.size_diff, s.count_diff] for s in grew],
        }
