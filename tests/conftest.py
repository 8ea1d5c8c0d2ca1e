"""Shared fixtures: the real reference server on 127.0.0.1 and a real Home Assistant."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

# Import the project's package before the harness's own `custom_components`
# (its test config) can shadow it.
import custom_components.status_dashboard  # noqa: F401
from custom_components.status_dashboard.client.token import read_token
from custom_components.status_dashboard.config_flow import account_id
from custom_components.status_dashboard.const import CONF_VERIFY_SSL, DOMAIN
from reference_server import StatusServer

from .helpers import set_up

type StartServer = Callable[..., Awaitable[StatusServer]]


def catalog() -> list[dict[str, Any]]:
    """Three services in the server's wire form."""
    return [
        {
            "id": "api",
            "name": "API",
            "status": "up",
            "responseTime": 42,
            "lastCheckAt": "2026-11-26T08:00:00.000Z",
            "details": {"statusCode": 200, "region": "eu"},
            "url": "https://api.example.com/health",
            "group": "Core",
        },
        {
            "id": "db",
            "name": "Database",
            "status": "degraded",
            "responseTime": 350,
            "lastCheckAt": "2026-11-26T08:00:00.000Z",
            "details": {"replicationLag": 12},
        },
        {
            "id": "mail",
            "name": "Mail",
            "status": "down",
            "responseTime": None,
            "lastCheckAt": "2026-11-26T08:00:00.000Z",
            "details": {"error": "timeout"},
        },
    ]


@pytest.fixture(autouse=True)
def _real_sockets_and_custom_integrations(
    enable_custom_integrations: None, socket_enabled: None
) -> None:
    """Load this custom integration; allow sockets (to 127.0.0.1 only)."""


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots serialised the way Home Assistant core's are."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def default_services() -> list[dict[str, Any]]:
    """The catalog a server starts with unless a test passes `services=`."""
    return catalog()


@pytest.fixture
async def start_server(
    default_services: list[dict[str, Any]],
) -> AsyncIterator[StartServer]:
    """Start reference servers with any options; all stop at teardown."""
    started: list[StatusServer] = []

    async def start(**options: Any) -> StatusServer:
        options.setdefault("services", default_services)
        server = StatusServer(**options)
        started.append(server)
        await server.start()
        return server

    yield start
    for server in started:
        await server.stop()


@pytest.fixture
async def server(start_server: StartServer) -> StatusServer:
    """A running reference server with the three-service catalog."""
    return await start_server()


def entry_for(
    server: StatusServer,
    token: str,
    entry_id: str = "01JSTATUSDASHBOARDENTRY001",
    **options: Any,
) -> MockConfigEntry:
    """A config entry as the config flow would create it."""
    return MockConfigEntry(
        domain=DOMAIN,
        entry_id=entry_id,
        title="127.0.0.1 (alice)",
        unique_id=account_id(server.url, read_token(token)),
        data={CONF_URL: server.url, CONF_TOKEN: token, CONF_VERIFY_SSL: True},
        options=options,
    )


@pytest.fixture
def config_entry(server: StatusServer) -> MockConfigEntry:
    """An entry for user alice on the reference server."""
    return entry_for(server, server.token("alice"))


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> AsyncIterator[MockConfigEntry]:
    """The entry set up against the live server; unloaded at teardown."""
    await set_up(hass, config_entry)
    assert config_entry.state is ConfigEntryState.LOADED
    yield config_entry
    if config_entry.state is ConfigEntryState.LOADED:
        assert await hass.config_entries.async_unload(config_entry.entry_id)
        await hass.async_block_till_done()
