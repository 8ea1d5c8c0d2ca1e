"""What every test folder shares: real sockets to 127.0.0.1 and the reference server.

The fixtures of the tests that run Home Assistant live in `hass_fixtures.py`,
taken in by the conftest of those folders only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from reference_server import StatusServer

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
def _loopback_sockets(socket_enabled: None) -> None:
    """Allow sockets: the tests talk to real servers (the harness still allows
    connections to 127.0.0.1 only)."""


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
