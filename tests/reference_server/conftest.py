"""Fixtures for the reference server's tests: recording clients on real sockets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from reference_server import DOWN, KumaServer, StatusServer, cert_info
from reference_server.client import RecordingClient

type Connect = Callable[..., Awaitable[RecordingClient]]
type MakeClient = Callable[..., RecordingClient]


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
