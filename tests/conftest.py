"""What every test folder shares: real sockets to 127.0.0.1 and the reference server.

The fixtures of the tests that run Home Assistant live in `hass_fixtures.py`,
taken in by the conftest of those folders only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from reference_server import DOWN, KumaServer, StatusServer, cert_info

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


type StartKuma = Callable[..., Awaitable[KumaServer]]


def kuma_monitors() -> list[dict[str, Any]]:
    """A group with a website in it (credentials, a certificate, a tag), a
    database that is down (a connection string) and a paused port check."""
    return [
        {"id": 1, "name": "Core", "type": "group"},
        {
            "id": 2,
            "name": "Website",
            "url": "https://www.example.com/",
            "parent": 1,
            "msg": "200 - OK",
            "ping": 42,
            "tags": [{"name": "prod", "color": "#ff0000", "value": "eu"}],
            "basic_auth_user": "monitor",
            "basic_auth_pass": "hunter2",
            "headers": '{"Authorization": "Bearer web-token"}',
            "bearer_token": "bearer-secret",
            "cert_info": cert_info(30),
            "avg_ping": 42.123,
            "uptime": {24: 0.99},
        },
        {
            "id": 3,
            "name": "Database",
            "type": "postgres",
            "url": None,
            "status": DOWN,
            "msg": "connect ECONNREFUSED 10.0.0.5:5432",
            "databaseConnectionString": "postgres://kuma:db-password@db/kuma",
        },
        {"id": 4, "name": "Queue", "type": "port", "hostname": "mq", "active": False},
    ]


@pytest.fixture
async def start_kuma() -> AsyncIterator[StartKuma]:
    """Start Uptime Kuma servers with any options; all stop at teardown."""
    started: list[KumaServer] = []

    async def start(**options: Any) -> KumaServer:
        options.setdefault("monitors", kuma_monitors())
        server = KumaServer(**options)
        started.append(server)
        await server.start()
        return server

    yield start
    for server in started:
        await server.stop()


@pytest.fixture
async def kuma(start_kuma: StartKuma) -> KumaServer:
    """A running Uptime Kuma 2.x server with the four monitors."""
    return await start_kuma()
