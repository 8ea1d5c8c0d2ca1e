"""Exponential backoff between connection attempts: 1, 2, 4, ... capped, jittered."""

from __future__ import annotations

import pytest

from custom_components.status_dashboard.client.backoff import Backoff

SAMPLES = 300


@pytest.mark.parametrize(("attempt", "base"), [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16)])
def test_delay_doubles_per_attempt_within_twenty_percent(
    attempt: int, base: float
) -> None:
    backoff = Backoff()

    delays = [backoff.delay(attempt) for _ in range(SAMPLES)]

    assert all(base * 0.8 <= delay <= base * 1.2 for delay in delays)


@pytest.mark.parametrize("attempt", [6, 7, 10, 33, 1000, 10**9])
def test_delay_is_capped_at_thirty_seconds(attempt: int) -> None:
    backoff = Backoff()

    delays = [backoff.delay(attempt) for _ in range(SAMPLES)]

    assert all(30 * 0.8 <= delay <= 30 for delay in delays)


def test_delays_are_jittered_not_identical() -> None:
    backoff = Backoff()

    delays = {backoff.delay(3) for _ in range(50)}

    assert len(delays) > 40
    assert min(delays) < 4 < max(delays)


def test_without_jitter_the_sequence_is_exact() -> None:
    backoff = Backoff(jitter=0)

    assert [backoff.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


@pytest.mark.parametrize("attempt", [0, -1, -100])
def test_attempt_below_one_waits_the_initial_delay(attempt: int) -> None:
    assert Backoff(jitter=0).delay(attempt) == 1.0


def test_initial_and_cap_are_configurable() -> None:
    backoff = Backoff(initial=0.05, cap=0.2, jitter=0)

    assert [backoff.delay(n) for n in range(1, 6)] == [0.05, 0.1, 0.2, 0.2, 0.2]


def test_delay_is_never_negative() -> None:
    backoff = Backoff(initial=1, jitter=5)

    assert all(backoff.delay(1) >= 0 for _ in range(SAMPLES))
