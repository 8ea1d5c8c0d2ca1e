"""Re-checks the user asks for (a Refresh button, Refresh all): one queue,
paced below the server's rate limit, and only while connected.

Uptime Kuma checks a monitor now when it is restarted (`resumeMonitor`):
not a paused one, which that would resume, nor a push monitor, which only
its sender checks. A press for one of those is an error at once; Refresh all
leaves them out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError

from .client.connection import StatusConnection
from .client.models import Service
from .client.recheck import RecheckQueue
from .client.uptime_kuma import can_check_now
from .client.uptime_kuma_link import CannotCheckNow
from .const import DOMAIN, REFRESH_MIN_INTERVAL, speaks_uptime_kuma

_LOGGER = logging.getLogger(__package__)


class ServiceRefresh:
    """Sends the server's re-check request for the services asked for."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        connection: StatusConnection,
        service: Callable[[str], Service | None],
    ) -> None:
        self._connection = connection
        self._service = service
        self._uptime_kuma = speaks_uptime_kuma(entry.data)
        self.queue = RecheckQueue(
            self._send,
            lambda job: entry.async_create_background_task(
                hass, job, f"{DOMAIN} re-check requests"
            ),
            repeat_after=REFRESH_MIN_INTERVAL,
        )

    @callback
    def async_service(self, service_id: str) -> None:
        """Re-check one service (not again within a few seconds)."""
        self._raise_unless_connected()
        service = self._service(service_id)
        if service is not None and not self._can_check_now(service):
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="cannot_check_now",
                translation_placeholders={"name": service.name},
            )
        if not self.queue.request((service_id,)):
            _LOGGER.debug("Refresh of %s requested again too soon; ignored", service_id)

    @callback
    def async_all(self, service_ids: Iterable[str]) -> None:
        """Re-check every service that can be, at a pace the server accepts."""
        self._raise_unless_connected()
        self.queue.request(
            tuple(
                service_id
                for service_id in service_ids
                if (service := self._service(service_id)) is None
                or self._can_check_now(service)
            )
        )

    def _can_check_now(self, service: Service) -> bool:
        return not self._uptime_kuma or can_check_now(service)

    async def _send(self, service_id: str) -> None:
        try:
            await self._connection.request_refresh(service_id)
        except CannotCheckNow:
            # Paused (or refused) since it was queued: the others still go.
            _LOGGER.debug("Uptime Kuma cannot check %s now; skipped", service_id)

    def _raise_unless_connected(self) -> None:
        if not self._connection.connected:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="not_connected"
            )
