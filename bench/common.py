"""What every benchmark process shares: the pipe protocol and the probes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import contextlib
import gc
import json
import logging
import math
import os
import sys
import time
import traceback
from typing import Any

from reference_server.waiting import poll

type Handler = Callable[..., Awaitable[Any]]

LAG_INTERVAL = 0.010  # the loop-lag probe's period (s)


async def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll every 2 ms; False on timeout."""
    return await poll(condition, timeout, interval=0.002)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (NaN for no values)."""
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


class GcWatch:
    """Every collection's pause, from `gc.callbacks` (times in monotonic s)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float, int]] = []  # start, seconds, gen
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.monotonic()
        else:
            self.pauses.append(
                (self._start, time.monotonic() - self._start, info["generation"])
            )

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
    """Samples the event loop's lag: how late a 10 ms sleep wakes up."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []  # wake time, lag (s)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Run in the background from now on."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(LAG_INTERVAL)
            now = time.monotonic()
            self.samples.append((now, max(0.0, now - before - LAG_INTERVAL)))
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
        await asyncio.sleep(2 * LAG_INTERVAL)
        t1 = time.monotonic()
        return {
            "t0": self.t0,
            "t1": t1,
            "wall": t1 - self.t0,
            "cpu": time.process_time() - self.cpu0,
            "lag": self._lag.between(self.t0, t1),
            "gc": self._gc.between(self.t0, t1),
        }


def quiet_logging() -> None:
    """Warnings and worse only, to stderr (stdout is the protocol's)."""
    logging.basicConfig(
        level=logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def protocol_stdout() -> Any:
    """Take fd 1 for the protocol and point everything else printed at stderr."""
    proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return proto


async def serve(handlers: dict[str, Handler]) -> None:
    """Answer JSON-line commands from stdin, one at a time, until `quit`."""
    proto = protocol_stdout()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 26)
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
    )
    proto.write(json.dumps({"ok": True, "result": "ready"}) + "\n")
    while True:
        line = await reader.readline()
        if not line:
            return
        request = json.loads(line)
        command = request["cmd"]
        if command == "quit":
            proto.write(json.dumps({"ok": True, "result": None}) + "\n")
            return
        try:
            result = await handlers[command](**request.get("args", {}))
            reply = {"ok": True, "result": result}
        except Exception as err:  # reported to the controller
            traceback.print_exc()
            reply = {"ok": False, "error": f"{type(err).__name__}: {err}"}
        proto.write(json.dumps(reply, allow_nan=True) + "\n")


def service_id(index: int) -> str:
    """The benchmark's id of service number `index`."""
    return f"svc-{index:05d}"


def service_index(service_id_: str) -> int:
    """The number in a benchmark service id."""
    return int(service_id_[4:])
