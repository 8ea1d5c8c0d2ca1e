"""Parse, validate and merge every update, notify the entities; write no state.

The difference to a plain run is what Home Assistant's state writes cost.
"""

from custom_components.status_dashboard.client.models import Service
from custom_components.status_dashboard.entity import ServiceEntity


def _ignore(_entity: ServiceEntity, _service: Service | None) -> None:
    return None


# A renamed target would make this a plain run that only looks like the experiment.
assert callable(ServiceEntity._async_service_changed)
ServiceEntity._async_service_changed = _ignore  # type: ignore[method-assign,assignment]
