"""Validation of every payload the server sends: untrusted input in, models out.

Each parser either returns a model whose every field holds a valid value or
raises `InvalidPayload` saying why; nothing else escapes. Payloads are decoded
JSON, so an object is a `dict` (a cheaper check than the `Mapping` ABC, and
this runs for every push). The `valid_*` checks are shared with `dialects`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
import math
import sys
from typing import Any

from yarl import URL

from .models import (
    UNSET,
    BulkUpdate,
    ServerError,
    Service,
    ServiceUpdate,
    Status,
    Unset,
)

MAX_ID_LENGTH = 256
MAX_NAME_LENGTH = 256
MAX_TEXT_LENGTH = 1024
MAX_RESPONSE_TIME_MS = 86_400_000.0
# A clock a little ahead is common; a timestamp far ahead would freeze the
# service (older updates are ignored), so it is refused.
MAX_CLOCK_AHEAD = timedelta(hours=24)

# `details` is shown as an attribute: bounded in entries, depth and text.
DETAILS_MAX_ENTRIES = 200
DETAILS_MAX_DEPTH = 4
DETAILS_MAX_KEYS = 50

_STATUSES = {status.value: status for status in Status}
_MAX_FLOAT = sys.float_info.max


class InvalidPayload(ValueError):
    """A payload that does not follow the contract; `reason` says how."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_update(payload: object, now: datetime | None = None) -> ServiceUpdate:
    """Validate a `service:status` payload."""
    if not isinstance(payload, dict):
        raise InvalidPayload(f"update is a {type(payload).__name__}, not an object")
    service_id = valid_id(payload.get("serviceId"))
    timestamp = valid_timestamp(payload.get("timestamp"), now)
    if timestamp is None:
        raise InvalidPayload("update without timestamp")
    status: Status | Unset | None = UNSET
    if "status" in payload:
        status = valid_status(payload["status"])
    response_time: float | Unset | None = UNSET
    if "responseTime" in payload:
        response_time = valid_response_time(payload["responseTime"])
    details: Mapping[str, Any] | Unset | None = UNSET
    if "details" in payload:
        raw_details = payload["details"]
        if raw_details is not None and not isinstance(raw_details, dict):
            raise InvalidPayload("details is not an object")
        details = None if raw_details is None else cap_details(raw_details)
    uptime_24h: float | Unset | None = UNSET
    if "uptime24h" in payload:
        uptime_24h = valid_percent(payload["uptime24h"])
    uptime_30d: float | Unset | None = UNSET
    if "uptime30d" in payload:
        uptime_30d = valid_percent(payload["uptime30d"])
    return ServiceUpdate(
        service_id, timestamp, status, response_time, details, uptime_24h, uptime_30d
    )


type ItemParser = Callable[[object, datetime | None], Service]


def parse_bulk(
    payload: object,
    now: datetime | None = None,
    *,
    parse_item: ItemParser | None = None,
    id_key: str = "id",
) -> BulkUpdate:
    """Validate a full list (`service:bulk-update`), item by item.

    One bad item never spoils the others: it is counted, and when its id (the
    item's `id_key`) is readable that service keeps its previous state.
    """
    if not isinstance(payload, list):
        raise InvalidPayload(f"bulk update is a {type(payload).__name__}, not a list")
    parse = parse_item or parse_service
    services: dict[str, Service] = {}
    kept: set[str] = set()
    invalid = 0
    unidentified = 0
    for item in payload:
        try:
            service = parse(item, now)
        except InvalidPayload:
            invalid += 1
            if isinstance(item, dict) and _is_valid_id(item.get(id_key)):
                kept.add(item[id_key])
            else:
                unidentified += 1
            continue
        services[service.id] = service
    kept.difference_update(services)
    return BulkUpdate(tuple(services.values()), frozenset(kept), invalid, unidentified)


def parse_service(item: object, now: datetime | None = None) -> Service:
    """Validate one item of a bulk update."""
    if not isinstance(item, dict):
        raise InvalidPayload(f"service is a {type(item).__name__}, not an object")
    service_id = valid_id(item.get("id"))
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        name = service_id
    raw_details = item.get("details")
    if raw_details is not None and not isinstance(raw_details, dict):
        raise InvalidPayload("details is not an object")
    return Service(
        id=service_id,
        name=name.strip()[:MAX_NAME_LENGTH],
        status=valid_status(item.get("status")),
        response_time=valid_response_time(item.get("responseTime")),
        last_check=valid_timestamp(item.get("lastCheckAt"), now),
        details=cap_details(raw_details) if raw_details else {},
        url=valid_url(item.get("url")),
        group=valid_text(item.get("group")),
        uptime_24h=valid_percent(item.get("uptime24h")),
        uptime_30d=valid_percent(item.get("uptime30d")),
    )


def parse_error(payload: object) -> ServerError:
    """Validate an `error` payload (a bare string is accepted as the message)."""
    if isinstance(payload, str):
        return ServerError(payload[:MAX_TEXT_LENGTH], None)
    if not isinstance(payload, dict):
        raise InvalidPayload(f"error is a {type(payload).__name__}, not an object")
    message = payload.get("message")
    code = payload.get("code")
    return ServerError(
        message[:MAX_TEXT_LENGTH] if isinstance(message, str) else "",
        code[:MAX_ID_LENGTH] if isinstance(code, str) else None,
    )


def parse_latency(payload: object) -> float | None:
    """The latency (ms) a `connection:status` payload reports, if it has one."""
    if not isinstance(payload, dict) or not isinstance(payload.get("connected"), bool):
        raise InvalidPayload("connection status without a boolean 'connected'")
    latency = payload.get("latency")
    return valid_response_time(latency) if _is_number(latency) else None


def cap_details(details: dict[Any, Any]) -> dict[str, Any]:
    """A JSON-safe copy of `details`, bounded in entries, depth and text size.

    Walks at most DETAILS_MAX_ENTRIES values, so a megabyte of input costs no
    more than a small one.
    """
    budget = [DETAILS_MAX_ENTRIES]
    capped = _cap_value(details, DETAILS_MAX_DEPTH, budget)
    return capped if isinstance(capped, dict) else {}


def _cap_value(value: Any, depth: int, budget: list[int]) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) < 2**53:
            return value
        # Past a float's range (10**400) float() raises: that is no number.
        return float(value) if abs(value) <= _MAX_FLOAT else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return value[:MAX_TEXT_LENGTH]
    if depth <= 0:
        return None
    if isinstance(value, dict):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if budget[0] <= 0 or len(result) >= DETAILS_MAX_KEYS:
                break
            budget[0] -= 1
            result[str(key)[:MAX_ID_LENGTH]] = _cap_value(item, depth - 1, budget)
        return result
    if isinstance(value, list | tuple):
        items: list[Any] = []
        for item in value:
            if budget[0] <= 0 or len(items) >= DETAILS_MAX_KEYS:
                break
            budget[0] -= 1
            items.append(_cap_value(item, depth - 1, budget))
        return items
    return None


def _is_valid_id(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_LENGTH


def valid_id(value: object) -> str:
    """A service id: a non-empty string, bounded."""
    if not _is_valid_id(value):
        raise InvalidPayload("service id is not a non-empty string")
    assert isinstance(value, str)
    return value


def valid_status(value: object) -> Status | None:
    """One of the statuses, or None for null."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in _STATUSES:
        raise InvalidPayload(f"unknown status {str(value)[:40]!r}")
    return _STATUSES[value]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def valid_response_time(value: object) -> float | None:
    """Milliseconds (0 to a day), or None for null."""
    return _number_in(value, MAX_RESPONSE_TIME_MS, "response time")


def _number_in(value: object, high: float, what: str) -> float | None:
    """A finite number from 0 to `high`, or None for null."""
    if value is None:
        return None
    if not _is_number(value):
        raise InvalidPayload(f"{what} is not a number")
    assert isinstance(value, int | float)
    if abs(value) > _MAX_FLOAT:  # a huge int: float() would raise OverflowError
        raise InvalidPayload(f"{what} out of range")
    number = float(value)
    if not math.isfinite(number) or not 0 <= number <= high:
        raise InvalidPayload(f"{what} out of range")
    return number


def valid_timestamp(value: object, now: datetime | None) -> datetime | None:
    """An ISO 8601 time (UTC when it has no offset), not far ahead of `now`."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise InvalidPayload("timestamp is not a string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidPayload("timestamp is not ISO 8601") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed - (now or datetime.now(UTC)) > MAX_CLOCK_AHEAD:
        raise InvalidPayload("timestamp is far in the future")
    return parsed


def valid_percent(value: object) -> float | None:
    """A percentage (0 to 100), or None for null."""
    return _number_in(value, 100.0, "percentage")


def valid_url(value: object) -> str | None:
    """An http(s) URL with a host (what Home Assistant accepts as a device's
    link), bounded; None for anything else."""
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return None
    value = value[:MAX_TEXT_LENGTH]
    try:
        return value if URL(value).host else None
    except ValueError:
        return None


def valid_text(value: object) -> str | None:
    """A non-empty string, bounded; None for anything else."""
    return value[:MAX_NAME_LENGTH] if isinstance(value, str) and value else None


def read_list(
    event: str,
    read: Callable[[Any], BulkUpdate],
    payload: Any,
    invalid: Callable[[str, InvalidPayload], None],
) -> BulkUpdate | None:
    """A whole list read by `read`: None when it is invalid as a whole; its
    invalid items, if any, reported to `invalid` beside the list."""
    try:
        bulk = read(payload)
    except InvalidPayload as err:
        invalid(event, err)
        return None
    if bulk.invalid_items:
        invalid(event, InvalidPayload(f"{bulk.invalid_items} invalid items"))
    return bulk
