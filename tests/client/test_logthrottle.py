"""Rate-limited logging: one message per key per window, then a count."""

from __future__ import annotations

import logging

import pytest

from custom_components.status_dashboard.client import logthrottle as logthrottle_module
from custom_components.status_dashboard.client.logthrottle import ThrottledLog

LOGGER = logging.getLogger("tests.client.logthrottle")


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(logthrottle_module, "time", clock)
    return clock


@pytest.fixture
def log(clock: Clock, caplog: pytest.LogCaptureFixture) -> ThrottledLog:
    caplog.set_level(logging.DEBUG, logger=LOGGER.name)
    return ThrottledLog(LOGGER, window=300)


def messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER.name]


def test_first_message_of_a_key_is_logged_with_its_level_and_args(
    log: ThrottledLog, caplog: pytest.LogCaptureFixture
) -> None:
    log.log(logging.WARNING, "bad", "Ignored %s from %s", "junk", "server")

    [record] = [r for r in caplog.records if r.name == LOGGER.name]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "Ignored junk from server"


def test_repeats_within_the_window_are_suppressed(
    log: ThrottledLog, caplog: pytest.LogCaptureFixture, clock: Clock
) -> None:
    for n in range(1000):
        clock.now += 0.1
        log.log(logging.WARNING, "bad", "Ignored payload %d", n)

    assert messages(caplog) == ["Ignored payload 0"]


def test_each_key_has_its_own_window(
    log: ThrottledLog, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(3):
        log.log(logging.WARNING, "bad-status", "bad status")
        log.log(logging.WARNING, "bad-time", "bad time")

    assert messages(caplog) == ["bad status", "bad time"]


def test_after_the_window_the_next_message_reports_what_was_suppressed(
    log: ThrottledLog, caplog: pytest.LogCaptureFixture, clock: Clock
) -> None:
    log.log(logging.WARNING, "bad", "Ignored payload %s", "a")
    for _ in range(4):
        log.log(logging.WARNING, "bad", "Ignored payload %s", "b")

    clock.now += 300
    log.log(logging.WARNING, "bad", "Ignored payload %s", "c")

    assert messages(caplog) == [
        "Ignored payload a",
        "Ignored payload c (4 similar messages suppressed)",
    ]


def test_the_count_starts_again_after_it_was_reported(
    log: ThrottledLog, caplog: pytest.LogCaptureFixture, clock: Clock
) -> None:
    log.log(logging.INFO, "k", "m")
    log.log(logging.INFO, "k", "m")
    clock.now += 300
    log.log(logging.INFO, "k", "m")
    clock.now += 300
    log.log(logging.INFO, "k", "m")

    assert messages(caplog) == ["m", "m (1 similar messages suppressed)", "m"]


def test_message_with_a_percent_sign_in_an_argument_is_safe(
    log: ThrottledLog, caplog: pytest.LogCaptureFixture, clock: Clock
) -> None:
    log.log(logging.WARNING, "k", "got %s", "100%d")
    log.log(logging.WARNING, "k", "got %s", "100%d")
    clock.now += 301
    log.log(logging.WARNING, "k", "got %s", "50%s")

    assert messages(caplog) == ["got 100%d", "got 50%s (1 similar messages suppressed)"]
