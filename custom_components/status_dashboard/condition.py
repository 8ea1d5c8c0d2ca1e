"""Automation conditions: a service is up, down or degraded."""

from __future__ import annotations

from typing import override

from homeassistant.components.sensor import DOMAIN as SENSOR_DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers.condition import (
    Condition,
    make_entity_state_condition,
)

from .automation_targets import STATUS_KEY, own_entities
from .client.models import Status


def _service_is(status: Status) -> type[Condition]:
    """A condition on this integration's Status sensors."""
    base = make_entity_state_condition(SENSOR_DOMAIN, status.value)

    class ServiceStatusCondition(base):  # type: ignore[valid-type,misc]
        @override
        def entity_filter(self, entities: set[str]) -> set[str]:
            return own_entities(self._hass, super().entity_filter(entities), STATUS_KEY)

    return ServiceStatusCondition


CONDITIONS: dict[str, type[Condition]] = {
    "service_is_up": _service_is(Status.UP),
    "service_is_down": _service_is(Status.DOWN),
    "service_is_degraded": _service_is(Status.DEGRADED),
}


async def async_get_conditions(hass: HomeAssistant) -> dict[str, type[Condition]]:
    """The integration's conditions."""
    return CONDITIONS
