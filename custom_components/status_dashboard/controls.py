"""Uptime Kuma's controls: pause and resume a monitor, start a maintenance.

Each is a command the server answers through its ack. Nothing is shown
before the server's own word: a paused monitor shows as paused when the
server's list says so, a monitor in maintenance when its list or its next
check says so. A command that cannot be sent, or that the server refuses,
is a translated error.
"""

from __future__ import annotations

from collections.abc import Sequence
import contextlib
from datetime import datetime, timedelta
import logging
from typing import Any, Final

from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from .client.errors import NotConnected
from .client.uptime_kuma import (
    ADD_MAINTENANCE_COMMAND,
    ADD_MONITOR_MAINTENANCE_COMMAND,
    DELETE_MAINTENANCE_COMMAND,
    GET_MONITOR_LIST_COMMAND,
    PAUSE_MONITOR_COMMAND,
    RESUME_MONITOR_COMMAND,
    monitor_number,
)
from .client.uptime_kuma_answers import CommandAnswer
from .const import DOMAIN
from .coordinator import StatusDashboardCoordinator

_LOGGER = logging.getLogger(__package__)

DEFAULT_MAINTENANCE_TITLE: Final = "Home Assistant"
MAINTENANCE_DESCRIPTION: Final = "Started from Home Assistant."
# Uptime Kuma's `maintenance.title` column.
MAX_TITLE_LENGTH: Final = 150
MAX_MAINTENANCE_MINUTES: Final = 1440
# `datetime-local` as Uptime Kuma's maintenance page sends it, with seconds.
_WALL_TIME: Final = "%Y-%m-%dT%H:%M:%S"


async def async_pause(coordinator: StatusDashboardCoordinator, service_id: str) -> None:
    """Pause the monitor (`pauseMonitor`)."""
    await _command(
        coordinator,
        "pause_refused",
        {"monitor": _name(coordinator, service_id)},
        PAUSE_MONITOR_COMMAND,
        monitor_number(service_id),
    )


async def async_resume(
    coordinator: StatusDashboardCoordinator, service_id: str
) -> None:
    """Resume the monitor (`resumeMonitor`); it checks at once."""
    await _command(
        coordinator,
        "resume_refused",
        {"monitor": _name(coordinator, service_id)},
        RESUME_MONITOR_COMMAND,
        monitor_number(service_id),
    )


def maintenance_payload(title: str, start: datetime, end: datetime) -> dict[str, Any]:
    """`addMaintenance`'s payload for one window from `start` to `end`.

    A "single" maintenance (server/model/maintenance.js `jsonToBean`): its
    `dateRange` is wall time in `timezoneOption`, here UTC; `active` makes it
    count at once (`getStatus`). Uptime Kuma stores `title` and
    `description` in NOT NULL columns.
    """
    return {
        "title": title,
        "description": MAINTENANCE_DESCRIPTION,
        "strategy": "single",
        "active": True,
        "intervalDay": 1,
        "dateRange": [
            dt_util.as_utc(start).strftime(_WALL_TIME),
            dt_util.as_utc(end).strftime(_WALL_TIME),
        ],
        "timezoneOption": "UTC",
    }


async def async_start_maintenance(
    coordinator: StatusDashboardCoordinator,
    service_ids: Sequence[str],
    minutes: int,
    title: str,
) -> int:
    """A maintenance of these monitors from now for `minutes`; its id.

    As Uptime Kuma's own page does it: `addMaintenance`, then
    `addMonitorMaintenance` with the monitors, then `getMonitorList`, whose
    list says at once which monitors are under maintenance (their next
    checks say it too, at their own interval). A maintenance whose monitors
    could not be added is deleted again.
    """
    start = dt_util.utcnow().replace(microsecond=0)
    about = {"title": title}
    answer = await _command(
        coordinator,
        "maintenance_refused",
        about,
        ADD_MAINTENANCE_COMMAND,
        maintenance_payload(title, start, start + timedelta(minutes=minutes)),
    )
    maintenance_id = answer.maintenance_id
    if maintenance_id is None:
        raise _refused("maintenance_refused", about, "no maintenance id in the answer")
    monitors = [{"id": monitor_number(service_id)} for service_id in service_ids]
    try:
        await _command(
            coordinator,
            "maintenance_refused",
            about,
            ADD_MONITOR_MAINTENANCE_COMMAND,
            maintenance_id,
            monitors,
        )
    except HomeAssistantError:
        with contextlib.suppress(NotConnected):
            await coordinator.connection.command(
                DELETE_MAINTENANCE_COMMAND, maintenance_id
            )
        raise
    _LOGGER.debug(
        "Maintenance %s started on %s for %d monitors, %d minutes",
        maintenance_id,
        coordinator.entry.title,
        len(monitors),
        minutes,
    )
    with contextlib.suppress(NotConnected):
        await coordinator.connection.command(GET_MONITOR_LIST_COMMAND)
    return maintenance_id


async def _command(
    coordinator: StatusDashboardCoordinator,
    refusal_key: str,
    about: dict[str, str],
    event: str,
    *args: Any,
) -> CommandAnswer:
    """Send a command; its answer when done, else a translated error."""
    try:
        answer = await coordinator.connection.command(event, *args)
    except NotConnected as err:
        raise not_connected() from err
    if answer.logged_out:
        # The socket lost its login: the connection logs in again.
        raise not_connected()
    if not answer.ok:
        raise _refused(refusal_key, about, answer.message)
    return answer


def not_connected() -> HomeAssistantError:
    """The connection is down: nothing can be sent."""
    return HomeAssistantError(
        translation_domain=DOMAIN, translation_key="not_connected"
    )


def _refused(key: str, about: dict[str, str], message: str) -> HomeAssistantError:
    """The server's refusal, in its words (bounded when read)."""
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={**about, "message": message or "no reason given"},
    )


def _name(coordinator: StatusDashboardCoordinator, service_id: str) -> str:
    service = coordinator.service(service_id)
    return service.name if service is not None else service_id
