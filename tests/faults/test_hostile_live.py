"""Hostile payloads through a live connection into a live entry."""

from __future__ import annotations

from collections import Counter
import logging
import random
from typing import Any

from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from reference_server import StatusServer

from ..helpers import StateChanges, wait_for_state
from . import hostile
from .probes import figure

CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
PAYLOADS = 400
SEED = 20261126


def service_states(hass: HomeAssistant) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every service entity's state and attributes (not the server's)."""
    shown: dict[str, tuple[str, dict[str, Any]]] = {}
    for state in hass.states.async_all():
        if "127_0_0_1_alice" in state.entity_id or not _ours(state):
            continue
        shown[state.entity_id] = (state.state, dict(state.attributes))
    return shown


def _ours(state: State) -> bool:
    return state.domain in ("binary_sensor", "sensor", "button")


async def test_hostile_payloads_keep_the_last_good_state(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    caplog: pytest.LogCaptureFixture,
    device_registry: dr.DeviceRegistry,
) -> None:
    """400 seeded hostile pushes: nothing shown changes, the link stays up, a
    valid update still lands, and the log holds a few lines, not hundreds."""
    connection = loaded_entry.runtime_data.connection
    before = service_states(hass)
    devices = {
        d.id
        for d in dr.async_entries_for_config_entry(
            device_registry, loaded_entry.entry_id
        )
    }
    writes = StateChanges(hass)
    rng = random.Random(SEED)
    sent: Counter[str] = Counter()
    caplog.clear()
    caplog.set_level(logging.WARNING)

    for _ in range(PAYLOADS):
        event, payload = hostile.draw(rng)
        sent[event] += 1
        if event == "packet":
            server.push_raw_packet(payload)
        else:
            server.push_raw(event, payload)
    await server.flush()
    server.update_service("db", status="down")
    await wait_for_state(hass, "binary_sensor.database", "off", timeout=5)
    await hass.async_block_till_done()
    writes.stop()

    after = service_states(hass)
    devices_after = {
        d.id
        for d in dr.async_entries_for_config_entry(
            device_registry, loaded_entry.entry_id
        )
    }
    written = {
        entity_id
        for entity_id in writes.entities()
        if entity_id in before
        and not entity_id.startswith(("binary_sensor.database", "sensor.database"))
    }
    changed = {
        entity_id
        for entity_id in before
        if after.get(entity_id) != before[entity_id]
        and not entity_id.startswith(("binary_sensor.database", "sensor.database"))
    }
    ours = [r for r in caplog.records if r.name.startswith("custom_components")]
    warnings = [r for r in ours if r.levelno == logging.WARNING]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    figure(
        "hostile_live",
        payloads=sum(sent.values()),
        per_event=dict(sent),
        invalid_counted=dict(connection.stats.invalid),
        warnings=len(warnings),
        errors=len(errors),
        changed_entities=sorted(changed),
        rewritten_entities=sorted(written),
        devices_replaced=len(devices - devices_after),
        connects=connection.stats.connects,
        disconnects=connection.stats.disconnects,
    )
    assert not changed
    assert not written  # not even for a moment
    assert devices_after == devices
    assert hass.states.get(CONNECTION).state == "on"
    assert connection.stats.connects == 1
    assert connection.stats.disconnects == 0
    assert hass.states.get("sensor.database_status").state == "down"
    assert not errors, [r.getMessage()[:300] for r in errors]
    assert len(warnings) <= 8, sorted({r.getMessage()[:120] for r in warnings})


async def test_binary_header_without_attachment_does_not_eat_the_next_update(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A binary event's header announces an attachment that never comes: the
    next (text) packet is an update, not that attachment."""
    connection = loaded_entry.runtime_data.connection
    server.push_raw_packet('51-["service:status",{"_placeholder":true,"num":0}]')
    server.update_service("api", status="down")
    await wait_for_state(hass, "binary_sensor.api", "off", timeout=3)
    assert connection.stats.invalid["packet"] == 1
    assert connection.stats.disconnects == 0


async def test_server_events_named_like_the_librarys_own_are_ignored(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """An event named "disconnect" (or "connect"...) from the server is no drop."""
    connection = loaded_entry.runtime_data.connection
    for event in ("disconnect", "connect", "connect_error"):
        server.push_raw(event, "transport close")
    server.update_service("api", status="down")
    await wait_for_state(hass, "binary_sensor.api", "off", timeout=3)
    assert hass.states.get(CONNECTION).state == "on"
    assert connection.stats.disconnects == 0
    assert connection.stats.connects == 1
    assert connection.stats.invalid["packet"] == 3
