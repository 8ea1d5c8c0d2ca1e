"""Parse and validate every update; merge nothing, write nothing.

What is left is the transport and validation in Home Assistant's process: the
counterpart of the bare client.
"""

from custom_components.status_dashboard.client.models import ServiceUpdate
from custom_components.status_dashboard.coordinator import StatusDashboardCoordinator


def _ignore(_coordinator: StatusDashboardCoordinator, _update: ServiceUpdate) -> None:
    return None


# A renamed target would make this a plain run that only looks like the experiment.
assert callable(StatusDashboardCoordinator.on_update)
StatusDashboardCoordinator.on_update = _ignore  # type: ignore[method-assign,assignment]
