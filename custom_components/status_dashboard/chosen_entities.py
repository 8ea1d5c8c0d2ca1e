"""Which of each service's optional entities the user chose in the options.

The platforms make only the chosen kinds, and the entity registry forgets this
entry's entities of the others: they do not come back as unavailable, and
turned on again they get their former entity ids back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity import EntityDescription

from .const import ENTITY_OPTIONS


def chosen_options(options: Mapping[str, Any]) -> dict[str, bool]:
    """Each entity option of an entry's options: on unless turned off."""
    return {option: bool(options.get(option, True)) for option in ENTITY_OPTIONS}


def _turned_off(entry: ConfigEntry, platform: Platform) -> set[str]:
    """The description keys of `platform`'s service entities that are off."""
    return {
        key
        for option, on in chosen_options(entry.options).items()
        if not on
        for kind_platform, key in ENTITY_OPTIONS[option]
        if kind_platform is platform
    }


def _is_service_entity(unique_id: str, prefix: str, key: str) -> bool:
    """Whether `unique_id` is f"{entry_id}_{service_id}_{key}" for some
    service (not the server's f"{entry_id}_{key}")."""
    return (
        unique_id.startswith(prefix)
        and unique_id.endswith(f"_{key}")
        and len(unique_id) > len(prefix) + len(key) + 1
    )


@callback
def async_chosen_kinds[K: tuple[object, EntityDescription]](
    hass: HomeAssistant, entry: ConfigEntry, platform: Platform, kinds: Sequence[K]
) -> list[K]:
    """The kinds (entity class, description) of `platform`'s service entities
    that the options keep; this entry's registry entries of the others go."""
    off = _turned_off(entry, platform)
    if off:
        registry = er.async_get(hass)
        prefix = f"{entry.entry_id}_"
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
            if entity.domain == platform and any(
                _is_service_entity(entity.unique_id, prefix, key) for key in off
            ):
                registry.async_remove(entity.entity_id)
    return [kind for kind in kinds if kind[1].key not in off]
