"""Automation triggers: a service goes down, recovers or degrades; the link is lost."""

from __future__ import annotations

from typing import override

from homeassistant.components.binary_sensor.const import DOMAIN as BINARY_SENSOR_DOMAIN
from homeassistant.components.sensor import DOMAIN as SENSOR_DOMAIN
from homeassistant.const import STATE_OFF
from homeassistant.core import HomeAssistant
from homeassistant.helpers.trigger import (
    EntityTriggerBase,
    Trigger,
    make_entity_target_state_trigger,
    make_entity_transition_trigger,
)

from .automation_targets import CONNECTION_KEY, STATUS_KEY, own_entities
from .client.models import Status


def _restricted_to(key: str, base: type[EntityTriggerBase]) -> type[Trigger]:
    """`base`, firing only for this integration's `key` entities."""

    class OwnEntityTrigger(base):  # type: ignore[valid-type,misc]
        @override
        def entity_filter(self, entities: set[str]) -> set[str]:
            return own_entities(self._hass, super().entity_filter(entities), key)

    return OwnEntityTrigger


TRIGGERS: dict[str, type[Trigger]] = {
    "service_down": _restricted_to(
        STATUS_KEY, make_entity_target_state_trigger(SENSOR_DOMAIN, Status.DOWN.value)
    ),
    "service_degraded": _restricted_to(
        STATUS_KEY,
        make_entity_target_state_trigger(SENSOR_DOMAIN, Status.DEGRADED.value),
    ),
    "service_recovered": _restricted_to(
        STATUS_KEY,
        make_entity_transition_trigger(
            SENSOR_DOMAIN,
            from_states={Status.DOWN.value, Status.DEGRADED.value},
            to_states={Status.UP.value},
        ),
    ),
    "connection_lost": _restricted_to(
        CONNECTION_KEY,
        make_entity_target_state_trigger(BINARY_SENSOR_DOMAIN, STATE_OFF),
    ),
}


async def async_get_triggers(hass: HomeAssistant) -> dict[str, type[Trigger]]:
    """The integration's triggers."""
    return TRIGGERS
