"""The push coordinator: one Socket.IO connection per entry, fanned out per service.

Socket → `client.parse` (validated update) → `ServiceView` (merged state) →
a per-service rate limit (status changes at once, the rest at most once a
second) → only that service's entities write their state. A status change
also reaches the server's summary (services down, services degraded).
"""

from __future__ import annotations

import asyncio
from collections.abc import KeysView, Sequence, ValuesView
import logging
import time
from typing import Any

import aiohttp
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_TOKEN, CONF_URL, Platform
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryNotReady,
    HomeAssistantError,
)
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.ratelimit import KeyedRateLimit
from homeassistant.helpers.typing import UNDEFINED, UndefinedType

from .client.connection import StatusConnection, StatusListener
from .client.errors import AuthenticationFailed, CannotConnect, ServerRefused
from .client.logthrottle import ThrottledLog
from .client.models import BulkUpdate, ServerError, Service, ServiceUpdate
from .client.recheck import RecheckQueue
from .client.slices import Slicer
from .client.token import TokenInfo, read_token
from .client.view import BulkChange, ServiceView
from .const import (
    CONF_GRACE_PERIOD,
    DEFAULT_GRACE_PERIOD,
    DOMAIN,
    REFRESH_MIN_INTERVAL,
    SIGNAL_STALE_CHANGED,
    THROTTLE_INTERVAL,
    ConnectionTiming,
)
from .health import CapacityWatch, ReconnectStormWatch, TokenExpiryWatch
from .renewal import TokenRenewal
from .summary import RECOUNT_OVER, StatusSummary

_LOGGER = logging.getLogger(__package__)

type StatusDashboardConfigEntry = ConfigEntry[StatusDashboardCoordinator]


def service_device_identifier(entry: ConfigEntry, service_id: str) -> tuple[str, str]:
    """The device registry identifier of one service: the server's stable id."""
    return (DOMAIN, f"{entry.entry_id}_{service_id}")


class StatusDashboardCoordinator(StatusListener):
    """Owns the connection, the view of the services and who hears about changes."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: StatusDashboardConfigEntry,
        session: aiohttp.ClientSession,
        timing: ConnectionTiming,
        renewal: TokenRenewal | None = None,
    ) -> None:
        self.hass = hass
        self.entry = entry
        self.view = ServiceView()
        # Which services are down and which degraded, kept with the view.
        self.summary = StatusSummary()
        # Signed in with a password: tokens that renew themselves.
        self.renewal = renewal
        token = renewal.token if renewal is not None else entry.data[CONF_TOKEN]
        self.token_info: TokenInfo = read_token(token)
        self.connection = StatusConnection(
            entry.data[CONF_URL],
            token,
            session,
            self,
            attempt_timeout=timing.attempt_timeout,
            backoff=timing.backoff,
            logger=_LOGGER,
            token_source=renewal,
        )
        self.server_device_id: str | None = None
        self.stale = False
        self.reconnect_attempt = 0
        self._rechecks = RecheckQueue(
            self.connection.request_refresh,
            lambda job: entry.async_create_background_task(
                hass, job, f"{DOMAIN} re-check requests"
            ),
            repeat_after=REFRESH_MIN_INTERVAL,
        )
        self._token_watch = TokenExpiryWatch(hass, entry)
        self._storm_watch = ReconnectStormWatch(hass, entry)
        self._capacity = CapacityWatch(hass, entry)
        self._log = ThrottledLog(_LOGGER)
        self._service_listeners: dict[str, set[CALLBACK_TYPE]] = {}
        self._server_listeners: set[CALLBACK_TYPE] = set()
        self._summary_listeners: set[CALLBACK_TYPE] = set()
        self._platform_listeners: dict[Platform, CALLBACK_TYPE] = {}
        self._shown_at = KeyedRateLimit(hass)
        self._cancel_grace: CALLBACK_TYPE | None = None
        # What full lists left to do: devices to remove, devices to show with
        # the server's new name, group or URL, services to write.
        self._to_remove: dict[str, None] = {}
        self._to_relabel: dict[str, None] = {}
        self._to_show: dict[str, None] = {}
        # The first full list after setup also removes the devices of services
        # the server stopped listing while the entry was not loaded.
        self._sweep_pending = True
        self._applying: asyncio.Task[None] | None = None
        self._remove_stop_listener: CALLBACK_TYPE | None = None
        self._lost_logged = False

    # Lifecycle

    async def async_connect_first(self) -> None:
        """First connection at setup: Home Assistant retries or asks for a token."""
        try:
            await self.connection.connect()
        except AuthenticationFailed as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_auth",
                translation_placeholders={"code": err.code or "unknown"},
            ) from err
        except CannotConnect as err:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"error": str(err)},
            ) from err

    @callback
    def async_start(self, remove_stop_listener: CALLBACK_TYPE) -> None:
        """Keep the connection up in the background for the life of the entry."""
        self._remove_stop_listener = remove_stop_listener
        # Tokens that renew themselves never need the user: no expiry warning.
        self._token_watch.async_start(
            None if self.renewal is not None else self.token_info.expires_at
        )
        self.entry.async_create_background_task(
            self.hass, self.connection.run(), f"{DOMAIN} connection {self.entry.title}"
        )

    async def async_shutdown(self) -> None:
        """Unsubscribe, disconnect, and leave no task or timer behind."""
        if self._remove_stop_listener is not None:
            self._remove_stop_listener()
            self._remove_stop_listener = None
        self._token_watch.async_stop()
        self._storm_watch.async_stop()
        self._rechecks.cancel()
        if self._applying is not None:
            self._applying.cancel()
        await self.connection.close()
        # Only now can nothing arrive any more: updates that came in while the
        # socket was closing may have started rate-limit timers.
        self._shown_at.async_remove()
        self._cancel_grace_timer()

    async def async_on_stop(self, _event: Event) -> None:
        """Home Assistant stops: close the connection before the loop ends."""
        # A listener that fired is gone already: removing it again is an error.
        self._remove_stop_listener = None
        await self.async_shutdown()

    # What entities read

    @property
    def connected(self) -> bool:
        """Connected and subscribed: the connection's own word."""
        return self.connection.connected

    @property
    def latency(self) -> float | None:
        """Round trip to the server in ms, while connected."""
        return self.connection.latency if self.connection.connected else None

    @property
    def transport(self) -> str | None:
        """`websocket` or `polling` while connected."""
        return self.connection.transport

    @property
    def service_ids(self) -> KeysView[str]:
        """Every service the server lists, in its order."""
        return self.view.services.keys()

    @property
    def services(self) -> ValuesView[Service]:
        """The last known good state of every service, in the server's order."""
        return self.view.services.values()

    def service(self, service_id: str) -> Service | None:
        """The last known good state of a service."""
        return self.view.services.get(service_id)

    def service_available(self, service_id: str) -> bool:
        """Known, and not past the grace period of a lost connection."""
        return not self.stale and service_id in self.view.services

    @property
    def summary_available(self) -> bool:
        """The summary's counts hold: not past the grace period of a lost
        connection (services unknown since then count in neither)."""
        return not self.stale

    # Who listens

    @callback
    def async_add_service_listener(
        self, service_id: str, update: CALLBACK_TYPE
    ) -> CALLBACK_TYPE:
        """Call `update` when this service's state should be written."""
        listeners = self._service_listeners.setdefault(service_id, set())
        listeners.add(update)

        @callback
        def remove() -> None:
            listeners.discard(update)
            if not listeners and self._service_listeners.get(service_id) is listeners:
                del self._service_listeners[service_id]

        return remove

    @callback
    def async_add_server_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` when the connection's state changes."""
        self._server_listeners.add(update)
        return lambda: self._server_listeners.discard(update)

    @callback
    def async_add_summary_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` when `summary` or `summary_available` may have changed:
        after a status change was shown, after a full list was written, when
        the grace period of a lost connection ends."""
        self._summary_listeners.add(update)
        return lambda: self._summary_listeners.discard(update)

    @callback
    def async_add_platform(
        self,
        platform: Platform,
        per_service: int,
        server: int,
        services_changed: CALLBACK_TYPE,
    ) -> CALLBACK_TYPE:
        """A platform makes entities: call `services_changed` when services come
        or go, first once every platform is set up."""
        self._platform_listeners[platform] = services_changed
        self._capacity.declare(platform, per_service, server)
        if self._capacity.ready:
            self._capacity.async_check(len(self.view.services))
            self._notify_platforms()

        @callback
        def remove() -> None:
            self._platform_listeners.pop(platform, None)
            self._capacity.forget(platform)

        return remove

    @callback
    def async_resize_platform(self, platform: Platform, per_service: int) -> None:
        """`platform` now makes `per_service` entities a service (some exist only
        for services that have a value, such as an uptime figure)."""
        if self._capacity.declare(platform, per_service):
            self._capacity.async_check(len(self.view.services))

    def services_for(self, platform: Platform) -> Sequence[str]:
        """The services that get `platform`'s entities, within the entity cap."""
        return self._capacity.services_for(platform, tuple(self.service_ids))

    # What the connection reports, in arrival order

    def on_bulk(self, bulk: BulkUpdate) -> None:
        """Replace the view; write only what changed, add and remove devices."""
        was_stale = self.stale
        self.stale = False
        self._cancel_grace_timer()
        change = self.view.replace(bulk)
        _LOGGER.debug(
            "Full list from %s: %d services (%d new, %d gone, %d changed, %d invalid)",
            self.connection.url,
            len(self.view.services),
            len(change.added),
            len(change.removed),
            len(change.changed),
            bulk.invalid_items,
        )
        for service_id in change.removed:
            self._shown_at.async_cancel_timer(service_id)
            self._rechecks.forget(service_id)
        self._count(change)
        self._to_remove.update(dict.fromkeys(change.removed))
        if self._sweep_pending and not bulk.unidentified_items:
            # A list with an item whose id is unreadable is not trusted with
            # this: that item may be any service (the next list will do).
            self._sweep_pending = False
            self._to_remove.update(dict.fromkeys(self._unlisted_services(bulk)))
        self._to_relabel.update(dict.fromkeys(change.relabeled))
        self._to_show.update(
            dict.fromkeys(self.view.services if was_stale else change.changed)
        )
        self._apply_soon()
        self._capacity.async_check(len(self.view.services))
        if was_stale:
            async_dispatcher_send(self.hass, SIGNAL_STALE_CHANGED, self.entry.entry_id)
        if change.added or change.removed or change.gained_uptime:
            self._notify_platforms()

    def on_update(self, update: ServiceUpdate) -> None:
        """Merge one service's update; a status change is shown at once."""
        applied = self.view.apply(update)
        if applied is None:
            return
        if applied.gained_uptime:
            self._notify_platforms()
        if applied.status_changed:
            self.summary.track(applied.service)
            self._show_now(update.service_id)
            self._notify_summary()
        else:
            self._show_soon(update.service_id)

    def on_connected(self, transport: str) -> None:
        """Connected and resynchronized."""
        self.reconnect_attempt = 0
        self._storm_watch.async_connected(first=self.connection.stats.connects == 1)
        _LOGGER.debug(
            "Connected to %s over %s and subscribed", self.connection.url, transport
        )
        if self._lost_logged:
            _LOGGER.info(
                "Connection to %s is back (%s)", self.connection.url, transport
            )
            self._lost_logged = False
        self._notify_server()

    def on_disconnected(self, reason: str) -> None:
        """The link dropped: show it now, keep the services for the grace period."""
        self._storm_watch.async_disconnected()
        if not self._lost_logged:
            _LOGGER.info("Lost the connection to %s (%s)", self.connection.url, reason)
            self._lost_logged = True
        self._start_grace_timer()
        self._notify_server()

    def on_attempt_failed(
        self, error: Exception, attempt: int, retry_in: float
    ) -> None:
        """A reconnection attempt failed; the loop retries with backoff."""
        self.reconnect_attempt = attempt
        if isinstance(error, ServerRefused):
            # Not the token: the server says why (too many connections, an
            # origin it does not allow). Said once, then at debug level.
            self._log.log(
                logging.WARNING,
                "refused",
                "%s refused the connection: %r; retrying in %.0f s",
                self.connection.url,
                error.message,
                retry_in,
            )
        _LOGGER.debug(
            "Attempt %s to reach %s failed (%s); retrying in %.1f s",
            attempt,
            self.connection.url,
            error,
            retry_in,
        )
        self._start_grace_timer()
        self._notify_server()

    def on_auth_failed(self, error: AuthenticationFailed) -> None:
        """The server refused the token: stop and ask the user for a new one."""
        _LOGGER.warning("%s refused the token (%s)", self.connection.url, error.code)
        self._start_grace_timer()
        self._notify_server()
        self.entry.async_start_reauth(self.hass)

    def on_server_error(self, error: ServerError) -> None:
        """Log, without flooding; slow down when told we send too much."""
        if error.code == "rate_limited":
            self._rechecks.slow_down()
        self._log.log(
            logging.WARNING,
            # Codes are the server's text: a key per code could flood the log.
            "error:rate_limited" if error.code == "rate_limited" else "error",
            "%s reported an error: %r (%r)",
            self.connection.url,
            error.message,
            error.code,
        )

    def on_latency(self, latency: float) -> None:
        """The server reported its round trip to this client."""
        self._notify_server()

    # Re-check requests

    @callback
    def async_recheck_service(self, service_id: str) -> None:
        """Ask the server to re-check one service, at a pace it accepts."""
        self._raise_unless_connected()
        if not self._rechecks.request((service_id,)):
            _LOGGER.debug("Refresh of %s requested again too soon; ignored", service_id)

    @callback
    def async_recheck_all(self) -> None:
        """Ask the server to re-check every service, at a pace it accepts."""
        self._raise_unless_connected()
        self._rechecks.request(tuple(self.view.services))

    def _raise_unless_connected(self) -> None:
        if not self.connected:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="not_connected"
            )

    # Internals

    def _show_now(self, service_id: str) -> None:
        """Write this service's entities now; the next second is rate-limited."""
        self._shown_at.async_triggered(service_id, time.time())
        self._notify_service(service_id)

    def _show_soon(self, service_id: str) -> None:
        """Write now, or once the service's last write is a second old."""
        now = time.time()
        if (
            self._shown_at.async_schedule_action(
                service_id, THROTTLE_INTERVAL, now, self._show_now, service_id
            )
            is None
        ):
            self._shown_at.async_triggered(service_id, now)
            self._notify_service(service_id)

    def _notify_service(self, service_id: str) -> None:
        for update in list(self._service_listeners.get(service_id, ())):
            update()

    def _notify_server(self) -> None:
        for update in list(self._server_listeners):
            update()

    def _count(self, change: BulkChange) -> None:
        """Bring the summary up to date with a full list's changes."""
        services = self.view.services
        summary = self.summary
        changed = len(change.added) + len(change.changed) + len(change.removed)
        if changed > RECOUNT_OVER:
            summary.recount(services.values())
            return
        for service_id in change.removed:
            summary.forget(service_id)
        for service_id in change.added:
            summary.track(services[service_id])
        for service_id in change.changed:
            summary.track(services[service_id])

    def _notify_summary(self) -> None:
        for update in list(self._summary_listeners):
            update()

    def _notify_platforms(self) -> None:
        for services_changed in list(self._platform_listeners.values()):
            services_changed()

    def _apply_soon(self) -> None:
        """Remove gone services' devices, show renamed ones' new names and write
        changed services, in slices; then the summary."""
        if not (self._to_remove or self._to_relabel or self._to_show):
            # Nothing to write but, after a lost connection, the summary.
            self._notify_summary()
        elif self._applying is None or self._applying.done():
            self._applying = self.entry.async_create_task(
                self.hass, self._apply(), f"{DOMAIN} apply full list"
            )

    async def _apply(self) -> None:
        # A list of thousands of services would hold the event loop for seconds
        # (each write and each device removal is a fraction of a millisecond).
        registry = dr.async_get(self.hass)
        slicer = Slicer()
        while self._to_remove or self._to_relabel or self._to_show:
            if self._to_remove:
                service_id = next(iter(self._to_remove))
                del self._to_remove[service_id]
                if service_id not in self.view.services:
                    self._remove_device(registry, service_id)
            elif self._to_relabel:
                service_id = next(iter(self._to_relabel))
                del self._to_relabel[service_id]
                if (service := self.view.services.get(service_id)) is not None:
                    self._relabel_device(registry, service)
            else:
                service_id = next(iter(self._to_show))
                del self._to_show[service_id]
                if service_id in self.view.services:
                    self._show_now(service_id)
            await slicer.breathe()
        self._notify_summary()

    def _remove_device(self, registry: dr.DeviceRegistry, service_id: str) -> None:
        device = registry.async_get_device_by_identifier(
            service_device_identifier(self.entry, service_id), self.entry.entry_id
        )
        if device is not None:
            registry.async_remove_device(device.id)

    def _relabel_device(self, registry: dr.DeviceRegistry, service: Service) -> None:
        """The service's device takes the server's group (its model), URL and,
        unless the user named the device (their name wins), name."""
        device = registry.async_get_device_by_identifier(
            service_device_identifier(self.entry, service.id), self.entry.entry_id
        )
        if device is None:
            return  # its entities are still to be added, with the new values
        name: str | UndefinedType = UNDEFINED if device.name_by_user else service.name
        try:
            registry.async_update_device(
                device.id,
                name=name,
                model=service.group,
                configuration_url=service.url,
            )
        except ValueError as err:
            # A URL Home Assistant refuses (no host): no link, the rest follows.
            self._log.log(
                logging.WARNING,
                "configuration_url",
                "The device of %s gets no link: %s",
                service.id,
                err,
            )
            registry.async_update_device(
                device.id, name=name, model=service.group, configuration_url=None
            )

    def _unlisted_services(self, bulk: BulkUpdate) -> list[str]:
        """Services the entry has a device of that the server does not list
        (nor sends an invalid item for): they left while it was not loaded."""
        prefix = f"{self.entry.entry_id}_"
        listed = self.view.services
        unlisted: list[str] = []
        registry = dr.async_get(self.hass)
        for device in dr.async_entries_for_config_entry(registry, self.entry.entry_id):
            # The server's own device is (DOMAIN, entry_id): no prefix, no service.
            for domain, identifier in device.identifiers:
                if domain != DOMAIN or not identifier.startswith(prefix):
                    continue
                service_id = identifier.removeprefix(prefix)
                if service_id not in listed and service_id not in bulk.kept_ids:
                    unlisted.append(service_id)
        return unlisted

    def _grace_period(self) -> float:
        return float(self.entry.options.get(CONF_GRACE_PERIOD, DEFAULT_GRACE_PERIOD))

    def _start_grace_timer(self) -> None:
        if self._cancel_grace is not None or self.stale:
            return
        self._cancel_grace = async_call_later(
            self.hass, self._grace_period(), self._grace_expired
        )

    def _cancel_grace_timer(self) -> None:
        if self._cancel_grace is not None:
            self._cancel_grace()
            self._cancel_grace = None

    @callback
    def _grace_expired(self, _now: Any) -> None:
        self._cancel_grace = None
        if self.connected:
            return
        self.stale = True
        self._notify_summary()
        self._shown_at.async_remove()
        self._to_show.update(dict.fromkeys(self._service_listeners))
        self._apply_soon()
        async_dispatcher_send(self.hass, SIGNAL_STALE_CHANGED, self.entry.entry_id)
