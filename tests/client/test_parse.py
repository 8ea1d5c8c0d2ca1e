"""Validation of untrusted payloads: valid ones become models, the rest raise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
import math
import time
from typing import Any

import pytest

from custom_components.status_dashboard.client.models import (
    UNSET,
    ServerError,
    Service,
    ServiceUpdate,
    Status,
)
from custom_components.status_dashboard.client.parse import (
    DETAILS_MAX_DEPTH,
    DETAILS_MAX_ENTRIES,
    DETAILS_MAX_KEYS,
    MAX_ID_LENGTH,
    MAX_TEXT_LENGTH,
    InvalidPayload,
    cap_details,
    parse_bulk,
    parse_error,
    parse_latency,
    parse_service,
    parse_update,
)

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
STAMP = "2026-11-26T07:59:30.123Z"


def update(**fields: Any) -> dict[str, Any]:
    """A valid `service:status` payload with `fields` changed."""
    return {"serviceId": "api", "timestamp": STAMP, **fields}


def item(**fields: Any) -> dict[str, Any]:
    """A valid bulk item with `fields` changed."""
    return {
        "id": "api",
        "name": "API",
        "status": "up",
        "responseTime": 42,
        "lastCheckAt": STAMP,
        "details": {"statusCode": 200},
        **fields,
    }


def depth(value: Any) -> int:
    """How many containers deep `value` nests."""
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def values(value: Any) -> int:
    """How many entries `value` holds, at every level."""
    if isinstance(value, dict):
        return len(value) + sum(values(v) for v in value.values())
    if isinstance(value, list):
        return len(value) + sum(values(v) for v in value)
    return 0


def strings(value: Any) -> list[str]:
    """Every key and string value in `value`."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value, *(s for v in value.values() for s in strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


# ----------------------------------------------------------- service:status


def test_full_update_parses_to_a_model() -> None:
    parsed = parse_update(
        update(status="down", responseTime=12.5, details={"code": 503}), NOW
    )

    assert parsed == ServiceUpdate(
        service_id="api",
        timestamp=datetime(2026, 11, 26, 7, 59, 30, 123000, tzinfo=UTC),
        status=Status.DOWN,
        response_time=12.5,
        details={"code": 503},
    )


def test_update_absent_fields_are_unset_and_null_fields_are_cleared() -> None:
    absent = parse_update(update(), NOW)
    nulled = parse_update(update(status=None, responseTime=None, details=None), NOW)

    assert (absent.status, absent.response_time, absent.details) == (
        UNSET,
        UNSET,
        UNSET,
    )
    assert (nulled.status, nulled.response_time, nulled.details) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "status", ["up", "down", "degraded", "maintenance", "paused", "pending"]
)
def test_update_accepts_every_known_status(status: str) -> None:
    assert parse_update(update(status=status), NOW).status == Status(status)


def test_statuses_of_a_check_on_hold_are_known_in_lists_and_updates() -> None:
    """Maintenance, paused and pending (as Uptime Kuma reports them) are
    statuses of their own, not invalid items."""
    bulk = parse_bulk(
        [
            item(id="api", status="maintenance"),
            item(id="db", status="paused"),
            item(id="mail", status="pending"),
        ],
        NOW,
    )

    assert [service.status for service in bulk.services] == [
        Status.MAINTENANCE,
        Status.PAUSED,
        Status.PENDING,
    ]
    assert bulk.invalid_items == 0
    assert parse_update(update(status="paused"), NOW).status is Status.PAUSED
    assert [status.value for status in Status] == [
        "up",
        "down",
        "degraded",
        "maintenance",
        "paused",
        "pending",
    ]


def test_update_integer_response_time_becomes_float() -> None:
    parsed = parse_update(update(responseTime=0), NOW)

    assert parsed.response_time == 0.0
    assert isinstance(parsed.response_time, float)


def test_update_timestamp_without_zone_is_taken_as_utc() -> None:
    parsed = parse_update(update(timestamp="2026-11-26T07:00:00"), NOW)

    assert parsed.timestamp == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


def test_update_timestamp_with_offset_keeps_the_instant() -> None:
    parsed = parse_update(update(timestamp="2026-11-26T09:00:00+02:00"), NOW)

    assert parsed.timestamp == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


def test_update_timestamp_a_little_ahead_of_our_clock_is_accepted() -> None:
    ahead = (NOW + timedelta(hours=23, minutes=59)).isoformat()

    assert parse_update(update(timestamp=ahead), NOW).timestamp > NOW


def test_update_without_now_checks_the_future_against_the_real_clock() -> None:
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    far = (datetime.now(UTC) + timedelta(days=2)).isoformat()

    assert parse_update(update(timestamp=soon)).service_id == "api"
    with pytest.raises(InvalidPayload):
        parse_update(update(timestamp=far))


def test_update_ignores_unknown_fields() -> None:
    parsed = parse_update(update(group="Core", extra=[1, 2, 3]), NOW)

    assert parsed == ServiceUpdate("api", parsed.timestamp)


def test_update_details_are_capped() -> None:
    parsed = parse_update(update(details={"big": "x" * 100_000}), NOW)

    assert parsed.details == {"big": "x" * MAX_TEXT_LENGTH}


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        pytest.param("service api is down", "not an object", id="string"),
        pytest.param(["api", "down"], "not an object", id="list"),
        pytest.param(None, "not an object", id="none"),
        pytest.param(42, "not an object", id="number"),
        pytest.param(update(serviceId=7), "service id", id="number-service-id"),
        pytest.param(update(serviceId=""), "service id", id="empty-service-id"),
        pytest.param(
            update(serviceId="x" * (MAX_ID_LENGTH + 1)),
            "service id",
            id="huge-service-id",
        ),
        pytest.param(
            {"timestamp": STAMP, "status": "up"}, "service id", id="no-service-id"
        ),
        pytest.param({"serviceId": "api", "status": "up"}, "timestamp", id="no-ts"),
        pytest.param(update(timestamp=None), "timestamp", id="null-timestamp"),
        pytest.param(update(status="unknown"), "status", id="unknown-status"),
        pytest.param(update(status="UP"), "status", id="status-wrong-case"),
        pytest.param(update(status=1), "status", id="number-status"),
        pytest.param(update(responseTime=-1), "response time", id="negative-rt"),
        pytest.param(update(responseTime=math.nan), "response time", id="nan-rt"),
        pytest.param(update(responseTime=math.inf), "response time", id="inf-rt"),
        pytest.param(update(responseTime=-math.inf), "response time", id="-inf-rt"),
        pytest.param(update(responseTime=True), "response time", id="bool-rt"),
        pytest.param(update(responseTime="42"), "response time", id="string-rt"),
        pytest.param(update(responseTime=[42]), "response time", id="list-rt"),
        pytest.param(update(responseTime=1e12), "response time", id="absurd-rt"),
        pytest.param(update(timestamp="yesterday"), "timestamp", id="unparsable-ts"),
        pytest.param(update(timestamp=""), "timestamp", id="empty-ts"),
        pytest.param(update(timestamp=1764144000), "timestamp", id="number-ts"),
        pytest.param(
            update(timestamp="2026-11-26T08:00:00Z" + " " * 60),
            "timestamp",
            id="overlong-ts",
        ),
        pytest.param(
            update(timestamp=(NOW + timedelta(hours=24, seconds=1)).isoformat()),
            "future",
            id="ts-over-24h-ahead",
        ),
        pytest.param(
            update(timestamp="9999-12-31T23:59:59Z"), "future", id="ts-year-9999"
        ),
        pytest.param(update(details="all good"), "details", id="string-details"),
        pytest.param(update(details=[1, 2]), "details", id="list-details"),
        pytest.param(update(details=0), "details", id="number-details"),
    ],
)
def test_malformed_update_is_rejected(payload: object, reason: str) -> None:
    with pytest.raises(InvalidPayload) as caught:
        parse_update(payload, NOW)

    assert reason in caught.value.reason
    assert str(caught.value) == caught.value.reason


# ------------------------------------------------------- service:bulk-update


def test_bulk_parses_every_valid_item_to_a_service() -> None:
    bulk = parse_bulk(
        [
            item(url="https://api.example.com/health", group="Core"),
            item(
                id="mail",
                name="Mail",
                status="down",
                responseTime=None,
                details={"error": "timeout"},
            ),
        ],
        NOW,
    )

    assert bulk.services == (
        Service(
            id="api",
            name="API",
            status=Status.UP,
            response_time=42.0,
            last_check=datetime(2026, 11, 26, 7, 59, 30, 123000, tzinfo=UTC),
            details={"statusCode": 200},
            url="https://api.example.com/health",
            group="Core",
        ),
        Service(
            id="mail",
            name="Mail",
            status=Status.DOWN,
            response_time=None,
            last_check=datetime(2026, 11, 26, 7, 59, 30, 123000, tzinfo=UTC),
            details={"error": "timeout"},
        ),
    )
    assert bulk.kept_ids == frozenset()
    assert bulk.invalid_items == 0


def test_empty_bulk_is_an_empty_view() -> None:
    bulk = parse_bulk([], NOW)

    assert (bulk.services, bulk.kept_ids, bulk.invalid_items) == ((), frozenset(), 0)


@pytest.mark.parametrize(
    "payload",
    [{"api": item()}, "[]", None, 3, item()],
    ids=["dict", "string", "none", "number", "single-item"],
)
def test_bulk_that_is_not_a_list_is_rejected(payload: object) -> None:
    with pytest.raises(InvalidPayload, match="not a list"):
        parse_bulk(payload, NOW)


def test_bulk_skips_and_counts_items_that_are_not_objects() -> None:
    bulk = parse_bulk(["api", 42, None, [item()], item(id="db")], NOW)

    assert [service.id for service in bulk.services] == ["db"]
    assert bulk.invalid_items == 4
    assert bulk.kept_ids == frozenset()


def test_bulk_invalid_item_with_readable_id_is_kept() -> None:
    bulk = parse_bulk(
        [item(id="api", status="exploded"), item(id="db"), item(id=5)], NOW
    )

    assert [service.id for service in bulk.services] == ["db"]
    assert bulk.kept_ids == frozenset({"api"})
    assert bulk.invalid_items == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"status": "exploded"},
        {"responseTime": -5},
        {"responseTime": "fast"},
        {"lastCheckAt": "not a date"},
        {"lastCheckAt": "2099-01-01T00:00:00Z"},
        {"details": "oops"},
        {"details": [1]},
    ],
    ids=lambda bad: next(iter(bad)) + "=" + str(next(iter(bad.values()))),
)
def test_bulk_item_with_any_invalid_field_is_kept_not_applied(
    bad: dict[str, Any],
) -> None:
    bulk = parse_bulk([item(**bad)], NOW)

    assert bulk.services == ()
    assert bulk.kept_ids == frozenset({"api"})
    assert bulk.invalid_items == 1


def test_bulk_id_both_valid_and_invalid_is_not_kept() -> None:
    bulk = parse_bulk([item(status="exploded"), item(status="down")], NOW)

    assert [service.status for service in bulk.services] == [Status.DOWN]
    assert bulk.kept_ids == frozenset()
    assert bulk.invalid_items == 1


@pytest.mark.parametrize("name", [None, "", "   ", 42, ["API"]])
def test_bulk_name_falls_back_to_the_id(name: object) -> None:
    fields = item(id="db")
    if name is None:
        del fields["name"]
    else:
        fields["name"] = name

    [service] = parse_bulk([fields], NOW).services

    assert service.name == "db"


def test_bulk_name_is_trimmed() -> None:
    [service] = parse_bulk([item(name="  API  ")], NOW).services

    assert service.name == "API"


def test_bulk_item_with_only_an_id_is_a_service_without_state() -> None:
    [service] = parse_bulk([{"id": "api"}], NOW).services

    assert service == Service(
        id="api",
        name="api",
        status=None,
        response_time=None,
        last_check=None,
        details={},
    )


def test_bulk_ignores_unknown_extra_fields() -> None:
    bulk = parse_bulk(
        [item(type="http", tags=["a"], owner={"team": "core"}, interval=30)], NOW
    )

    assert bulk.invalid_items == 0
    assert bulk.services[0] == parse_service(item(), NOW)


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://api.example.com/health", "https://api.example.com/health"),
        ("http://10.0.0.2:8080/", "http://10.0.0.2:8080/"),
        ("http://", None),
        ("https://:8080/x", None),
        ("http://[::1", None),
        ("javascript:alert(1)", None),
        ("ftp://example.com/", None),
        ("/relative/path", None),
        (42, None),
    ],
)
def test_bulk_url_is_kept_only_when_http_or_https(
    url: object, kept: str | None
) -> None:
    [service] = parse_bulk([item(url=url)], NOW).services

    assert service.url == kept


@pytest.mark.parametrize("group", ["", 7, None, {"name": "Core"}])
def test_bulk_group_that_is_not_text_is_dropped(group: object) -> None:
    [service] = parse_bulk([item(group=group)], NOW).services

    assert service.group is None


def test_bulk_of_ten_thousand_services_parses_quickly() -> None:
    payload = [item(id=f"svc-{n}", details={"n": n}) for n in range(10_000)]

    started = time.perf_counter()
    bulk = parse_bulk(payload, NOW)
    elapsed = time.perf_counter() - started

    assert len(bulk.services) == 10_000
    assert elapsed < 2.0


# ------------------------------------------------- error, connection:status


def test_error_object_parses_to_message_and_code() -> None:
    assert parse_error({"message": "rate limit exceeded", "code": "rate_limited"}) == (
        ServerError("rate limit exceeded", "rate_limited")
    )


def test_error_as_bare_string_is_the_message() -> None:
    assert parse_error("boom") == ServerError("boom", None)


def test_error_with_odd_fields_keeps_what_is_text() -> None:
    assert parse_error({"message": 5, "code": ["x"]}) == ServerError("", None)
    assert parse_error({}) == ServerError("", None)


def test_error_text_is_bounded() -> None:
    error = parse_error({"message": "m" * 10_000, "code": "c" * 10_000})

    assert len(error.message) == MAX_TEXT_LENGTH
    assert error.code is not None
    assert len(error.code) == MAX_ID_LENGTH


@pytest.mark.parametrize("payload", [42, None, ["boom"]])
def test_error_of_the_wrong_type_is_rejected(payload: object) -> None:
    with pytest.raises(InvalidPayload):
        parse_error(payload)


def test_connection_status_parses_to_its_latency() -> None:
    latency = parse_latency({"connected": True, "latency": 12, "reconnectAttempt": 3})

    assert latency == 12.0
    assert isinstance(latency, float)


def test_connection_status_with_only_connected_has_no_latency() -> None:
    assert parse_latency({"connected": False}) is None


@pytest.mark.parametrize(
    "extra",
    [
        {"latency": "12"},
        {"latency": True},
        {"reconnectAttempt": -1},
        {"reconnectAttempt": True},
        {"reconnectAttempt": 1.5},
    ],
)
def test_connection_status_odd_optional_fields_are_dropped(
    extra: dict[str, Any],
) -> None:
    assert parse_latency({"connected": True, **extra}) is None


@pytest.mark.parametrize("latency", [-1, 1e300, math.inf, 10**400])
def test_connection_status_latency_out_of_range_is_rejected(latency: float) -> None:
    with pytest.raises(InvalidPayload, match="out of range"):
        parse_latency({"connected": True, "latency": latency})


@pytest.mark.parametrize(
    "payload",
    [{}, {"connected": "yes"}, {"connected": 1}, "connected", None, [True]],
)
def test_connection_status_without_a_boolean_connected_is_rejected(
    payload: object,
) -> None:
    with pytest.raises(InvalidPayload):
        parse_latency(payload)


# ---------------------------------------------------------------- details


def test_cap_details_keeps_a_small_json_object_as_it_is() -> None:
    details = {"statusCode": 200, "region": "eu", "ok": True, "lag": 0.5, "x": None}

    assert cap_details(details) == details


def test_cap_details_bounds_a_megabyte_object_quickly() -> None:
    huge: dict[str, Any] = {f"key-{n}": "v" * 100 for n in range(10_000)}
    huge["deep"] = {"a": {"b": {"c": {"d": {"e": {"f": "bottom"}}}}}}
    huge["long"] = "x" * 500_000
    assert len(json.dumps(huge)) > 1_000_000

    started = time.perf_counter()
    capped = cap_details(huge)
    elapsed = time.perf_counter() - started

    assert elapsed < 0.05
    assert len(capped) <= DETAILS_MAX_KEYS
    assert values(capped) <= DETAILS_MAX_ENTRIES
    assert depth(capped) <= DETAILS_MAX_DEPTH
    assert all(len(text) <= MAX_TEXT_LENGTH for text in strings(capped))


def test_cap_details_cuts_nesting_below_the_depth_limit() -> None:
    nested: dict[str, Any] = {"leaf": 1}
    for level in range(10):
        nested = {f"level{level}": nested, "keep": level}

    capped = cap_details(nested)

    assert depth(capped) == DETAILS_MAX_DEPTH
    assert capped["keep"] == 9


def test_cap_details_spends_one_budget_across_every_level() -> None:
    wide = {f"group{g}": {f"k{k}": k for k in range(40)} for g in range(40)}

    capped = cap_details(wide)

    assert values(capped) <= DETAILS_MAX_ENTRIES
    assert capped["group0"] == {f"k{k}": k for k in range(40)}


def test_cap_details_bounds_long_lists_and_keys() -> None:
    capped = cap_details({"items": list(range(1000)), "k" * 1000: "v"})

    assert capped["items"] == list(range(DETAILS_MAX_KEYS))
    assert "k" * MAX_ID_LENGTH in capped


def test_cap_details_output_is_json_safe() -> None:
    capped = cap_details(
        {
            "nan": math.nan,
            "inf": math.inf,
            "ninf": -math.inf,
            "big": 2**64,
            "small": -(2**60),
            "tuple": (1, 2),
            "set": {1, 2},
            "bytes": b"raw",
            "obj": object(),
            5: "numeric key",
            "ok": [1.5, "two", None, False],
        }
    )

    assert json.loads(json.dumps(capped, allow_nan=False)) == capped
    assert capped["nan"] is None
    assert capped["inf"] is None
    assert capped["ninf"] is None
    assert capped["big"] == float(2**64)
    assert capped["small"] == float(-(2**60))
    assert capped["tuple"] == [1, 2]
    assert capped["set"] is None
    assert capped["bytes"] is None
    assert capped["obj"] is None
    assert capped["5"] == "numeric key"
    assert capped["ok"] == [1.5, "two", None, False]


def test_bulk_details_absent_null_or_empty_are_an_empty_object() -> None:
    without = item(id="none")
    del without["details"]

    bulk = parse_bulk([without, item(id="null", details=None), item(details={})], NOW)

    assert [service.details for service in bulk.services] == [{}, {}, {}]
