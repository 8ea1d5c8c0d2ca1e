"""An Uptime Kuma entry's token: kept in the entry's private Store, as a
sign-in's tokens are, and in its data only from the login until the setup
that follows it. Uptime Kuma's tokens never expire: whoever reads one has
the account until its password changes."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.storage import Store

from .const import DOMAIN
from .renewal import STORAGE_VERSION, storage_key

_KEY = "uptime_kuma_token"


async def async_load_kuma_token(hass: HomeAssistant, entry: ConfigEntry) -> str:
    """The token to log in with: one the login just put in the entry's data
    moves to the Store first; else the Store's (none: log in again)."""
    store: Store[dict[str, Any]] = Store(
        hass,
        STORAGE_VERSION,
        storage_key(entry.entry_id),
        private=True,
        atomic_writes=True,
    )
    if token := entry.data.get(CONF_TOKEN):
        await store.async_save({_KEY: token})
        hass.config_entries.async_update_entry(
            entry, data={k: v for k, v in entry.data.items() if k != CONF_TOKEN}
        )
        return str(token)
    stored = await store.async_load()
    token = stored.get(_KEY) if stored else None
    if not isinstance(token, str) or not token:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN,
            translation_key="invalid_auth",
            translation_placeholders={"code": "no stored token"},
        )
    return token
