"""`StatusServer(dialect="medianest")`: what MediaNest sends on the wire.

The authority is /work/shared/MEDIANEST.md (MediaNest's socket layer as it was
wired up, observed on the wire): `connection:established` on connect,
`status:current` on `subscribe:status`, `service:status:all` to every socket,
bare `{"message": ...}` refusals, and no login route.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
import time
from typing import Any

import aiohttp
import jwt
import pytest

from reference_server import StatusServer
from reference_server.__main__ import arguments
from reference_server.client import RecordingClient
from reference_server.medianest import issue_token

from ..conftest import StartServer
from .conftest import Connect, MakeClient
from .demo_steps import running_demo

# Test secrets are short on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

STAMP = "2026-12-06T18:27:00.067Z"
# MediaNest's item fields, and nothing else, may appear in a list item.
ITEM_FIELDS = {
    "name",
    "displayName",
    "status",
    "responseTime",
    "uptime24h",
    "uptime30d",
    "lastCheck",
    "message",
}


def catalog() -> list[dict[str, Any]]:
    """MediaNest's three services, in the server's (protocol) catalog form."""
    return [
        {
            "id": "plex",
            "name": "Plex",
            "status": "up",
            "responseTime": 96,
            "uptime24h": 99.9,
            "uptime30d": 99.5,
            "lastCheckAt": STAMP,
            "details": {"statusCode": 200},
        },
        {
            "id": "overseerr",
            "status": "up",
            "responseTime": 57,
            "lastCheckAt": STAMP,
        },
        {
            "id": "medianest",
            "name": "Medianest",
            "status": "down",
            "responseTime": None,
            "lastCheckAt": STAMP,
            "details": {"message": "Service not configured"},
        },
    ]


# What `status:current` carries for that catalog: MediaNest's observed items.
EXPECTED_ITEMS = [
    {
        "name": "plex",
        "displayName": "Plex",
        "status": "up",
        "responseTime": 96,
        "uptime24h": 99.9,
        "uptime30d": 99.5,
        "lastCheck": STAMP,
    },
    {
        "name": "overseerr",
        "displayName": "overseerr",
        "status": "up",
        "responseTime": 57,
        "lastCheck": STAMP,
    },
    {
        "name": "medianest",
        "displayName": "Medianest",
        "status": "down",
        "lastCheck": STAMP,
        "message": "Service not configured",
    },
]


@pytest.fixture
async def medianest(start_server: StartServer) -> StatusServer:
    """A server speaking MediaNest, with a full list only every 30 s."""
    return await start_server(dialect="medianest", services=catalog())


async def subscribed(client: RecordingClient) -> list[dict[str, Any]]:
    """Subscribe and return the `status:current` list."""
    await client.emit("subscribe:status")
    [current] = await client.wait_event("status:current")
    return current


def parse_iso(text: str) -> datetime:
    assert text.endswith("Z")
    return datetime.fromisoformat(text)


# ------------------------------------------------------------- connecting


async def test_connecting_socket_hears_connection_established(
    medianest: StatusServer, connect: Connect
) -> None:
    before_ms = time.time_ns() // 1_000_000
    client = await connect(medianest, "alice")

    [established] = await client.wait_event("connection:established")

    assert set(established) == {"socketId", "timestamp", "serverTime"}
    assert established["socketId"] == client.sio.get_sid()
    assert isinstance(established["serverTime"], int)
    assert before_ms <= established["serverTime"] <= time.time_ns() // 1_000_000
    stamp = parse_iso(established["timestamp"])
    assert round(stamp.timestamp() * 1000) == established["serverTime"]
    # MediaNest never sends the protocol's connection:status.
    assert client.payloads("connection:status") == []
    assert medianest.connection_attempts[-1].sub == "alice"
    assert medianest.connection_attempts[-1].accepted


async def test_subscribing_answers_status_current_in_medianests_item_shape(
    medianest: StatusServer, connect: Connect
) -> None:
    client = await connect(medianest, "alice")

    current = await subscribed(client)

    assert current == EXPECTED_ITEMS
    for item in current:
        assert set(item) <= ITEM_FIELDS
        # Absent, not null: MediaNest's optional fields are JSON `undefined`.
        assert None not in item.values()
    assert client.payloads("service:bulk-update") == []
    assert medianest.subscriber_count == 1


# --------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "auth",
    [None, {}, {"token": None}, {"token": ""}, "not-a-dict"],
    ids=["no-auth", "empty-auth", "null-token", "empty-token", "string-auth"],
)
async def test_missing_token_is_refused_as_authentication_required(
    medianest: StatusServer, make_client: MakeClient, auth: Any
) -> None:
    client = make_client(medianest.url, auth=auth)

    assert await client.try_connect() == {"message": "Authentication required"}
    assert not client.connected
    assert medianest.connected_sids == set()
    assert not medianest.connection_attempts[-1].accepted


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "a.b.c",
        issue_token("another-secret", "mallory"),
        issue_token("test-secret", "bob", expires_in=-10),
        42,
    ],
    ids=["not-a-jwt", "three-parts", "wrong-secret", "expired", "not-a-string"],
)
async def test_bad_token_is_refused_as_authentication_failed(
    medianest: StatusServer, make_client: MakeClient, token: Any
) -> None:
    client = make_client(medianest.url, auth={"token": token})

    # Bare: no `data`, no code, unlike the protocol's "unauthorized".
    assert await client.try_connect() == {"message": "Authentication failed"}
    assert medianest.connected_sids == set()
    assert medianest.connection_attempts[-1].code == "Authentication failed"


async def test_inactive_user_is_refused_as_not_found_or_inactive(
    medianest: StatusServer, make_client: MakeClient
) -> None:
    medianest.inactive_users.add("eve")

    eve = make_client(medianest.url, medianest.token("eve"))
    alice = make_client(medianest.url, medianest.token("alice"))

    assert await eve.try_connect() == {"message": "User not found or inactive"}
    assert medianest.connection_attempts[-1].code == "User not found or inactive"
    assert await alice.try_connect() is None
    medianest.inactive_users.discard("eve")
    again = make_client(medianest.url, medianest.token("eve"))
    assert await again.try_connect() is None


async def test_unknown_user_is_refused_as_not_found_or_inactive(
    medianest: StatusServer, make_client: MakeClient
) -> None:
    medianest.known_users = {"alice"}

    stranger = make_client(medianest.url, medianest.token("mallory"))
    alice = make_client(medianest.url, medianest.token("alice"))

    assert await stranger.try_connect() == {"message": "User not found or inactive"}
    assert await alice.try_connect() is None


async def test_protocol_token_without_user_id_finds_no_user(
    medianest: StatusServer, make_client: MakeClient
) -> None:
    # Signed with the right secret, but `sub` instead of MediaNest's `userId`.
    with_sub = jwt.encode({"sub": "alice"}, medianest.secret, algorithm="HS256")
    client = make_client(medianest.url, with_sub)

    assert await client.try_connect() == {"message": "User not found or inactive"}


async def test_token_without_issuer_or_audience_is_accepted(
    medianest: StatusServer, make_client: MakeClient
) -> None:
    # MediaNest's socket check is a bare `jwt.verify`: no iss/aud check.
    bare = jwt.encode({"userId": "alice"}, medianest.secret, algorithm="HS256")
    client = make_client(medianest.url, bare)

    assert await client.try_connect() is None
    await client.wait_event("connection:established")


async def test_refuse_with_refuses_every_handshake_with_that_message(
    medianest: StatusServer, make_client: MakeClient
) -> None:
    medianest.refuse_with = "Rate limit exceeded"

    refused = make_client(medianest.url, medianest.token("alice"))
    assert await refused.try_connect() == {"message": "Rate limit exceeded"}
    assert medianest.connected_sids == set()

    medianest.refuse_with = None
    client = make_client(medianest.url, medianest.token("alice"))
    assert await client.try_connect() is None


async def test_expired_token_is_refused_but_a_connected_socket_is_not_dropped(
    medianest: StatusServer, make_client: MakeClient
) -> None:
    # exp is whole seconds: this token runs out within 2 s.
    token = medianest.token("carol", expires_in=2)
    client = make_client(medianest.url, token)
    await client.connect()
    await subscribed(client)

    await asyncio.sleep(3)

    late = make_client(medianest.url, token)
    assert await late.try_connect() == {"message": "Authentication failed"}
    assert client.connected
    assert client.disconnects == []
    medianest.update_service("plex", status="degraded")
    [pushed] = await client.wait_event("service:status")
    assert pushed["status"] == "degraded"


# ---------------------------------------------------------------- refresh


async def test_refresh_of_a_known_service_answers_its_status_and_response_time(
    medianest: StatusServer, connect: Connect
) -> None:
    client = await connect(medianest, "alice")
    await subscribed(client)

    await client.emit("request:refresh", "plex")
    [answer] = await client.wait_event("service:status")

    assert set(answer) == {"serviceId", "status", "responseTime", "timestamp"}
    assert (answer["serviceId"], answer["status"], answer["responseTime"]) == (
        "plex",
        "up",
        96,
    )
    assert parse_iso(answer["timestamp"]) > parse_iso(STAMP)


async def test_refresh_uses_the_hooks_new_measurement(
    medianest: StatusServer, connect: Connect
) -> None:
    medianest.refresh_hook = lambda _id, _current: {"responseTime": 12}
    client = await connect(medianest, "alice")
    await subscribed(client)

    await client.emit("request:refresh", "overseerr")
    [answer] = await client.wait_event("service:status")

    assert answer["serviceId"] == "overseerr"
    assert answer["responseTime"] == 12
    assert medianest.services["overseerr"]["responseTime"] == 12


async def test_refresh_of_a_service_without_response_time_leaves_it_out(
    medianest: StatusServer, connect: Connect
) -> None:
    client = await connect(medianest, "alice")
    await subscribed(client)

    await client.emit("request:refresh", "medianest")
    [answer] = await client.wait_event("service:status")

    assert set(answer) == {"serviceId", "status", "timestamp"}
    assert (answer["serviceId"], answer["status"]) == ("medianest", "down")


async def test_refresh_of_an_unknown_id_answers_down_and_no_error(
    medianest: StatusServer, connect: Connect
) -> None:
    client = await connect(medianest, "alice")
    await subscribed(client)

    await client.emit("request:refresh", "nope")
    [answer] = await client.wait_event("service:status")
    # Something after it on the same socket: an error would have come first.
    medianest.update_service("plex", status="degraded")
    await client.wait_event("service:status", 2)

    assert set(answer) == {"serviceId", "status", "timestamp"}
    assert (answer["serviceId"], answer["status"]) == ("nope", "down")
    parse_iso(answer["timestamp"])
    assert client.payloads("error") == []
    assert "nope" not in medianest.services


async def test_refresh_answer_goes_to_subscribers_only(
    medianest: StatusServer, connect: Connect
) -> None:
    asker = await connect(medianest, "alice")
    watcher = await connect(medianest, "bob")
    await subscribed(watcher)
    bystander = await connect(medianest, "carol")

    # The asker has not subscribed: it does not hear its own answer.
    await asker.emit("request:refresh", "plex")
    [answer] = await watcher.wait_event("service:status")
    medianest.update_service("plex", status="degraded")  # to every socket
    for client in (asker, bystander):
        [pushed] = await client.wait_event("service:status")
        assert "serviceId" not in pushed

    assert answer["serviceId"] == "plex"


# ---------------------------------------------------------------- pushes


async def test_update_reaches_every_socket_as_a_whole_item(
    medianest: StatusServer, connect: Connect
) -> None:
    listener = await connect(medianest, "alice")
    await subscribed(listener)
    bystander = await connect(medianest, "bob")
    await bystander.wait_event("connection:established")

    medianest.update_service("plex", status="down", responseTime=None)

    [heard] = await listener.wait_event("service:status")
    [also_heard] = await bystander.wait_event("service:status")
    assert heard == also_heard
    assert "serviceId" not in heard
    assert set(heard) == {
        "name",
        "displayName",
        "status",
        "uptime24h",
        "uptime30d",
        "lastCheck",
    }
    assert (heard["name"], heard["displayName"], heard["status"]) == (
        "plex",
        "Plex",
        "down",
    )
    assert (heard["uptime24h"], heard["uptime30d"]) == (99.9, 99.5)
    assert parse_iso(heard["lastCheck"]) > parse_iso(STAMP)


async def test_update_carries_the_message_from_the_details(
    medianest: StatusServer, connect: Connect
) -> None:
    client = await connect(medianest, "alice")

    medianest.update_service("overseerr", status="down", details={"message": "502"})

    [heard] = await client.wait_event("service:status")
    assert heard["message"] == "502"
    assert heard["status"] == "down"
    assert heard["name"] == "overseerr"


async def test_full_list_arrives_periodically_at_unsubscribed_sockets(
    start_server: StartServer, connect: Connect
) -> None:
    server = await start_server(
        dialect="medianest", services=catalog(), full_list_interval=0.2
    )
    client = await connect(server, "alice")

    started = time.monotonic()
    lists = await client.wait_event("service:status:all", 3, timeout=5)

    assert time.monotonic() - started >= 0.3
    assert all(items == EXPECTED_ITEMS for items in lists[:3])
    assert client.payloads("status:current") == []
    assert server.subscriber_count == 0


async def test_no_full_list_before_its_interval(
    medianest: StatusServer, connect: Connect
) -> None:
    client = await connect(medianest, "alice")
    await subscribed(client)

    await asyncio.sleep(0.5)

    assert client.payloads("service:status:all") == []


async def test_set_services_sends_the_new_full_list_to_every_socket(
    medianest: StatusServer, connect: Connect
) -> None:
    subscriber = await connect(medianest, "alice")
    await subscribed(subscriber)
    bystander = await connect(medianest, "bob")
    await bystander.wait_event("connection:established")

    medianest.set_services(catalog()[:1])

    for client in (subscriber, bystander):
        [items] = await client.wait_event("service:status:all")
        assert items == EXPECTED_ITEMS[:1]
    assert subscriber.payloads("status:current") == [EXPECTED_ITEMS]


# ------------------------------------------------------------------ setup


async def test_password_sign_in_is_not_found(medianest: StatusServer) -> None:
    async with aiohttp.ClientSession() as session:
        for path in ("/api/auth/login", "/api/auth/refresh"):
            async with session.post(
                f"{medianest.url}{path}",
                json={"username": "demo", "password": "demo-password"},
            ) as response:
                assert response.status == 404, path


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="dialect"):
        StatusServer(dialect="socketio-chat")


def test_medianest_token_has_medianests_claims() -> None:
    server = StatusServer(dialect="medianest")

    token = server.token("u1", email="u1@home.lan", expires_in=60)
    claims = jwt.decode(
        token, server.secret, algorithms=["HS256"], audience="medianest-users"
    )

    assert "sub" not in claims
    assert claims["userId"] == "u1"
    assert claims["email"] == "u1@home.lan"
    assert claims["role"] == "user"
    assert claims["iss"] == "medianest"
    assert claims["aud"] == "medianest-users"
    assert 60 <= claims["exp"] - claims["iat"] <= 61
    default = jwt.decode(
        server.token("u2", expires_in=None),
        options={"verify_signature": False},
    )
    assert default["email"] == "u2@example.com"
    assert "exp" not in default


def test_command_line_chooses_the_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    assert arguments([]).dialect == "status_dashboard"
    assert arguments(["--dialect", "medianest"]).dialect == "medianest"
    with pytest.raises(SystemExit):
        arguments(["--dialect", "socketio-chat"])
    assert "invalid choice" in capsys.readouterr().err


async def test_serve_as_medianest_prints_a_medianest_token_that_connects(
    make_client: MakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    async with running_demo(
        [
            *("--port", "0", "--services", "2", "--interval", "60"),
            *("--dialect", "medianest", "--user", "demo"),
        ],
        capsys,
    ) as output:
        lines = output.splitlines()
        url = lines[0].rsplit(" ", 1)[-1]
        press = next(i for i, line in enumerate(lines) if line.startswith("Press"))
        token = lines[press - 1]  # the line before "Press Ctrl-C"
        client = make_client(url, token)
        await client.connect()
        await client.wait_event("connection:established")
        current = await subscribed(client)
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{url}/api/auth/login", json={}) as response,
        ):
            login_status = response.status
        await client.close()

    assert "MediaNest" in output
    claims = jwt.decode(token, options={"verify_signature": False})
    assert "sub" not in claims
    assert claims["userId"] == "demo"
    assert claims["iss"] == "medianest"
    assert claims["aud"] == "medianest-users"
    # A 90-day "remember me" token.
    assert claims["exp"] - claims["iat"] == 90 * 24 * 3600
    assert [item["name"] for item in current] == ["api-gateway", "auth-service"]
    assert all("uptime24h" in item and "uptime30d" in item for item in current)
    assert login_status == 404
    assert "Stopped." in capsys.readouterr().out
