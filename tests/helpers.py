"""Waiting for what a user would see, with a bound; entries set up in Home Assistant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.renewal import storage_key
from reference_server.waiting import poll


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll the event loop until `condition()` holds, or fail after `timeout` s."""
    if not await poll(condition, timeout):
        raise AssertionError(f"condition not met within {timeout} s")


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add `entry` to Home Assistant and set it up; the setup must succeed."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def wait_for_state(
    hass: HomeAssistant, entity_id: str, state: str, timeout: float = 3.0
) -> State:
    """Wait until `entity_id` shows `state`; returns it."""

    def shown() -> bool:
        current = hass.states.get(entity_id)
        return current is not None and current.state == state

    try:
        await wait_until(shown, timeout)
    except AssertionError:
        current = hass.states.get(entity_id)
        raise AssertionError(
            f"{entity_id} is {current.state if current else None!r}, not {state!r}"
        ) from None
    current = hass.states.get(entity_id)
    assert current is not None
    return current


class StateChanges:
    """Records `state_changed` events per entity while active."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.events: list[Event[EventStateChangedData]] = []
        self._unsub = hass.bus.async_listen("state_changed", self.events.append)

    def for_entity(self, entity_id: str) -> list[State]:
        """New states written for one entity, in order."""
        return [
            event.data["new_state"]
            for event in self.events
            if event.data["entity_id"] == entity_id and event.data["new_state"]
        ]

    def entities(self) -> set[str]:
        """Every entity that had a state written."""
        return {event.data["entity_id"] for event in self.events}

    def stop(self) -> None:
        """Stop recording."""
        self._unsub()


def stored_kuma_token(hass_storage: dict[str, Any], entry_id: str) -> str:
    """The Uptime Kuma token an entry keeps in its private Store."""
    return str(hass_storage[storage_key(entry_id)]["data"]["uptime_kuma_token"])
