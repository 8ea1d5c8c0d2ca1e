"""Automation conditions: a service is up, down or degraded."""

from __future__ import annotations

from homeassistant.components.sensor import DOMAIN as SENSOR_DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers.condition import (
    Condition,
    make_entity_state_condition,
)

from .automation_targets import STATUS_KEY, restricted_to_own
from .client.models import Status

CONDITIONS: dict[str, type[Condition]] = {
    f"service_is_{status.value}": restricted_to_own(
        STATUS_KEY, make_entity_state_condition(SENSOR_DOMAIN, status.value)
    )
    for status in (Status.UP, Status.DOWN, Status.DEGRADED)
}


async def async_get_conditions(hass: HomeAssistant) -> dict[str, type[Condition]]:
    """The integration's conditions."""
    return CONDITIONS
