"""The server's parts on their own: bucket, throttle, catalog, relay-free."""

from __future__ import annotations

import asyncio

import pytest

from reference_server import RateLimit
from reference_server.catalog import Catalog, Change, iso_millis
from reference_server.outbox import Outbox
from reference_server.throttle import Throttle
from reference_server.tokens import TokenError, issue_token, verify_token

# Test secrets are short on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


def test_token_bucket_allows_a_burst_then_refills() -> None:
    bucket = RateLimit(capacity=3, per_second=2.0).bucket()

    assert [bucket.take(now=100.0) for _ in range(4)] == [True, True, True, False]
    assert not bucket.take(now=100.4)
    assert bucket.take(now=100.6)
    assert [bucket.take(now=200.0) for _ in range(4)] == [True, True, True, False]


def test_rate_limit_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="capacity"):
        RateLimit(capacity=0)
    with pytest.raises(ValueError, match="per_second"):
        RateLimit(per_second=-1)


async def test_throttle_without_interval_passes_everything_at_once() -> None:
    sent: list[tuple[str, int]] = []
    throttle: Throttle[int] = Throttle(0, lambda k, v: sent.append((k, v)), max)

    for value in range(3):
        throttle.submit("a", value)

    assert sent == [("a", 0), ("a", 1), ("a", 2)]


async def test_throttle_holds_and_merges_then_delivers() -> None:
    sent: list[tuple[str, list[int]]] = []
    throttle: Throttle[list[int]] = Throttle(
        0.1, lambda k, v: sent.append((k, v)), lambda a, b: a + b
    )

    throttle.submit("a", [1])
    throttle.submit("a", [2])
    throttle.submit("a", [3])
    throttle.submit("b", [9])
    assert sent == [("a", [1]), ("b", [9])]
    await asyncio.sleep(0.15)
    assert sent == [("a", [1]), ("b", [9]), ("a", [2, 3])]
    throttle.submit("a", [4])
    throttle.clear()
    await asyncio.sleep(0.15)
    assert sent[-1] == ("a", [2, 3])


def test_catalog_diff_and_payload() -> None:
    catalog = Catalog([{"id": "x", "status": "up", "details": {"a": 1, "b": 2}}])

    change = catalog.apply("x", {"status": "up", "details": {"a": 1, "b": 3}})
    assert change == Change(set(), {"b"})
    later = catalog.apply("x", {"responseTime": 5})
    payload = catalog.update_payload("x", change.merged(later))
    assert payload == {
        "serviceId": "x",
        "timestamp": catalog.services["x"]["lastCheckAt"],
        "responseTime": 5,
        "details": {"b": 3},
    }
    with pytest.raises(KeyError):
        catalog.apply("nope", {})
    with pytest.raises(ValueError, match="id"):
        catalog.apply("x", {"id": "y"})
    with pytest.raises(ValueError, match="id"):
        Catalog([{"name": "no id"}])


def test_catalog_stamps_strictly_increase() -> None:
    catalog = Catalog([{"id": "x"}])

    stamps = [catalog.stamp("x") for _ in range(50)]

    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 50


def test_iso_millis_matches_javascript() -> None:
    assert iso_millis(0) == "1970-01-01T00:00:00.000Z"
    assert iso_millis(1_700_000_000_123) == "2023-11-14T22:13:20.123Z"


def test_verify_token_codes() -> None:
    assert verify_token(issue_token("k", "u"), "k").sub == "u"
    assert verify_token(
        issue_token("k", "u", services=["a"]), "k"
    ).services == frozenset({"a"})
    for token, secret, code in [
        (None, "k", "missing_token"),
        ("", "k", "missing_token"),
        ("x", "k", "invalid_token"),
        (issue_token("k", "u"), "other", "invalid_token"),
        (issue_token("k", "u", expires_in=-1), "k", "token_expired"),
    ]:
        with pytest.raises(TokenError) as caught:
            verify_token(token, secret)
        assert caught.value.code == code
    # exp is checked as a number: a token is expired from its exp on.
    token = issue_token("k", "u", expires_in=10)
    exp = verify_token(token, "k").exp
    assert exp is not None
    with pytest.raises(TokenError):
        verify_token(token, "k", now=exp)
    assert verify_token(token, "k", now=exp - 0.001).sub == "u"


async def test_outbox_runs_jobs_in_order_and_survives_a_failing_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = Outbox()
    ran: list[int] = []

    async def job(n: int) -> None:
        await asyncio.sleep(0.01 * (3 - n))  # later jobs are quicker
        ran.append(n)

    async def broken() -> None:
        raise RuntimeError("boom")

    await outbox.run(broken)  # not running: dropped, returns at once
    outbox.put(broken)
    outbox.start()
    for n in range(3):
        outbox.put(lambda n=n: job(n))  # type: ignore[misc]
    outbox.put(broken)
    await outbox.flush()

    assert ran == [0, 1, 2]
    assert "job failed" in caplog.text
    await outbox.close()
    outbox.put(broken)  # closed: dropped
    await outbox.close()


async def test_outbox_close_cancels_waiting_callers() -> None:
    outbox = Outbox()
    outbox.start()
    gate = asyncio.Event()

    async def blocked() -> None:
        await gate.wait()

    first = asyncio.create_task(outbox.run(blocked))
    second = asyncio.create_task(outbox.run(blocked))
    await asyncio.sleep(0.01)
    await outbox.close()

    for waiter in (first, second):
        with pytest.raises(asyncio.CancelledError):
            await waiter
