"""Measuring a process from inside: event-loop lag, GC pauses, memory, percentiles.

The benchmark's roles and the fault tests use the same probes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
import contextlib
import gc
import math
import time
import types
from typing import Any

LAG_INTERVAL = 0.010  # the loop-lag probe's period (s)


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank `pct` percentile (0-100) of `values`, in their unit.

    NaN when there are no values: no figure, rather than a made-up 0.
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def rss_bytes() -> int:
    """Resident set size of this process."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def settled_rss() -> int:
    """RSS after a full collection (so garbage does not count)."""
    gc.collect()
    return rss_bytes()


def _owned_by(obj: object, package: str) -> int:
    """1 for an instance, function or bound method of `package` (plus the
    instance's dict and the function's closure cells it keeps), else 0."""
    kind = type(obj)
    module = kind.__dict__.get("__module__")  # a descriptor on some builtins
    if isinstance(module, str) and module.startswith(package):
        extra = getattr(obj, "__dict__", None)
        return 1 + (extra is not None and gc.is_tracked(extra))
    if kind is types.FunctionType:
        function: Any = obj
        if (function.__module__ or "").startswith(package):
            return 1 + sum(gc.is_tracked(cell) for cell in function.__closure__ or ())
        return 0
    if kind is types.MethodType:
        method: Any = obj
        return int((method.__func__.__module__ or "").startswith(package))
    return 0


def heap_census(package: str | None = None) -> dict[str, float]:
    """The objects the cycle collector tracks, how long one full collection of
    them takes (what any full collection costs at this heap), and how many of
    them are `package`'s own (instances, their dicts, functions and cells,
    bound methods; lists and dicts it builds are not told apart)."""
    gc.collect()
    started = time.perf_counter()
    gc.collect()
    full_ms = (time.perf_counter() - started) * 1000
    objects = gc.get_objects()
    census: dict[str, float] = {"tracked": len(objects), "full_gc_ms": full_ms}
    if package is not None:
        census["own"] = sum(_owned_by(obj, package) for obj in objects)
    del objects
    return census


class GcWatch:
    """Every collection's pause, from `gc.callbacks` (times in monotonic s),
    from creation until `close`."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float, int]] = []  # start, seconds, gen
        self._start = 0.0
        self._forcing = False
        gc.callbacks.append(self._callback)

    def collect(self) -> None:
        """A full collection the benchmark forces, left out of the pauses."""
        self._forcing = True
        try:
            gc.collect()
        finally:
            self._forcing = False

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if self._forcing:
            return
        if phase == "start":
            self._start = time.monotonic()
        else:
            self.pauses.append(
                (self._start, time.monotonic() - self._start, info["generation"])
            )

    def full_count(self) -> int:
        """Full (gen 2) collections so far."""
        return sum(1 for p in self.pauses if p[2] == 2)

    def close(self) -> None:
        """Stop watching."""
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._callback)

    def between(self, start: float, end: float) -> dict[str, Any]:
        """Count, max and total pause, and full (gen 2) collections, in a window."""
        inside = [p for p in self.pauses if start <= p[0] <= end]
        return {
            "long": [
                (round(at - start, 3), round(seconds * 1000, 1), gen)
                for at, seconds, gen in inside
                if seconds > 0.05
            ],
            "count": len(inside),
            "full": sum(1 for p in inside if p[2] == 2),
            "max_ms": max((p[1] for p in inside), default=0.0) * 1000,
            "total_ms": sum(p[1] for p in inside) * 1000,
        }


class LagProbe:
    """Samples the event loop's lag: how late a sleep of `interval` s wakes up."""

    def __init__(self, interval: float = LAG_INTERVAL) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float]] = []  # wake time, lag (s)
        self._task: asyncio.Task[None] | None = None

    @property
    def lags(self) -> list[float]:
        """Every sample's lag (s), oldest first."""
        return [lag for _, lag in self.samples]

    def start(self) -> None:
        """Run in the background from now on."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(self.interval)
            now = time.monotonic()
            self.samples.append((now, max(0.0, now - before - self.interval)))
            if len(self.samples) > 200_000:
                del self.samples[:100_000]

    def between(self, start: float, end: float) -> dict[str, Any]:
        """Lag p50, p99 and max (ms) of the samples woken in a window."""
        inside = [(at, lag) for at, lag in self.samples if start <= at <= end]
        lags = [lag * 1000 for _, lag in inside]
        return {
            "long": [
                (round(at - start, 3), round(lag * 1000, 1))
                for at, lag in inside
                if lag > 0.05
            ],
            "samples": len(lags),
            "p50_ms": percentile(lags, 50),
            "p99_ms": percentile(lags, 99),
            "max_ms": max(lags, default=math.nan),
        }

    async def switch(self, on: bool) -> None:
        """Start or stop sampling (100 wake-ups a second while on)."""
        if on:
            self.start()
        else:
            await self.stop()

    async def stop(self) -> None:
        """Stop sampling."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


class Window:
    """CPU, wall time, loop lag and GC pauses between `open` and `close`."""

    def __init__(self, lag: LagProbe, gcw: GcWatch) -> None:
        self._lag = lag
        self._gc = gcw
        self.t0 = time.monotonic()
        self.cpu0 = time.process_time()

    async def close(self) -> dict[str, Any]:
        """The figures since the window opened.

        Waits two probe periods first: a stall that ended just now is
        recorded by the probe's next wake-up.
        """
        await asyncio.sleep(2 * self._lag.interval)
        t1 = time.monotonic()
        return {
            "t0": self.t0,
            "t1": t1,
            "wall": t1 - self.t0,
            "cpu": time.process_time() - self.cpu0,
            "lag": self._lag.between(self.t0, t1),
            "gc": self._gc.between(self.t0, t1),
        }


async def settled_window(lag: LagProbe, gcw: GcWatch) -> Window:
    """A window opened once the lag probe has woken after whatever ran just
    before (a full collection, a heap census): a stall that ended before the
    window is then not counted in it."""
    await asyncio.sleep(2 * lag.interval)
    return Window(lag, gcw)
