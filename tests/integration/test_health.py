"""Repair issues: a token about to expire, a connection that keeps dropping."""

from __future__ import annotations

from datetime import timedelta
from http import HTTPStatus

from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.status_dashboard import health
from custom_components.status_dashboard.const import DOMAIN
from reference_server import StatusServer

from ..conftest import catalog
from ..hass_fixtures import entry_for
from ..helpers import set_up, wait_for_state, wait_until

DAY = 86400.0


async def setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add and set up an entry."""
    await set_up(hass, entry)


async def test_token_expiring_within_a_week_raises_a_fixable_issue(
    hass: HomeAssistant,
    server: StatusServer,
    issue_registry: ir.IssueRegistry,
    hass_client: ClientSessionGenerator,
) -> None:
    """The issue says when; fixing it opens reauth; a new token clears it."""
    entry = entry_for(server, server.token("alice", expires_in=3 * DAY))
    await setup(hass, entry)
    issue = issue_registry.async_get_issue(DOMAIN, health.token_issue_id(entry))
    assert issue is not None
    assert issue.is_fixable
    expires = (dt_util.now() + timedelta(days=3)).strftime("%Y-%m-%d")
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["expires"].startswith(expires)

    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix",
        json={"handler": DOMAIN, "issue_id": health.token_issue_id(entry)},
    )
    assert response.status == HTTPStatus.OK
    flow = await response.json()
    assert flow["step_id"] == "confirm"
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert response.status == HTTPStatus.OK
    await hass.async_block_till_done()
    reauth = [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
    ]
    assert len(reauth) == 1

    result = await hass.config_entries.flow.async_configure(
        reauth[0]["flow_id"], {"token": server.token("alice", expires_in=90 * DAY)}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, health.token_issue_id(entry)) is None
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_token_entering_the_warning_week_while_running_raises_the_issue(
    hass: HomeAssistant, server: StatusServer, issue_registry: ir.IssueRegistry
) -> None:
    """No issue for a token valid 30 days, until 23 days later."""
    entry = entry_for(server, server.token("alice", expires_in=30 * DAY))
    await setup(hass, entry)
    assert issue_registry.async_get_issue(DOMAIN, health.token_issue_id(entry)) is None
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(days=23, minutes=1))
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, health.token_issue_id(entry))
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_token_without_expiry_raises_nothing(
    hass: HomeAssistant, server: StatusServer, issue_registry: ir.IssueRegistry
) -> None:
    """A token without exp is valid for as long as the server accepts it."""
    entry = entry_for(server, server.token("alice", expires_in=None))
    await setup(hass, entry)
    assert issue_registry.async_get_issue(DOMAIN, health.token_issue_id(entry)) is None
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_reconnect_storm_raises_an_issue_that_clears_when_calm(
    hass: HomeAssistant,
    server: StatusServer,
    issue_registry: ir.IssueRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Too many reconnects within the window: an alert; a calm spell clears it."""
    monkeypatch.setattr(health, "STORM_RECONNECTS", 2)
    monkeypatch.setattr(health, "STORM_CALM_PERIOD", 0.5)
    entry = entry_for(server, server.token("alice"))
    await setup(hass, entry)
    connection = entry.runtime_data.connection
    issue_id = health.storm_issue_id(entry)
    for reconnects in range(1, 4):
        await server.drop_all()
        expected = reconnects + 1
        await wait_until(lambda: connection.stats.connects == expected, 8)  # noqa: B023
        await wait_for_state(hass, "binary_sensor.127_0_0_1_alice_connection", "on")
        if reconnects <= 2:
            assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "title": "127.0.0.1 (alice)",
        "count": "3",
        "minutes": "10",
    }
    await wait_until(lambda: issue_registry.async_get_issue(DOMAIN, issue_id) is None)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_deleting_the_entry_removes_its_repair_issues(
    hass: HomeAssistant, server: StatusServer, issue_registry: ir.IssueRegistry
) -> None:
    """No orphaned 'token expires soon' warning once the entry is gone."""
    entry = entry_for(server, server.token("alice", expires_in=DAY))
    await setup(hass, entry)
    assert issue_registry.async_get_issue(DOMAIN, health.token_issue_id(entry))
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, health.token_issue_id(entry)) is None


async def test_more_services_than_entities_allowed_raises_an_issue(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    issue_registry: ir.IssueRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past Home Assistant's entity cap the user is told, and told when it fits."""
    monkeypatch.setattr(health, "MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY", 14)
    issue_id = health.capacity_issue_id(loaded_entry)
    server.set_services(catalog())  # 3 services x 4 + 5 server entities = 17 > 14
    await wait_until(
        lambda: issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    )
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "title": "127.0.0.1 (alice)",
        "services": "3",
        "fit": "2",
        "limit": "14",
    }
    server.set_services(catalog()[:2])  # 2 x 4 + 5 = 13
    await wait_until(lambda: issue_registry.async_get_issue(DOMAIN, issue_id) is None)


async def test_uptime_sensors_count_against_the_entity_cap_once_they_exist(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    issue_registry: ir.IssueRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server that starts sending uptime makes two more entities a service:
    the fit the user is told about follows."""
    monkeypatch.setattr(health, "MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY", 18)
    issue_id = health.capacity_issue_id(loaded_entry)
    stats = loaded_entry.runtime_data.connection.stats
    lists = stats.messages["service:bulk-update"]
    server.set_services(catalog())  # checked against the cap: 3 x 4 + 5 = 17
    await wait_until(lambda: stats.messages["service:bulk-update"] == lists + 1)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    server.set_services([{**s, "uptime24h": 99.5} for s in catalog()])
    await wait_until(
        lambda: issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    )
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    # 3 x (binary sensor, 3 sensors, button) + 5 = 20 > 18: two services fit.
    assert issue.translation_placeholders["fit"] == "2"
