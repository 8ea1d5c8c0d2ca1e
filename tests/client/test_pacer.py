"""The send token bucket that keeps the client under the server's rate limit."""

from __future__ import annotations

import time

import pytest

from custom_components.status_dashboard.client import pacer as pacer_module
from custom_components.status_dashboard.client.pacer import SendPacer


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(pacer_module, "time", clock)
    return clock


def take_all(pacer: SendPacer) -> int:
    taken = 0
    while pacer.try_acquire():
        taken += 1
    return taken


def test_burst_is_allowed_at_once_then_refused(clock: Clock) -> None:
    pacer = SendPacer(rate=4, burst=5)

    assert take_all(pacer) == 5
    assert pacer.try_acquire() is False


def test_tokens_come_back_at_the_rate(clock: Clock) -> None:
    pacer = SendPacer(rate=4, burst=5)
    take_all(pacer)

    clock.advance(0.2)
    assert pacer.try_acquire() is False
    clock.advance(0.05)
    assert pacer.try_acquire() is True
    clock.advance(1.0)
    assert take_all(pacer) == 4


def test_idle_time_never_saves_more_than_the_burst(clock: Clock) -> None:
    pacer = SendPacer(rate=4, burst=5)
    take_all(pacer)

    clock.advance(3600)

    assert take_all(pacer) == 5


def test_slow_down_empties_the_bucket_and_quarters_the_rate(clock: Clock) -> None:
    pacer = SendPacer(rate=4, burst=5)

    pacer.slow_down(60)

    assert pacer.rate == 1.0
    assert pacer.try_acquire() is False
    clock.advance(0.5)
    assert pacer.try_acquire() is False
    clock.advance(0.5)
    assert pacer.try_acquire() is True


def test_rate_recovers_after_the_slow_spell(clock: Clock) -> None:
    pacer = SendPacer(rate=4, burst=5)
    pacer.slow_down(10)

    clock.advance(10)

    assert pacer.rate == 4.0


def test_long_run_throughput_stays_at_the_rate(clock: Clock) -> None:
    pacer = SendPacer(rate=4, burst=5)
    granted = 0

    for _ in range(1000):  # ten seconds in 10 ms steps
        clock.advance(0.01)
        granted += pacer.try_acquire()

    assert 5 + 4 * 10 - 1 <= granted <= 5 + 4 * 10


async def test_acquire_returns_at_once_while_tokens_remain() -> None:
    pacer = SendPacer(rate=1, burst=3)

    started = time.monotonic()
    for _ in range(3):
        await pacer.acquire()

    assert time.monotonic() - started < 0.05


async def test_acquire_waits_for_the_next_token() -> None:
    pacer = SendPacer(rate=50, burst=1)
    await pacer.acquire()

    started = time.monotonic()
    await pacer.acquire()
    await pacer.acquire()
    elapsed = time.monotonic() - started

    assert 0.03 <= elapsed < 0.5
