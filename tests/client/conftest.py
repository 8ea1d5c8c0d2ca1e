"""Fixtures for the client package's tests: no Home Assistant, real sockets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import contextlib
import socket
from typing import Any

import aiohttp
import pytest

from custom_components.status_dashboard.client.backoff import Backoff
from custom_components.status_dashboard.client.connection import (
    StatusConnection,
    StatusListener,
)
from custom_components.status_dashboard.client.errors import AuthenticationFailed
from custom_components.status_dashboard.client.models import (
    BulkUpdate,
    ServerError,
    ServiceUpdate,
)
from custom_components.status_dashboard.client.socketio_compat import (
    SUPPORTED,
    Workarounds,
)

# Fast retries, so reconnect tests take a fraction of a second.
FAST_BACKOFF = Backoff(initial=0.05, cap=0.2)


def client_tasks() -> set[asyncio.Task[Any]]:
    """Unfinished tasks of Socket.IO / Engine.IO clients (not of the servers)."""
    return {
        task
        for task in asyncio.all_tasks()
        if not task.done() and "Client." in getattr(task.get_coro(), "__qualname__", "")
    }


class Listener(StatusListener):
    """A StatusListener that records every call, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def of(self, kind: str) -> list[Any]:
        """The arguments of every call of one kind."""
        return [arg for name, arg in self.calls if name == kind]

    @property
    def kinds(self) -> list[str]:
        """The kinds of every call, in order."""
        return [name for name, _ in self.calls]

    @property
    def bulks(self) -> list[BulkUpdate]:
        return self.of("bulk")

    @property
    def updates(self) -> list[ServiceUpdate]:
        return self.of("update")

    def on_connected(self, transport: str) -> None:
        self.calls.append(("connected", transport))

    def on_disconnected(self, reason: str) -> None:
        self.calls.append(("disconnected", reason))

    def on_bulk(self, bulk: BulkUpdate) -> None:
        self.calls.append(("bulk", bulk))

    def on_update(self, update: ServiceUpdate) -> None:
        self.calls.append(("update", update))

    def on_server_error(self, error: ServerError) -> None:
        self.calls.append(("server_error", error))

    def on_latency(self, latency: float) -> None:
        self.calls.append(("latency", latency))

    def on_auth_failed(self, error: AuthenticationFailed) -> None:
        self.calls.append(("auth_failed", error))

    def on_attempt_failed(
        self, error: Exception, attempt: int, retry_in: float
    ) -> None:
        self.calls.append(("attempt_failed", (error, attempt, retry_in)))


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """An aiohttp session, closed at teardown."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def listener() -> Listener:
    return Listener()


type MakeConnection = Callable[..., StatusConnection]
type StartRun = Callable[[StatusConnection], asyncio.Task[None]]


@pytest.fixture
async def make_connection(
    session: aiohttp.ClientSession, listener: Listener
) -> AsyncIterator[MakeConnection]:
    """Build connections (default: the shared listener); all closed at teardown."""
    made: list[StatusConnection] = []

    def make(
        url: str,
        token: str,
        *,
        to: Listener | None = None,
        attempt_timeout: float = 5.0,
        backoff: Backoff = FAST_BACKOFF,
        workarounds: Workarounds = SUPPORTED,
        uptime_kuma: bool = False,
    ) -> StatusConnection:
        connection = StatusConnection(
            url,
            token,
            session,
            to or listener,
            attempt_timeout=attempt_timeout,
            backoff=backoff,
            workarounds=workarounds,
            uptime_kuma=uptime_kuma,
        )
        made.append(connection)
        return connection

    yield make
    for connection in made:
        await connection.close()


@pytest.fixture
async def start_run() -> AsyncIterator[StartRun]:
    """Start `run()` loops; each is closed and awaited (bounded) at teardown."""
    running: list[tuple[StatusConnection, asyncio.Task[None]]] = []

    def start(connection: StatusConnection) -> asyncio.Task[None]:
        task = asyncio.create_task(connection.run())
        running.append((connection, task))
        return task

    yield start
    for connection, task in running:
        await connection.close()
        try:
            async with asyncio.timeout(3):
                await task
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            pytest.fail("run() did not end within 3 s of close()")


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """A URL whose TCP listener accepts connections and never says a word."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        with contextlib.suppress(ConnectionError):
            await reader.read()  # until the client gives up
        writer.close()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.close()
    server.close_clients()
    for writer in held:
        writer.close()
    await server.wait_closed()
