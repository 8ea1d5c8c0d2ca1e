"""The per-key throttle: first change at once, then at most one per interval."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import itertools
import time

import pytest

from custom_components.status_dashboard.client.throttle import KeyedThrottle

INTERVAL = 0.05


class Recorder:
    """Remembers each delivery with the value its key held at that moment."""

    def __init__(self) -> None:
        self.latest: dict[str, int] = {}
        self.deliveries: list[tuple[str, int, float]] = []

    def set(self, key: str, value: int) -> None:
        self.latest[key] = value

    def deliver(self, key: str) -> None:
        self.deliveries.append((key, self.latest.get(key, -1), time.monotonic()))

    def values(self, key: str) -> list[int]:
        return [value for k, value, _ in self.deliveries if k == key]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def throttle(recorder: Recorder) -> AsyncIterator[KeyedThrottle]:
    throttle = KeyedThrottle(asyncio.get_running_loop(), INTERVAL, recorder.deliver)
    yield throttle
    throttle.cancel()


def offer(throttle: KeyedThrottle, recorder: Recorder, key: str, value: int) -> None:
    recorder.set(key, value)
    throttle.offer(key)


async def test_first_offer_is_delivered_at_once(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    offer(throttle, recorder, "api", 1)

    assert recorder.values("api") == [1]
    assert throttle.pending == 0


async def test_offers_within_the_window_coalesce_into_one_delivery_of_the_latest(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    offer(throttle, recorder, "api", 1)
    started = recorder.deliveries[0][2]
    for value in range(2, 6):
        offer(throttle, recorder, "api", value)

    assert recorder.values("api") == [1]
    assert throttle.pending == 1

    await asyncio.sleep(INTERVAL * 3)

    assert recorder.values("api") == [1, 5]
    assert recorder.deliveries[1][2] - started >= INTERVAL * 0.9
    assert throttle.pending == 0


async def test_single_offer_opens_a_window_that_closes_quietly(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    offer(throttle, recorder, "api", 1)

    await asyncio.sleep(INTERVAL * 3)
    offer(throttle, recorder, "api", 2)

    assert recorder.values("api") == [1, 2]


async def test_keys_are_throttled_independently(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    offer(throttle, recorder, "api", 1)
    offer(throttle, recorder, "db", 1)
    offer(throttle, recorder, "api", 2)
    offer(throttle, recorder, "mail", 1)

    assert [key for key, _, _ in recorder.deliveries] == ["api", "db", "mail"]
    assert throttle.pending == 1


async def test_steady_stream_delivers_about_once_per_interval_and_ends_on_the_last(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    duration = 0.5
    value = 0
    started = time.monotonic()
    while time.monotonic() - started < duration:
        value += 1
        offer(throttle, recorder, "api", value)
        await asyncio.sleep(0.005)
    await asyncio.sleep(INTERVAL * 3)

    delivered = recorder.values("api")
    stamps = [at for _, _, at in recorder.deliveries]
    gaps = [later - earlier for earlier, later in itertools.pairwise(stamps)]
    # A trailing debounce would deliver once (or never, while the stream lasts).
    assert duration / INTERVAL * 0.6 <= len(delivered) <= duration / INTERVAL + 2
    assert min(gaps) >= INTERVAL * 0.9
    assert delivered[-1] == value
    assert delivered == sorted(delivered)
    assert value > len(delivered) * 3


async def test_deliver_now_bypasses_an_open_window(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    offer(throttle, recorder, "api", 1)
    offer(throttle, recorder, "api", 2)

    recorder.set("api", 3)
    throttle.deliver_now("api")

    assert recorder.values("api") == [1, 3]
    assert throttle.pending == 0
    await asyncio.sleep(INTERVAL * 3)
    assert recorder.values("api") == [1, 3]


async def test_deliver_now_starts_a_new_window(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    recorder.set("api", 1)
    throttle.deliver_now("api")
    offer(throttle, recorder, "api", 2)

    assert recorder.values("api") == [1]
    await asyncio.sleep(INTERVAL * 3)
    assert recorder.values("api") == [1, 2]


async def test_changes_delivered_at_once_leave_no_timer_behind(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    """Status changes cost no timer: the loop has nothing to wake up for."""
    for value in range(100):
        recorder.set(f"service-{value}", value)
        throttle.deliver_now(f"service-{value}")
        recorder.set("api", value)
        throttle.deliver_now("api")

    assert len(recorder.deliveries) == 200
    assert _throttle_timers(throttle) == []


async def test_a_window_opened_at_once_still_holds_back_the_next_offer(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    recorder.set("api", 1)
    throttle.deliver_now("api")
    await asyncio.sleep(INTERVAL / 2)
    offer(throttle, recorder, "api", 2)

    assert recorder.values("api") == [1]
    assert len(_throttle_timers(throttle)) == 1
    await asyncio.sleep(INTERVAL)
    assert recorder.values("api") == [1, 2]
    first, second = (at for _, _, at in recorder.deliveries)
    assert second - first >= INTERVAL * 0.9


async def test_forget_drops_what_is_pending_for_that_key_only(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    offer(throttle, recorder, "api", 1)
    offer(throttle, recorder, "db", 1)
    offer(throttle, recorder, "api", 2)
    offer(throttle, recorder, "db", 2)

    throttle.forget("api")
    await asyncio.sleep(INTERVAL * 3)

    assert recorder.values("api") == [1]
    assert recorder.values("db") == [1, 2]


async def test_forgotten_key_is_delivered_at_once_next_time(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    offer(throttle, recorder, "api", 1)
    throttle.forget("api")

    offer(throttle, recorder, "api", 2)

    assert recorder.values("api") == [1, 2]


async def test_forgetting_an_unknown_key_is_harmless(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    throttle.forget("ghost")

    assert recorder.deliveries == []


async def test_cancel_drops_every_pending_change_and_timer(
    throttle: KeyedThrottle, recorder: Recorder
) -> None:
    for key in ("api", "db", "mail"):
        offer(throttle, recorder, key, 1)
        offer(throttle, recorder, key, 2)
    assert throttle.pending == 3

    throttle.cancel()
    await asyncio.sleep(INTERVAL * 3)

    assert throttle.pending == 0
    assert [value for _, value, _ in recorder.deliveries] == [1, 1, 1]
    assert _throttle_timers(throttle) == []


def _throttle_timers(throttle: KeyedThrottle) -> list[asyncio.TimerHandle]:
    loop = asyncio.get_running_loop()
    return [
        handle
        for handle in getattr(loop, "_scheduled", [])
        if not handle.cancelled()
        and getattr(handle, "_callback", None) == throttle._close_window
    ]
