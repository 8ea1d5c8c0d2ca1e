"""Repair issues that warn before things break: a pasted token about to
expire, renewing a token failing for a while, a connection that keeps
dropping, more services than Home Assistant will make entities for (and which
entities exist then).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
import time

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.entity_platform import MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
from homeassistant.helpers.event import async_call_later, async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .const import DOMAIN, PLATFORMS

TOKEN_WARNING_PERIOD = timedelta(days=7)
RENEWAL_FAILING_AFTER = 15 * 60.0
STORM_RECONNECTS = 10
STORM_WINDOW = 600.0
STORM_CALM_PERIOD = 600.0


TOKEN_EXPIRING = "token_expiring"
RENEWAL_FAILING = "renewal_failing"
RECONNECT_STORM = "reconnect_storm"
TOO_MANY_SERVICES = "too_many_services"


def token_issue_id(entry: ConfigEntry) -> str:
    """The repair issue that warns of this entry's token expiring."""
    return f"{TOKEN_EXPIRING}_{entry.entry_id}"


def renewal_issue_id(entry: ConfigEntry) -> str:
    """The repair issue that says renewing this entry's token keeps failing."""
    return f"{RENEWAL_FAILING}_{entry.entry_id}"


def storm_issue_id(entry: ConfigEntry) -> str:
    """The repair issue that reports this entry's connection flapping."""
    return f"{RECONNECT_STORM}_{entry.entry_id}"


def capacity_issue_id(entry: ConfigEntry) -> str:
    """The repair issue that says some services got no entities."""
    return f"{TOO_MANY_SERVICES}_{entry.entry_id}"


def _warn(
    hass: HomeAssistant,
    entry: ConfigEntry,
    kind: str,
    placeholders: dict[str, str],
    *,
    fixable: bool = False,
) -> None:
    """Raise this entry's repair issue of `kind` (its translation key too)."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"{kind}_{entry.entry_id}",
        is_fixable=fixable,
        severity=ir.IssueSeverity.WARNING,
        translation_key=kind,
        translation_placeholders={"title": entry.title, **placeholders},
        data={"entry_id": entry.entry_id} if fixable else None,
    )


class CapacityWatch:
    """Home Assistant enables at most 10,000 entities per config entry.

    Each platform declares how many entities it makes per service and for the
    server. When they do not all fit, every service's main entity (the first
    platform's) comes first, the other platforms' entities go to the first
    services while room remains, and a repair issue says how many services fit.
    """

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        self._hass = hass
        self._entry = entry
        self._per_service: dict[Platform, int] = {}
        self._per_server: dict[Platform, int] = {}

    @callback
    def declare(
        self, platform: Platform, per_service: int, server: int | None = None
    ) -> bool:
        """`platform` makes `per_service` entities a service and `server` more
        (None: as many for the server as it declared before); whether that
        changed anything."""
        changed = self._per_service.get(platform) != per_service
        self._per_service[platform] = per_service
        if server is not None:
            changed |= self._per_server.get(platform) != server
            self._per_server[platform] = server
        return changed

    @callback
    def forget(self, platform: Platform) -> None:
        """`platform` was unloaded."""
        self._per_service.pop(platform, None)
        self._per_server.pop(platform, None)

    @property
    def _server(self) -> int:
        return sum(self._per_server.values())

    @property
    def ready(self) -> bool:
        """Every platform has declared its entities."""
        return len(self._per_service) == len(PLATFORMS)

    def services_for(
        self, platform: Platform, service_ids: Sequence[str]
    ) -> Sequence[str]:
        """The services (in order) that get `platform`'s entities."""
        if not self.ready:
            return ()
        room = MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY - self._server
        main = PLATFORMS[0]
        main_each = self._per_service[main]
        with_main = min(len(service_ids), room // main_each)
        if platform is main:
            return service_ids[:with_main]
        others_each = sum(self._per_service.values()) - main_each
        if not others_each:
            return service_ids[:with_main]
        room -= with_main * main_each
        return service_ids[: max(0, min(with_main, room // others_each))]

    @callback
    def async_check(self, services: int) -> None:
        """Raise or clear the issue for this many services."""
        if not self.ready:
            return
        limit = MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
        each = sum(self._per_service.values())
        if services * each + self._server <= limit:
            ir.async_delete_issue(self._hass, DOMAIN, capacity_issue_id(self._entry))
            return
        _warn(
            self._hass,
            self._entry,
            TOO_MANY_SERVICES,
            {
                "services": str(services),
                "fit": str((limit - self._server) // each),
                "limit": str(limit),
            },
        )


class TokenExpiryWatch:
    """Raises a fixable issue once a pasted token is within a week of expiring."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        self._hass = hass
        self._entry = entry
        self._cancel: CALLBACK_TYPE | None = None

    @callback
    def async_start(self, expires_at: datetime | None) -> None:
        """Check now, and again when the warning period begins; None (a token
        without expiry, or tokens that renew themselves) clears the issue."""
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
        _warn(
            self._hass,
            self._entry,
            TOKEN_EXPIRING,
            {"expires": dt_util.as_local(expires_at).strftime("%Y-%m-%d %H:%M")},
            fixable=True,
        )


class RenewalFailureWatch:
    """Raises an issue once renewing the token has failed for 15 minutes;
    clears it at the next renewal."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        self._hass = hass
        self._entry = entry
        self._cancel: CALLBACK_TYPE | None = None
        self._failing = False
        self._reason = ""

    @callback
    def async_failed(self, reason: str) -> None:
        """A renewal failed; the first failure of a streak starts the clock."""
        self._reason = reason
        if self._failing:
            return
        self._failing = True
        self._cancel = async_call_later(
            self._hass, RENEWAL_FAILING_AFTER, self._still_failing
        )

    @callback
    def async_renewed(self) -> None:
        """Renewed (or renewal handed over to the user): no issue."""
        self._failing = False
        self.async_stop()
        ir.async_delete_issue(self._hass, DOMAIN, renewal_issue_id(self._entry))

    @callback
    def async_stop(self) -> None:
        """Stop the clock (the issue stays for the next start to judge)."""
        if self._cancel is not None:
            self._cancel()
            self._cancel = None

    @callback
    def _still_failing(self, _now: datetime) -> None:
        self._cancel = None
        _warn(
            self._hass,
            self._entry,
            RENEWAL_FAILING,
            {"minutes": str(round(RENEWAL_FAILING_AFTER / 60)), "error": self._reason},
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
        _warn(
            self._hass,
            self._entry,
            RECONNECT_STORM,
            {
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
