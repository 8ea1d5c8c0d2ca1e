"""Measuring tools for the fault tests: figures, loop lag, leaks, a hung listener."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
import gc
import json
import os
import time
from typing import Any

import aiohttp
from engineio import base_client as engineio_base_client
import psutil

from bench.probes import GcWatch, LagProbe, percentile


def figure(name: str, **values: Any) -> None:
    """Print one measured figure (visible with -s), and append it to a file when
    FAULTS_FIGURES names one."""
    text = " ".join(f"{key}={_fmt(value)}" for key, value in values.items())
    print(f"\nFIGURE: {name}: {text}")
    if path := os.environ.get("FAULTS_FIGURES"):
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"test": name, **values}, default=str) + "\n")


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


class LoopWatch:
    """The loop-lag probe and the GC pauses between `start` and `stop`.

    No samples (a stretch shorter than one probe period) count as no lag.
    """

    def __init__(self) -> None:
        self.lag = LagProbe()
        self.gc: GcWatch | None = None

    def start(self) -> None:
        self.gc = GcWatch()
        self.lag.start()

    async def stop(self) -> None:
        await self.lag.stop()
        if self.gc is not None:
            self.gc.close()

    @property
    def max(self) -> float:
        """The longest lag (s)."""
        return max(self.lag.lags, default=0.0)

    @property
    def p99(self) -> float:
        """The 99th percentile lag (s)."""
        return self._percentile(99)

    def _percentile(self, pct: float) -> float:
        lags = self.lag.lags
        return percentile(lags, pct) if lags else 0.0

    def summary(self) -> dict[str, Any]:
        pauses = [seconds for _, seconds, _ in self.gc.pauses] if self.gc else []
        return {
            "samples": len(self.lag.samples),
            "lag_max_ms": round(self.max * 1000, 1),
            "lag_p99_ms": round(self.p99 * 1000, 1),
            "lag_p50_ms": round(self._percentile(50) * 1000, 2),
            "gc_pauses": len(pauses),
            "gc_max_ms": round(max(pauses, default=0.0) * 1000, 1),
        }


@dataclass(frozen=True, slots=True)
class Resources:
    """What a leak would show in: tasks, timers, sockets, file descriptors..."""

    tasks: int
    timers: int
    sockets: int
    fds: int
    engineio_clients: int
    open_sessions: int
    task_names: tuple[str, ...] = field(default=(), compare=False)

    def minus(self, other: Resources) -> dict[str, int]:
        return {
            "tasks": self.tasks - other.tasks,
            "timers": self.timers - other.timers,
            "sockets": self.sockets - other.sockets,
            "fds": self.fds - other.fds,
            "engineio_clients": self.engineio_clients - other.engineio_clients,
            "open_sessions": self.open_sessions - other.open_sessions,
        }


def resources(*, sessions: bool = True) -> Resources:
    """Count live tasks, pending timers, inet sockets, fds, engine.io clients and
    open aiohttp sessions of this process."""
    loop = asyncio.get_running_loop()
    tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
    scheduled: list[asyncio.TimerHandle] = loop._scheduled  # type: ignore[attr-defined]
    timers = sum(1 for handle in scheduled if not handle.cancelled())
    process = psutil.Process()
    open_sessions = 0
    if sessions:
        open_sessions = sum(
            1
            for obj in gc.get_objects()
            if isinstance(obj, aiohttp.ClientSession) and not obj.closed
        )
    return Resources(
        tasks=len(tasks),
        timers=timers,
        sockets=len(process.net_connections(kind="inet")),
        fds=process.num_fds(),
        engineio_clients=len(engineio_base_client.connected_clients),
        open_sessions=open_sessions,
        task_names=tuple(sorted(_task_label(task) for task in tasks)),
    )


def _task_label(task: asyncio.Task[Any]) -> str:
    coro = task.get_coro()
    return getattr(coro, "__qualname__", None) or task.get_name()


class HungListener:
    """Accepts TCP connections and never says a word; counts what it accepted."""

    def __init__(self) -> None:
        self.accepted: list[float] = []
        self._writers: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None

    async def start(self, port: int = 0) -> int:
        async def hold(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            self.accepted.append(time.monotonic())
            self._writers.append(writer)
            with contextlib.suppress(ConnectionError):
                await reader.read()  # until the client gives up
            writer.close()

        self._server = await asyncio.start_server(
            hold, "127.0.0.1", port, reuse_address=True
        )
        return int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        server.close_clients()
        for writer in self._writers:
            writer.close()
        await server.wait_closed()
