"""The grace period of a lost connection: how long services keep their last
known state before they show as unavailable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later

from .const import CONF_GRACE_PERIOD, DEFAULT_GRACE_PERIOD


class GracePeriod:
    """Started when the link is lost (again and again while it stays lost:
    only the first start counts), cancelled when a list arrives; `expired`
    runs once it is over."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, expired: Callable[[], None]
    ) -> None:
        self._hass = hass
        self._entry = entry
        self._expired = expired
        self._cancel: CALLBACK_TYPE | None = None

    @callback
    def async_start(self) -> None:
        """Start counting, unless counting already."""
        if self._cancel is not None:
            return
        seconds = float(
            self._entry.options.get(CONF_GRACE_PERIOD, DEFAULT_GRACE_PERIOD)
        )
        self._cancel = async_call_later(self._hass, seconds, self._over)

    @callback
    def async_cancel(self) -> None:
        """Stop counting."""
        if self._cancel is not None:
            self._cancel()
            self._cancel = None

    @callback
    def _over(self, _now: datetime) -> None:
        self._cancel = None
        self._expired()
