"""Which entities the integration's triggers and conditions apply to."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .const import DOMAIN

STATUS_KEY = "status"
CONNECTION_KEY = "connection"


def own_entities(hass: HomeAssistant, entity_ids: set[str], key: str) -> set[str]:
    """The entities among `entity_ids` that are this integration's `key` entities.

    A service's Status sensor and the server's Connection sensor are told apart
    by their translation key, so other integrations' look-alikes never match.
    """
    registry = er.async_get(hass)
    return {
        entity_id
        for entity_id in entity_ids
        if (entry := registry.async_get(entity_id)) is not None
        and entry.platform == DOMAIN
        and entry.translation_key == key
    }
