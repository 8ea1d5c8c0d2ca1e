"""Fixtures for the reference server's tests: real sockets on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from reference_server import StatusServer
from reference_server.client import RecordingClient

type Connect = Callable[..., Awaitable[RecordingClient]]
type MakeClient = Callable[..., RecordingClient]


@pytest.fixture(autouse=True)
def _real_sockets_and_custom_integrations(socket_enabled: None) -> None:
    """Allow sockets (the harness blocks them unless a test asks for them).

    Named like the autouse fixture of ``tests/conftest.py`` to replace it
    here: these tests need no Home Assistant instance. The harness's own
    verify_cleanup still fails a test that leaves tasks, timers or threads
    behind; every fixture here closes what it opened.
    """


def sample_services() -> list[dict[str, Any]]:
    """Three services in wire form."""
    return [
        {
            "id": "api",
            "name": "API",
            "status": "up",
            "responseTime": 42,
            "lastCheckAt": "2025-01-01T00:00:00.000Z",
            "details": {"statusCode": 200, "region": "eu"},
            "url": "https://api.example.com/health",
            "group": "Core",
        },
        {
            "id": "db",
            "name": "Database",
            "status": "up",
            "responseTime": 3,
            "lastCheckAt": "2025-01-01T00:00:00.000Z",
            "details": {},
        },
        {
            "id": "mail",
            "name": "Mail",
            "status": "down",
            "responseTime": None,
            "lastCheckAt": "2025-01-01T00:00:00.000Z",
            "details": {"error": "timeout"},
        },
    ]


@pytest.fixture
def services() -> list[dict[str, Any]]:
    """A fresh copy of the sample catalog."""
    return sample_services()


@pytest.fixture
def default_services() -> list[dict[str, Any]]:
    """These tests start servers with the sample catalog."""
    return sample_services()


@pytest.fixture
async def make_client() -> AsyncIterator[MakeClient]:
    """Make (unconnected) recording clients; all are closed at teardown."""
    clients: list[RecordingClient] = []

    def make(url: str, token: str | None = None, **options: Any) -> RecordingClient:
        client = RecordingClient(url, token, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


@pytest.fixture
async def connect(make_client: MakeClient) -> Connect:
    """Connect a client for ``sub`` (optionally subscribed) to a server."""

    async def connect(
        server: StatusServer,
        sub: str = "user",
        *,
        subscribe: bool = False,
        token_options: dict[str, Any] | None = None,
        **options: Any,
    ) -> RecordingClient:
        token = server.token(sub, **(token_options or {}))
        client = make_client(server.url, token, **options)
        await client.connect()
        if subscribe:
            await client.emit("subscribe:status")
            await client.wait_event("service:bulk-update")
        return client

    return connect
