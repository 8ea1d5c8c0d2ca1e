"""Typed models of what the status server sends."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any, Final, Literal


class Status(StrEnum):
    """A service's health as the server reports it.

    Besides up, down and degraded, servers that monitor through Uptime Kuma
    report a check on hold: in maintenance, paused, or pending (failing, not
    yet retried enough to call it down). Those say nothing about whether the
    service is reachable.
    """

    UP = "up"
    DOWN = "down"
    DEGRADED = "degraded"
    MAINTENANCE = "maintenance"
    PAUSED = "paused"
    PENDING = "pending"


class _Unset(Enum):
    """Marks a field an update leaves unchanged (absent on the wire).

    A one-member enum, so that `value is UNSET` narrows the type.
    """

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = _Unset.UNSET
type Unset = Literal[_Unset.UNSET]

# The figures of a `Service` a server may or may not give: Home Assistant
# shows each one a service carries.
OPTIONAL_FIGURES: Final = (
    "uptime_24h",
    "uptime_30d",
    "uptime_1y",
    "average_response_time",
    "cert_days_left",
)


@dataclass(frozen=True, slots=True)
class Service:
    """The last known good state of one service."""

    id: str
    name: str
    status: Status | None
    response_time: float | None
    last_check: datetime | None
    details: Mapping[str, Any]
    url: str | None = None
    group: str | None = None
    # Percentages the server computes over the last 24 hours and 30 days.
    uptime_24h: float | None = None
    uptime_30d: float | None = None
    # Figures only some servers give (Uptime Kuma): uptime over the last
    # year (percent), the average response time over the last 24 hours (ms),
    # and the days the service's TLS certificate has left (negative once
    # expired).
    uptime_1y: float | None = None
    average_response_time: float | None = None
    cert_days_left: int | None = None


@dataclass(frozen=True, slots=True)
class ServiceUpdate:
    """A `service:status` push: absent fields are UNSET, null fields are None."""

    service_id: str
    timestamp: datetime
    status: Status | Unset | None = UNSET
    response_time: float | Unset | None = UNSET
    details: Mapping[str, Any] | Unset | None = UNSET
    uptime_24h: float | Unset | None = UNSET
    uptime_30d: float | Unset | None = UNSET
    uptime_1y: float | Unset | None = UNSET
    average_response_time: float | Unset | None = UNSET
    cert_days_left: int | Unset | None = UNSET
    # The update is a whole check result: its details replace the old ones
    # instead of merging into them.
    whole: bool = False


@dataclass(frozen=True, slots=True)
class BulkUpdate:
    """A `service:bulk-update`: the server's whole view for this user.

    `kept_ids` are services whose item was invalid: they stay as they were
    rather than disappearing. `unidentified_items` are invalid items without a
    readable id: any service missing from the bulk may be one of them, so none
    disappears.
    """

    services: tuple[Service, ...]
    kept_ids: frozenset[str]
    invalid_items: int
    unidentified_items: int = 0


@dataclass(frozen=True, slots=True)
class ServerError:
    """An `error` event from the server."""

    message: str
    code: str | None
