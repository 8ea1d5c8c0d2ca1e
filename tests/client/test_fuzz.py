"""Hostile input, property-based: every server event, fed to its parser, to the
connection's handler and into the view.

Properties: nothing escapes a handler (a parser raises `InvalidPayload` and
nothing else); the view only ever holds valid values; an update older than a
service's state never overwrites it; a bulk without readable ids removes no
service.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
import contextlib
from datetime import UTC, datetime, timedelta, timezone
import json
import math
import time
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.status_dashboard.client.connection import (
    EV_CONNECTION,
    EV_ERROR,
    EV_STATUS,
    StatusConnection,
    StatusListener,
)
from custom_components.status_dashboard.client.dialects import BULK_EVENT
from custom_components.status_dashboard.client.errors import AuthenticationFailed
from custom_components.status_dashboard.client.models import (
    UNSET,
    BulkUpdate,
    ServerError,
    Service,
    ServiceUpdate,
    Status,
)
from custom_components.status_dashboard.client.parse import (
    DETAILS_MAX_DEPTH,
    DETAILS_MAX_ENTRIES,
    DETAILS_MAX_KEYS,
    MAX_CLOCK_AHEAD,
    MAX_ID_LENGTH,
    MAX_NAME_LENGTH,
    MAX_RESPONSE_TIME_MS,
    MAX_TEXT_LENGTH,
    InvalidPayload,
    parse_bulk,
    parse_error,
    parse_latency,
    parse_service,
    parse_update,
)
from custom_components.status_dashboard.client.view import ServiceView

# Each example draws a batch of payloads: Hypothesis's cost is mostly per
# example, so 2,000 examples of 5 payloads give 10,000 payloads per event.
BATCH = 5
PAYLOADS_PER_EVENT = 10_000
FUZZ = settings(
    max_examples=PAYLOADS_PER_EVENT // BATCH,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
KNOWN_IDS = ("api", "db", "mail")
NOW = datetime.now(UTC)
PAYLOADS: Counter[str] = Counter()


@pytest.fixture(autouse=True, scope="module")
def _report_counts() -> Iterator[None]:
    """Print how many payloads of each event the module generated."""
    started = time.monotonic()
    yield
    counts = " ".join(f"{event}={count}" for event, count in sorted(PAYLOADS.items()))
    print(f"\nFIGURE: fuzz: {counts} seconds={time.monotonic() - started:.1f}")


# ------------------------------------------------------------------ values


def _nest(depth: int, leaf: Any, as_list: bool) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value] if as_list else {"k": value}
    return value


TEXT = st.text(max_size=24)
HUGE_TEXT = st.builds(
    lambda char, size: char * size, st.characters(), st.integers(1_025, 20_000)
)
INTS = st.one_of(
    st.integers(-5, 5),
    st.integers(),
    st.sampled_from([2**53, -(2**53) - 1, 2**64, 10**100, 10**400, -(10**400)]),
)
FLOATS = st.floats(allow_nan=True, allow_infinity=True)
SCALARS = st.one_of(st.none(), st.booleans(), INTS, FLOATS, TEXT)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)
DEEP = st.builds(_nest, st.integers(5, 500), SCALARS, st.booleans())
WIDE = st.builds(
    lambda size, value: {f"k{n}": value for n in range(size)},
    st.integers(51, 2_000),
    SCALARS | HUGE_TEXT,
)
ANYTHING = st.one_of(JSON, DEEP, WIDE, HUGE_TEXT)

OFFSETS = st.builds(
    timezone, st.timedeltas(timedelta(hours=-23, minutes=-59), timedelta(hours=23))
)
NEAR_NOW = st.builds(
    lambda delta, tz: (NOW + delta).astimezone(tz),
    st.timedeltas(timedelta(days=-2), timedelta(days=2)),
    OFFSETS,
)
ANY_TIME = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=OFFSETS
) | st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))
ISO = st.one_of(
    NEAR_NOW.map(lambda moment: moment.isoformat()),
    NEAR_NOW.map(
        lambda moment: moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    ),
    ANY_TIME.map(lambda moment: moment.isoformat()),
    ANY_TIME.map(lambda moment: moment.date().isoformat()),
)
TIMESTAMPS = st.one_of(
    ISO,
    ISO,
    st.sampled_from(["", "yesterday", "2026-13-45T99:99:99Z", "9999-12-31T23:59:59Z"]),
    ISO.map(lambda text: text + " " * 60),
    ANYTHING,
)
IDS = st.one_of(
    st.sampled_from(KNOWN_IDS),
    st.sampled_from(KNOWN_IDS),
    TEXT,
    st.sampled_from(["", "x" * MAX_ID_LENGTH, "x" * (MAX_ID_LENGTH + 1)]),
    ANYTHING,
)
STATUSES = st.one_of(
    st.sampled_from([status.value for status in Status]),
    st.sampled_from(["UP", "Down", "Paused", "unknown", ""]),
    st.none(),
    ANYTHING,
)
RESPONSE_TIMES = st.one_of(
    st.floats(0, 5_000),
    st.integers(0, 5_000),
    st.sampled_from([-1, -0.0, MAX_RESPONSE_TIME_MS, MAX_RESPONSE_TIME_MS + 1, True]),
    st.none(),
    FLOATS,
    ANYTHING,
)
DETAILS = st.one_of(
    st.none(),
    st.dictionaries(TEXT, JSON, max_size=6),
    st.dictionaries(TEXT, DEEP | HUGE_TEXT, max_size=3),
    WIDE,
    ANYTHING,
)

UPDATES = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "serviceId": IDS,
            "timestamp": TIMESTAMPS,
            "status": STATUSES,
            "responseTime": RESPONSE_TIMES,
            "details": DETAILS,
            "extra": ANYTHING,
        },
    ),
    st.fixed_dictionaries(
        {"serviceId": st.sampled_from(KNOWN_IDS), "timestamp": NEAR_NOW.map(str)},
        optional={
            "status": STATUSES,
            "responseTime": RESPONSE_TIMES,
            "details": DETAILS,
        },
    ),
    ANYTHING,
)
ITEMS = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "id": IDS,
            "name": TEXT | HUGE_TEXT | ANYTHING,
            "status": STATUSES,
            "responseTime": RESPONSE_TIMES,
            "lastCheckAt": TIMESTAMPS,
            "details": DETAILS,
            "url": st.sampled_from(["https://x.test", "ftp://x", "javascript:1"])
            | ANYTHING,
            "group": TEXT | ANYTHING,
        },
    ),
    ANYTHING,
)
BULKS = st.one_of(st.lists(ITEMS, max_size=6), ANYTHING)
REPORTS = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "connected": st.booleans() | ANYTHING,
            "latency": RESPONSE_TIMES,
            "reconnectAttempt": INTS | ANYTHING,
        },
    ),
    ANYTHING,
)
ERRORS = st.one_of(
    st.fixed_dictionaries(
        {}, optional={"message": TEXT | HUGE_TEXT | ANYTHING, "code": TEXT | ANYTHING}
    ),
    TEXT,
    HUGE_TEXT,
    ANYTHING,
)


# --------------------------------------------------------------- validity


def check_details(details: object) -> None:
    """JSON-safe and bounded as the README promises: 50 keys per level, 4
    levels, 200 values, 1,024 characters per string."""
    assert isinstance(details, Mapping)
    json.dumps(details, allow_nan=False)
    assert _walk(details, DETAILS_MAX_DEPTH) <= DETAILS_MAX_ENTRIES


def _walk(value: Any, depth: int) -> int:
    """Check one value; returns how many entries it holds."""
    if value is None or isinstance(value, bool):
        return 0
    if isinstance(value, int):
        assert abs(value) < 2**53
        return 0
    if isinstance(value, float):
        assert math.isfinite(value)
        return 0
    if isinstance(value, str):
        assert len(value) <= MAX_TEXT_LENGTH
        return 0
    assert depth > 0, "nested deeper than the cap"
    if isinstance(value, Mapping):
        assert len(value) <= DETAILS_MAX_KEYS
        assert all(isinstance(k, str) and len(k) <= MAX_ID_LENGTH for k in value)
        return len(value) + sum(_walk(item, depth - 1) for item in value.values())
    assert isinstance(value, list), type(value)
    assert len(value) <= DETAILS_MAX_KEYS
    return len(value) + sum(_walk(item, depth - 1) for item in value)


def check_response_time(value: object) -> None:
    assert value is None or (
        isinstance(value, float)
        and math.isfinite(value)
        and 0 <= value <= MAX_RESPONSE_TIME_MS
    )


def check_time(value: object) -> None:
    assert value is None or (
        isinstance(value, datetime)
        and value.tzinfo is not None
        # The parser's clock, not `NOW`: the run may reach here minutes later.
        and value - datetime.now(UTC) <= MAX_CLOCK_AHEAD
    )


def check_service(service: Service) -> None:
    assert isinstance(service.id, str)
    assert 0 < len(service.id) <= MAX_ID_LENGTH
    assert isinstance(service.name, str)
    assert 0 < len(service.name) <= MAX_NAME_LENGTH
    assert service.status is None or isinstance(service.status, Status)
    check_response_time(service.response_time)
    check_time(service.last_check)
    check_details(service.details)
    assert service.url is None or service.url.startswith(("http://", "https://"))
    assert service.url is None or len(service.url) <= MAX_TEXT_LENGTH
    assert service.group is None or 0 < len(service.group) <= MAX_NAME_LENGTH


def check_update(update: ServiceUpdate) -> None:
    assert isinstance(update.service_id, str)
    assert 0 < len(update.service_id) <= MAX_ID_LENGTH
    check_time(update.timestamp)
    assert update.timestamp is not None
    assert (
        update.status is UNSET
        or update.status is None
        or isinstance(update.status, Status)
    )
    if update.response_time is not UNSET:
        check_response_time(update.response_time)
    if update.details is not UNSET and update.details is not None:
        check_details(update.details)
        assert len(update.details) <= DETAILS_MAX_KEYS


def check_view(view: ServiceView) -> None:
    for service_id, service in view.services.items():
        assert service_id == service.id
        check_service(service)


# ---------------------------------------------- the connection's handlers


class ViewListener(StatusListener):
    """A StatusListener that merges into a ServiceView and checks every step."""

    def __init__(self) -> None:
        self.view = ServiceView()
        self.latencies: list[float] = []
        self.errors: list[ServerError] = []

    def reset(self) -> None:
        """A view of the three known services, checked at `NOW - 1 h`."""
        self.view = ServiceView()
        self.view.replace(
            parse_bulk(
                [
                    {
                        "id": service_id,
                        "status": "up",
                        "responseTime": 10,
                        "lastCheckAt": (NOW - timedelta(hours=1)).isoformat(),
                        "details": {"region": "eu"},
                    }
                    for service_id in KNOWN_IDS
                ]
            )
        )

    def on_bulk(self, bulk: BulkUpdate) -> None:
        for service in bulk.services:
            check_service(service)
        before = set(self.view.services)
        self.view.replace(bulk)
        if bulk.unidentified_items:
            assert before <= set(self.view.services), "a bulk without ids removed"
        check_view(self.view)

    def on_update(self, update: ServiceUpdate) -> None:
        check_update(update)
        old = self.view.services.get(update.service_id)
        applied = self.view.apply(update)
        new = self.view.services.get(update.service_id)
        if old is None:  # unknown services stay unknown
            assert applied is None
            assert new is None
        elif old.last_check is not None and update.timestamp < old.last_check:
            assert applied is None  # older never overwrites newer
            assert new is old
        elif applied is not None:
            assert new is applied.service
            assert new.last_check == update.timestamp
        check_view(self.view)

    def on_connected(self, transport: str) -> None:
        raise AssertionError("no socket here")

    def on_disconnected(self, reason: str) -> None:
        raise AssertionError("no socket here")

    def on_server_error(self, error: ServerError) -> None:
        assert isinstance(error.message, str)
        assert len(error.message) <= MAX_TEXT_LENGTH
        assert error.code is None or len(error.code) <= MAX_ID_LENGTH
        self.errors.append(error)

    def on_latency(self, latency: float) -> None:
        assert isinstance(latency, float)
        check_response_time(latency)
        self.latencies.append(latency)

    def on_auth_failed(self, error: AuthenticationFailed) -> None:
        raise AssertionError("no socket here")

    def on_attempt_failed(
        self, error: Exception, attempt: int, retry_in: float
    ) -> None:
        raise AssertionError("no socket here")


LISTENER = ViewListener()
CONNECTION = StatusConnection(
    "http://127.0.0.1:9",
    "token",
    None,
    LISTENER,  # type: ignore[arg-type]
)
# The handlers a live client gets, without a socket: registered on the
# AsyncClient that `_new_client` builds for each attempt.
_CLIENT, _ = CONNECTION._new_client()
HANDLERS: dict[str, Callable[..., None]] = _CLIENT.handlers["/"]


def feed(event: str, payload: Any) -> None:
    """One payload through its parser, then its handler into a fresh view."""
    PAYLOADS[event] += 1
    parser = {
        EV_STATUS: parse_update,
        BULK_EVENT: parse_bulk,
        EV_CONNECTION: parse_latency,
        EV_ERROR: parse_error,
    }[event]
    with contextlib.suppress(InvalidPayload):  # and nothing else
        parser(payload)
    LISTENER.reset()
    HANDLERS[event](payload)  # raises nothing, whatever the payload


# ------------------------------------------------------------------ tests


def batch(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, min_size=BATCH, max_size=BATCH)


@FUZZ
@given(batch(UPDATES))
def test_service_status_payloads(payloads: list[Any]) -> None:
    for payload in payloads:
        feed(EV_STATUS, payload)


@FUZZ
@given(batch(BULKS))
def test_bulk_update_payloads(payloads: list[Any]) -> None:
    for payload in payloads:
        feed(BULK_EVENT, payload)
        if isinstance(payload, list):
            for item in payload:
                with contextlib.suppress(InvalidPayload):
                    check_service(parse_service(item))


@FUZZ
@given(batch(REPORTS))
def test_connection_status_payloads(payloads: list[Any]) -> None:
    for payload in payloads:
        feed(EV_CONNECTION, payload)


@FUZZ
@given(batch(ERRORS))
def test_error_payloads(payloads: list[Any]) -> None:
    for payload in payloads:
        feed(EV_ERROR, payload)


EVENTS = st.one_of(
    st.tuples(st.just(EV_STATUS), UPDATES),
    st.tuples(st.just(EV_STATUS), UPDATES),
    st.tuples(st.just(EV_STATUS), UPDATES),
    st.tuples(st.just(BULK_EVENT), BULKS),
    st.tuples(st.just(EV_CONNECTION), REPORTS),
    st.tuples(st.just(EV_ERROR), ERRORS),
)


@settings(FUZZ, max_examples=500)
@given(st.lists(EVENTS, min_size=2, max_size=15))
def test_sequences_of_events_keep_the_view_valid_and_ordered(
    events: list[tuple[str, Any]],
) -> None:
    """Bursts of mixed, out-of-order, duplicate and hostile events in one view."""
    LISTENER.reset()
    for event, payload in events:
        PAYLOADS[f"sequence:{event}"] += 1
        HANDLERS[event](payload)
    check_view(LISTENER.view)


@settings(FUZZ, max_examples=300)
@given(
    st.lists(
        st.dictionaries(TEXT, JSON | DEEP | WIDE, max_size=6), min_size=2, max_size=8
    )
)
def test_details_merged_across_updates_stay_bounded(
    details: list[dict[str, Any]],
) -> None:
    """Many updates of one service's details: the merge stays within the caps."""
    LISTENER.reset()
    for n, part in enumerate(details):
        PAYLOADS["details-merge"] += 1
        HANDLERS[EV_STATUS](
            {
                "serviceId": "api",
                "timestamp": (NOW - timedelta(minutes=30 - n)).isoformat(),
                "details": part,
            }
        )
    check_view(LISTENER.view)
