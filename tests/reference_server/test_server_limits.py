"""Rate limiting and the per-service throttle."""

from __future__ import annotations

import asyncio
import time

from reference_server import RateLimit

from ..conftest import StartServer
from .conftest import Connect


async def test_flooding_client_is_rate_limited_and_kept(
    start_server: StartServer, connect: Connect
) -> None:
    server = await start_server(rate_limit=RateLimit(capacity=5, per_second=0.5))
    client = await connect(server)

    await client.emit("subscribe:status")  # counts like any other event
    for _ in range(9):
        await client.emit("request:refresh", "api")

    errors = await client.wait_event("error", 5)
    assert errors == [{"message": "rate limit exceeded", "code": "rate_limited"}] * 5
    await client.wait_event("service:status", 4)
    await server.flush()
    assert len(client.payloads("service:status")) == 4
    assert client.connected
    assert [e.limited for e in server.events] == [False] * 5 + [True] * 5
    assert {e.event for e in server.events if e.limited} == {"request:refresh"}
    assert all(e.sub == "user" for e in server.events)


async def test_rate_limit_refills_over_time(
    start_server: StartServer, connect: Connect
) -> None:
    server = await start_server(rate_limit=RateLimit(capacity=1, per_second=20.0))
    client = await connect(server, subscribe=True)  # the one token

    await client.emit("request:refresh", "api")
    await client.wait_event("error")
    await asyncio.sleep(2 / 20.0)  # time for one token to come back, twice
    await client.emit("request:refresh", "api")

    await client.wait_event("service:status")
    assert [e.limited for e in server.events] == [False, True, False]


async def test_no_rate_limit_when_off(
    start_server: StartServer, connect: Connect
) -> None:
    server = await start_server(rate_limit=None)
    client = await connect(server, subscribe=True)

    for _ in range(50):
        await client.emit("request:refresh", "db")

    await client.wait_event("service:status", 50)
    assert client.payloads("error") == []


async def test_throttle_sends_first_at_once_and_last_of_a_burst(
    start_server: StartServer, connect: Connect
) -> None:
    server = await start_server(debounce=1.0)
    client = await connect(server, subscribe=True)
    other = await connect(server, subscribe=True)

    started = time.monotonic()
    server.update_service("api", responseTime=1)
    await client.wait_event("service:status")
    first_at = time.monotonic() - started
    for value in range(2, 12):  # a burst, all within the first second
        server.update_service("api", responseTime=value)
    server.update_service("db", status="down")  # another service: not held back
    await client.wait_event("service:status", 2)
    assert time.monotonic() - started < 0.5

    updates = await client.wait_event("service:status", 3, timeout=3)
    second_at = time.monotonic() - started

    assert first_at < 0.5
    assert second_at >= 0.95
    assert [(u["serviceId"], u.get("responseTime")) for u in updates] == [
        ("api", 1),
        ("db", None),
        ("api", 11),  # the last state of the burst
    ]
    assert updates[2]["timestamp"] == server.services["api"]["lastCheckAt"]
    assert await other.wait_event("service:status", 3) == updates


async def test_throttle_merges_fields_changed_during_the_wait(
    start_server: StartServer, connect: Connect
) -> None:
    server = await start_server(debounce=0.3)
    client = await connect(server, subscribe=True)

    server.update_service("api", status="degraded")
    server.update_service("api", responseTime=500)
    server.update_service("api", details={"statusCode": 502})
    server.update_service("api", details={"region": "us"})

    updates = await client.wait_event("service:status", 2)
    assert {k: v for k, v in updates[1].items() if k != "timestamp"} == {
        "serviceId": "api",
        "responseTime": 500,
        "details": {"statusCode": 502, "region": "us"},
    }
