"""The connection with a token source: renewing before an attempt, at a
`token_expired` refusal, and the handover to a connection with a new token."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
import time

import aiohttp
import pytest

from custom_components.status_dashboard.client.connection import (
    StatusConnection,
    StatusListener,
)
from custom_components.status_dashboard.client.errors import (
    AuthenticationFailed,
    CannotConnect,
)
from custom_components.status_dashboard.client.token import read_token
from reference_server import StatusServer, issue_token

from ..helpers import wait_until
from .conftest import FAST_BACKOFF, Listener, StartRun


class ServerTokens:
    """Tokens the reference server signs, renewed on request; each renewal
    hands out what `next_token` makes. With `skewed`, this side's clock
    believes every token valid (the server's clock decides)."""

    def __init__(
        self, first: str, next_token: Callable[[], str], *, skewed: bool = False
    ) -> None:
        self.current = first
        self.skewed = skewed
        self.next_token = next_token
        self.renewals = 0
        self.failure: Exception | None = None

    @property
    def token(self) -> str:
        return self.current

    @property
    def expired(self) -> bool:
        if self.skewed:
            return False
        expires_at = read_token(self.current).expires_at
        return expires_at is not None and expires_at.timestamp() <= time.time()

    async def renewed(self) -> str:
        self.renewals += 1
        if self.failure is not None:
            raise self.failure
        self.current = self.next_token()
        return self.current


def connect_with(
    server: StatusServer,
    source: ServerTokens,
    session: aiohttp.ClientSession,
    listener: StatusListener,
) -> StatusConnection:
    return StatusConnection(
        server.url,
        "unused: the source's token is presented",
        session,
        listener,
        attempt_timeout=5,
        backoff=FAST_BACKOFF,
        token_source=source,
    )


def presented(server: StatusServer) -> list[tuple[bool, str | None]]:
    return [(a.accepted, a.code) for a in server.connection_attempts]


async def test_handover_moves_to_a_new_socket_without_a_drop(
    server: StatusServer,
    session: aiohttp.ClientSession,
    listener: Listener,
    start_run: StartRun,
) -> None:
    source = ServerTokens(server.token("alice"), lambda: server.token("alice"))
    connection = connect_with(server, source, session, listener)
    start_run(connection)
    await wait_until(lambda: connection.connected)
    [old_sid] = server.connected_sids

    await source.renewed()
    await connection.handover()

    assert connection.connected
    assert connection.stats.handovers == 1
    await wait_until(lambda: server.connected_sids not in ({old_sid}, set()))
    await wait_until(lambda: len(server.connected_sids) == 1)
    assert old_sid not in server.connected_sids
    assert server.subscriber_count == 1
    assert listener.of("disconnected") == []
    assert len(listener.of("connected")) == 1
    assert len(listener.bulks) == 2  # the new socket's list, merged by the view

    server.update_service("api", status="down")
    await wait_until(lambda: len(listener.updates) == 1)
    await asyncio.sleep(0.2)
    assert len(listener.updates) == 1  # heard once, from the new socket only
    assert connection.stats.connects == 1


async def test_handover_refused_keeps_the_old_link(
    server: StatusServer,
    session: aiohttp.ClientSession,
    listener: Listener,
    start_run: StartRun,
) -> None:
    source = ServerTokens(
        server.token("alice"), lambda: issue_token("wrong-secret", "alice")
    )
    connection = connect_with(server, source, session, listener)
    start_run(connection)
    await wait_until(lambda: connection.connected)
    await source.renewed()
    await connection.handover()
    assert connection.connected
    assert connection.stats.handovers == 0
    assert presented(server)[-1] == (False, "invalid_token")
    assert listener.of("disconnected") == []


async def test_handover_while_down_or_without_a_source_does_nothing(
    server: StatusServer,
    session: aiohttp.ClientSession,
    listener: Listener,
) -> None:
    source = ServerTokens(server.token("alice"), lambda: server.token("alice"))
    connection = connect_with(server, source, session, listener)
    await connection.handover()
    pasted = StatusConnection(server.url, server.token("alice"), session, listener)
    await pasted.connect()
    await pasted.handover()
    assert pasted.stats.handovers == 0
    assert presented(server) == [(True, None)]
    await pasted.close()


async def test_an_expired_token_is_renewed_before_it_is_presented(
    server: StatusServer, session: aiohttp.ClientSession, listener: Listener
) -> None:
    source = ServerTokens(
        server.token("alice", expires_in=-5), lambda: server.token("alice")
    )
    connection = connect_with(server, source, session, listener)
    await connection.connect()
    assert source.renewals == 1
    assert presented(server) == [(True, None)]
    await connection.close()


async def test_a_token_expired_refusal_is_renewed_and_retried_once(
    server: StatusServer, session: aiohttp.ClientSession, listener: Listener
) -> None:
    """The server's clock says expired, ours did not: renew, retry at once; a
    second refusal is final (no loop)."""
    stale = server.token("alice", expires_in=-5)
    source = ServerTokens(stale, lambda: server.token("alice"), skewed=True)
    connection = connect_with(server, source, session, listener)
    started = time.monotonic()
    await connection.connect()
    assert time.monotonic() - started < 1.0
    assert presented(server) == [(False, "token_expired"), (True, None)]
    await connection.close()

    always_stale = ServerTokens(
        stale, lambda: server.token("alice", expires_in=-5), skewed=True
    )
    again = connect_with(server, always_stale, session, listener)
    with pytest.raises(AuthenticationFailed):
        await again.connect()
    assert always_stale.renewals == 1


async def test_a_failing_renewal_is_a_failed_attempt_and_run_backs_off(
    server: StatusServer,
    session: aiohttp.ClientSession,
    listener: Listener,
    start_run: StartRun,
) -> None:
    source = ServerTokens(
        server.token("alice", expires_in=-5), lambda: server.token("alice")
    )
    source.failure = CannotConnect("token endpoint down")
    connection = connect_with(server, source, session, listener)
    start_run(connection)
    await wait_until(lambda: len(listener.of("attempt_failed")) >= 3)
    assert server.connection_attempts == []  # never the expired token
    source.failure = None
    await wait_until(lambda: connection.connected)
    assert presented(server) == [(True, None)]


async def test_a_refused_renewal_ends_the_loop(
    server: StatusServer,
    session: aiohttp.ClientSession,
    listener: Listener,
    start_run: StartRun,
) -> None:
    source = ServerTokens(
        server.token("alice", expires_in=-5), lambda: server.token("alice")
    )
    source.failure = AuthenticationFailed("invalid_refresh_token")
    connection = connect_with(server, source, session, listener)
    task = start_run(connection)
    await wait_until(task.done)
    assert [error.code for error in listener.of("auth_failed")] == [
        "invalid_refresh_token"
    ]
    assert source.renewals == 1
    assert server.connection_attempts == []


async def test_concurrent_handovers_are_one(
    server: StatusServer,
    session: aiohttp.ClientSession,
    listener: Listener,
    start_run: StartRun,
) -> None:
    source = ServerTokens(server.token("alice"), lambda: server.token("alice"))
    connection = connect_with(server, source, session, listener)
    start_run(connection)
    await wait_until(lambda: connection.connected)
    await asyncio.gather(connection.handover(), connection.handover())
    assert connection.stats.handovers == 1
    assert len(presented(server)) == 2


async def test_updates_around_handovers_are_heard_once(
    server: StatusServer,
    session: aiohttp.ClientSession,
    listener: Listener,
    start_run: StartRun,
) -> None:
    source = ServerTokens(server.token("alice"), lambda: server.token("alice"))
    connection = connect_with(server, source, session, listener)
    start_run(connection)
    await wait_until(lambda: connection.connected)
    for response_time in range(100, 105):
        server.update_service("api", responseTime=response_time)
        await connection.handover()
    await wait_until(lambda: len(listener.updates) == 5)
    await asyncio.sleep(0.3)
    assert [update.response_time for update in listener.updates] == list(
        range(100, 105)
    )
    assert connection.stats.handovers == 5
    assert listener.of("disconnected") == []


async def test_a_drop_during_a_handover_leaves_it_to_the_reconnect(
    server: StatusServer,
    session: aiohttp.ClientSession,
    listener: Listener,
    start_run: StartRun,
) -> None:
    source = ServerTokens(server.token("alice"), lambda: server.token("alice"))
    connection = connect_with(server, source, session, listener)
    start_run(connection)
    await wait_until(lambda: connection.connected)
    server.freeze()  # the new socket cannot get through
    handover = asyncio.create_task(connection.handover())
    await asyncio.sleep(0.2)
    await server.drop_all()  # resets both
    server.thaw()
    await handover
    assert connection.stats.handovers == 0
    await wait_until(lambda: connection.connected, timeout=3)
    await wait_until(lambda: len(server.connected_sids) == 1)
    assert server.subscriber_count == 1


async def test_close_during_a_handover_leaves_no_socket(
    server: StatusServer,
    session: aiohttp.ClientSession,
    listener: Listener,
    start_run: StartRun,
) -> None:
    source = ServerTokens(server.token("alice"), lambda: server.token("alice"))
    connection = connect_with(server, source, session, listener)
    start_run(connection)
    await wait_until(lambda: connection.connected)
    server.freeze()
    handover = asyncio.create_task(connection.handover())
    await asyncio.sleep(0.2)
    await connection.close()
    with contextlib.suppress(asyncio.CancelledError):
        await handover
    server.thaw()
    assert connection.stats.handovers == 0
    await connection.handover()  # closed: nothing happens
    await wait_until(lambda: not server.connected_sids, timeout=5)
