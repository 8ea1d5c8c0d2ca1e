"""What a user sees as the server pushes: updates, garbage, restarts, drops."""

from __future__ import annotations

import asyncio
import logging

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.const import CONF_GRACE_PERIOD, DOMAIN
from reference_server import StatusServer

from ..conftest import catalog
from ..hass_fixtures import entry_for
from ..helpers import StateChanges, set_up, wait_for_state, wait_until

API = "binary_sensor.api"
API_RESPONSE = "sensor.api_response_time"
API_STATUS = "sensor.api_status"
CONNECTION = "binary_sensor.127_0_0_1_alice_connection"


async def test_bulk_update_sets_every_entity(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """After setup, each service shows its status, response time and details,
    each on the entity that owns it."""
    api = hass.states.get(API)
    assert api is not None
    assert api.state == "on"
    assert dict(api.attributes).keys() == {
        "service_id",
        "device_class",
        "friendly_name",
    }
    assert api.attributes["service_id"] == "api"
    status = hass.states.get(API_STATUS)
    assert status.state == "up"
    assert status.attributes["details"] == {"statusCode": 200, "region": "eu"}
    response = hass.states.get(API_RESPONSE)
    assert response.attributes["last_check"] == "2026-11-26T08:00:00+00:00"
    assert hass.states.get("binary_sensor.database").state == "on"  # degraded is up
    assert hass.states.get("binary_sensor.mail").state == "off"
    assert hass.states.get("sensor.database_status").state == "degraded"
    assert hass.states.get("sensor.mail_response_time").state == "unknown"
    assert hass.states.get(API_RESPONSE).state == "42.0"
    assert hass.states.get(CONNECTION).state == "on"
    assert hass.states.get(CONNECTION).attributes["transport"] == "websocket"


async def test_status_change_is_shown_at_once(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A service going down reaches Home Assistant well within a second."""
    started = asyncio.get_running_loop().time()
    server.update_service("api", status="down", responseTime=None)
    await wait_for_state(hass, API, "off", timeout=1.0)
    assert asyncio.get_running_loop().time() - started < 1.0
    assert hass.states.get(API_STATUS).state == "down"
    assert hass.states.get(API_RESPONSE).state == "unknown"


async def test_partial_update_merges_details_and_keeps_other_fields(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Only changed fields travel; details merge into the previous ones."""
    server.update_service("api", details={"statusCode": 503})
    await wait_until(
        lambda: hass.states.get(API_STATUS).attributes["details"]["statusCode"] == 503
    )
    status = hass.states.get(API_STATUS)
    assert status.attributes["details"] == {"statusCode": 503, "region": "eu"}
    assert hass.states.get(API_RESPONSE).state == "42.0"
    assert hass.states.get(API).state == "on"


async def test_one_service_update_writes_only_that_services_entities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """An update for one service never rewrites the others' states (the
    server's count of services down changes with it)."""
    changes = StateChanges(hass)
    server.update_service("api", status="down", responseTime=None)
    await wait_for_state(hass, API_STATUS, "down")
    await asyncio.sleep(0.2)
    changes.stop()
    assert changes.entities() == {
        API,
        API_RESPONSE,
        API_STATUS,
        "sensor.127_0_0_1_alice_services_down",
    }


async def test_attribute_only_changes_are_throttled_to_one_write_a_second(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A burst of response times: the first at once, the last within a second."""
    changes = StateChanges(hass)
    for value in range(100, 120):
        server.update_service("api", responseTime=value)
    await wait_for_state(hass, API_RESPONSE, "100.0", timeout=1.0)
    await wait_for_state(hass, API_RESPONSE, "119.0", timeout=1.5)
    await asyncio.sleep(1.2)
    changes.stop()
    written = [state.state for state in changes.for_entity(API_RESPONSE)]
    assert written[0] == "100.0"
    assert written[-1] == "119.0"
    assert len(written) <= 3


async def test_status_change_is_not_held_back_by_the_throttle(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """Right after a throttled write, a status change still shows at once."""
    server.update_service("api", responseTime=77)
    await wait_for_state(hass, API_RESPONSE, "77.0")
    server.update_service("api", responseTime=78)
    server.update_service("api", status="down")
    await wait_for_state(hass, API, "off", timeout=0.5)


async def test_out_of_order_update_does_not_overwrite_newer_state(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """An update older than the state held is ignored."""
    server.push_raw(
        "service:status",
        {"serviceId": "api", "status": "down", "timestamp": "2026-11-26T07:00:00Z"},
    )
    server.push_raw(
        "service:status",
        {"serviceId": "mail", "status": "up", "timestamp": "2026-11-26T09:00:00Z"},
    )
    await wait_for_state(hass, "binary_sensor.mail", "on")
    assert hass.states.get(API).state == "on"


async def test_garbage_payloads_keep_the_last_good_state(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Malformed pushes change nothing, log little, and the link stays up."""
    garbage = [
        ("service:status", "not an object"),
        ("service:status", {"serviceId": 5, "status": "down"}),
        ("service:status", {"serviceId": "api", "status": "exploded"}),
        ("service:status", {"serviceId": "api", "status": "down"}),
        ("service:status", {"serviceId": "api", "responseTime": -5, "timestamp": "x"}),
        (
            "service:status",
            {
                "serviceId": "ghost",
                "status": "down",
                "timestamp": "2026-11-26T09:00:00Z",
            },
        ),
        ("service:bulk-update", {"not": "a list"}),
        ("connection:status", "???"),
        ("error", 42),
        ("mystery:event", {"a": 1}),
    ]
    with caplog.at_level(logging.WARNING):
        for _ in range(20):
            for event, payload in garbage:
                server.push_raw(event, payload)
        server.update_service("db", status="down")
        await wait_for_state(hass, "binary_sensor.database", "off")
    assert hass.states.get(API).state == "on"
    assert hass.states.get(API_RESPONSE).state == "42.0"
    assert hass.states.get(CONNECTION).state == "on"
    assert len(hass.states.async_entity_ids("binary_sensor")) == 4
    ignored = [r for r in caplog.records if "Ignored an invalid" in r.getMessage()]
    assert 0 < len(ignored) <= 8
    invalid = loaded_entry.runtime_data.connection.stats.invalid
    assert invalid["service:status"] == 100


async def test_service_appearing_gets_entities_without_reload(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A service new in a bulk update becomes a device with its entities."""
    services = catalog()
    services.append({"id": "cdn", "name": "CDN", "status": "up", "responseTime": 8})
    server.set_services(services)
    await wait_for_state(hass, "binary_sensor.cdn", "on")
    assert hass.states.get("sensor.cdn_response_time").state == "8.0"
    assert hass.states.get("button.cdn_refresh") is not None
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{loaded_entry.entry_id}_cdn"), loaded_entry.entry_id
    )
    assert device is not None
    assert device.name == "CDN"


async def test_service_disappearing_is_removed_with_its_device(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A service missing from a bulk update is gone, device and entities."""
    server.set_services([s for s in catalog() if s["id"] != "mail"])
    await wait_until(lambda: hass.states.get("binary_sensor.mail") is None)
    assert entity_registry.async_get("sensor.mail_status") is None
    assert (
        device_registry.async_get_device_by_identifier(
            (DOMAIN, f"{loaded_entry.entry_id}_mail"), loaded_entry.entry_id
        )
        is None
    )
    assert hass.states.get(API).state == "on"


async def test_server_restart_resynchronises_including_changes_while_down(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """The connection drops and returns; a change made meanwhile shows up."""
    await server.stop()
    await wait_for_state(hass, CONNECTION, "off")
    assert hass.states.get(API).state == "on"  # within the grace period
    server.update_service("api", status="down")
    await server.start()
    await wait_for_state(hass, CONNECTION, "on", timeout=5)
    await wait_for_state(hass, API, "off")
    assert loaded_entry.runtime_data.connection.stats.connects == 2


async def test_services_become_unavailable_after_the_grace_period(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Lost connection: last state kept for the grace period, then unavailable."""
    entry = entry_for(server, server.token("alice"), **{CONF_GRACE_PERIOD: 1})
    await set_up(hass, entry)
    await server.stop()
    await wait_for_state(hass, CONNECTION, "off", timeout=1)
    assert hass.states.get(API).state == "on"
    await wait_for_state(hass, API, STATE_UNAVAILABLE, timeout=2)
    assert hass.states.get(API_RESPONSE).state == STATE_UNAVAILABLE
    assert hass.states.get(CONNECTION).state == "off"  # the server's own entity
    await server.start()
    await wait_for_state(hass, API, "on", timeout=5)
    assert hass.states.get(API_RESPONSE).state == "42.0"
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_revoked_token_mid_session_starts_one_reauth_and_stops_retrying(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """The server drops and refuses the user: one reauth flow, no retry storm."""
    await server.revoke("alice")
    await wait_for_state(hass, CONNECTION, "off")
    await wait_until(
        lambda: bool(hass.config_entries.flow.async_progress_by_handler(DOMAIN))
    )
    attempts_after = len(server.connection_attempts)
    await asyncio.sleep(1.5)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert len(server.connection_attempts) == attempts_after
    assert server.connection_attempts[-1].code == "revoked"


async def test_service_without_a_status_yet_is_unknown(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """A service the server has not checked yet shows unknown, not off."""
    services = catalog()
    services.append({"id": "new", "name": "New", "status": None})
    server.set_services(services)
    await wait_until(lambda: hass.states.get("binary_sensor.new") is not None)
    assert hass.states.get("binary_sensor.new").state == "unknown"
    assert hass.states.get("sensor.new_status").state == "unknown"


async def test_server_rate_limit_error_slows_refreshes_down(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`rate_limited` from the server is logged once and paces the client down."""
    for _ in range(5):
        server.push_raw("error", {"message": "slow down", "code": "rate_limited"})
    await wait_until(lambda: any("slow down" in r.getMessage() for r in caplog.records))
    await asyncio.sleep(0.1)
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.127_0_0_1_alice_refresh_all"},
        blocking=True,
    )
    await wait_until(
        lambda: len([e for e in server.events if e.event == "request:refresh"]) >= 2
    )
    sent = [e.at for e in server.events if e.event == "request:refresh"]
    # A quarter of the usual 4/s: the burst that would send all three at once is gone.
    assert sent[1] - sent[0] >= 0.8
    logged = [r for r in caplog.records if "slow down" in r.getMessage()]
    assert len(logged) == 1
    assert hass.states.get(CONNECTION).state == "on"


async def test_unreachable_server_is_retried_with_growing_delays(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """While the server is down the Connection sensor counts the attempts."""
    await server.stop()
    await wait_until(
        lambda: hass.states.get(CONNECTION).attributes["reconnect_attempt"] >= 1, 6
    )
    connection = hass.states.get(CONNECTION)
    assert connection.state == "off"
    assert connection.attributes["transport"] is None
    assert loaded_entry.runtime_data.connection.stats.last_error is not None
