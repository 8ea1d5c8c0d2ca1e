"""Snapshots of every entity a user gets: registry entries and states."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion
from syrupy.matchers import path_type

# Measured round trips vary from run to run: only their type is pinned.
MEASURED = {
    "sensor.127_0_0_1_alice_latency": path_type({"state": (str,)}),
    "binary_sensor.127_0_0_1_alice_connection": path_type(
        {"attributes.latency": (float,)}
    ),
}


async def test_entities(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every entity created from the first bulk update, with its state."""
    entries = er.async_entries_for_config_entry(entity_registry, loaded_entry.entry_id)
    assert len(entries) == 3 * 4 + 5  # four per service, five for the server
    for entry in sorted(entries, key=lambda entry: entry.entity_id):
        assert entry == snapshot(name=f"{entry.entity_id}-entry")
        assert entry.disabled_by is None
        state = hass.states.get(entry.entity_id)
        assert state == snapshot(
            name=f"{entry.entity_id}-state", matcher=MEASURED.get(entry.entity_id)
        )
