"""The push coordinator: one Socket.IO connection per entry, fanned out per service.

Socket → `client.parse` (validated update) → `ServiceView` (merged state) →
`KeyedThrottle` (status changes at once, the rest at most once a second) →
only that service's entities write their state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import logging
import time
from typing import Any

import aiohttp
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryNotReady,
    HomeAssistantError,
)
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.entity_platform import MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
from homeassistant.helpers.event import async_call_later

from .client.connection import StatusConnection
from .client.errors import AuthenticationFailed, CannotConnect, NotConnected
from .client.logthrottle import ThrottledLog
from .client.models import (
    BulkUpdate,
    ConnectionReport,
    ServerError,
    Service,
    ServiceUpdate,
)
from .client.pacer import SendPacer
from .client.throttle import KeyedThrottle
from .client.token import TokenInfo, read_token
from .client.view import ServiceView
from .const import (
    ATTEMPT_TIMEOUT,
    CONF_GRACE_PERIOD,
    DEFAULT_GRACE_PERIOD,
    DOMAIN,
    ENTITY_PRIORITY,
    REFRESH_MIN_INTERVAL,
    THROTTLE_INTERVAL,
)
from .health import CapacityWatch, ReconnectStormWatch, TokenExpiryWatch

_LOGGER = logging.getLogger(__package__)
ADD_BATCH = 25

type StatusDashboardConfigEntry = ConfigEntry[StatusDashboardCoordinator]


def service_device_identifier(entry: ConfigEntry, service_id: str) -> tuple[str, str]:
    """The device registry identifier of one service: the server's stable id."""
    return (DOMAIN, f"{entry.entry_id}_{service_id}")


class StatusDashboardCoordinator:
    """Owns the connection, the view of the services and who hears about changes."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: StatusDashboardConfigEntry,
        session: aiohttp.ClientSession,
    ) -> None:
        self.hass = hass
        self.entry = entry
        self.view = ServiceView()
        self.token_info: TokenInfo = read_token(entry.data[CONF_TOKEN])
        self.connection = StatusConnection(
            entry.data[CONF_URL],
            entry.data[CONF_TOKEN],
            session,
            self,
            attempt_timeout=ATTEMPT_TIMEOUT,
            logger=_LOGGER,
        )
        self.server_device_id: str | None = None
        self.connected = False
        self.stale = False
        self.reconnect_attempt = 0
        self.server_report: ConnectionReport | None = None
        self.pacer = SendPacer()
        self._log = ThrottledLog(_LOGGER)
        self._service_listeners: dict[str, set[CALLBACK_TYPE]] = {}
        self._server_listeners: set[CALLBACK_TYPE] = set()
        self._new_service_listeners: dict[str, Callable[[list[str]], None]] = {}
        self._throttle = KeyedThrottle(
            hass.loop, THROTTLE_INTERVAL, self._notify_service
        )
        self._cancel_grace: CALLBACK_TYPE | None = None
        self._last_refresh: dict[str, float] = {}
        self._refresh_all_task: asyncio.Task[None] | None = None
        self._lost_logged = False
        self.token_watch = TokenExpiryWatch(hass, entry)
        self.storm_watch = ReconnectStormWatch(hass, entry)
        self.capacity_watch = CapacityWatch(hass, entry)

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
    def async_start(self) -> None:
        """Keep the connection up in the background for the life of the entry."""
        self.token_watch.async_start(self.token_info.expires_at)
        self.entry.async_create_background_task(
            self.hass, self.connection.run(), f"{DOMAIN} connection {self.entry.title}"
        )

    async def async_shutdown(self) -> None:
        """Unsubscribe, disconnect, and leave no task or timer behind."""
        self.token_watch.async_stop()
        self.storm_watch.async_stop()
        if self._refresh_all_task is not None:
            self._refresh_all_task.cancel()
        await self.connection.close()
        # Only now can nothing arrive any more: updates that came in while the
        # socket was closing may have opened throttle windows.
        self._throttle.cancel()
        self._cancel_grace_timer()

    async def async_on_stop(self, _event: Event) -> None:
        """Home Assistant stops: close the connection before the loop ends."""
        await self.async_shutdown()

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
    def async_add_new_services_listener(
        self, platform: str, add: Callable[[list[str]], None]
    ) -> CALLBACK_TYPE:
        """Call `add` with the ids of services that need `platform`'s entities."""
        self._new_service_listeners[platform] = add

        @callback
        def remove() -> None:
            self._new_service_listeners.pop(platform, None)

        return remove

    def service(self, service_id: str) -> Service | None:
        """The last known good state of a service."""
        return self.view.services.get(service_id)

    # What the connection reports (StatusListener), in arrival order

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
        if change.removed:
            self._remove_services(change.removed)
        for service_id in self.view.services if was_stale else change.changed:
            self._throttle.deliver_now(service_id)
        self.capacity_watch.async_check(len(self.view.services))
        if change.added:
            self.async_add_services(change.added)

    def on_update(self, update: ServiceUpdate) -> None:
        """Merge one service's update; a status change is shown at once."""
        applied = self.view.apply(update)
        if applied is None:
            return
        if applied.status_changed:
            self._throttle.deliver_now(update.service_id)
        else:
            self._throttle.offer(update.service_id)

    def on_connected(self, transport: str) -> None:
        """Connected and resynchronized."""
        self.connected = True
        self.reconnect_attempt = 0
        self.storm_watch.async_connected(first=self.connection.stats.connects == 1)
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
        self.connected = False
        self.storm_watch.async_disconnected()
        if not self._lost_logged:
            _LOGGER.info("Lost the connection to %s (%s)", self.connection.url, reason)
            self._lost_logged = True
        self._start_grace_timer()
        self._notify_server()

    def on_attempt_failed(
        self, error: Exception, attempt: int, retry_in: float
    ) -> None:
        """A reconnection attempt failed; the loop retries with backoff."""
        self.connected = False
        self.reconnect_attempt = attempt
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
        self.connected = False
        _LOGGER.warning("%s refused the token (%s)", self.connection.url, error.code)
        self._start_grace_timer()
        self._notify_server()
        self.entry.async_start_reauth(self.hass)

    def on_server_error(self, error: ServerError) -> None:
        """Log, without flooding; slow down when told we send too much."""
        if error.code == "rate_limited":
            self.pacer.slow_down()
        self._log.log(
            logging.WARNING,
            # Codes are the server's text: a key per code could flood the log.
            "error:rate_limited" if error.code == "rate_limited" else "error",
            "%s reported an error: %r (%r)",
            self.connection.url,
            error.message,
            error.code,
        )

    def on_connection_report(self, report: ConnectionReport) -> None:
        """The server's own view of the link."""
        self.server_report = report
        self._notify_server()

    # Refresh requests

    async def async_request_refresh(self, service_id: str) -> None:
        """Ask the server to re-check one service, at a pace it accepts."""
        if not self.connected:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="not_connected"
            )
        if self._refreshed_recently(service_id):
            _LOGGER.debug("Refresh of %s requested again too soon; ignored", service_id)
            return
        if not self.pacer.try_acquire():
            _LOGGER.debug("Refresh of %s dropped: sending too fast", service_id)
            return
        self._last_refresh[service_id] = time.monotonic()
        await self._send_refresh(service_id)

    def _refreshed_recently(self, service_id: str) -> bool:
        last = self._last_refresh.get(service_id)
        return last is not None and time.monotonic() - last < REFRESH_MIN_INTERVAL

    @callback
    def async_request_refresh_all(self) -> None:
        """Re-check every service, paced; a press while one runs is ignored."""
        if not self.connected:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="not_connected"
            )
        if self._refresh_all_task is not None and not self._refresh_all_task.done():
            return
        self._refresh_all_task = self.entry.async_create_background_task(
            self.hass, self._refresh_all(), f"{DOMAIN} refresh all"
        )

    async def _refresh_all(self) -> None:
        for service_id in list(self.view.services):
            if self._refreshed_recently(service_id):
                continue
            await self.pacer.acquire()
            if not self.connected:
                return
            self._last_refresh[service_id] = time.monotonic()
            try:
                await self.connection.request_refresh(service_id)
            except NotConnected:
                return

    async def _send_refresh(self, service_id: str) -> None:
        try:
            await self.connection.request_refresh(service_id)
        except NotConnected as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="not_connected"
            ) from err

    # Internals

    @callback
    def async_add_services(self, service_ids: tuple[str, ...]) -> None:
        """Give services their entities (at setup, and when new ones appear)."""
        self.entry.async_create_task(
            self.hass, self._add_services(service_ids), f"{DOMAIN} add services"
        )

    async def _add_services(self, service_ids: tuple[str, ...]) -> None:
        """Add entities a batch at a time, platform by platform.

        Adding thousands of entities at once would hold the event loop for
        seconds; batches let it breathe. The main entities (the first platform)
        come first, and nothing is built past Home Assistant's entity cap.
        """
        registry = er.async_get(self.hass)
        for platform in ENTITY_PRIORITY:
            if (add := self._new_service_listeners.get(platform)) is None:
                continue
            for start in range(0, len(service_ids), ADD_BATCH):
                if (
                    registry.entities.get_enabled_count_for_config_entry_id(
                        self.entry.entry_id
                    )
                    >= MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
                ):
                    return
                batch = [
                    service_id
                    for service_id in service_ids[start : start + ADD_BATCH]
                    if service_id in self.view.services
                ]
                if batch:
                    add(batch)
                await asyncio.sleep(0)

    def _notify_service(self, service_id: str) -> None:
        for update in list(self._service_listeners.get(service_id, ())):
            update()

    def _notify_all_services(self) -> None:
        for service_id in list(self._service_listeners):
            self._notify_service(service_id)

    def _notify_server(self) -> None:
        for update in list(self._server_listeners):
            update()

    def _remove_services(self, service_ids: tuple[str, ...]) -> None:
        registry = dr.async_get(self.hass)
        for service_id in service_ids:
            self._throttle.forget(service_id)
            self._last_refresh.pop(service_id, None)
            device = registry.async_get_device_by_identifier(
                service_device_identifier(self.entry, service_id), self.entry.entry_id
            )
            if device is not None:
                registry.async_update_device(
                    device.id, remove_config_entry_id=self.entry.entry_id
                )

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
        self._throttle.cancel()
        self._notify_all_services()
