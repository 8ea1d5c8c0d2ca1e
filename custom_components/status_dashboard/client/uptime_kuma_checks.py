"""Uptime Kuma's checks and figures, read: heartbeats, uptime, certificates.

A heartbeat comes live (`Heartbeat.toJSON`, server/model/heartbeat.js) or as
a database row in `heartbeatList` (server/client.js); both carry `status`,
`time`, `msg` and `ping`, and only those are read (2.x adds the response
body the monitor may save). The figures come from `Monitor.sendStats`
(server/model/monitor.js).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
import json
from typing import Final

from .models import Status
from .parse import (
    MAX_TEXT_LENGTH,
    InvalidPayload,
    valid_response_time,
    valid_timestamp,
)

# Heartbeat statuses (src/util.ts).
_STATUSES: Final = {
    0: Status.DOWN,
    1: Status.UP,
    2: Status.PENDING,
    3: Status.MAINTENANCE,
}
# `uptime` periods (hours, or "1y" on 2.x) and the `Service` field of each.
_UPTIME_FIELDS: Final[dict[int | str, str]] = {
    24: "uptime_24h",
    720: "uptime_30d",
    "1y": "uptime_1y",
}
# A certificate chain with its raw bytes is tens of kilobytes.
MAX_CERT_INFO_LENGTH = 1_048_576
MAX_CERT_DAYS = 100_000


@dataclass(frozen=True, slots=True)
class KumaBeat:
    """A monitor's check."""

    status: Status
    time: datetime
    # Milliseconds; None when the check measured none (or sent nonsense).
    ping: float | None
    # Why it is down, or what the check found ("200 - OK").
    message: str | None


@dataclass(frozen=True, slots=True)
class CertInfo:
    """What the last TLS check of an https monitor found."""

    # Days until the server's certificate expires; negative once it has.
    days_left: int | None
    # The chain is trusted (the TLS socket's `authorized`).
    valid: bool | None


def read_beat(row: object) -> KumaBeat | None:
    """A heartbeat: None unless its status and time are valid; a wrong
    `ping` or `msg` is dropped alone."""
    if not isinstance(row, dict):
        return None
    status = row.get("status")
    if isinstance(status, bool) or not isinstance(status, int):
        return None
    kuma_status = _STATUSES.get(status)
    if kuma_status is None:
        return None
    try:
        # "YYYY-MM-DD HH:mm:ss.SSS" in UTC (R.isoDateTimeMillis(dayjs.utc())).
        time = valid_timestamp(row.get("time"), None)
    except InvalidPayload:
        return None
    if time is None:
        return None
    try:
        ping = valid_response_time(row.get("ping"))
    except InvalidPayload:
        ping = None
    message = row.get("msg")
    return KumaBeat(
        kuma_status,
        time,
        ping,
        message[:MAX_TEXT_LENGTH] if isinstance(message, str) and message else None,
    )


def uptime_field(period: object) -> str | None:
    """The `Service` field an `uptime` period fills; None for another period."""
    if isinstance(period, bool) or not isinstance(period, int | str):
        return None
    return _UPTIME_FIELDS.get(period)


def read_uptime(value: object) -> float | None:
    """An `uptime` ratio (0 to 1) as a percentage; None for null."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidPayload("uptime is not a number")
    if not 0 <= value <= 1:
        raise InvalidPayload("uptime out of range")
    # Rounded: a ratio times 100 in binary floats shows 99.86099999999999.
    return round(value * 100, 4)


def read_cert_info(payload: object) -> CertInfo:
    """`certInfo`'s JSON string (`{"valid": …, "certInfo": {"daysRemaining":
    …, "issuerCertificate": …}}`): the server certificate's days left."""
    if not isinstance(payload, str):
        raise InvalidPayload(f"certificate info is a {type(payload).__name__}")
    if len(payload) > MAX_CERT_INFO_LENGTH:
        raise InvalidPayload("certificate info too long")
    try:
        info = json.loads(payload)
    except ValueError, RecursionError:
        raise InvalidPayload("certificate info is not JSON") from None
    if not isinstance(info, dict):
        raise InvalidPayload("certificate info is not an object")
    valid = info.get("valid")
    cert = info.get("certInfo")
    days = cert.get("daysRemaining") if isinstance(cert, dict) else None
    if isinstance(days, float) and days.is_integer():
        days = int(days)
    if isinstance(days, bool) or not isinstance(days, int) or abs(days) > MAX_CERT_DAYS:
        days = None
    return CertInfo(days, valid if isinstance(valid, bool) else None)
