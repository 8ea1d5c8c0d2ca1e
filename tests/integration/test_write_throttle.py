"""The per-service write throttle: the latest state at most once an interval,
a status change at once, nothing kept of services that left."""

from __future__ import annotations

import asyncio

from custom_components.status_dashboard.write_throttle import WriteThrottle

INTERVAL = 0.05


def _throttle() -> tuple[WriteThrottle, list[str]]:
    written: list[str] = []
    return WriteThrottle(asyncio.get_running_loop(), INTERVAL, written.append), written


async def test_changes_within_the_interval_are_one_write_at_its_end() -> None:
    throttle, written = _throttle()
    throttle.soon("api")
    throttle.soon("api")
    throttle.soon("api")
    assert written == ["api"]
    await asyncio.sleep(INTERVAL * 2)
    assert written == ["api", "api"]


async def test_a_write_now_replaces_the_one_that_was_due() -> None:
    throttle, written = _throttle()
    throttle.soon("api")
    throttle.soon("api")
    throttle.now("api")
    await asyncio.sleep(INTERVAL * 2)
    assert written == ["api", "api"]


async def test_services_are_throttled_apart() -> None:
    throttle, written = _throttle()
    throttle.soon("api")
    throttle.soon("mail")
    assert written == ["api", "mail"]


async def test_a_service_that_left_leaves_nothing_behind() -> None:
    throttle, written = _throttle()
    for number in range(1000):
        throttle.soon(f"service-{number}")
        throttle.soon(f"service-{number}")
    for number in range(1000):
        throttle.forget(f"service-{number}")
    await asyncio.sleep(INTERVAL * 2)
    assert len(written) == 1000  # the due writes were cancelled
    throttle.soon("service-0")
    assert written[-1] == "service-0"  # written at once: no time was kept
    assert list(throttle._written_at) == ["service-0"]  # nothing else kept
