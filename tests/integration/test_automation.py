"""The integration's own triggers and conditions, fired by live server changes."""

from __future__ import annotations

from typing import Any

from homeassistant.components import automation
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers.trigger import async_get_all_descriptions
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from reference_server import StatusServer

from ..helpers import wait_for_state, wait_until


def automation_on(trigger: str, entity_id: str, **extra: Any) -> dict[str, Any]:
    """An automation that calls test.automation with the trigger's id."""
    return {
        "alias": trigger,
        "triggers": [
            {
                "trigger": f"status_dashboard.{trigger}",
                "target": {"entity_id": entity_id},
            }
        ],
        "actions": [{"action": "test.automation", "data": {"fired": trigger}}],
        **extra,
    }


async def test_triggers_fire_on_live_status_changes(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Down, degraded, recovered and connection lost, each from the real server."""
    calls: list[ServiceCall] = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                automation_on("service_down", "sensor.api_status"),
                automation_on("service_degraded", "sensor.api_status"),
                automation_on("service_recovered", "sensor.api_status"),
                automation_on(
                    "connection_lost", "binary_sensor.127_0_0_1_alice_connection"
                ),
            ]
        },
    )

    def fired() -> list[str]:
        return [call.data["fired"] for call in calls]

    server.update_service("api", status="degraded")
    await wait_until(lambda: fired() == ["service_degraded"])
    server.update_service("api", status="down")
    await wait_until(lambda: fired()[-1:] == ["service_down"])
    server.update_service("api", status="up")
    await wait_until(lambda: fired()[-1:] == ["service_recovered"])
    server.update_service("db", status="down")  # not targeted
    await wait_for_state(hass, "sensor.database_status", "down")
    await server.stop()
    await wait_until(lambda: fired()[-1:] == ["connection_lost"])
    assert fired() == [
        "service_degraded",
        "service_down",
        "service_recovered",
        "connection_lost",
    ]


async def test_triggers_ignore_look_alike_entities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Another integration's enum sensor going 'down' does not fire the trigger."""
    calls: list[ServiceCall] = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {automation.DOMAIN: [automation_on("service_down", "sensor.lookalike")]},
    )
    hass.states.async_set("sensor.lookalike", "up", {"device_class": "enum"})
    await hass.async_block_till_done()
    hass.states.async_set("sensor.lookalike", "down", {"device_class": "enum"})
    await hass.async_block_till_done()
    assert calls == []


async def test_conditions_test_the_service_status(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """service_is_down passes only while the service is down."""
    calls: list[ServiceCall] = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                {
                    "triggers": [{"trigger": "event", "event_type": "check"}],
                    "conditions": [
                        {
                            "condition": "status_dashboard.service_is_down",
                            "target": {"entity_id": "sensor.mail_status"},
                        },
                        {
                            "condition": "status_dashboard.service_is_degraded",
                            "target": {"entity_id": "sensor.database_status"},
                        },
                    ],
                    "actions": [{"action": "test.automation"}],
                }
            ]
        },
    )
    hass.bus.async_fire("check")
    await hass.async_block_till_done()
    assert len(calls) == 1
    server.update_service("mail", status="up")
    await wait_for_state(hass, "sensor.mail_status", "up")
    hass.bus.async_fire("check")
    await hass.async_block_till_done()
    assert len(calls) == 1


async def test_triggers_are_described_for_the_automation_editor(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The editor lists the integration's triggers with their fields."""
    assert await async_setup_component(hass, automation.DOMAIN, {})
    descriptions = await async_get_all_descriptions(hass)
    ours = {key for key in descriptions if key.startswith("status_dashboard.")}
    assert ours == {
        "status_dashboard.service_down",
        "status_dashboard.service_degraded",
        "status_dashboard.service_recovered",
        "status_dashboard.connection_lost",
    }
    assert set(descriptions["status_dashboard.service_down"]["fields"]) == {
        "behavior",
        "for",
    }
