"""The re-check queue: every request:refresh paced below the server's limit."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
import itertools
from typing import Any

from custom_components.status_dashboard.client.errors import NotConnected
from custom_components.status_dashboard.client.recheck import RecheckQueue


class Clock:
    """Time that moves only when the queue sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class Server:
    """Records what was sent, and when; refuses while `down`."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.sent: list[tuple[float, str]] = []
        self.down = False

    async def send(self, service_id: str) -> None:
        if self.down:
            raise NotConnected
        self.sent.append((self.clock(), service_id))

    @property
    def ids(self) -> list[str]:
        return [service_id for _, service_id in self.sent]


def make_queue(clock: Clock, server: Server, **options: Any) -> RecheckQueue:
    def start(job: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        return asyncio.get_running_loop().create_task(job)

    return RecheckQueue(server.send, start, clock=clock, sleep=clock.sleep, **options)


async def drained(queue: RecheckQueue) -> None:
    for _ in range(10_000):
        if queue.idle:
            return
        await asyncio.sleep(0)
    raise AssertionError("the queue never drained")


async def test_a_burst_goes_at_once_then_the_rate_holds() -> None:
    clock = Clock()
    server = Server(clock)
    queue = make_queue(clock, server, rate=4.0, burst=5)
    queue.request(f"s{n}" for n in range(13))
    await drained(queue)
    assert server.ids == [f"s{n}" for n in range(13)]
    stamps = [at - 1000.0 for at, _ in server.sent]
    assert stamps[:5] == [0.0] * 5
    gaps = [later - earlier for earlier, later in itertools.pairwise(stamps[4:])]
    assert all(abs(gap - 0.25) < 1e-9 for gap in gaps)


async def test_a_service_asked_again_within_the_window_is_sent_once() -> None:
    clock = Clock()
    server = Server(clock)
    queue = make_queue(clock, server, repeat_after=5.0)
    assert queue.request(["mail"])
    for _ in range(9):
        assert not queue.request(["mail"])
    assert not queue.request(["api", "mail"])
    await drained(queue)
    clock.now += 4.9
    queue.request(["mail"])
    await drained(queue)
    assert server.ids == ["mail", "api"]
    clock.now += 0.2
    queue.request(["mail"])
    await drained(queue)
    assert server.ids == ["mail", "api", "mail"]


async def test_slow_down_quarters_the_rate_for_the_spell() -> None:
    clock = Clock()
    server = Server(clock)
    queue = make_queue(clock, server, rate=4.0, burst=1, slow_spell=60.0)
    queue.slow_down()
    assert queue.rate == 1.0
    queue.request(["a", "b", "c"])
    await drained(queue)
    stamps = [at - 1000.0 for at, _ in server.sent]
    assert stamps == [1.0, 2.0, 3.0]
    clock.now += 60.0
    assert queue.rate == 4.0


async def test_a_dropped_link_drops_what_was_queued() -> None:
    clock = Clock()
    server = Server(clock)
    queue = make_queue(clock, server, burst=1)
    server.down = True
    queue.request(["a", "b", "c"])
    await drained(queue)
    server.down = False
    queue.request(["d"])
    await drained(queue)
    assert server.ids == ["d"]


async def test_forget_and_cancel_drop_queued_requests() -> None:
    clock = Clock()
    server = Server(clock)
    queue = make_queue(clock, server, burst=1, rate=1.0)
    queue.request(["a", "b", "c"])
    queue.forget("b")
    await drained(queue)
    assert server.ids == ["a", "c"]
    queue.request(["x", "y"])
    queue.cancel()
    assert queue.idle
    await asyncio.sleep(0)
    assert server.ids == ["a", "c"]
