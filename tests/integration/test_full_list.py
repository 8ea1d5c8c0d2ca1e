"""What a full list leaves to do is done against the view as it is when its
turn comes: a service that came back keeps its device, one that left since
is neither relabelled nor written, and lists that arrive while the work runs
join it."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.client.models import Service
from custom_components.status_dashboard.const import DOMAIN
from custom_components.status_dashboard.full_list import (
    FullListWork,
    service_device_identifier,
)


def _service(service_id: str, name: str) -> Service:
    return Service(service_id, name, None, None, None, {})


async def test_work_follows_the_view_as_it_is_when_its_turn_comes(
    hass: HomeAssistant,
) -> None:
    entry = MockConfigEntry(domain=DOMAIN, title="test")
    entry.add_to_hass(hass)
    registry = dr.async_get(hass)
    device = registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={service_device_identifier(entry, "api")},
        name="API",
    )
    services = {"api": _service("api", "API gateway"), "new": _service("new", "New")}
    written: list[str] = []
    done: list[bool] = []
    work = FullListWork(
        hass, entry, lambda: services, written.append, lambda: done.append(True)
    )

    # "api" is listed again by the time its removal comes up; "gone" left
    # before its relabel and write; "new" has no device yet (its entities
    # are still to be added, with the new values).
    work.queue(remove=["api"], relabel=["gone", "new"], write=["gone"])
    work.queue(write=["api"])
    await hass.async_block_till_done()

    assert registry.async_get(device.id) is not None
    assert written == ["api"]
    assert done == [True, True]
    assert (
        registry.async_get_device_by_identifier(
            service_device_identifier(entry, "new"), entry.entry_id
        )
        is None
    )

    # Nothing queued at all: done at once.
    work.queue()
    assert done == [True, True, True]
