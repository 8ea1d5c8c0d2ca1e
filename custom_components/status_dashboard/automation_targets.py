"""Which entities the integration's triggers and conditions apply to."""

from __future__ import annotations

from typing import Protocol, override

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


class _EntityTarget(Protocol):
    """What Home Assistant's entity triggers and conditions have in common."""

    _hass: HomeAssistant

    def entity_filter(self, entities: set[str]) -> set[str]:
        """The targeted entities this trigger or condition applies to."""


def restricted_to_own[T: _EntityTarget](key: str, base: type[T]) -> type[T]:
    """`base`, applying only to this integration's `key` entities."""

    class OwnEntities(base):  # type: ignore[valid-type,misc]
        @override
        def entity_filter(self, entities: set[str]) -> set[str]:
            return own_entities(self._hass, super().entity_filter(entities), key)

    return OwnEntities
