"""StatusConnection against the live reference server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import logging
import time
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.status_dashboard.client.backoff import Backoff
from custom_components.status_dashboard.client.connection import (
    StatusConnection,
    probe,
)
from custom_components.status_dashboard.client.errors import (
    AuthenticationFailed,
    CannotConnect,
    NotConnected,
)
from custom_components.status_dashboard.client.models import (
    UNSET,
    ServerError,
    Status,
)
from reference_server import StatusServer, issue_token

from ..conftest import StartServer
from ..helpers import wait_until
from .conftest import Listener, MakeConnection, StartRun, client_tasks

CATALOG_IDS = {"api", "db", "mail"}


def refused(server: StatusServer, sub: str) -> list[str | None]:
    """The refusal codes of `sub`'s connection attempts, in order."""
    return [
        attempt.code
        for attempt in server.connection_attempts
        if attempt.sub == sub and not attempt.accepted
    ]


def accepted(server: StatusServer, sub: str) -> int:
    return sum(
        1
        for attempt in server.connection_attempts
        if attempt.sub == sub and attempt.accepted
    )


def sent(server: StatusServer, event: str) -> list[Any]:
    """Payloads of every `event` the server received."""
    return [received.payload for received in server.events if received.event == event]


async def connected(
    server: StatusServer, make_connection: MakeConnection, sub: str = "alice"
) -> StatusConnection:
    connection = make_connection(server.url, server.token(sub))
    await connection.connect()
    await wait_until(lambda: server.subscriber_count >= 1)
    return connection


# ------------------------------------------------------------- connecting


async def test_connect_delivers_the_bulk_then_on_connected_over_websocket(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = make_connection(server.url, server.token("alice"))

    returned = await connection.connect()

    assert listener.kinds == ["bulk", "connected"]
    assert listener.of("connected") == ["websocket"]
    [bulk] = listener.bulks
    assert returned is bulk
    assert {service.id for service in bulk.services} == CATALOG_IDS
    assert bulk.invalid_items == 0
    api = next(service for service in bulk.services if service.id == "api")
    assert (api.name, api.status, api.response_time) == ("API", Status.UP, 42.0)
    assert connection.connected
    assert connection.transport == "websocket"
    assert connection.latency is not None
    assert connection.stats.connects == 1
    assert connection.stats.attempts == 1
    assert sent(server, "subscribe:status") == [None]


async def test_servers_connection_status_without_latency_tells_the_listener_nothing(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = await connected(server, make_connection)

    assert connection.stats.messages["connection:status"] == 1
    assert listener.of("latency") == []


async def test_partial_updates_reach_on_update_in_order(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    await connected(server, make_connection)

    server.update_service("api", status="down", responseTime=None)
    server.update_service("db", responseTime=5)
    server.update_service("api", status="up", responseTime=40)
    server.update_service("mail", details={"error": None, "retry": 3})
    await wait_until(lambda: len(listener.updates) == 4)

    first, second, third, fourth = listener.updates
    assert (first.service_id, first.status, first.response_time) == (
        "api",
        Status.DOWN,
        None,
    )
    assert (second.service_id, second.status, second.response_time) == (
        "db",
        UNSET,
        5.0,
    )
    assert (third.service_id, third.status, third.response_time) == (
        "api",
        Status.UP,
        40.0,
    )
    assert third.timestamp > first.timestamp
    assert (fourth.service_id, fourth.details) == (
        "mail",
        {"error": None, "retry": 3},
    )
    assert listener.kinds[-4:] == ["update"] * 4


async def test_a_new_catalog_arrives_as_a_new_bulk(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    await connected(server, make_connection)

    server.set_services([{"id": "web", "status": "up"}])
    await wait_until(lambda: len(listener.bulks) == 2)

    assert [service.id for service in listener.bulks[-1].services] == ["web"]


async def test_token_scoped_to_some_services_sees_only_those(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = make_connection(
        server.url, issue_token(server.secret, "scoped", services=["db"])
    )

    await connection.connect()

    assert [service.id for service in listener.bulks[0].services] == ["db"]


# -------------------------------------------------------- refused tokens


@pytest.mark.parametrize(
    ("make_token", "code"),
    [
        pytest.param(lambda s: issue_token("wrong-secret", "u"), "invalid_token"),
        pytest.param(lambda s: "not-a-jwt", "invalid_token", id="garbage"),
        pytest.param(lambda s: s.token("u", expires_in=-10), "token_expired"),
        pytest.param(lambda s: "", "missing_token"),
    ],
)
async def test_refused_token_raises_authentication_failed_with_the_servers_code(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    make_token: Callable[[StatusServer], str],
    code: str,
) -> None:
    connection = make_connection(server.url, make_token(server))

    with pytest.raises(AuthenticationFailed) as caught:
        await connection.connect()

    assert caught.value.code == code
    assert code in str(caught.value)
    assert not connection.connected
    assert connection.stats.last_error == f"token refused: {code}"
    # Refused once: no retry over long-polling with the same token.
    assert [attempt.accepted for attempt in server.connection_attempts] == [False]
    assert listener.calls == []


async def test_revoked_user_is_refused_with_code_revoked(
    server: StatusServer, make_connection: MakeConnection
) -> None:
    await server.revoke("mallory")
    connection = make_connection(server.url, server.token("mallory"))

    with pytest.raises(AuthenticationFailed) as caught:
        await connection.connect()

    assert caught.value.code == "revoked"


# ------------------------------------------------------ unreachable server


async def test_closed_port_raises_cannot_connect_quickly(
    closed_port: int, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = make_connection(f"http://127.0.0.1:{closed_port}", "token")

    started = time.monotonic()
    with pytest.raises(CannotConnect):
        await connection.connect()

    assert time.monotonic() - started < 1.0
    assert not connection.connected
    assert connection.stats.last_error
    assert listener.calls == []


async def test_listener_that_never_answers_raises_cannot_connect_within_the_timeout(
    silent_server: str, make_connection: MakeConnection
) -> None:
    connection = make_connection(silent_server, "token", attempt_timeout=1)

    started = time.monotonic()
    with pytest.raises(CannotConnect, match="timed out"):
        await connection.connect()
    elapsed = time.monotonic() - started

    # One bounded attempt: a timeout is not retried over long-polling.
    assert 0.9 <= elapsed < 2.0
    assert connection.stats.last_error == "timed out"
    assert client_tasks() == set()


async def test_plain_http_server_that_is_not_socketio_raises_cannot_connect(
    make_connection: MakeConnection,
) -> None:
    async def not_found(request: web.Request) -> web.Response:
        return web.Response(status=404, text="nothing here")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", not_found)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        connection = make_connection(f"http://127.0.0.1:{port}", "token")

        with pytest.raises(CannotConnect):
            await connection.connect()
    finally:
        await runner.cleanup()


# -------------------------------------------------------------- long-polling


async def test_falls_back_to_long_polling_when_websocket_is_refused(
    start_server: StartServer, make_connection: MakeConnection, listener: Listener
) -> None:
    server = await start_server(transports=("polling",))
    connection = make_connection(server.url, server.token("alice"))

    await connection.connect()

    assert listener.of("connected") == ["polling"]
    assert connection.transport == "polling"
    assert {service.id for service in listener.bulks[0].services} == CATALOG_IDS

    server.update_service("db", status="down")
    await wait_until(lambda: len(listener.updates) == 1)
    assert listener.updates[0].status is Status.DOWN


# ------------------------------------------------------------ bad input


async def test_garbage_is_counted_and_the_connection_keeps_working(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    caplog: pytest.LogCaptureFixture,
) -> None:
    connection = await connected(server, make_connection)
    caplog.set_level(logging.WARNING)

    server.push_raw("service:status", "api is down")
    server.push_raw("service:status", {"serviceId": 7, "timestamp": "x"})
    server.push_raw("service:status", None)
    server.push_raw("service:bulk-update", {"not": "a list"})
    server.push_raw("error", 42)
    server.push_raw("connection:status", "connected")
    server.push_raw("service:status", ({"serviceId": "api"}, "extra", 3))
    server.push_raw("some:future-event", {"x": 1})
    await server.flush()
    server.update_service("api", status="down")
    await wait_until(lambda: len(listener.updates) == 1)

    assert connection.connected
    assert listener.updates[0].status is Status.DOWN
    assert connection.stats.invalid == {
        "service:status": 4,
        "service:bulk-update": 1,
        "error": 1,
        "connection:status": 1,
    }
    assert connection.stats.messages["other:some:future-event"] == 1
    assert len(listener.bulks) == 1
    assert listener.of("server_error") == []
    assert "Ignored an invalid service:status payload" in caplog.text


async def test_malformed_packet_is_counted_and_the_connection_keeps_working(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    connection = await connected(server, make_connection)

    for text in ('2["service:status",{"serviceId":', "2{{{{", "9junk", "2", "4x"):
        server.push_raw_packet(text)
    server.push_raw_packet("2[1,2]")  # well formed, but the event name is a number
    await server.flush()
    server.update_service("db", status="down")
    await wait_until(lambda: len(listener.updates) == 1)

    assert connection.connected
    assert connection.stats.invalid["packet"] == 5
    assert connection.stats.messages["other:1"] == 1
    assert listener.updates[0].service_id == "db"


async def test_binary_header_without_its_attachment_does_not_eat_the_next_update(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = await connected(server, make_connection)

    server.push_raw_packet('51-["service:status",{"_placeholder":true,"num":0}]')
    server.update_service("api", status="down")
    await wait_until(lambda: len(listener.updates) == 1)

    assert listener.updates[0].status is Status.DOWN
    assert connection.stats.invalid["packet"] == 1
    assert connection.connected


async def test_server_events_named_like_the_librarys_own_fake_no_drop(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = await connected(server, make_connection)

    for event in ("disconnect", "connect", "connect_error"):
        server.push_raw(event, "transport close")
    server.update_service("api", status="down")
    await wait_until(lambda: len(listener.updates) == 1)

    assert connection.connected
    assert "disconnected" not in listener.kinds
    assert connection.stats.invalid["packet"] == 3
    assert connection.stats.disconnects == 0


async def test_repeated_garbage_is_logged_once(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    caplog: pytest.LogCaptureFixture,
) -> None:
    connection = await connected(server, make_connection)
    caplog.set_level(logging.WARNING)

    for _ in range(50):
        server.push_raw(
            "service:status",
            {"serviceId": "api", "status": "on fire", "timestamp": "2026-11-26T08:00Z"},
        )
    await wait_until(lambda: connection.stats.invalid["service:status"] == 50)

    warnings = [r for r in caplog.records if "Ignored an invalid" in r.getMessage()]
    assert len(warnings) == 1
    assert "unknown status" in warnings[0].getMessage()


async def test_bulk_with_some_bad_items_delivers_the_good_ones(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = await connected(server, make_connection)

    server.push_raw(
        "service:bulk-update",
        [{"id": "api", "status": "up"}, {"id": "db", "status": "??"}, "junk"],
    )
    await wait_until(lambda: len(listener.bulks) == 2)

    bulk = listener.bulks[-1]
    assert [service.id for service in bulk.services] == ["api"]
    assert bulk.kept_ids == frozenset({"db"})
    assert bulk.invalid_items == 2
    assert connection.stats.invalid["service:bulk-update"] == 1


async def test_server_latency_report_updates_the_latency(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = await connected(server, make_connection)

    for odd in ("12", True, None):
        server.push_raw("connection:status", {"connected": True, "latency": odd})
    server.push_raw("connection:status", {"connected": True, "latency": 12.5})
    await wait_until(lambda: bool(listener.of("latency")))

    assert listener.of("latency") == [12.5]
    assert connection.latency == 12.5
    assert connection.stats.messages["connection:status"] == 5
    assert connection.stats.invalid["connection:status"] == 0


async def test_huge_bulk_is_received(
    start_server: StartServer, make_connection: MakeConnection, listener: Listener
) -> None:
    services = [
        {"id": f"svc-{n:05d}", "status": "up", "details": {"pad": "x" * 500}}
        for n in range(10_000)
    ]
    server = await start_server(services=services)  # about 6 MB: over 4 MiB
    connection = make_connection(server.url, server.token("alice"))

    await connection.connect()

    assert len(listener.bulks[0].services) == 10_000


# ---------------------------------------------------------------- requests


async def test_request_refresh_reaches_the_server_and_its_answer_comes_back(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = await connected(server, make_connection)

    await connection.request_refresh("api")
    await wait_until(lambda: len(listener.updates) == 1)

    assert sent(server, "request:refresh") == ["api"]
    assert listener.updates[0].service_id == "api"


async def test_server_error_reaches_the_listener(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = await connected(server, make_connection)

    await connection.request_refresh("nope")
    await wait_until(lambda: bool(listener.of("server_error")))

    assert listener.of("server_error") == [
        ServerError("service not found", "not_found")
    ]
    assert connection.stats.last_error == "server error: not_found"


async def test_request_refresh_before_connecting_raises_not_connected(
    server: StatusServer, make_connection: MakeConnection
) -> None:
    connection = make_connection(server.url, server.token("alice"))

    with pytest.raises(NotConnected):
        await connection.request_refresh("api")

    assert sent(server, "request:refresh") == []


async def test_request_refresh_after_close_raises_not_connected(
    server: StatusServer, make_connection: MakeConnection
) -> None:
    connection = await connected(server, make_connection)
    await connection.close()

    with pytest.raises(NotConnected):
        await connection.request_refresh("api")


async def test_request_refresh_after_the_server_dropped_us_raises_not_connected(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = await connected(server, make_connection)

    await server.drop_all()
    await wait_until(lambda: not connection.connected)

    with pytest.raises(NotConnected):
        await connection.request_refresh("api")
    assert listener.of("disconnected")


async def test_request_refresh_when_the_library_lost_the_link_raises_not_connected(
    server: StatusServer, make_connection: MakeConnection
) -> None:
    connection = await connected(server, make_connection)
    # The library can report itself connected after its namespace is gone;
    # its emit() then raises instead of sending.
    client = connection._client
    assert client is not None
    client.namespaces.clear()

    with pytest.raises(NotConnected):
        await connection.request_refresh("api")

    assert sent(server, "request:refresh") == []


# ------------------------------------------------------------------ close


async def test_close_unsubscribes_and_leaves_nothing_behind(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = await connected(server, make_connection)

    await connection.close()
    await wait_until(lambda: not server.connected_sids)

    assert sent(server, "unsubscribe:status") == [None]
    assert not connection.connected
    assert connection.transport is None
    assert "disconnected" not in listener.kinds
    assert client_tasks() == set()


async def test_close_twice_is_harmless(
    server: StatusServer, make_connection: MakeConnection
) -> None:
    connection = await connected(server, make_connection)

    await connection.close()
    await connection.close()

    assert sent(server, "unsubscribe:status") == [None]


async def test_close_before_connecting_is_harmless(
    server: StatusServer, make_connection: MakeConnection
) -> None:
    connection = make_connection(server.url, server.token("alice"))

    await connection.close()

    assert not connection.connected
    assert server.connection_attempts == []


async def test_close_while_the_server_is_frozen_returns_in_bounded_time(
    server: StatusServer, make_connection: MakeConnection
) -> None:
    connection = await connected(server, make_connection)
    server.freeze()

    started = time.monotonic()
    await connection.close()

    assert time.monotonic() - started < 3.0
    assert not connection.connected
    server.thaw()


# --------------------------------------------------------------- run loop


async def test_run_connects_and_streams(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(server.url, server.token("alice"))
    start_run(connection)
    await wait_until(lambda: connection.connected)
    await wait_until(lambda: server.subscriber_count == 1)

    server.update_service("api", status="degraded")
    await wait_until(lambda: len(listener.updates) == 1)

    assert listener.updates[0].status is Status.DEGRADED


async def test_run_after_connect_keeps_the_first_link(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = await connected(server, make_connection)

    start_run(connection)
    await asyncio.sleep(0.1)
    server.update_service("api", status="down")
    await wait_until(lambda: len(listener.updates) == 1)

    assert accepted(server, "alice") == 1
    assert len(listener.of("connected")) == 1
    await server.drop_all()
    await wait_until(lambda: len(listener.of("connected")) == 2)


async def test_run_reconnects_after_a_restart_and_resubscribes(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(server.url, server.token("alice"))
    start_run(connection)
    await wait_until(lambda: len(listener.of("connected")) == 1)

    await server.restart()
    server.update_service("db", status="down")  # changed while we were away
    await wait_until(lambda: len(listener.of("connected")) == 2)

    assert len(listener.of("disconnected")) == 1
    assert len(listener.bulks) == 2
    db = next(s for s in listener.bulks[-1].services if s.id == "db")
    assert db.status is Status.DOWN
    assert sent(server, "subscribe:status") == [None, None]
    assert connection.stats.connects == 2
    assert connection.stats.disconnects == 1
    await wait_until(lambda: server.subscriber_count == 1)
    server.update_service("api", status="down")
    await wait_until(lambda: len(listener.updates) == 1)


async def test_run_reconnects_after_connections_are_reset(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(server.url, server.token("alice"))
    start_run(connection)
    await wait_until(lambda: len(listener.of("connected")) == 1)

    await server.drop_all()
    await wait_until(lambda: len(listener.of("connected")) == 2)

    assert len(listener.bulks) == 2
    assert accepted(server, "alice") == 2
    assert connection.connected


async def test_run_reconnects_after_a_graceful_server_disconnect(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(server.url, server.token("alice"))
    start_run(connection)
    await wait_until(lambda: len(listener.of("connected")) == 1)

    await server.drop_all(graceful=True)
    await wait_until(lambda: len(listener.of("connected")) == 2)

    assert listener.kinds.index("disconnected") < len(listener.kinds) - 1


async def test_run_retries_with_backoff_while_the_server_is_down(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(server.url, server.token("alice"))
    start_run(connection)
    await wait_until(lambda: len(listener.of("connected")) == 1)

    await server.stop()
    await wait_until(lambda: len(listener.of("attempt_failed")) >= 3)
    await server.start()
    await wait_until(lambda: len(listener.of("connected")) == 2)

    failures = listener.of("attempt_failed")
    attempts = [attempt for _, attempt, _ in failures]
    assert attempts == list(range(attempts[0], attempts[0] + len(failures)))
    for error, attempt, retry_in in failures:
        assert isinstance(error, CannotConnect)
        base = min(0.2, 0.05 * 2 ** (attempt - 1))
        assert base * 0.8 <= retry_in <= base * 1.2
    assert connection.stats.attempts == len(failures) + 2


async def test_run_backs_off_when_every_link_drops_right_after_connecting(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(
        server.url, server.token("alice"), backoff=Backoff(initial=0.2, cap=0.4)
    )

    async def drop_every_subscriber() -> None:
        while True:
            await wait_until(lambda: server.subscriber_count > 0, timeout=10)
            await server.drop_all(graceful=True)

    dropper = asyncio.create_task(drop_every_subscriber())
    try:
        start_run(connection)
        await asyncio.sleep(1.2)
    finally:
        dropper.cancel()
        await asyncio.wait({dropper})

    # With backoff, at most about one connection per 0.2-0.4 s.
    assert len(listener.of("connected")) <= 6


async def test_run_stops_on_revocation_without_further_attempts(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(server.url, server.token("alice"))
    task = start_run(connection)
    await wait_until(lambda: len(listener.of("connected")) == 1)

    await server.revoke("alice")
    await wait_until(task.done)
    await asyncio.sleep(0.3)  # several backoff periods: no retry may follow

    [error] = listener.of("auth_failed")
    assert isinstance(error, AuthenticationFailed)
    assert error.code == "revoked"
    assert refused(server, "alice") == ["revoked"]
    assert accepted(server, "alice") == 1
    assert listener.kinds[-1] == "auth_failed"
    assert task.result() is None
    assert not connection.connected


async def test_run_with_a_refused_token_stops_at_the_first_attempt(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(server.url, server.token("bob", expires_in=-10))
    task = start_run(connection)

    await wait_until(task.done)
    await asyncio.sleep(0.3)

    assert [error.code for error in listener.of("auth_failed")] == ["token_expired"]
    assert refused(server, "bob") == ["token_expired"]
    assert listener.of("attempt_failed") == []


async def test_run_stops_when_the_token_expires_while_connected(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(server.url, server.token("carol", expires_in=0.5))
    task = start_run(connection)
    await wait_until(lambda: len(listener.of("connected")) == 1)

    await wait_until(task.done, timeout=4)

    assert [error.code for error in listener.of("auth_failed")] == ["token_expired"]
    assert listener.of("disconnected")


async def test_run_notices_a_frozen_server_and_recovers_after_thaw(
    start_server: StartServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    server = await start_server(ping_interval=0.3, ping_timeout=0.3)
    connection = make_connection(server.url, server.token("alice"), attempt_timeout=1)
    start_run(connection)
    await wait_until(lambda: len(listener.of("connected")) == 1)

    server.freeze()  # pings stop: the link is dead without being closed
    await wait_until(lambda: bool(listener.of("disconnected")), timeout=4)
    server.thaw()
    await wait_until(lambda: len(listener.of("connected")) == 2, timeout=4)

    assert connection.connected
    # The dead link's WebSocket was closed too: verify_cleanup finds no
    # aiohttp timer left behind at teardown.


async def test_close_ends_run_while_it_waits_to_retry(
    closed_port: int,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    connection = make_connection(
        f"http://127.0.0.1:{closed_port}", "token", backoff=Backoff(initial=30)
    )
    task = asyncio.create_task(connection.run())
    await wait_until(lambda: bool(listener.of("attempt_failed")))

    started = time.monotonic()
    await connection.close()
    await asyncio.wait({task}, timeout=2)

    assert task.done()
    assert time.monotonic() - started < 1.0
    assert len(listener.of("attempt_failed")) == 1


async def test_close_ends_run_while_an_attempt_waits_for_its_bulk(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "_send_bulk", lambda peers: None)  # never answers
    connection = make_connection(server.url, server.token("alice"), attempt_timeout=5)
    task = asyncio.create_task(connection.run())
    await wait_until(lambda: server.subscriber_count == 1)

    started = time.monotonic()
    await connection.close()
    await asyncio.wait({task}, timeout=3)

    assert task.done()
    assert time.monotonic() - started < 1.0
    assert listener.calls == []
    await wait_until(lambda: not server.connected_sids)


async def test_cancelled_attempt_leaves_no_connection_behind(
    server: StatusServer,
    make_connection: MakeConnection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "_send_bulk", lambda peers: None)  # never answers
    connection = make_connection(server.url, server.token("alice"), attempt_timeout=5)
    task = asyncio.create_task(connection.connect())
    await wait_until(lambda: server.subscriber_count == 1)

    task.cancel()
    await asyncio.wait({task}, timeout=3)

    assert task.cancelled()
    assert client_tasks() == set()
    await wait_until(lambda: not server.connected_sids)


async def test_drop_before_the_bulk_fails_the_attempt_at_once(
    server: StatusServer,
    make_connection: MakeConnection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "_send_bulk", lambda peers: None)  # never answers
    connection = make_connection(server.url, server.token("alice"), attempt_timeout=5)
    task = asyncio.create_task(connection.connect())
    await wait_until(lambda: server.subscriber_count == 1)

    started = time.monotonic()
    await server.drop_all()
    await asyncio.wait({task}, timeout=3)

    assert time.monotonic() - started < 1.0
    assert isinstance(task.exception(), CannotConnect)
    assert not connection.connected


# ------------------------------------------------------------------ probe


async def test_probe_returns_the_bulk_and_leaves_no_connection_open(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    bulk = await probe(server.url, server.token("alice"), session, timeout=5)

    assert {service.id for service in bulk.services} == CATALOG_IDS
    assert sent(server, "unsubscribe:status") == [None]
    await wait_until(lambda: not server.connected_sids)
    assert client_tasks() == set()


async def test_probe_with_a_refused_token_raises_authentication_failed(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    with pytest.raises(AuthenticationFailed) as caught:
        await probe(server.url, "bogus", session, timeout=5)

    assert caught.value.code == "invalid_token"


async def test_probe_of_a_closed_port_raises_cannot_connect(
    closed_port: int, session: aiohttp.ClientSession
) -> None:
    with pytest.raises(CannotConnect):
        await probe(f"http://127.0.0.1:{closed_port}", "token", session, timeout=5)


async def test_probe_of_a_silent_server_times_out(
    silent_server: str, session: aiohttp.ClientSession
) -> None:
    started = time.monotonic()
    with pytest.raises(CannotConnect):
        await probe(silent_server, "token", session, timeout=1)

    assert time.monotonic() - started < 2.0
