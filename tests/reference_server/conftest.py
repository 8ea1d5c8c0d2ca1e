"""Fixtures for the reference server's tests: recording clients on real sockets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from reference_server import StatusServer
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
