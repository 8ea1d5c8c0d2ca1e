"""Automation triggers: a service goes down, recovers or degrades; the link is lost."""

from __future__ import annotations

from homeassistant.components.binary_sensor.const import DOMAIN as BINARY_SENSOR_DOMAIN
from homeassistant.components.sensor import DOMAIN as SENSOR_DOMAIN
from homeassistant.const import STATE_OFF
from homeassistant.core import HomeAssistant
from homeassistant.helpers.trigger import (
    Trigger,
    make_entity_target_state_trigger,
    make_entity_transition_trigger,
)

from .automation_targets import CONNECTION_KEY, STATUS_KEY, restricted_to_own
from .client.models import Status

TRIGGERS: dict[str, type[Trigger]] = {
    "service_down": restricted_to_own(
        STATUS_KEY, make_entity_target_state_trigger(SENSOR_DOMAIN, Status.DOWN.value)
    ),
    "service_degraded": restricted_to_own(
        STATUS_KEY,
        make_entity_target_state_trigger(SENSOR_DOMAIN, Status.DEGRADED.value),
    ),
    "service_recovered": restricted_to_own(
        STATUS_KEY,
        make_entity_transition_trigger(
            SENSOR_DOMAIN,
            from_states={Status.DOWN.value, Status.DEGRADED.value},
            to_states={Status.UP.value},
        ),
    ),
    "connection_lost": restricted_to_own(
        CONNECTION_KEY,
        make_entity_target_state_trigger(BINARY_SENSOR_DOMAIN, STATE_OFF),
    ),
}


async def async_get_triggers(hass: HomeAssistant) -> dict[str, type[Trigger]]:
    """The integration's triggers."""
    return TRIGGERS
