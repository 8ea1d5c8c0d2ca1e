"""Re-checks the user asks for (a Refresh button, Refresh all): one queue,
paced below the server's rate limit, and only while connected."""

from __future__ import annotations

from collections.abc import Iterable
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError

from .client.connection import StatusConnection
from .client.recheck import RecheckQueue
from .const import DOMAIN, REFRESH_MIN_INTERVAL

_LOGGER = logging.getLogger(__package__)


class ServiceRefresh:
    """Sends the server's re-check request for the services asked for."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, connection: StatusConnection
    ) -> None:
        self._connection = connection
        self.queue = RecheckQueue(
            connection.request_refresh,
            lambda job: entry.async_create_background_task(
                hass, job, f"{DOMAIN} re-check requests"
            ),
            repeat_after=REFRESH_MIN_INTERVAL,
        )

    @callback
    def async_service(self, service_id: str) -> None:
        """Re-check one service (not again within a few seconds)."""
        self._raise_unless_connected()
        if not self.queue.request((service_id,)):
            _LOGGER.debug("Refresh of %s requested again too soon; ignored", service_id)

    @callback
    def async_all(self, service_ids: Iterable[str]) -> None:
        """Re-check every service, at a pace the server accepts."""
        self._raise_unless_connected()
        self.queue.request(tuple(service_ids))

    def _raise_unless_connected(self) -> None:
        if not self._connection.connected:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="not_connected"
            )
