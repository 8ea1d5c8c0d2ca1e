"""Server dialects: what each kind of status server sends, in our models.

Servers built on the protocol page speak `STATUS_DASHBOARD`. MediaNest, the
dashboard the protocol comes from, speaks `MEDIANEST`: other list events,
items keyed by `name`, other refusals. The connection listens for every
dialect's events at once, and the first full list says which one the server
speaks; the user is never asked. Past this module, the client and Home
Assistant see only `BulkUpdate`, `ServiceUpdate` and `Refusal`.

A dialect is data plus two parsers, so a server that needs more (a login
step on the socket, commands of its own) adds fields here, not branches in
the connection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
import itertools

from .models import UNSET, BulkUpdate, Service, ServiceUpdate
from .parse import (
    DETAILS_MAX_ENTRIES,
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    InvalidPayload,
    cap_details,
    parse_bulk,
    parse_update,
    valid_id,
    valid_percent,
    valid_response_time,
    valid_status,
    valid_timestamp,
)

SUBSCRIBE_EVENT = "subscribe:status"
UNSUBSCRIBE_EVENT = "unsubscribe:status"
REFRESH_EVENT = "request:refresh"
UPDATE_EVENT = "service:status"
BULK_EVENT = "service:bulk-update"


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one kind of server speaks: its list events and how to read them."""

    # Shown in diagnostics.
    name: str
    # Events that carry the whole list (each replaces the view).
    list_events: tuple[str, ...]
    parse_list: Callable[[object], BulkUpdate]
    parse_update: Callable[[object], ServiceUpdate]
    # Events the server sends that carry nothing the client uses.
    quiet_events: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Refusal:
    """A server's `connect_error`: the token refused, or something else."""

    message: str
    # For a refused token: the refusal's code ("" when the server gave none).
    auth_code: str | None


# MediaNest (socket/middleware.ts): no token, a bad or expired token, and a
# user who is unknown or not active. Named with the protocol's codes.
MEDIANEST_REFUSALS = {
    "Authentication required": "missing_token",
    "Authentication failed": "invalid_token",
    "User not found or inactive": "user_inactive",
}
# Fields of a MediaNest item (services/status.service.ts `ServiceStatus`) that
# have a place of their own; the rest go to the details.
_MEDIANEST_FIELDS = frozenset(
    {
        "name",
        "displayName",
        "status",
        "responseTime",
        "uptime24h",
        "uptime30d",
        "lastCheck",
        "message",
    }
)


def read_refusal(rejection: object) -> Refusal | None:
    """What a `connect_error` payload says; None when it is not the server's
    (python-socketio reports an unreachable server as a bare string)."""
    if not isinstance(rejection, dict):
        return None
    message = rejection.get("message")
    if not isinstance(message, str):
        return None
    if message == "unauthorized":
        data = rejection.get("data")
        code = data.get("code") if isinstance(data, dict) else None
        return Refusal(message, code[:64] if isinstance(code, str) else "")
    return Refusal(message[:MAX_TEXT_LENGTH], MEDIANEST_REFUSALS.get(message))


def parse_medianest_item(item: object, now: datetime | None = None) -> Service:
    """One item of MediaNest's list: `name` is the id, `displayName` the name."""
    if not isinstance(item, dict):
        raise InvalidPayload(f"service is a {type(item).__name__}, not an object")
    service_id = valid_id(item.get("name"))
    name = item.get("displayName")
    if not isinstance(name, str) or not name.strip():
        name = service_id
    return Service(
        id=service_id,
        name=name.strip()[:MAX_NAME_LENGTH],
        status=valid_status(item.get("status")),
        response_time=valid_response_time(item.get("responseTime")),
        last_check=valid_timestamp(item.get("lastCheck"), now),
        details=_medianest_details(item),
        uptime_24h=valid_percent(item.get("uptime24h")),
        uptime_30d=valid_percent(item.get("uptime30d")),
    )


def parse_medianest_update(
    payload: object, now: datetime | None = None
) -> ServiceUpdate:
    """MediaNest's `service:status`, in either of its two shapes.

    With `serviceId`, the answer to a re-check (socket/handlers/
    status.handlers.ts): a whole check's status and response time, where an
    absent response time means none was measured. Without it, an item of the
    list (services/status.service.ts, its Uptime Kuma path): every field of
    the service, checked at `lastCheck`.
    """
    if not isinstance(payload, dict):
        raise InvalidPayload(f"update is a {type(payload).__name__}, not an object")
    if "serviceId" in payload:
        update = parse_update(payload, now)
        if update.response_time is UNSET:
            return ServiceUpdate(
                update.service_id, update.timestamp, update.status, None
            )
        return update
    service = parse_medianest_item(payload, now)
    return ServiceUpdate(
        service.id,
        service.last_check or now or datetime.now(UTC),
        service.status,
        service.response_time,
        service.details,
        service.uptime_24h,
        service.uptime_30d,
        whole=True,
    )


def _medianest_details(item: dict[object, object]) -> dict[str, object]:
    """`message` first, then fields MediaNest may add, bounded."""
    extra = {
        key: value
        for key, value in itertools.islice(item.items(), DETAILS_MAX_ENTRIES)
        if key not in _MEDIANEST_FIELDS
    }
    message = item.get("message")
    if message is not None:
        extra = {"message": message, **extra}
    return cap_details(extra) if extra else {}


STATUS_DASHBOARD = Dialect(
    name="status_dashboard",
    list_events=(BULK_EVENT,),
    parse_list=parse_bulk,
    parse_update=parse_update,
)
MEDIANEST = Dialect(
    name="medianest",
    # `status:current` answers `subscribe:status`; `service:status:all` is the
    # same list, sent every 30 s to every socket.
    list_events=("status:current", "service:status:all"),
    parse_list=partial(parse_bulk, parse_item=parse_medianest_item, id_key="name"),
    parse_update=parse_medianest_update,
    quiet_events=frozenset({"connection:established", "notification"}),
)
DIALECTS = (STATUS_DASHBOARD, MEDIANEST)
# Which dialect each list event belongs to.
LIST_EVENTS = {event: dialect for dialect in DIALECTS for event in dialect.list_events}
QUIET_EVENTS = frozenset().union(*(dialect.quiet_events for dialect in DIALECTS))
