"""Constants of the Status Dashboard integration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from homeassistant.const import Platform
from homeassistant.util.signal_type import SignalType

from .client.backoff import Backoff

DOMAIN: Final = "status_dashboard"

CONF_VERIFY_SSL: Final = "verify_ssl"
# An entry signed in with a password keeps its sign-in under this data key:
# {"id", and until moved to the entry's token Store: "access_token",
# "refresh_token", "expires_at", "obtained_at"}.
CONF_SIGN_IN: Final = "sign_in"
# What kind of server an entry talks to; absent: one that speaks the protocol
# (or a dialect the first list shows).
CONF_SERVER_KIND: Final = "server_kind"
UPTIME_KUMA: Final = "uptime_kuma"


def speaks_uptime_kuma(entry_data: Mapping[str, Any]) -> bool:
    """Whether an entry's data is that of an Uptime Kuma server."""
    return entry_data.get(CONF_SERVER_KIND) == UPTIME_KUMA


CONF_GRACE_PERIOD: Final = "grace_period"
# Which optional entities each service gets (options; absent means on).
CONF_STATUS_SENSOR: Final = "status_sensor"
CONF_RESPONSE_TIME_SENSOR: Final = "response_time_sensor"
CONF_UPTIME_SENSORS: Final = "uptime_sensors"
CONF_CERTIFICATE_SENSOR: Final = "certificate_sensor"
CONF_REFRESH_BUTTON: Final = "refresh_button"

DEFAULT_GRACE_PERIOD: Final = 30
MAX_GRACE_PERIOD: Final = 600
# The protocol's pace: at most one visible update per service per second.
THROTTLE_INTERVAL: Final = 1.0
# A Refresh press for the same service within this many seconds is ignored.
REFRESH_MIN_INTERVAL: Final = 5.0
# In this order: when Home Assistant's cap on enabled entities per entry bites,
# each service's main entity (its binary sensor) is the one that exists.
PLATFORMS: Final = (
    Platform.BINARY_SENSOR,
    Platform.SENSOR,
    Platform.BUTTON,
    Platform.SWITCH,
)
# Each option of the entities a service gets, in the form's order, and the
# (platform, description key) of the entities it turns on or off. The
# service's binary sensor always exists.
ENTITY_OPTIONS: Final[dict[str, tuple[tuple[Platform, str], ...]]] = {
    CONF_STATUS_SENSOR: ((Platform.SENSOR, "status"),),
    CONF_RESPONSE_TIME_SENSOR: (
        (Platform.SENSOR, "response_time"),
        (Platform.SENSOR, "average_response_time"),
    ),
    CONF_UPTIME_SENSORS: (
        (Platform.SENSOR, "uptime_24h"),
        (Platform.SENSOR, "uptime_30d"),
        (Platform.SENSOR, "uptime_1y"),
    ),
    CONF_CERTIFICATE_SENSOR: ((Platform.SENSOR, "certificate_expiry"),),
    CONF_REFRESH_BUTTON: ((Platform.BUTTON, "refresh"),),
}

# Sent with the entry id when its services turn unavailable after the grace
# period of a lost connection (`stale`) or come back with a full list.
SIGNAL_STALE_CHANGED: Final = SignalType[str](f"{DOMAIN}_stale_changed")


@dataclass(frozen=True, slots=True)
class ConnectionTiming:
    """How long one connection attempt may take, and how retries back off."""

    # Seconds for one attempt: connect, subscribe and the first full list.
    attempt_timeout: float = 10.0
    backoff: Backoff = field(default_factory=Backoff)


# Every connection's timing; tests patch it where it is read (`__init__`,
# `config_flow`) for fast retries.
CONNECTION_TIMING = ConnectionTiming()
