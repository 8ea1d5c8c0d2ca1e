"""An Uptime Kuma user's day in Home Assistant, against the reference server
speaking as Uptime Kuma (2.x, and 1.23 where they differ): every monitor a
device, checks live, paused and maintenance as such, the Paused switch, the
actions (pause, resume, maintenance) reaching the server, the stored token
across reconnects and restarts, and the monitors' secrets nowhere."""

from __future__ import annotations

import dataclasses
from datetime import datetime
import json
import logging
from typing import Any

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    ATTR_AREA_ID,
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    CONF_TOKEN,
    CONF_URL,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
)
from homeassistant.core import HomeAssistant, ServiceResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

import custom_components.status_dashboard as integration
from custom_components.status_dashboard.client.backoff import Backoff
from custom_components.status_dashboard.const import (
    CONF_SERVER_KIND,
    CONF_VERIFY_SSL,
    DOMAIN,
    UPTIME_KUMA,
)
from custom_components.status_dashboard.diagnostics import (
    async_get_config_entry_diagnostics,
)
from reference_server import DOWN, UP, KumaServer, cert_info

from ..conftest import StartKuma, kuma_monitors
from ..helpers import set_up, stored_kuma_token, wait_for_state, wait_until
from ..signin import unload_entries  # noqa: F401  (a fixture)

TITLE = "127.0.0.1 (admin)"
CONNECTION = "binary_sensor.127_0_0_1_admin_connection"
SECRETS = ("hunter2", "web-token", "bearer-secret", "db-password")
# Every monitor's entities on Uptime Kuma 2.x, which sends every monitor's
# uptime over 24 h, 30 d and a year; only the Website has an average
# response time and a certificate.
MONITOR_ENTITIES = (
    "binary_sensor.{}",
    "sensor.{}_status",
    "sensor.{}_response_time",
    "sensor.{}_uptime_24_h",
    "sensor.{}_uptime_30_d",
    "sensor.{}_uptime_1_y",
    "button.{}_refresh",
    "switch.{}_paused",
)
WEBSITE_ONLY = (
    "sensor.website_average_response_time",
    "sensor.website_certificate_expiry",
)
SERVER_ENTITIES = {
    CONNECTION,
    "sensor.127_0_0_1_admin_latency",
    "sensor.127_0_0_1_admin_services_down",
    "sensor.127_0_0_1_admin_services_degraded",
    "button.127_0_0_1_admin_refresh_all",
}


@pytest.fixture(autouse=True)
def _fast_reconnects(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reconnect after 50 ms, doubling to 200 ms, instead of 1 s to 30 s."""
    timing = dataclasses.replace(
        integration.CONNECTION_TIMING, backoff=Backoff(initial=0.05, cap=0.2)
    )
    monkeypatch.setattr(integration, "CONNECTION_TIMING", timing)


def kuma_entry(kuma: KumaServer) -> MockConfigEntry:
    """An entry as the config flow creates it for Uptime Kuma's admin."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=TITLE,
        unique_id=f"{kuma.url}#admin",
        data={
            CONF_URL: kuma.url,
            CONF_VERIFY_SSL: True,
            CONF_TOKEN: kuma.token(),
            CONF_SERVER_KIND: UPTIME_KUMA,
        },
    )


async def set_up_kuma(hass: HomeAssistant, kuma: KumaServer) -> MockConfigEntry:
    entry = kuma_entry(kuma)
    await set_up(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    return entry


@pytest.fixture
async def entry(hass: HomeAssistant, kuma: KumaServer) -> MockConfigEntry:
    """The admin's entry on an Uptime Kuma 2.x server with the four monitors."""
    return await set_up_kuma(hass, kuma)


async def act(
    hass: HomeAssistant, action: str, target: dict[str, Any], **data: Any
) -> ServiceResponse:
    """Run one of the integration's actions, as an automation would."""
    return await hass.services.async_call(
        DOMAIN,
        action,
        {**target, **data},
        blocking=True,
        return_response=action == "start_maintenance",
    )


def device_of(
    hass: HomeAssistant, entry: MockConfigEntry, service_id: int | str
) -> dr.DeviceEntry | None:
    return dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{entry.entry_id}_{service_id}"), entry.entry_id
    )


def entity_ids(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    return {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
    }


def ghost_monitor(kuma: KumaServer, monitor_id: int = 99) -> dict[str, Any]:
    """A monitor list entry for a monitor the server does not have."""
    return {
        **kuma.monitors[2],
        "id": monitor_id,
        "name": "Ghost",
        "parent": None,
        "pathName": "Ghost",
    }


# ------------------------------------------------------------ what users see


async def test_every_monitor_is_a_device_with_its_entities(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """The group, the website in it, the database that is down, the paused
    queue: each a device of the server's, with the entities of what it has."""
    server = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.entry_id), entry.entry_id
    )
    assert server is not None
    names = {}
    for monitor_id in (1, 2, 3, 4):
        device = device_of(hass, entry, monitor_id)
        assert device is not None
        assert device.via_device_id == server.id
        names[monitor_id] = device.name
    assert names == {1: "Core", 2: "Website", 3: "Database", 4: "Queue"}
    website = device_of(hass, entry, 2)
    assert website is not None
    assert website.model == "Core"  # the group it is in
    assert website.configuration_url == "https://www.example.com/"

    expected = set(SERVER_ENTITIES) | set(WEBSITE_ONLY)
    for name in ("core", "website", "database", "queue"):
        expected.update(pattern.format(name) for pattern in MONITOR_ENTITIES)
    assert entity_ids(hass, entry) == expected

    assert hass.states.get("binary_sensor.website").state == "on"
    assert hass.states.get("sensor.website_status").state == "up"
    assert hass.states.get("sensor.website_response_time").state == "42.0"
    assert hass.states.get("sensor.website_uptime_24_h").state == "99.0"
    assert hass.states.get("sensor.website_uptime_1_y").state == "100.0"
    average = hass.states.get("sensor.website_average_response_time")
    assert average.state == "42.12"
    assert average.attributes["unit_of_measurement"] == "ms"
    certificate = hass.states.get("sensor.website_certificate_expiry")
    assert certificate.state == "30"
    assert certificate.attributes["unit_of_measurement"] == "d"
    assert certificate.attributes["device_class"] == "duration"
    assert certificate.attributes["certificate_valid"] is True
    assert hass.states.get("switch.website_paused").state == "off"

    database = hass.states.get("sensor.database_status")
    assert database.state == "down"
    assert database.attributes["details"]["message"] == (
        "connect ECONNREFUSED 10.0.0.5:5432"
    )
    assert hass.states.get("binary_sensor.database").state == "off"


async def test_figures_sent_later_bring_their_sensors(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    """A monitor whose certificate Uptime Kuma checks for the first time, an
    average response time once there is one: the sensors come then."""
    assert hass.states.get("sensor.database_certificate_expiry") is None
    assert hass.states.get("sensor.database_average_response_time") is None

    kuma.set_cert_info(3, cert_info(-2, valid=False))
    kuma.set_avg_ping(3, 12.5)

    expired = await wait_for_state(hass, "sensor.database_certificate_expiry", "-2")
    assert expired.attributes["certificate_valid"] is False
    await wait_for_state(hass, "sensor.database_average_response_time", "12.5")
    kuma.set_uptime(3, "1y", 0.5)
    await wait_for_state(hass, "sensor.database_uptime_1_y", "50.0")


async def test_other_servers_get_no_paused_switch(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A status server has nothing to pause: no switch, the rest as before."""
    ids = entity_ids(hass, loaded_entry)
    assert "binary_sensor.api" in ids
    assert not [entity_id for entity_id in ids if entity_id.startswith("switch.")]


async def test_paused_and_maintenance_are_shown_as_such(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    """Neither down nor unavailable: the Status sensor says which, the
    binary sensor does not know whether the service is reachable."""
    assert hass.states.get("sensor.queue_status").state == "paused"
    assert hass.states.get("binary_sensor.queue").state == "unknown"
    assert hass.states.get("switch.queue_paused").state == "on"

    kuma.add_maintenance(
        {
            "title": "Patch",
            "description": "",
            "strategy": "manual",
            "active": True,
            "dateRange": [],
        },
        [3],
    )

    await wait_for_state(hass, "sensor.database_status", "maintenance")
    assert hass.states.get("binary_sensor.database").state == "unknown"
    assert hass.states.get("sensor.website_status").state == "up"


async def test_a_monitor_going_down_shows_within_a_second_with_its_reason(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    kuma.heartbeat(2, DOWN, msg="timeout of 48000ms exceeded")

    await wait_for_state(hass, "binary_sensor.website", "off", timeout=1.0)
    status = await wait_for_state(hass, "sensor.website_status", "down", timeout=1.0)
    assert status.attributes["details"]["message"] == "timeout of 48000ms exceeded"

    kuma.heartbeat(2, UP, msg="200 - OK", ping=51)
    await wait_for_state(hass, "binary_sensor.website", "on", timeout=1.0)


@pytest.mark.parametrize("version", ["2", "1.23"])
async def test_devices_follow_monitors_added_renamed_and_deleted(
    hass: HomeAssistant, start_kuma: StartKuma, version: str
) -> None:
    """2.x sends the changed monitor, 1.23 the whole list: the same devices."""
    kuma = await start_kuma(version=version, legacy_list_pause=0.01)
    entry = await set_up_kuma(hass, kuma)
    await wait_for_state(hass, "sensor.website_status", "up")

    cache = kuma.add_monitor("Cache", type="http", url="https://cache.example.com/")
    await wait_for_state(hass, "binary_sensor.cache", "on")
    assert (device := device_of(hass, entry, cache)) is not None
    assert device.name == "Cache"

    kuma.edit_monitor(3, name="Primary database")
    kuma.edit_monitor(1, name="Platform")
    await wait_until(
        lambda: getattr(device_of(hass, entry, 3), "name", None) == "Primary database"
    )
    await wait_until(
        lambda: getattr(device_of(hass, entry, 2), "model", None) == "Platform"
    )
    # The entity ids stay: automations that use them keep working.
    assert hass.states.get("binary_sensor.database") is not None

    kuma.delete_monitor(4)
    await wait_until(lambda: device_of(hass, entry, 4) is None)
    assert er.async_get(hass).async_get("switch.queue_paused") is None
    assert hass.states.get("binary_sensor.queue") is None
    assert device_of(hass, entry, cache) is not None


async def test_states_of_every_monitor(
    hass: HomeAssistant, entry: MockConfigEntry, snapshot: SnapshotAssertion
) -> None:
    """What the four monitors show, at a glance (check times left out)."""
    shown: dict[str, Any] = {}
    for entity_id in sorted(entity_ids(hass, entry) - SERVER_ENTITIES):
        state = hass.states.get(entity_id)
        assert state is not None
        attributes = dict(state.attributes)
        if "last_check" in attributes:
            attributes["last_check"] = "<time of the check>"
        shown[entity_id] = {"state": state.state, "attributes": attributes}
    assert shown == snapshot


# ------------------------------------------------------------------ controls


@pytest.mark.parametrize("version", ["2", "1.23"])
async def test_the_paused_switch_pauses_and_resumes_the_monitor(
    hass: HomeAssistant, start_kuma: StartKuma, version: str
) -> None:
    """2.x says so with the changed monitor, 1.23 with the whole list."""
    kuma = await start_kuma(version=version, legacy_list_pause=0.01)
    await set_up_kuma(hass, kuma)
    await wait_for_state(hass, "sensor.website_status", "up")
    await hass.services.async_call(
        SWITCH_DOMAIN,
        SERVICE_TURN_ON,
        {ATTR_ENTITY_ID: "switch.website_paused"},
        blocking=True,
    )

    assert kuma.payloads("pauseMonitor") == [2]
    await wait_for_state(hass, "switch.website_paused", "on")
    assert hass.states.get("sensor.website_status").state == "paused"
    assert hass.states.get("binary_sensor.website").state == "unknown"

    await hass.services.async_call(
        SWITCH_DOMAIN,
        SERVICE_TURN_OFF,
        {ATTR_ENTITY_ID: "switch.website_paused"},
        blocking=True,
    )

    assert kuma.payloads("resumeMonitor") == [2]
    await wait_for_state(hass, "switch.website_paused", "off")
    await wait_for_state(hass, "sensor.website_status", "up")


async def test_the_switch_follows_a_pause_made_in_uptime_kuma(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    kuma.pause_monitor(3)
    await wait_for_state(hass, "switch.database_paused", "on")
    kuma.resume_monitor(3)
    await wait_for_state(hass, "switch.database_paused", "off")


async def test_pause_and_resume_actions_reach_the_server(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    """A device and any entity of another monitor: both are paused."""
    website = device_of(hass, entry, 2)
    assert website is not None
    target = {
        ATTR_DEVICE_ID: website.id,
        ATTR_ENTITY_ID: "sensor.database_status",
    }

    await act(hass, "pause_monitor", target)

    assert sorted(kuma.payloads("pauseMonitor")) == [2, 3]
    await wait_for_state(hass, "sensor.website_status", "paused")
    await wait_for_state(hass, "sensor.database_status", "paused")

    await act(hass, "resume_monitor", target)

    assert sorted(kuma.payloads("resumeMonitor")) == [2, 3]
    await wait_for_state(hass, "sensor.website_status", "up")
    await wait_for_state(hass, "sensor.database_status", "down")


@pytest.mark.parametrize("version", ["2", "1.23"])
async def test_a_five_minute_maintenance_reaches_the_server(
    hass: HomeAssistant, start_kuma: StartKuma, version: str
) -> None:
    """One single window in UTC, from now for five minutes, with the chosen
    monitors; their Status shows maintenance; the answer says which."""
    kuma = await start_kuma(version=version, legacy_list_pause=0.01)
    entry = await set_up_kuma(hass, kuma)
    await wait_for_state(hass, "sensor.database_status", "down")

    response = await act(
        hass,
        "start_maintenance",
        {ATTR_ENTITY_ID: ["binary_sensor.website", "sensor.database_status"]},
        duration=5,
    )

    assert response == {
        "maintenances": [
            {"maintenance_id": 1, "server": TITLE, "monitors": ["Website", "Database"]}
        ]
    }
    maintenance = kuma.maintenances[1]
    assert maintenance["title"] == "Home Assistant"
    assert maintenance["strategy"] == "single"
    assert maintenance["active"] is True
    assert maintenance["timezoneOption"] == "UTC"
    assert maintenance["status"] == "under-maintenance"
    start, end = (datetime.fromisoformat(text) for text in maintenance["dateRange"])
    assert (end - start).total_seconds() == 300
    assert kuma.maintenance_monitors(1) == [2, 3]
    assert kuma.under_maintenance(2)
    assert kuma.under_maintenance(3)
    assert not kuma.under_maintenance(4)
    await wait_for_state(hass, "sensor.website_status", "maintenance")
    await wait_for_state(hass, "sensor.database_status", "maintenance")
    assert hass.states.get("binary_sensor.database").state == "unknown"
    assert hass.states.get("sensor.queue_status").state == "paused"
    assert entry.state is ConfigEntryState.LOADED


async def test_maintenance_has_the_title_given(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    await act(
        hass,
        "start_maintenance",
        {ATTR_ENTITY_ID: "switch.queue_paused"},
        duration=1440,
        title="  Router firmware  ",
    )
    [maintenance] = kuma.maintenances.values()
    assert maintenance["title"] == "Router firmware"
    start, end = (datetime.fromisoformat(text) for text in maintenance["dateRange"])
    assert (end - start).total_seconds() == 1440 * 60


# -------------------------------------------------------------------- errors


async def test_a_target_that_is_not_an_uptime_kuma_monitor_is_refused(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    kuma: KumaServer,
    loaded_entry: MockConfigEntry,
) -> None:
    """A service of another kind of server, the Uptime Kuma server's own
    device, an area without monitors: refused before anything is sent."""
    server = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.entry_id), entry.entry_id
    )
    assert server is not None
    attic = ar.async_get(hass).async_create("Attic")
    # The target, the error, and what its message names.
    targets: list[tuple[dict[str, Any], str, str]] = [
        (
            {ATTR_ENTITY_ID: ["binary_sensor.website", "binary_sensor.api"]},
            "not_uptime_kuma_monitor",
            "binary_sensor.api is not a monitor",
        ),
        (
            {ATTR_ENTITY_ID: CONNECTION},
            "not_uptime_kuma_monitor",
            f"{CONNECTION} is not a monitor",
        ),
        (
            {ATTR_DEVICE_ID: server.id},
            "not_uptime_kuma_monitor",
            f"{TITLE} is not a monitor",
        ),
        ({ATTR_AREA_ID: attic.id}, "no_uptime_kuma_monitors", "holds no monitor"),
    ]
    for target, key, named in targets:
        for action, data in (
            ("pause_monitor", {}),
            ("resume_monitor", {}),
            ("start_maintenance", {"duration": 5}),
        ):
            with pytest.raises(ServiceValidationError) as refused:
                await act(hass, action, target, **data)
            assert refused.value.translation_key == key
            assert named in str(refused.value)
    assert kuma.payloads("pauseMonitor") == []
    assert kuma.payloads("resumeMonitor") == []
    assert kuma.maintenances == {}


async def test_an_area_reaches_only_its_uptime_kuma_monitors(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    kuma: KumaServer,
    loaded_entry: MockConfigEntry,
) -> None:
    area = ar.async_get(hass).async_create("Rack")
    devices = dr.async_get(hass)
    for device in (device_of(hass, entry, 3), device_of(hass, loaded_entry, "api")):
        assert device is not None
        devices.async_update_device(device.id, area_id=area.id)

    await act(hass, "pause_monitor", {ATTR_AREA_ID: area.id})

    assert kuma.payloads("pauseMonitor") == [3]


async def test_a_refusal_says_what_the_server_said(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    """A monitor the server no longer has: it refuses the pause, and the
    maintenance for it is not left behind half made."""
    kuma.push_raw("updateMonitorIntoList", {"99": ghost_monitor(kuma)})
    await wait_until(lambda: device_of(hass, entry, 99) is not None)

    with pytest.raises(HomeAssistantError) as refused:
        await hass.services.async_call(
            SWITCH_DOMAIN,
            SERVICE_TURN_ON,
            {ATTR_ENTITY_ID: "switch.ghost_paused"},
            blocking=True,
        )
    assert refused.value.translation_key == "pause_refused"
    assert refused.value.translation_placeholders == {
        "monitor": "Ghost",
        "message": "You do not own this monitor.",
    }
    assert "You do not own this monitor." in str(refused.value)

    with pytest.raises(HomeAssistantError) as refused:
        await act(
            hass,
            "start_maintenance",
            {ATTR_ENTITY_ID: ["binary_sensor.website", "binary_sensor.ghost"]},
            duration=5,
        )
    assert refused.value.translation_key == "maintenance_refused"
    assert refused.value.translation_placeholders == {
        "title": "Home Assistant",
        "message": "FOREIGN KEY constraint failed",
    }
    assert kuma.payloads("deleteMaintenance") == [1]
    assert kuma.maintenances == {}
    assert hass.states.get("sensor.website_status").state == "up"


async def test_answers_that_leave_a_command_undone_say_so(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    """A maintenance the server reports made but names no id for, and a
    command refused because the socket lost its login: neither passes for
    done."""
    commands = kuma._socket._commands
    commands["addMaintenance"] = lambda _peer, _args: {"ok": True}
    with pytest.raises(HomeAssistantError) as refused:
        await act(
            hass,
            "start_maintenance",
            {ATTR_ENTITY_ID: "binary_sensor.website"},
            duration=5,
        )
    assert refused.value.translation_key == "maintenance_refused"
    assert kuma.payloads("addMonitorMaintenance") == []

    commands["pauseMonitor"] = lambda _peer, _args: {
        "ok": False,
        "msg": "You are not logged in.",
    }
    with pytest.raises(HomeAssistantError) as refused:
        await act(hass, "pause_monitor", {ATTR_ENTITY_ID: "binary_sensor.website"})
    assert refused.value.translation_key == "not_connected"


async def test_commands_while_not_connected_say_so(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    await kuma.stop()
    await wait_for_state(hass, CONNECTION, "off")

    for call in (
        hass.services.async_call(
            SWITCH_DOMAIN,
            SERVICE_TURN_ON,
            {ATTR_ENTITY_ID: "switch.website_paused"},
            blocking=True,
        ),
        act(hass, "resume_monitor", {ATTR_ENTITY_ID: "switch.queue_paused"}),
        act(
            hass,
            "start_maintenance",
            {ATTR_ENTITY_ID: "binary_sensor.core"},
            duration=5,
        ),
    ):
        with pytest.raises(HomeAssistantError) as refused:
            await call
        assert refused.value.translation_key == "not_connected"


async def test_refresh_checks_an_active_monitor_now_not_a_paused_one(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    """Uptime Kuma has no check-now: resuming an active monitor restarts it,
    which checks at once; a paused one would be resumed, so it is refused."""
    with pytest.raises(HomeAssistantError) as refused:
        await hass.services.async_call(
            BUTTON_DOMAIN,
            SERVICE_PRESS,
            {ATTR_ENTITY_ID: "button.queue_refresh"},
            blocking=True,
        )
    assert refused.value.translation_key == "cannot_check_now"
    assert "Queue" in str(refused.value)

    assert kuma.payloads("resumeMonitor") == []
    assert hass.states.get("switch.queue_paused").state == "on"

    def last_check() -> str:
        return hass.states.get("sensor.website_response_time").attributes["last_check"]

    checked = last_check()
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.website_refresh"},
        blocking=True,
    )

    await wait_until(lambda: kuma.payloads("resumeMonitor") == [2])
    await wait_until(lambda: last_check() > checked)
    assert hass.states.get("switch.website_paused").state == "off"


async def test_refresh_all_leaves_out_what_cannot_be_checked_now(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.127_0_0_1_admin_refresh_all"},
        blocking=True,
    )
    await wait_until(lambda: sorted(kuma.payloads("resumeMonitor")) == [1, 2, 3])
    assert hass.states.get("switch.queue_paused").state == "on"


# ------------------------------------------------------------- the token


async def test_an_entry_whose_stored_token_is_gone_asks_for_the_login(
    hass: HomeAssistant, kuma: KumaServer, hass_storage: dict[str, Any]
) -> None:
    """The token lives only in the entry's private Store after the first
    setup: with that Store gone, the entry asks for Uptime Kuma's login
    instead of connecting without a token."""
    entry = await set_up_kuma(hass, kuma)
    await hass.config_entries.async_unload(entry.entry_id)
    hass_storage.clear()
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert [flow["step_id"] for flow in flows] == ["uptime_kuma"]


async def test_the_token_is_reused_across_reconnects_and_restarts(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    kuma: KumaServer,
    hass_storage: dict[str, Any],
) -> None:
    """Every new socket logs in with the stored token (in the entry's private
    Store, no longer in its data); the password is never needed, no reauth
    opens."""
    assert CONF_TOKEN not in entry.data
    token = stored_kuma_token(hass_storage, entry.entry_id)

    await kuma.drop_all()
    await wait_until(lambda: len(kuma.payloads("loginByToken")) == 2)
    await wait_for_state(hass, CONNECTION, "on")
    await kuma.restart()
    await wait_until(lambda: len(kuma.payloads("loginByToken")) == 3, timeout=10)
    await wait_for_state(hass, CONNECTION, "on")

    assert kuma.payloads("loginByToken") == [token, token, token]
    assert kuma.payloads("login") == []
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    kuma.heartbeat(3, UP, msg="accepting connections")
    await wait_for_state(hass, "binary_sensor.database", "on")


async def test_a_refused_token_opens_exactly_one_reauth(
    hass: HomeAssistant, entry: MockConfigEntry, kuma: KumaServer
) -> None:
    """The password changed in Uptime Kuma: the old token is refused once,
    the user is asked to sign in again, nothing is retried."""
    await kuma.change_password("a-new-password-2")

    await wait_until(
        lambda: bool(hass.config_entries.flow.async_progress_by_handler(DOMAIN)),
        timeout=10,
    )
    await wait_for_state(hass, CONNECTION, "off")
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert len(kuma.payloads("loginByToken")) == 2  # the first, and the refused one


# ------------------------------------------------------------------ secrets


async def test_monitor_secrets_appear_nowhere(
    hass: HomeAssistant,
    start_kuma: StartKuma,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Uptime Kuma sends each monitor's passwords, tokens and connection
    strings with the list; none of them reaches a state, an attribute, the
    registries, the diagnostics or the log, on 2.x or 1.23."""
    assert all(
        secret in json.dumps(kuma_monitors()) for secret in SECRETS
    )  # the server does send them
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    for version in ("2", "1.23"):
        kuma = await start_kuma(version=version, legacy_list_pause=0.01)
        entry = await set_up_kuma(hass, kuma)
        await wait_for_state(hass, "sensor.database_status", "down")
        kuma.heartbeat(2, DOWN, msg="401 - Unauthorized")
        await wait_for_state(hass, "binary_sensor.website", "off")
        kuma.edit_monitor(2, name="Web")
        await act(hass, "pause_monitor", {ATTR_ENTITY_ID: "binary_sensor.database"})
        await act(
            hass,
            "start_maintenance",
            {ATTR_ENTITY_ID: "binary_sensor.core"},
            duration=5,
        )
        await wait_for_state(hass, "switch.database_paused", "on")
        seen.append(json.dumps(await async_get_config_entry_diagnostics(hass, entry)))
        seen.extend(repr(state) for state in hass.states.async_all())
        seen.extend(
            repr(entity)
            for entity in er.async_entries_for_config_entry(
                er.async_get(hass), entry.entry_id
            )
        )
        seen.extend(
            repr(device)
            for device in dr.async_entries_for_config_entry(
                dr.async_get(hass), entry.entry_id
            )
        )
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.config_entries.async_remove(entry.entry_id)
        await hass.async_block_till_done()
    seen.append(caplog.text)
    assert any("ECONNREFUSED" in text for text in seen)  # the states were read
    for secret in SECRETS:
        assert not any(secret in text for text in seen), secret
