"""Entities users choose: a switch per optional kind of service entity in the
options, applied without restarting Home Assistant."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.helpers.selector import BooleanSelector
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard import health
from custom_components.status_dashboard.binary_sensor import SERVICE_DESCRIPTION
from custom_components.status_dashboard.button import REFRESH_DESCRIPTION
from custom_components.status_dashboard.const import (
    CONF_CERTIFICATE_SENSOR,
    CONF_GRACE_PERIOD,
    CONF_REFRESH_BUTTON,
    CONF_RESPONSE_TIME_SENSOR,
    CONF_STATUS_SENSOR,
    CONF_UPTIME_SENSORS,
    DOMAIN,
    ENTITY_OPTIONS,
)
from custom_components.status_dashboard.sensor import (
    AVERAGE_RESPONSE_TIME_DESCRIPTION,
    CERTIFICATE_EXPIRY_DESCRIPTION,
    RESPONSE_TIME_DESCRIPTION,
    STATUS_DESCRIPTION,
    UPTIME_1Y_DESCRIPTION,
    UPTIME_24H_DESCRIPTION,
    UPTIME_30D_DESCRIPTION,
)
from reference_server import StatusServer

from ..conftest import StartServer, catalog
from ..hass_fixtures import entry_for
from ..helpers import set_up, wait_for_state, wait_until
from ..signin import unload_entries  # noqa: F401  (a fixture)
from .test_config_flow import TRANSLATIONS, assert_translated, suggested

SERVICES = ("api", "database", "mail")
SERVER_ENTITIES = {
    "binary_sensor.127_0_0_1_alice_connection",
    "sensor.127_0_0_1_alice_latency",
    "button.127_0_0_1_alice_refresh_all",
    "sensor.127_0_0_1_alice_services_down",
    "sensor.127_0_0_1_alice_services_degraded",
}
OFF = {CONF_RESPONSE_TIME_SENSOR: False, CONF_REFRESH_BUTTON: False}


def with_uptime() -> list[dict[str, Any]]:
    """The catalog, every service with both uptime figures."""
    return [{**service, "uptime24h": 99.5, "uptime30d": 98.25} for service in catalog()]


def kinds(service: str) -> dict[str, str]:
    """A service's entity ids by the option that turns them on or off."""
    return {
        CONF_STATUS_SENSOR: f"sensor.{service}_status",
        CONF_RESPONSE_TIME_SENSOR: f"sensor.{service}_response_time",
        CONF_UPTIME_SENSORS: f"sensor.{service}_uptime_24_h",
        "uptime_30d": f"sensor.{service}_uptime_30_d",
        CONF_REFRESH_BUTTON: f"button.{service}_refresh",
    }


def entity_ids(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """The entry's entities in the entity registry."""
    return {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
    }


def expected(*, response_time: bool, refresh: bool) -> set[str]:
    """Every entity of the entry on the uptime catalog, with Status and Uptime on."""
    ids = set(SERVER_ENTITIES)
    for service in SERVICES:
        ids.add(f"binary_sensor.{service}")
        ids.update(
            entity_id
            for option, entity_id in kinds(service).items()
            if (option != CONF_RESPONSE_TIME_SENSOR or response_time)
            and (option != CONF_REFRESH_BUTTON or refresh)
        )
    return ids


@pytest.fixture
async def uptime_server(start_server: StartServer) -> StatusServer:
    """A reference server whose services all carry uptime figures."""
    return await start_server(services=with_uptime())


async def open_options(hass: HomeAssistant, entry: MockConfigEntry) -> ConfigFlowResult:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert_translated(result, "options")
    return result


async def choose(
    hass: HomeAssistant, entry: MockConfigEntry, **choice: Any
) -> ConfigFlowResult:
    """Submit the options form with the shown values, changed by `choice`."""
    result = await open_options(hass, entry)
    schema = result["data_schema"]
    assert schema is not None
    shown = {str(key): suggested(result, str(key)) for key in schema.schema}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**shown, **choice}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return result


# ----------------------------------------------------------------------- form


async def test_form_shows_a_switch_per_kind_with_the_current_values(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Beside the grace period, one switch per optional kind, in this order,
    showing what the entry has (absent: on), each with a label and a help text."""
    entry = entry_for(server, server.token("alice"), **{CONF_UPTIME_SENSORS: False})
    entry.add_to_hass(hass)
    result = await open_options(hass, entry)
    schema = result["data_schema"]
    assert schema is not None
    assert [str(key) for key in schema.schema] == [
        CONF_GRACE_PERIOD,
        CONF_STATUS_SENSOR,
        CONF_RESPONSE_TIME_SENSOR,
        CONF_UPTIME_SENSORS,
        CONF_CERTIFICATE_SENSOR,
        CONF_REFRESH_BUTTON,
    ]
    for option in ENTITY_OPTIONS:
        assert isinstance(schema.schema[option], BooleanSelector)
    assert suggested(result, CONF_GRACE_PERIOD) == 30
    assert suggested(result, CONF_STATUS_SENSOR) is True
    assert suggested(result, CONF_RESPONSE_TIME_SENSOR) is True
    assert suggested(result, CONF_UPTIME_SENSORS) is False
    assert suggested(result, CONF_CERTIFICATE_SENSOR) is True
    assert suggested(result, CONF_REFRESH_BUTTON) is True
    step = TRANSLATIONS["options"]["step"]["init"]
    assert set(step["data_description"]) == set(step["data"])
    assert all(text.strip() for text in step["data_description"].values())


async def test_saving_stores_every_switch_and_keeps_those_left_out(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Every switch is stored as a bool; one the form did not send keeps its value."""
    entry = entry_for(server, server.token("alice"), **{CONF_REFRESH_BUTTON: False})
    entry.add_to_hass(hass)
    result = await open_options(hass, entry)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_GRACE_PERIOD: 45, CONF_STATUS_SENSOR: False}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_GRACE_PERIOD: 45,
        CONF_STATUS_SENSOR: False,
        CONF_RESPONSE_TIME_SENSOR: True,
        CONF_UPTIME_SENSORS: True,
        CONF_CERTIFICATE_SENSOR: True,
        CONF_REFRESH_BUTTON: False,
    }


def test_each_option_names_service_entities_the_platforms_make() -> None:
    """The options table matches the descriptions; the binary sensor has none."""
    assert {
        CONF_STATUS_SENSOR: ((Platform.SENSOR, STATUS_DESCRIPTION.key),),
        CONF_RESPONSE_TIME_SENSOR: (
            (Platform.SENSOR, RESPONSE_TIME_DESCRIPTION.key),
            (Platform.SENSOR, AVERAGE_RESPONSE_TIME_DESCRIPTION.key),
        ),
        CONF_UPTIME_SENSORS: (
            (Platform.SENSOR, UPTIME_24H_DESCRIPTION.key),
            (Platform.SENSOR, UPTIME_30D_DESCRIPTION.key),
            (Platform.SENSOR, UPTIME_1Y_DESCRIPTION.key),
        ),
        CONF_CERTIFICATE_SENSOR: (
            (Platform.SENSOR, CERTIFICATE_EXPIRY_DESCRIPTION.key),
        ),
        CONF_REFRESH_BUTTON: ((Platform.BUTTON, REFRESH_DESCRIPTION.key),),
    } == ENTITY_OPTIONS
    assert all(
        platform is not Platform.BINARY_SENSOR
        for chosen in ENTITY_OPTIONS.values()
        for platform, _ in chosen
    )
    # Same key as the Status sensor, another platform: never turned off.
    assert SERVICE_DESCRIPTION.key == STATUS_DESCRIPTION.key


# ------------------------------------------------------------------- entities


async def test_an_entry_without_these_options_gets_every_kind(
    hass: HomeAssistant, uptime_server: StatusServer
) -> None:
    """Today's entries have no such options: every service gets everything."""
    entry = entry_for(uptime_server, uptime_server.token("alice"))
    await set_up(hass, entry)
    assert entry.options == {}
    assert entity_ids(hass, entry) == expected(response_time=True, refresh=True)
    for entity_id in entity_ids(hass, entry):
        assert hass.states.get(entity_id) is not None


async def test_turning_response_time_and_refresh_off_removes_them_everywhere(
    hass: HomeAssistant, uptime_server: StatusServer
) -> None:
    """Gone from every service, from the states and from the entity registry;
    the service's other entities, its device and the server's stay, and
    Home Assistant keeps running."""
    entry = entry_for(uptime_server, uptime_server.token("alice"))
    await set_up(hass, entry)
    devices = {
        device.id
        for device in dr.async_entries_for_config_entry(
            dr.async_get(hass), entry.entry_id
        )
    }

    result = await choose(hass, entry, **OFF)

    assert result["data"] == {
        CONF_GRACE_PERIOD: 30,
        CONF_STATUS_SENSOR: True,
        CONF_RESPONSE_TIME_SENSOR: False,
        CONF_UPTIME_SENSORS: True,
        CONF_CERTIFICATE_SENSOR: True,
        CONF_REFRESH_BUTTON: False,
    }
    await wait_until(lambda: hass.states.get("sensor.mail_uptime_30_d") is not None)
    assert entity_ids(hass, entry) == expected(response_time=False, refresh=False)
    registry = er.async_get(hass)
    for service in SERVICES:
        for entity_id in (
            kinds(service)[CONF_RESPONSE_TIME_SENSOR],
            kinds(service)[CONF_REFRESH_BUTTON],
        ):
            assert registry.async_get(entity_id) is None
            assert hass.states.get(entity_id) is None
    assert hass.states.get("sensor.api_status").state == "up"
    assert hass.states.get("binary_sensor.database").state == "on"
    assert hass.states.get("sensor.api_uptime_24_h").state == "99.5"
    assert {
        device.id
        for device in dr.async_entries_for_config_entry(
            dr.async_get(hass), entry.entry_id
        )
    } == devices
    # Still pushed to, without a restart.
    uptime_server.update_service("api", status="down", responseTime=None)
    await wait_for_state(hass, "sensor.api_status", "down")


async def test_turning_them_on_again_brings_them_back_with_current_values(
    hass: HomeAssistant, uptime_server: StatusServer
) -> None:
    """Back under their former entity ids, showing what the server says now."""
    entry = entry_for(uptime_server, uptime_server.token("alice"))
    await set_up(hass, entry)
    before = entity_ids(hass, entry)
    await choose(hass, entry, **OFF)
    uptime_server.update_service("api", responseTime=77)
    await wait_until(lambda: entry.runtime_data.service("api").response_time == 77)

    await choose(hass, entry, **dict.fromkeys(OFF, True))

    await wait_for_state(hass, "sensor.api_response_time", "77.0")
    assert hass.states.get("sensor.database_response_time").state == "350.0"
    assert hass.states.get("sensor.mail_response_time").state == "unknown"
    assert hass.states.get("button.api_refresh").state == "unknown"
    await wait_until(lambda: hass.states.get("button.mail_refresh") is not None)
    assert entity_ids(hass, entry) == before


async def test_a_service_that_appears_later_gets_only_the_chosen_kinds(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """A new service on the server: its binary sensor and the kinds still on."""
    entry = entry_for(
        server, server.token("alice"), **OFF, **{CONF_UPTIME_SENSORS: False}
    )
    await set_up(hass, entry)
    cdn = {
        "id": "cdn",
        "name": "CDN",
        "status": "up",
        "responseTime": 12,
        "uptime24h": 100,
        "uptime30d": 99.9,
    }
    server.set_services([*catalog(), cdn])
    await wait_for_state(hass, "sensor.cdn_status", "up")
    assert hass.states.get("binary_sensor.cdn").state == "on"
    registry = er.async_get(hass)
    for option in (CONF_RESPONSE_TIME_SENSOR, CONF_UPTIME_SENSORS, "uptime_30d"):
        assert registry.async_get(kinds("cdn")[option]) is None
    assert registry.async_get(kinds("cdn")[CONF_REFRESH_BUTTON]) is None
    assert {
        entity_id for entity_id in entity_ids(hass, entry) if "cdn" in entity_id
    } == {"binary_sensor.cdn", "sensor.cdn_status"}


async def test_turning_status_off_keeps_the_binary_sensor(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """The Status sensor and the service's binary sensor share their key, in
    two platforms: only the sensor goes."""
    entry = entry_for(server, server.token("alice"))
    await set_up(hass, entry)
    await choose(hass, entry, **{CONF_STATUS_SENSOR: False})
    registry = er.async_get(hass)
    for service in SERVICES:
        assert registry.async_get(f"sensor.{service}_status") is None
        assert registry.async_get(f"binary_sensor.{service}") is not None
    assert hass.states.get("binary_sensor.api").state == "on"
    assert hass.states.get("sensor.api_response_time").state == "42.0"


async def test_a_new_grace_period_alone_does_not_reload(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Only a new choice of entities reloads the entry (and reconnects)."""
    entry = entry_for(server, server.token("alice"))
    await set_up(hass, entry)
    coordinator = entry.runtime_data
    await choose(hass, entry, **{CONF_GRACE_PERIOD: 90})
    assert entry.runtime_data is coordinator
    assert entry.options[CONF_GRACE_PERIOD] == 90
    await choose(hass, entry, **{CONF_REFRESH_BUTTON: False})
    assert entry.runtime_data is not coordinator


async def test_the_entity_cap_counts_only_the_chosen_kinds(
    hass: HomeAssistant,
    server: StatusServer,
    issue_registry: ir.IssueRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With Response time and Refresh off, a service takes two entities."""
    monkeypatch.setattr(health, "MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY", 11)
    entry = entry_for(server, server.token("alice"), **OFF)
    await set_up(hass, entry)
    issue_id = health.capacity_issue_id(entry)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None  # 3 x 2 + 5
    server.set_services([*catalog(), {"id": "cdn", "name": "CDN", "status": "up"}])
    await wait_until(
        lambda: issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    )
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders["services"] == "4"
    assert issue.translation_placeholders["fit"] == "3"  # (11 - 5) // 2
