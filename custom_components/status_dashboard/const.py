"""Constants of the Status Dashboard integration."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "status_dashboard"

CONF_VERIFY_SSL: Final = "verify_ssl"
CONF_GRACE_PERIOD: Final = "grace_period"

DEFAULT_GRACE_PERIOD: Final = 30
MAX_GRACE_PERIOD: Final = 600
# Seconds allowed for one connection attempt, subscription and first bulk update.
ATTEMPT_TIMEOUT: Final = 10.0
# The seed's pace: at most one visible update per service per second.
THROTTLE_INTERVAL: Final = 1.0
# A button press for the same service within this many seconds is ignored.
REFRESH_MIN_INTERVAL: Final = 5.0
# Whose entities a service gets first: when Home Assistant's cap on enabled
# entities per entry bites, the main entity (the binary sensor) is the one
# that exists.
ENTITY_PRIORITY: Final = ("binary_sensor", "sensor", "button")
