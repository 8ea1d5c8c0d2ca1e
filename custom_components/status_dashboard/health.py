"""Repair issues that warn before things break: a token about to expire, a
connection that keeps dropping (the seed asks to alert on high reconnection
rates), more services than Home Assistant will make entities for.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
import time

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.entity_platform import MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
from homeassistant.helpers.event import async_call_later, async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .const import DOMAIN

TOKEN_WARNING_PERIOD = timedelta(days=7)
STORM_RECONNECTS = 10
STORM_WINDOW = 600.0
STORM_CALM_PERIOD = 600.0
ENTITIES_PER_SERVICE = 4
SERVER_ENTITIES = 3


def token_issue_id(entry: ConfigEntry) -> str:
    """The repair issue that warns of this entry's token expiring."""
    return f"token_expiring_{entry.entry_id}"


def storm_issue_id(entry: ConfigEntry) -> str:
    """The repair issue that reports this entry's connection flapping."""
    return f"reconnect_storm_{entry.entry_id}"


def capacity_issue_id(entry: ConfigEntry) -> str:
    """The repair issue that says some services got no entities."""
    return f"too_many_services_{entry.entry_id}"


class CapacityWatch:
    """Home Assistant enables at most 10,000 entities per config entry: say so
    when the server lists more services than fit, instead of failing silently."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        self._hass = hass
        self._entry = entry

    @callback
    def async_check(self, services: int) -> None:
        """Raise or clear the issue for this many services."""
        limit = MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
        if services * ENTITIES_PER_SERVICE + SERVER_ENTITIES <= limit:
            ir.async_delete_issue(self._hass, DOMAIN, capacity_issue_id(self._entry))
            return
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            capacity_issue_id(self._entry),
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="too_many_services",
            translation_placeholders={
                "title": self._entry.title,
                "services": str(services),
                "fit": str((limit - SERVER_ENTITIES) // ENTITIES_PER_SERVICE),
                "limit": str(limit),
            },
        )


class TokenExpiryWatch:
    """Raises a fixable issue once the token is within a week of expiring."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        self._hass = hass
        self._entry = entry
        self._cancel: CALLBACK_TYPE | None = None

    @callback
    def async_start(self, expires_at: datetime | None) -> None:
        """Check now, and again when the warning period begins."""
        if expires_at is None:
            ir.async_delete_issue(self._hass, DOMAIN, token_issue_id(self._entry))
            return
        warn_at = expires_at - TOKEN_WARNING_PERIOD
        if dt_util.utcnow() >= warn_at:
            self._raise(expires_at)
            return
        ir.async_delete_issue(self._hass, DOMAIN, token_issue_id(self._entry))

        @callback
        def warn(_now: datetime) -> None:
            self._raise(expires_at)

        self._cancel = async_track_point_in_utc_time(self._hass, warn, warn_at)

    @callback
    def async_stop(self) -> None:
        """Stop watching (the issue stays until a new token is saved)."""
        if self._cancel is not None:
            self._cancel()
            self._cancel = None

    def _raise(self, expires_at: datetime) -> None:
        self._cancel = None
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            token_issue_id(self._entry),
            is_fixable=True,
            severity=ir.IssueSeverity.WARNING,
            translation_key="token_expiring",
            translation_placeholders={
                "title": self._entry.title,
                "expires": dt_util.as_local(expires_at).strftime("%Y-%m-%d %H:%M"),
            },
            data={"entry_id": self._entry.entry_id},
        )


class ReconnectStormWatch:
    """Raises an issue when reconnects exceed a threshold within a window;
    clears it once the connection has stayed up for a calm period."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._hass = hass
        self._entry = entry
        self._clock = clock
        self._reconnects: deque[float] = deque()
        self._cancel_calm: CALLBACK_TYPE | None = None
        self.raised = False

    @callback
    def async_connected(self, first: bool) -> None:
        """A connection came up; every one after the first is a reconnect."""
        if not first:
            now = self._clock()
            self._reconnects.append(now)
            while self._reconnects and now - self._reconnects[0] > STORM_WINDOW:
                self._reconnects.popleft()
            if len(self._reconnects) > STORM_RECONNECTS and not self.raised:
                self._raise()
        if self.raised:
            self._cancel_calm_timer()
            self._cancel_calm = async_call_later(
                self._hass, STORM_CALM_PERIOD, self._calm
            )

    @callback
    def async_disconnected(self) -> None:
        """Not calm any more."""
        self._cancel_calm_timer()

    @callback
    def async_stop(self) -> None:
        """Stop timers (the issue stays for the next start to judge)."""
        self._cancel_calm_timer()

    def _raise(self) -> None:
        self.raised = True
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            storm_issue_id(self._entry),
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="reconnect_storm",
            translation_placeholders={
                "title": self._entry.title,
                "count": str(len(self._reconnects)),
                "minutes": str(round(STORM_WINDOW / 60)),
            },
        )

    @callback
    def _calm(self, _now: datetime) -> None:
        self._cancel_calm = None
        self.raised = False
        self._reconnects.clear()
        ir.async_delete_issue(self._hass, DOMAIN, storm_issue_id(self._entry))

    def _cancel_calm_timer(self) -> None:
        if self._cancel_calm is not None:
            self._cancel_calm()
            self._cancel_calm = None
