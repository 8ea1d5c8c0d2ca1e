"""A MediaNest user's day, against the reference server speaking as MediaNest
does: its events, its items keyed by name, its refusals, its tokens."""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER, ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.client.dialects import MEDIANEST
from custom_components.status_dashboard.client.token import read_token
from custom_components.status_dashboard.config_flow import account_id
from custom_components.status_dashboard.const import CONF_VERIFY_SSL, DOMAIN
from custom_components.status_dashboard.diagnostics import (
    async_get_config_entry_diagnostics,
)
from reference_server import StatusServer

from ..conftest import StartServer
from ..helpers import StateChanges, set_up, wait_for_state, wait_until
from ..signin import unload_entries  # noqa: F401  (a fixture)

ALICE = "4b1e7c1e-0a7e-4f0b-9a57-6d1c2e0c5a11"
BOB = "9f0c3d2a-55b1-4c1e-8d0f-0e3b7a2c9d44"
CONNECTION = "binary_sensor.127_0_0_1_alice_example_com_connection"


def medianest_catalog() -> list[dict[str, Any]]:
    """MediaNest's three services (services/status.service.ts), in the
    reference server's catalog form."""
    return [
        {
            "id": "plex",
            "name": "Plex",
            "status": "up",
            "responseTime": 96,
            "uptime24h": 99.9,
            "uptime30d": 99.5,
            "lastCheckAt": "2026-12-06T18:27:00.067Z",
        },
        {
            "id": "overseerr",
            "name": "Overseerr",
            "status": "up",
            "responseTime": 57,
            "uptime24h": 99.9,
            "uptime30d": 99.5,
            "lastCheckAt": "2026-12-06T18:27:00.067Z",
        },
        {
            "id": "medianest",
            "name": "Medianest",
            "status": "down",
            "lastCheckAt": "2026-12-06T18:27:00.067Z",
            "details": {"message": "Service not configured"},
        },
    ]


@pytest.fixture
async def medianest(start_server: StartServer) -> StatusServer:
    """A server speaking as MediaNest, whose full list every 30 s comes every
    half second here."""
    return await start_server(
        dialect="medianest", services=medianest_catalog(), full_list_interval=0.5
    )


def entry_for(server: StatusServer, token: str) -> MockConfigEntry:
    """An entry as the config flow creates it for a MediaNest token."""
    info = read_token(token)
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"127.0.0.1 ({info.email})",
        unique_id=account_id(server.url, info),
        data={CONF_URL: server.url, CONF_TOKEN: token, CONF_VERIFY_SSL: True},
    )


@pytest.fixture
async def alice_entry(hass: HomeAssistant, medianest: StatusServer) -> MockConfigEntry:
    """Alice's entry, set up (`unload_entries` unloads it before the server stops)."""
    entry = entry_for(medianest, medianest.token(ALICE, email="alice@example.com"))
    await set_up(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    return entry


async def _add_with_token(hass: HomeAssistant, url: str, token: str) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    return dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_URL: url, CONF_TOKEN: token, CONF_VERIFY_SSL: True}
        )
    )


# Adding the integration


async def test_a_medianest_token_creates_the_entry_named_for_its_user(
    hass: HomeAssistant, medianest: StatusServer
) -> None:
    """A token from MediaNest's sign-in: accepted, the entry named for the email,
    identified by `userId` (the token has no `sub`)."""
    token = medianest.token(ALICE, email="alice@example.com")

    result = await _add_with_token(hass, medianest.url, token)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "127.0.0.1 (alice@example.com)"
    entry = result["result"]
    assert entry.unique_id == f"http://127.0.0.1:{medianest.port}#{ALICE}"
    assert hass.states.get("binary_sensor.plex").state == "on"


@pytest.mark.parametrize(
    ("token", "refusal"),
    [
        ("not-a-jwt", "Authentication failed"),
        ("expired", "Authentication failed"),
        ("inactive", "User not found or inactive"),
    ],
)
async def test_a_refused_token_is_invalid_auth_not_cannot_connect(
    hass: HomeAssistant, medianest: StatusServer, token: str, refusal: str
) -> None:
    """MediaNest's refusals say the token is wrong, not that the server is down."""
    if token == "expired":
        token = medianest.token(ALICE, expires_in=-60)
    elif token == "inactive":
        medianest.inactive_users.add(BOB)
        token = medianest.token(BOB)

    result = await _add_with_token(hass, medianest.url, token)

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    assert medianest.connection_attempts[-1].code == refusal


async def test_an_unreachable_medianest_is_cannot_connect(
    hass: HomeAssistant, medianest: StatusServer
) -> None:
    token = medianest.token(ALICE)
    await medianest.stop()

    result = await _add_with_token(hass, medianest.url, token)

    assert result["errors"] == {"base": "cannot_connect"}


async def test_two_users_are_two_entries_and_the_same_user_twice_is_refused(
    hass: HomeAssistant, medianest: StatusServer
) -> None:
    """Identity is `userId`: Alice and Bob on one server do not collide."""
    alice = await _add_with_token(
        hass, medianest.url, medianest.token(ALICE, email="alice@example.com")
    )
    bob = await _add_with_token(
        hass, medianest.url, medianest.token(BOB, email="bob@example.com")
    )
    again = await _add_with_token(
        hass, medianest.url, medianest.token(ALICE, email="alice@example.com")
    )

    assert alice["type"] is FlowResultType.CREATE_ENTRY
    assert bob["type"] is FlowResultType.CREATE_ENTRY
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 2


# What the user sees


async def test_every_service_is_a_device_with_status_response_time_and_uptime(
    hass: HomeAssistant,
    alice_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    plex = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{alice_entry.entry_id}_plex"), alice_entry.entry_id
    )
    assert plex is not None
    assert plex.name == "Plex"
    assert hass.states.get("binary_sensor.plex").state == "on"
    assert hass.states.get("sensor.plex_status").state == "up"
    assert hass.states.get("sensor.plex_response_time").state == "96.0"
    uptime = hass.states.get("sensor.plex_uptime_24_h")
    assert uptime.state == "99.9"
    assert uptime.attributes["unit_of_measurement"] == "%"
    assert uptime.attributes["state_class"] == "measurement"
    assert hass.states.get("sensor.plex_uptime_30_d").state == "99.5"
    assert hass.states.get("binary_sensor.medianest").state == "off"
    down = hass.states.get("sensor.medianest_status")
    assert down.attributes["details"] == {"message": "Service not configured"}
    # A service without uptime figures gets no uptime sensors.
    assert hass.states.get("sensor.medianest_uptime_24_h") is None
    diagnostics = await async_get_config_entry_diagnostics(hass, alice_entry)
    assert diagnostics["connection"]["server_dialect"] == MEDIANEST.name


async def test_live_updates_in_both_shapes_are_shown(
    hass: HomeAssistant, alice_entry: MockConfigEntry, medianest: StatusServer
) -> None:
    """The item shape (its monitor path) and the re-check answer both land."""
    medianest.update_service("plex", status="down", responseTime=None)
    await wait_for_state(hass, "binary_sensor.plex", "off", timeout=1.0)
    assert hass.states.get("sensor.plex_response_time").state == "unknown"

    medianest.refresh_hook = lambda _id, _service: {"status": "up", "responseTime": 12}
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.plex_refresh"},
        blocking=True,
    )
    await wait_for_state(hass, "binary_sensor.plex", "on")
    await wait_for_state(hass, "sensor.plex_response_time", "12.0")
    assert [e.payload for e in medianest.events if e.event == "request:refresh"] == [
        "plex"
    ]


async def test_the_full_list_every_30_s_writes_nothing_when_nothing_changed(
    hass: HomeAssistant, alice_entry: MockConfigEntry, medianest: StatusServer
) -> None:
    lists_before = alice_entry.runtime_data.connection.stats.messages[
        "service:status:all"
    ]
    changes = StateChanges(hass)
    await wait_until(
        lambda: (
            alice_entry.runtime_data.connection.stats.messages["service:status:all"]
            >= lists_before + 3
        ),
        timeout=5,
    )
    await hass.async_block_till_done()
    changes.stop()
    assert changes.entities() == set()


async def test_a_service_missing_from_the_full_list_is_removed(
    hass: HomeAssistant,
    alice_entry: MockConfigEntry,
    medianest: StatusServer,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    medianest.set_services([s for s in medianest_catalog() if s["id"] != "overseerr"])
    await wait_until(lambda: hass.states.get("binary_sensor.overseerr") is None)
    assert entity_registry.async_get("sensor.overseerr_uptime_24_h") is None
    assert (
        device_registry.async_get_device_by_identifier(
            (DOMAIN, f"{alice_entry.entry_id}_overseerr"), alice_entry.entry_id
        )
        is None
    )
    assert hass.states.get("binary_sensor.plex").state == "on"


async def test_uptime_sensors_appear_when_the_server_first_sends_uptime(
    hass: HomeAssistant, alice_entry: MockConfigEntry, medianest: StatusServer
) -> None:
    """Configured later, the service starts reporting uptime: its sensors come."""
    assert hass.states.get("sensor.medianest_uptime_24_h") is None
    medianest.update_service(
        "medianest", status="up", responseTime=30, uptime24h=100, uptime30d=98.25
    )
    await wait_for_state(hass, "sensor.medianest_uptime_24_h", "100.0")
    assert hass.states.get("sensor.medianest_uptime_30_d").state == "98.25"
    assert hass.states.get("binary_sensor.medianest").state == "on"


async def test_a_refused_token_at_run_time_opens_one_reauth(
    hass: HomeAssistant, alice_entry: MockConfigEntry, medianest: StatusServer
) -> None:
    """The user was deactivated: one attempt, refused, the reauth form; no retries."""
    medianest.inactive_users.add(ALICE)
    await medianest.drop_all()
    await wait_until(
        lambda: bool(hass.config_entries.flow.async_progress_by_handler(DOMAIN)),
        timeout=10,
    )
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    refused = [a for a in medianest.connection_attempts if not a.accepted]
    assert [a.code for a in refused] == ["User not found or inactive"]


async def test_a_rate_limit_refusal_backs_off_and_says_what_the_server_said(
    hass: HomeAssistant,
    alice_entry: MockConfigEntry,
    medianest: StatusServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Not a token problem: no reauth; the log quotes the server; it comes back."""
    medianest.refuse_with = "Rate limit exceeded"
    with caplog.at_level(logging.WARNING):
        await medianest.drop_all()
        await wait_until(lambda: "Rate limit exceeded" in caplog.text, timeout=10)
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    medianest.refuse_with = None
    await wait_for_state(hass, CONNECTION, "on", timeout=10)


async def test_server_restart_resynchronises(
    hass: HomeAssistant, alice_entry: MockConfigEntry, medianest: StatusServer
) -> None:
    await medianest.stop()
    await wait_for_state(hass, CONNECTION, "off")
    medianest.update_service("overseerr", status="degraded", responseTime=1500)
    await medianest.start()
    await wait_for_state(hass, CONNECTION, "on", timeout=10)
    await wait_for_state(hass, "sensor.overseerr_status", "degraded")
    assert hass.states.get("sensor.overseerr_response_time").state == "1500.0"
