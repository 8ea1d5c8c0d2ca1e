"""The push coordinator: one Socket.IO connection per entry, fanned out per service.

The connection hands what it hears to this coordinator, its listener:
`on_update` merges an update into the view and hands the new state to that
service's entities, at once for a status change (which also reaches the
summary), else at most once a second (`WriteThrottle`). `on_bulk` replaces the
view and leaves registry work and writes to `FullListWork`, in slices.
"""

from __future__ import annotations

from collections.abc import Callable, KeysView
import logging

import aiohttp
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_URL
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .client.connection import StatusConnection
from .client.errors import AuthenticationFailed
from .client.models import BulkUpdate, ServerError, Service, ServiceUpdate
from .client.token import TokenInfo, read_token
from .client.view import ServiceView
from .connection_log import ConnectionLog
from .const import (
    DOMAIN,
    SIGNAL_STALE_CHANGED,
    THROTTLE_INTERVAL,
    ConnectionTiming,
    speaks_uptime_kuma,
)
from .entity_plan import EntityPlan
from .full_list import FullListWork
from .grace import GracePeriod
from .health import ReconnectStormWatch, TokenExpiryWatch
from .refresh import ServiceRefresh
from .renewal import TokenRenewal
from .summary import StatusSummary
from .write_throttle import WriteThrottle

_LOGGER = logging.getLogger(__package__)

type StatusDashboardConfigEntry = ConfigEntry[StatusDashboardCoordinator]
type ServiceListener = Callable[[Service | None], None]  # told the new state


class StatusDashboardCoordinator:
    """Owns the connection, the view of the services and who hears about changes."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: StatusDashboardConfigEntry,
        session: aiohttp.ClientSession,
        timing: ConnectionTiming,
        token: str,
        *,
        renewal: TokenRenewal | None = None,
    ) -> None:
        self.hass = hass
        self.entry = entry
        self.view = ServiceView()
        self.summary = StatusSummary()
        self.renewal = renewal  # signed in with a password: tokens that renew
        self.token_info: TokenInfo = read_token(token)
        self.connection = StatusConnection(
            entry.data[CONF_URL],
            token,
            session,
            listener=self,
            attempt_timeout=timing.attempt_timeout,
            backoff=timing.backoff,
            logger=_LOGGER,
            token_source=renewal,
            uptime_kuma=speaks_uptime_kuma(entry.data),
        )
        self.server_device_id: str | None = None
        self.stale = False
        self.reconnect_attempt = 0
        self.plan = EntityPlan(hass, entry, lambda: tuple(self.view.services))
        self.refresh = ServiceRefresh(hass, entry, self.connection, self.service)
        self._throttle = WriteThrottle(hass.loop, THROTTLE_INTERVAL, self._write)
        self._full_list = FullListWork(
            hass, entry, lambda: self.view.services, self._write, self._notify_summary
        )
        self._grace = GracePeriod(hass, entry, self._grace_expired)
        self._token_watch = TokenExpiryWatch(hass, entry)
        self._storm_watch = ReconnectStormWatch(hass, entry)
        self._log = ConnectionLog(entry.data[CONF_URL])
        self._service_listeners: dict[str, set[ServiceListener]] = {}
        self._server_listeners: set[CALLBACK_TYPE] = set()
        self._summary_listeners: set[CALLBACK_TYPE] = set()
        # The first full list after setup also removes the devices of services
        # the server stopped listing while the entry was not loaded.
        self._sweep_pending = True

    # Lifecycle

    @callback
    def async_start(self) -> None:
        """Keep the connection up in the background for the life of the entry."""
        # Tokens that renew themselves never need the user: no expiry warning.
        self._token_watch.async_start(
            None if self.renewal is not None else self.token_info.expires_at
        )
        self.entry.async_create_background_task(
            self.hass, self.connection.run(), f"{DOMAIN} connection {self.entry.title}"
        )

    async def async_shutdown(self) -> None:
        """Unsubscribe, disconnect, and leave no task or timer behind."""
        self._token_watch.async_stop()
        self._storm_watch.async_stop()
        self.refresh.queue.cancel()
        self._full_list.cancel()
        await self.connection.close()
        # Only now can nothing arrive any more: updates that came in while the
        # socket was closing may have started the throttle's timers.
        self._throttle.clear()
        self._grace.async_cancel()

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
    def service_ids(self) -> KeysView[str]:
        """Every service the server lists, in its order."""
        return self.view.services.keys()

    def service(self, service_id: str) -> Service | None:
        """The last known good state of a service."""
        return self.view.services.get(service_id)

    # Who listens

    @callback
    def async_add_service_listener(
        self, service_id: str, update: ServiceListener
    ) -> CALLBACK_TYPE:
        """Call `update` with this service's state when it should be written."""
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
        """Call `update` when the summary or `stale` may have changed: after a
        status change, after a full list was written, when the grace period of
        a lost connection ends."""
        self._summary_listeners.add(update)
        return lambda: self._summary_listeners.discard(update)

    # The connection's listener (`StatusListener`): what it reports, in
    # arrival order, from its event handlers.

    def on_update(self, update: ServiceUpdate) -> None:
        """Merge one service's update; a status change is shown at once."""
        applied = self.view.apply(update)
        if applied is None:
            return
        if applied.gained_figure:
            self.plan.async_services_changed()
        if applied.status_changed:
            self.summary.track(applied.service)
            self._throttle.now(update.service_id)
            self._notify_summary()
        else:
            self._throttle.soon(update.service_id)

    def on_bulk(self, bulk: BulkUpdate) -> None:
        """Replace the view; write only what changed, add and remove devices."""
        was_stale = self.stale
        self.stale = False
        self._grace.async_cancel()
        change = self.view.replace(bulk)
        services = self.view.services
        self._log.full_list(
            len(services),
            len(change.added),
            len(change.removed),
            len(change.changed),
            bulk.invalid_items,
        )
        for service_id in change.removed:
            self._throttle.forget(service_id)
            self.refresh.queue.forget(service_id)
        self.summary.apply(change, services)
        unlisted: list[str] = []
        if self._sweep_pending and not bulk.unidentified_items:
            # A list with an item whose id is unreadable is not trusted with
            # this: that item may be any service (the next list will do).
            self._sweep_pending = False
            unlisted = self._full_list.unlisted_services(bulk)
        self._full_list.queue(
            remove=(*change.removed, *unlisted),
            relabel=change.relabeled,
            write=services if was_stale else change.changed,
        )
        self.plan.async_check_capacity()
        if was_stale:
            async_dispatcher_send(self.hass, SIGNAL_STALE_CHANGED, self.entry.entry_id)
        if change.added or change.removed or change.gained_figures:
            self.plan.async_services_changed()

    def on_connected(self, transport: str) -> None:
        """Connected and resynchronized."""
        self.reconnect_attempt = 0
        self._storm_watch.async_connected(first=self.connection.stats.connects == 1)
        self._log.connected(transport)
        self._notify_server()

    def on_disconnected(self, reason: str) -> None:
        """The link dropped: show it now, keep the services for the grace period."""
        self._storm_watch.async_disconnected()
        self._log.lost(reason)
        self._start_grace()
        self._notify_server()

    def on_attempt_failed(
        self, error: Exception, attempt: int, retry_in: float
    ) -> None:
        """A reconnection attempt failed; the loop retries with backoff."""
        self.reconnect_attempt = attempt
        self._log.attempt_failed(error, attempt, retry_in)
        self._start_grace()
        self._notify_server()

    def on_auth_failed(self, error: AuthenticationFailed) -> None:
        """The server refused the token: stop and ask the user for a new one."""
        self._log.token_refused(error.code)
        self._start_grace()
        self._notify_server()
        self.entry.async_start_reauth(self.hass)

    def on_server_error(self, error: ServerError) -> None:
        """Log, without flooding; slow down when told we send too much."""
        if error.code == "rate_limited":
            self.refresh.queue.slow_down()
        self._log.server_error(error)

    def on_latency(self, latency: float) -> None:
        """The server reported its round trip to this client."""
        self._notify_server()

    # Internals

    def _write(self, service_id: str) -> None:
        """Hand this service's state to its entities, which write what changed."""
        listeners = self._service_listeners.get(service_id)
        if listeners:
            service = self.view.services.get(service_id)
            for update in list(listeners):
                update(service)

    def _notify_server(self) -> None:
        for update in list(self._server_listeners):
            update()

    def _notify_summary(self) -> None:
        for update in list(self._summary_listeners):
            update()

    def _start_grace(self) -> None:
        if not self.stale:
            self._grace.async_start()

    def _grace_expired(self) -> None:
        if self.connected:
            return
        self.stale = True
        self._notify_summary()
        self._throttle.clear()
        self._full_list.queue(write=self._service_listeners)
        async_dispatcher_send(self.hass, SIGNAL_STALE_CHANGED, self.entry.entry_id)
