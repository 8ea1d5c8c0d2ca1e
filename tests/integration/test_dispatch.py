"""Among 100 services, a change writes the changed service's entities only
(and the server's Services down or Services degraded when its count moves).

`test_push.py::test_one_service_update_writes_only_that_services_entities`
checks a partial update with three services; these count every
`state_changed` event with 100 services, for a partial update, a live bulk
update and the resynchronisation after a reconnect. A write that changes
nothing fires no `state_changed` but a `state_reported`: those are counted
too, so rewriting the other 99 services unchanged would fail as well.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from homeassistant.const import EVENT_STATE_REPORTED, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Event, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.const import CONF_GRACE_PERIOD
from reference_server import StatusServer

from ..conftest import StartServer
from ..hass_fixtures import entry_for
from ..helpers import StateChanges, set_up, wait_for_state

SERVICES = 100
CHANGED = 42
CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
SERVER_ENTITIES = {  # the server's device: written when the connection changes
    CONNECTION,
    "sensor.127_0_0_1_alice_latency",
    "button.127_0_0_1_alice_refresh_all",
}
# The server's summary: written when a status change moves its count.
SERVICES_DOWN = "sensor.127_0_0_1_alice_services_down"
SERVICES_DEGRADED = "sensor.127_0_0_1_alice_services_degraded"


def hundred() -> list[dict[str, Any]]:
    """100 services in the server's wire form, all up."""
    return [
        {
            "id": f"svc-{index:03d}",
            "name": f"Service {index:03d}",
            "status": "up",
            "responseTime": 100 + index,
            "lastCheckAt": "2026-11-26T08:00:00.000Z",
            "details": {"statusCode": 200},
        }
        for index in range(SERVICES)
    ]


def entities_of(index: int) -> set[str]:
    """The entities a change of service `index` changes (not its button)."""
    slug = f"service_{index:03d}"
    return {
        f"binary_sensor.{slug}",
        f"sensor.{slug}_response_time",
        f"sensor.{slug}_status",
    }


def button_of(index: int) -> str:
    """The service's Refresh button: it may be written, its state unchanged."""
    return f"button.service_{index:03d}_refresh"


def writes(changes: StateChanges) -> Counter[str]:
    """How many times each entity's state changed."""
    return Counter(event.data["entity_id"] for event in changes.events)


@callback
def _every(_data: Any) -> bool:
    """Home Assistant requires a filter on `state_reported`; keep them all."""
    return True


class StateReports:
    """Records `state_reported` events: writes that changed nothing."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.entities: set[str] = set()
        self._unsub = hass.bus.async_listen(
            EVENT_STATE_REPORTED, self._record, event_filter=_every
        )

    @callback
    def _record(self, event: Event[Any]) -> None:
        self.entities.add(event.data["entity_id"])

    def stop(self) -> None:
        """Stop recording."""
        self._unsub()


@pytest.fixture
async def server(start_server: StartServer) -> StatusServer:
    """The reference server with 100 services (the entry fixtures use it)."""
    return await start_server(services=hundred())


async def test_setup_creates_every_services_entities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The precondition of the others: 100 services, 4 entities each."""
    for index in (0, CHANGED, SERVICES - 1):
        assert hass.states.get(f"binary_sensor.service_{index:03d}").state == "on"
        assert hass.states.get(f"button.service_{index:03d}_refresh") is not None
    assert len(hass.states.async_entity_ids("binary_sensor")) == SERVICES + 1


async def test_update_of_one_service_among_100_writes_its_entities_once(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """One service's update: its three entities once each, nothing else."""
    changes, reports = StateChanges(hass), StateReports(hass)
    server.update_service(f"svc-{CHANGED:03d}", status="down", responseTime=None)
    await wait_for_state(hass, f"sensor.service_{CHANGED:03d}_status", "down")
    await asyncio.sleep(0.3)
    changes.stop()
    reports.stop()
    assert writes(changes) == {
        **dict.fromkeys(entities_of(CHANGED), 1),
        SERVICES_DOWN: 1,
    }
    assert reports.entities <= {button_of(CHANGED)}


async def test_up_to_degraded_does_not_rewrite_the_binary_sensor(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """An entity whose state did not change is not written, not even as a report:
    degraded is still on; the Status sensor changes, and the Response time
    sensor shows the new check's time."""
    changes, reports = StateChanges(hass), StateReports(hass)
    server.update_service(f"svc-{CHANGED:03d}", status="degraded")
    await wait_for_state(hass, f"sensor.service_{CHANGED:03d}_status", "degraded")
    await asyncio.sleep(0.3)
    changes.stop()
    reports.stop()
    slug = f"service_{CHANGED:03d}"
    assert writes(changes) == {
        f"sensor.{slug}_status": 1,
        f"sensor.{slug}_response_time": 1,
        SERVICES_DEGRADED: 1,
    }
    assert reports.entities == set()


async def test_live_bulk_changing_one_service_writes_only_its_entities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A full list in which one service changed: only that service is written."""
    services = hundred()
    services[CHANGED] = {**services[CHANGED], "status": "down", "responseTime": None}
    changes, reports = StateChanges(hass), StateReports(hass)
    server.set_services(services)
    await wait_for_state(hass, f"sensor.service_{CHANGED:03d}_status", "down")
    await asyncio.sleep(0.3)
    changes.stop()
    reports.stop()
    assert writes(changes) == {
        **dict.fromkeys(entities_of(CHANGED), 1),
        SERVICES_DOWN: 1,
    }
    assert reports.entities <= {button_of(CHANGED)}
    assert hass.states.get(CONNECTION).state == "on"  # no reconnect


async def test_resync_after_reconnect_writes_only_the_changed_service(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A change made while disconnected: the resync writes that service only."""
    await server.stop()
    await wait_for_state(hass, CONNECTION, "off")
    server.update_service(f"svc-{CHANGED:03d}", status="down", responseTime=None)
    changes, reports = StateChanges(hass), StateReports(hass)
    await server.start()
    await wait_for_state(hass, CONNECTION, "on", timeout=5)
    await wait_for_state(hass, f"binary_sensor.service_{CHANGED:03d}", "off")
    await asyncio.sleep(0.3)
    changes.stop()
    reports.stop()
    counted = writes(changes)
    service_writes = {
        entity: count
        for entity, count in counted.items()
        if entity not in SERVER_ENTITIES
    }
    assert service_writes == {
        **dict.fromkeys(entities_of(CHANGED), 1),
        SERVICES_DOWN: 1,
    }
    assert reports.entities - SERVER_ENTITIES <= {button_of(CHANGED)}
    assert loaded_entry.runtime_data.connection.stats.connects == 2


async def test_refresh_button_is_written_only_when_its_availability_changes(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Nothing of a service's data shows on its button; availability does."""
    entry = entry_for(server, server.token("alice"), **{CONF_GRACE_PERIOD: 1})
    await set_up(hass, entry)
    button = button_of(CHANGED)
    changes, reports = StateChanges(hass), StateReports(hass)
    server.update_service(f"svc-{CHANGED:03d}", status="down", responseTime=None)
    await wait_for_state(hass, f"binary_sensor.service_{CHANGED:03d}", "off")
    await asyncio.sleep(0.3)
    assert button not in writes(changes)
    assert button not in reports.entities
    await server.stop()
    await wait_for_state(hass, button, STATE_UNAVAILABLE, timeout=3)
    await server.start()
    await wait_for_state(hass, f"binary_sensor.service_{CHANGED:03d}", "off", 5)
    await wait_for_state(hass, button, STATE_UNKNOWN)
    changes.stop()
    reports.stop()
    assert [state.state for state in changes.for_entity(button)] == [
        STATE_UNAVAILABLE,
        STATE_UNKNOWN,
    ]
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_stream_of_status_changes_writes_three_entities_and_the_count(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Up/down flips at 100/s: the binary sensor, Status and Response time of the
    flipped service, and Services down, once per flip; nothing else (no button,
    no other server entity)."""
    await asyncio.sleep(1.1)  # the setup's rate-limit windows close
    changes, reports = StateChanges(hass), StateReports(hass)
    flips = Counter[int]()
    up = [True] * SERVICES
    for step in range(150):
        index = (step * 7) % SERVICES
        up[index] = not up[index]
        flips[index] += 1
        server.update_service(
            f"svc-{index:03d}",
            status="up" if up[index] else "down",
            responseTime=100.0 + step if up[index] else None,
        )
        await asyncio.sleep(0.01)
    await asyncio.sleep(1.2)
    changes.stop()
    reports.stop()
    expected = Counter[str]()
    for index, count in flips.items():
        for entity_id in entities_of(index):
            expected[entity_id] = count
    expected[SERVICES_DOWN] = 150
    assert writes(changes) == expected
    assert sum(expected.values()) == 4 * 150
    assert reports.entities == set()
