"""The status feed: bulk on subscribe, partial updates, refresh, scoping."""

from __future__ import annotations

from datetime import datetime
import json
import re
from typing import Any

import pytest

from reference_server import StatusServer

from ..conftest import StartServer, catalog
from ..helpers import wait_until
from .conftest import Connect

ISO_MILLIS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def ids(bulk: list[dict[str, Any]]) -> list[str]:
    return [service["id"] for service in bulk]


async def test_subscribe_gets_bulk_then_changes(
    start_server: StartServer, connect: Connect
) -> None:
    services = catalog()
    services[1]["status"] = "up"  # db: so that "degraded" below is a change
    server = await start_server(services=services)
    client = await connect(server)

    await client.emit("subscribe:status")
    [bulk] = await client.wait_event("service:bulk-update")
    assert bulk == services
    await wait_until(lambda: server.subscriber_count == 1)

    server.update_service("db", status="degraded")
    [update] = await client.wait_event("service:status")
    assert update["serviceId"] == "db"
    assert update["status"] == "degraded"
    assert [name for name, _ in client.received] == [
        "connection:status",
        "service:bulk-update",
        "service:status",
    ]


async def test_no_updates_before_subscribing(
    server: StatusServer, connect: Connect
) -> None:
    watcher = await connect(server, subscribe=True)
    idle = await connect(server)

    server.update_service("api", status="down")
    await watcher.wait_event("service:status")
    await server.flush()

    assert idle.payloads("service:status") == []
    assert idle.payloads("service:bulk-update") == []


async def test_unsubscribe_stops_the_stream(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server, subscribe=True)
    other = await connect(server, subscribe=True)

    await client.emit("unsubscribe:status")
    await wait_until(lambda: server.subscriber_count == 1)
    server.update_service("api", status="down")
    await other.wait_event("service:status")
    await server.flush()

    assert client.payloads("service:status") == []
    assert client.connected


async def test_services_claim_limits_what_a_user_sees(
    server: StatusServer, connect: Connect
) -> None:
    scoped = await connect(
        server, "scoped", subscribe=True, token_options={"services": ["db", "nope"]}
    )
    everyone = await connect(server, "admin", subscribe=True)

    assert ids(scoped.payloads("service:bulk-update")[0]) == ["db"]
    assert ids(everyone.payloads("service:bulk-update")[0]) == ["api", "db", "mail"]

    server.update_service("api", status="down")
    server.update_service("db", responseTime=7)
    await everyone.wait_event("service:status", 2)
    await scoped.wait_event("service:status")
    await server.flush()
    assert [u["serviceId"] for u in scoped.payloads("service:status")] == ["db"]

    server.set_services([*server.services.values(), {"id": "new", "status": "up"}])
    await everyone.wait_event("service:bulk-update", 2)
    await scoped.wait_event("service:bulk-update", 2)
    assert ids(scoped.payloads("service:bulk-update")[1]) == ["db"]


async def test_update_carries_only_what_changed(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server, subscribe=True)

    server.update_service("api", status="degraded", responseTime=42)  # 42: same
    server.update_service("api", details={"statusCode": 503, "region": "eu"})
    server.update_service("api", responseTime=None)
    server.update_service("api", status="degraded")  # nothing changed
    updates = await client.wait_event("service:status", 4)

    assert [{k: v for k, v in u.items() if k != "timestamp"} for u in updates] == [
        {"serviceId": "api", "status": "degraded"},
        {"serviceId": "api", "details": {"statusCode": 503}},
        {"serviceId": "api", "responseTime": None},
        {"serviceId": "api"},
    ]
    stamps = [u["timestamp"] for u in updates]
    assert all(ISO_MILLIS.match(stamp) for stamp in stamps)
    moments = [datetime.fromisoformat(stamp) for stamp in stamps]
    assert moments == sorted(moments)
    assert len(set(moments)) == len(moments)  # strictly increasing
    api = server.services["api"]
    assert api["status"] == "degraded"
    assert api["responseTime"] is None
    assert api["details"] == {"statusCode": 503, "region": "eu"}
    assert api["lastCheckAt"] == stamps[-1]


async def test_refresh_answers_every_subscriber_allowed_to_see_it(
    server: StatusServer, connect: Connect
) -> None:
    asker = await connect(server, "asker", subscribe=True)
    colleague = await connect(server, "colleague", subscribe=True)
    outsider = await connect(
        server, "outsider", subscribe=True, token_options={"services": ["db"]}
    )
    idle = await connect(server, "idle")
    before = server.services["api"]["lastCheckAt"]

    await asker.emit("request:refresh", "api")

    [answer] = await asker.wait_event("service:status")
    [seen] = await colleague.wait_event("service:status")
    assert answer == seen
    assert answer["serviceId"] == "api"
    assert answer["timestamp"] == server.services["api"]["lastCheckAt"] != before
    await server.flush()
    assert outsider.payloads("service:status") == []
    assert idle.payloads("service:status") == []
    assert asker.payloads("error") == []


async def test_refresh_hook_may_change_the_service(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server, subscribe=True)
    server.refresh_hook = lambda sid, service: {"responseTime": 99}

    await client.emit("request:refresh", "api")

    [answer] = await client.wait_event("service:status")
    assert answer["responseTime"] == 99


@pytest.mark.parametrize(
    "payload",
    ["unknown", "db", 42, None, {"serviceId": "api"}, ["api"]],
    ids=["unknown", "forbidden", "number", "none", "object", "list"],
)
async def test_refresh_of_what_cannot_be_seen_is_not_found(
    server: StatusServer, connect: Connect, payload: Any
) -> None:
    asker = await connect(
        server, "asker", subscribe=True, token_options={"services": ["api"]}
    )
    other = await connect(server, "other", subscribe=True)

    await asker.emit("request:refresh", payload)

    [error] = await asker.wait_event("error")
    assert error["code"] == "not_found"
    assert isinstance(error["message"], str)
    await server.flush()
    assert asker.payloads("service:status") == []
    assert other.payloads("service:status") == []
    assert other.payloads("error") == []
    assert asker.connected


async def test_set_services_pushes_a_bulk_to_every_subscriber(
    server: StatusServer, connect: Connect
) -> None:
    first = await connect(server, subscribe=True)
    second = await connect(server, subscribe=True)
    idle = await connect(server)

    server.set_services([{"id": "only", "name": "Only", "status": "up"}])

    for client in (first, second):
        bulks = await client.wait_event("service:bulk-update", 2)
        assert bulks[-1] == [{"id": "only", "name": "Only", "status": "up"}]
    await server.flush()
    assert idle.payloads("service:bulk-update") == []
    assert list(server.services) == ["only"]


@pytest.mark.parametrize(
    "payload",
    [
        "a string",
        12345,
        [1, "two", None],
        {"serviceId": 7, "status": "exploded", "responseTime": -5},
        {"timestamp": "yesterday-ish"},
        {"nested": {"deep": [{"x": float("inf")}]}},
        b"\x00binary\xff",
    ],
    ids=[
        "string",
        "number",
        "mixed-list",
        "bad-fields",
        "bad-time",
        "infinity",
        "bytes",
    ],
)
async def test_push_raw_delivers_garbage_verbatim(
    server: StatusServer, connect: Connect, payload: Any
) -> None:
    subscriber = await connect(server, subscribe=True)
    idle = await connect(server)

    server.push_raw("service:status", payload)
    server.push_raw("service:bulk-update", payload, subscribers_only=False)

    [got] = await subscriber.wait_event("service:status")
    assert got == payload
    [bulk] = await idle.wait_event("service:bulk-update")
    assert bulk == payload
    assert idle.payloads("service:status") == []


async def test_push_raw_can_send_unknown_events_and_no_argument(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server, subscribe=True)

    server.push_raw("totally:unknown", {"x": 1})
    server.push_raw("service:status", None)
    server.push_raw("service:status", ("two", "args"))

    await client.wait_event("service:status", 2)
    assert client.payloads("totally:unknown") == [{"x": 1}]
    assert client.payloads("service:status") == [None, ("two", "args")]


async def test_push_raw_packet_sends_malformed_json(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server, subscribe=True)

    server.push_raw_packet('2["service:status",{"serviceId": ')
    server.push_raw("service:status", {"serviceId": "api"})

    [update] = await client.wait_event("service:status")
    assert update == {"serviceId": "api"}
    assert client.connected
    # python-socketio drops the packet but leaves the error in its task.
    await wait_until(lambda: bool(client.task_errors))
    assert isinstance(client.task_errors[0], json.JSONDecodeError)


async def test_bulk_of_ten_thousand_services_arrives_whole(
    start_server: StartServer, connect: Connect
) -> None:
    many = [
        {
            "id": f"service-{i:05d}",
            "name": f"Service {i}",
            "status": "up",
            "responseTime": i % 500,
            "lastCheckAt": "2025-01-01T00:00:00.000Z",
            "details": {"note": "x" * 200},
        }
        for i in range(10_000)
    ]
    server = await start_server(services=many)

    client = await connect(
        server, websocket_extra_options={"max_msg_size": 0}
    )  # aiohttp's client caps messages at 4 MiB unless told otherwise
    await client.emit("subscribe:status")

    [bulk] = await client.wait_event("service:bulk-update", timeout=10)
    assert len(bulk) == 10_000
    assert bulk[-1]["id"] == "service-09999"
    assert client.sio.transport() == "websocket"


async def test_client_garbage_does_not_hurt_the_server(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server)

    for event, payload in [
        ("subscribe:status", {"unexpected": "payload"}),
        ("unsubscribe:status", [1, 2, 3]),
        ("request:refresh", {"id": "api"}),
        ("request:refresh", "x" * 100_000),
        ("no:such:event", None),
        ("disconnect", "pretend"),
        ("connect", {"token": "x"}),
    ]:
        await client.emit(event, payload)
    await client.emit("subscribe:status")

    await client.wait_event("service:bulk-update", 2)
    server.update_service("api", status="down")
    await client.wait_event("service:status")
    assert client.connected
    assert len(server.connected_sids) == 1
    await wait_until(lambda: len(server.events) == 8)
    assert [e.event for e in server.events][-1] == "subscribe:status"
