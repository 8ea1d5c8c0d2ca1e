"""The server's Services down and Services degraded: one answer to "is anything
down?", written in the same pass as the services, and only when it changed."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from homeassistant.components.sensor import ATTR_STATE_CLASS, SensorStateClass
from homeassistant.const import (
    ATTR_FRIENDLY_NAME,
    ATTR_UNIT_OF_MEASUREMENT,
    EVENT_STATE_CHANGED,
    STATE_UNAVAILABLE,
)
from homeassistant.core import Event, HomeAssistant, State, callback
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.client.models import Service, Status
from custom_components.status_dashboard.const import CONF_GRACE_PERIOD
from custom_components.status_dashboard.summary import (
    NAMES_SHOWN,
    RECOUNT_OVER,
    StatusSummary,
)
from reference_server import StatusServer

from ..conftest import catalog
from ..hass_fixtures import entry_for
from ..helpers import StateChanges, set_up, wait_for_state, wait_until

DOWN = "sensor.127_0_0_1_alice_services_down"
DEGRADED = "sensor.127_0_0_1_alice_services_degraded"
SUMMARY = (DOWN, DEGRADED)
CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
API = "binary_sensor.api"
API_RESPONSE = "sensor.api_response_time"


def shown(hass: HomeAssistant, entity_id: str) -> tuple[str, list[str] | None]:
    """The count and the names a summary sensor shows."""
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state, state.attributes.get("services")


def written(changes: StateChanges, entity_id: str) -> list[tuple[str, Any]]:
    """What was written for a summary sensor: (count, names), in order."""
    return [
        (state.state, state.attributes.get("services"))
        for state in changes.for_entity(entity_id)
    ]


class WriteOrder:
    """The entities whose state changed, in the order Home Assistant wrote
    them (`StateChanges` records from the executor, in any order)."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.entity_ids: list[str] = []
        self.stop = hass.bus.async_listen(EVENT_STATE_CHANGED, self._record)

    @callback
    def _record(self, event: Event[Any]) -> None:
        self.entity_ids.append(event.data["entity_id"])


def summary_states(hass: HomeAssistant) -> dict[str, State | None]:
    return {entity_id: hass.states.get(entity_id) for entity_id in SUMMARY}


def untouched(hass: HomeAssistant, before: dict[str, State | None]) -> bool:
    """Neither summary sensor was written since `before`, not even a write
    that changed nothing (Home Assistant would have reported it)."""
    now = summary_states(hass)
    return all(
        (old := before[entity_id]) is not None
        and (new := now[entity_id]) is not None
        and new.last_updated == old.last_updated
        and new.last_reported == old.last_reported
        for entity_id in SUMMARY
    )


async def test_counts_and_names_after_setup(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """On the server's device: Mail is down, Database degraded, API counts in
    neither."""
    assert shown(hass, DOWN) == ("1", ["Mail"])
    assert shown(hass, DEGRADED) == ("1", ["Database"])
    down = hass.states.get(DOWN)
    assert down is not None
    assert down.attributes[ATTR_FRIENDLY_NAME] == "127.0.0.1 (alice) Services down"
    assert down.attributes[ATTR_STATE_CLASS] == SensorStateClass.MEASUREMENT
    assert ATTR_UNIT_OF_MEASUREMENT not in down.attributes
    connection = entity_registry.async_get(CONNECTION)
    assert connection is not None
    for entity_id, key in ((DOWN, "services_down"), (DEGRADED, "services_degraded")):
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.translation_key == key
        assert entry.unique_id == f"{loaded_entry.entry_id}_{key}"
        assert entry.device_id == connection.device_id


async def test_service_going_down_and_back_up_changes_the_count_at_once(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Down: counted with its name, in the same pass as its own entities; up
    again: gone from the count. Services degraded is never written."""
    changes, order = StateChanges(hass), WriteOrder(hass)
    server.update_service("api", status="down", responseTime=None)
    await wait_for_state(hass, DOWN, "2", timeout=1.0)
    order.stop()
    assert set(order.entity_ids[:3]) == {API, API_RESPONSE, "sensor.api_status"}
    assert order.entity_ids[3:] == [DOWN]
    assert shown(hass, DOWN) == ("2", ["API", "Mail"])
    server.update_service("api", status="up", responseTime=40)
    await wait_for_state(hass, DOWN, "1", timeout=1.0)
    assert shown(hass, DOWN) == ("1", ["Mail"])
    await asyncio.sleep(0.2)
    changes.stop()
    assert written(changes, DOWN) == [("2", ["API", "Mail"]), ("1", ["Mail"])]
    assert written(changes, DEGRADED) == []


async def test_degraded_is_counted_likewise(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Degraded and back; down to degraded moves a service between the two."""
    changes = StateChanges(hass)
    server.update_service("api", status="degraded")
    await wait_for_state(hass, DEGRADED, "2", timeout=1.0)
    assert shown(hass, DEGRADED) == ("2", ["API", "Database"])
    server.update_service("api", status="up")
    await wait_for_state(hass, DEGRADED, "1", timeout=1.0)
    assert written(changes, DOWN) == []
    server.update_service("mail", status="degraded")
    await wait_for_state(hass, DOWN, "0", timeout=1.0)
    assert shown(hass, DOWN) == ("0", [])
    assert shown(hass, DEGRADED) == ("2", ["Database", "Mail"])
    await asyncio.sleep(0.2)
    changes.stop()
    assert written(changes, DEGRADED) == [
        ("2", ["API", "Database"]),
        ("1", ["Database"]),
        ("2", ["Database", "Mail"]),
    ]
    assert written(changes, DOWN) == [("0", [])]


async def test_response_time_only_update_writes_no_summary(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A new response time or new details: the service's entities only; the
    summary is not even asked."""
    await asyncio.sleep(1.1)  # the setup's rate-limit windows close
    asked: list[None] = []
    stop_asking = loaded_entry.runtime_data.async_add_summary_listener(
        lambda: asked.append(None)
    )
    before = summary_states(hass)
    changes = StateChanges(hass)
    server.update_service("api", responseTime=77)
    await wait_for_state(hass, API_RESPONSE, "77.0", timeout=1.0)
    server.update_service("mail", details={"error": "refused"})
    await wait_until(
        lambda: (
            hass.states.get("sensor.mail_status").attributes["details"]["error"]
            == "refused"
        ),
        timeout=2.5,
    )
    await asyncio.sleep(0.2)
    changes.stop()
    stop_asking()
    # Each check has a new time: the Response time sensors show it.
    assert changes.entities() == {
        API_RESPONSE,
        "sensor.mail_status",
        "sensor.mail_response_time",
    }
    assert untouched(hass, before)
    assert asked == []


async def test_full_list_that_changes_nothing_writes_no_summary(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """The same list again, then one with a new response time: no summary
    write, not even one that changes nothing."""
    stats = loaded_entry.runtime_data.connection.stats
    lists = stats.messages["service:bulk-update"]
    before = summary_states(hass)
    changes = StateChanges(hass)
    server.set_services(catalog())
    await wait_until(lambda: stats.messages["service:bulk-update"] == lists + 1)
    services = catalog()
    services[0] = {**services[0], "responseTime": 43}
    server.set_services(services)
    await wait_for_state(hass, API_RESPONSE, "43.0")
    await asyncio.sleep(0.2)
    changes.stop()
    assert changes.entities() == {API_RESPONSE}
    assert untouched(hass, before)


async def test_full_list_changing_statuses_writes_the_summary_once(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A list in which two services went down and one recovered: one write of
    Services down, after the services' own entities."""
    services = catalog()
    services[0] = {**services[0], "status": "down"}
    services[1] = {**services[1], "status": "down"}
    services[2] = {**services[2], "status": "up"}
    changes, order = StateChanges(hass), WriteOrder(hass)
    server.set_services(services)
    await wait_for_state(hass, DOWN, "2")
    await asyncio.sleep(0.2)
    changes.stop()
    order.stop()
    assert written(changes, DOWN) == [("2", ["API", "Database"])]
    assert written(changes, DEGRADED) == [("0", [])]
    services_written = {
        "binary_sensor.api",
        "binary_sensor.database",
        "binary_sensor.mail",
    }
    assert services_written <= set(order.entity_ids[:-2])
    assert set(order.entity_ids[-2:]) == {DOWN, DEGRADED}


async def test_lost_server_makes_the_summary_unavailable_after_the_grace_period(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Within the grace period the counts stay; past it, unavailable rather
    than 0; back, counted again, with what changed meanwhile."""
    entry = entry_for(server, server.token("alice"), **{CONF_GRACE_PERIOD: 1})
    await set_up(hass, entry)
    changes = StateChanges(hass)
    await server.stop()
    await wait_for_state(hass, CONNECTION, "off", timeout=1)
    assert shown(hass, DOWN) == ("1", ["Mail"])  # the grace period
    await wait_for_state(hass, DOWN, STATE_UNAVAILABLE, timeout=3)
    assert shown(hass, DEGRADED) == (STATE_UNAVAILABLE, None)
    assert shown(hass, DOWN) == (STATE_UNAVAILABLE, None)
    server.update_service("api", status="down")
    await server.start()
    await wait_for_state(hass, DOWN, "2", timeout=5)
    assert shown(hass, DOWN) == ("2", ["API", "Mail"])
    assert shown(hass, DEGRADED) == ("1", ["Database"])
    await asyncio.sleep(0.2)
    changes.stop()
    assert written(changes, DOWN) == [
        (STATE_UNAVAILABLE, None),
        ("2", ["API", "Mail"]),
    ]
    assert written(changes, DEGRADED) == [
        (STATE_UNAVAILABLE, None),
        ("1", ["Database"]),
    ]
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_service_removed_from_the_list_leaves_the_count(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Mail (down) is no longer listed: nothing is down; Database stays."""
    changes = StateChanges(hass)
    server.set_services([s for s in catalog() if s["id"] != "mail"])
    await wait_for_state(hass, DOWN, "0")
    await wait_until(lambda: hass.states.get("binary_sensor.mail") is None)
    assert shown(hass, DOWN) == ("0", [])
    changes.stop()
    assert written(changes, DEGRADED) == []


async def test_renamed_service_is_shown_by_its_new_name(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A full list renaming a down service: same count, the new name."""
    services = catalog()
    services[2] = {**services[2], "name": "Mail relay"}
    server.set_services(services)
    await wait_until(lambda: shown(hass, DOWN) == ("1", ["Mail relay"]))


@pytest.mark.parametrize("count", [150, RECOUNT_OVER + 50])
async def test_names_are_sorted_and_bounded_and_other_statuses_not_counted(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    count: int,
) -> None:
    """Services down in reverse order: all counted, the first hundred named,
    by name; a service not checked yet counts in neither. Counted service by
    service, or afresh for a list that changed many."""
    down = [
        {"id": f"d{n:03d}", "name": f"Down {n:03d}", "status": "down"}
        for n in reversed(range(count))
    ]
    others = [
        {"id": "up", "name": "a service that is up", "status": "up"},
        {"id": "new", "name": "a service not checked yet", "status": None},
        {"id": "slow", "name": "aardvark", "status": "degraded"},
    ]
    server.set_services([*down, *others])
    await wait_for_state(hass, DOWN, str(count), timeout=10)
    _, names = shown(hass, DOWN)
    assert names == [f"Down {n:03d}" for n in range(NAMES_SHOWN)]
    assert shown(hass, DEGRADED) == ("1", ["aardvark"])


def test_counting_service_by_service_agrees_with_counting_afresh() -> None:
    """Statuses, names (equal ones, other cases) and removals at random: the
    running counts and names always equal those of the whole list."""
    rng = random.Random(19)
    names = ["api", "API", "Mail", "mail", "db", "Zeta", "alpha", "Beta", "beta"]
    statuses = [Status.UP, Status.DOWN, Status.DEGRADED, None]
    listed: dict[str, Service] = {}
    summary = StatusSummary()
    for step in range(3000):
        service_id = f"s{rng.randrange(400)}"
        if service_id in listed and rng.random() < 0.1:
            del listed[service_id]
            summary.forget(service_id)
        else:
            service = Service(
                service_id,
                f"{rng.choice(names)} {rng.randrange(60)}",
                rng.choice(statuses),
                None,
                None,
                {},
            )
            listed[service_id] = service
            summary.track(service)
        fresh = StatusSummary()
        if step % 100 == 0:
            summary.recount(list(listed.values()))
        fresh.recount(list(listed.values()))
        for tally, expected in (
            (summary.down, fresh.down),
            (summary.degraded, fresh.degraded),
        ):
            assert len(tally) == len(expected)
            assert tally.names == expected.names
    assert len(summary.down) > NAMES_SHOWN / 2
    by_name = sorted(
        (s.name for s in listed.values() if s.status is Status.DOWN),
        key=lambda name: (name.casefold(), name),
    )
    assert list(summary.down.names) == by_name[:NAMES_SHOWN]
