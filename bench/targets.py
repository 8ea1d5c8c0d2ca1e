"""What the figures are held to, and the integration's timings the phases allow for."""

from __future__ import annotations

LATENCY_P99_TARGET_MS = 10.0
CPU_RATIO_TARGET = 2.0
SUSTAINED_TARGET = 5000.0  # response-time changes/s
STATUS_RAMP_TARGET = 2000.0  # status changes/s
LAG_P99_LIMIT_MS = 50.0
STALL_LIMIT_MS = 250.0  # loop lag max of any bulk update or live-cycle step
RECONNECTIONS_TARGET = 0  # in a live cycle
THROTTLE_INTERVAL = 1.0  # the integration's: one write per service a second
# The integration's StatusConnection(stable_after=10.0): a link up for less
# counts as a failed attempt (backoff before the first retry).
STABLE_AFTER = 10.5
