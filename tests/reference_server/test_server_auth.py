"""Who may connect: the token in the handshake, checked on every connection."""

from __future__ import annotations

from typing import Any
import warnings

import jwt
import pytest

from reference_server import StatusServer, issue_token

from ..helpers import wait_until
from .conftest import Connect, MakeClient

# Test secrets are short on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


def signed(claims: dict[str, Any], algorithm: str = "HS256") -> str:
    """A token with any claims, signed with the server's default secret."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
        return jwt.encode(claims, "test-secret", algorithm=algorithm)


def refusal(code: str) -> dict[str, Any]:
    """What PROTOCOL.md says a refused client's connect_error receives."""
    return {"message": "unauthorized", "data": {"code": code}}


async def test_valid_token_connects_and_hears_connection_status(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server, "alice")

    await client.wait_event("connection:status")
    assert client.payloads("connection:status") == [{"connected": True}]
    assert client.connect_errors == []
    assert len(server.connected_sids) == 1
    assert server.connection_attempts[-1].sub == "alice"
    assert server.connection_attempts[-1].accepted


@pytest.mark.parametrize(
    "auth",
    [None, {}, {"token": None}, {"token": ""}, "not-a-dict"],
    ids=["no-auth", "empty-auth", "null-token", "empty-token", "string-auth"],
)
async def test_missing_token_is_refused(
    server: StatusServer, make_client: MakeClient, auth: Any
) -> None:
    client = make_client(server.url, auth=auth)

    assert await client.try_connect() == refusal("missing_token")
    assert not client.connected
    assert server.connected_sids == set()


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "a.b.c",
        issue_token("another-secret", "mallory"),
        signed({"iat": 0}),  # no sub
        signed({"sub": 42}),
        signed({"sub": "u", "services": "api"}),
        signed({"sub": "u", "exp": "soon"}),
        signed({"sub": "u"}, algorithm="HS512"),
        42,
    ],
    ids=[
        "not-a-jwt",
        "three-parts",
        "wrong-secret",
        "no-sub",
        "numeric-sub",
        "services-not-a-list",
        "exp-not-a-number",
        "other-algorithm",
        "not-a-string",
    ],
)
async def test_invalid_token_is_refused(
    server: StatusServer, make_client: MakeClient, token: Any
) -> None:
    client = make_client(server.url, auth={"token": token})

    assert await client.try_connect() == refusal("invalid_token")
    assert server.connection_attempts[-1].code == "invalid_token"


async def test_expired_token_is_refused(
    server: StatusServer, make_client: MakeClient
) -> None:
    client = make_client(server.url, server.token("bob", expires_in=-10))

    assert await client.try_connect() == refusal("token_expired")
    assert server.connection_attempts[-1].sub == "bob"


async def test_token_without_exp_is_accepted(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server, "forever", token_options={"expires_in": None})

    assert client.connected
    assert "exp" not in jwt.decode(
        server.token("forever", expires_in=None), options={"verify_signature": False}
    )


async def test_revoked_user_is_dropped_and_refused(
    server: StatusServer, connect: Connect, make_client: MakeClient
) -> None:
    alice = await connect(server, "alice")
    bob = await connect(server, "bob")

    await server.revoke("alice")

    await wait_until(lambda: not alice.connected)
    assert bob.connected
    again = make_client(server.url, server.token("alice"))
    assert await again.try_connect() == refusal("revoked")
    server.unrevoke("alice")
    assert await make_client(server.url, server.token("alice")).try_connect() is None


async def test_socket_is_dropped_when_its_token_expires(
    server: StatusServer, connect: Connect, make_client: MakeClient
) -> None:
    # exp is whole seconds, rounded up: this token lives 0.3 to 1.3 s.
    client = await connect(server, "carol", token_options={"expires_in": 0.3})
    token = client.auth["token"]

    await wait_until(lambda: not client.connected, timeout=3.0)
    await wait_until(lambda: not server.connected_sids)
    again = make_client(server.url, token)
    assert await again.try_connect() == refusal("token_expired")


async def test_every_connection_attempt_is_recorded(
    server: StatusServer, connect: Connect, make_client: MakeClient
) -> None:
    await make_client(server.url).try_connect()
    await make_client(server.url, "garbage").try_connect()
    await make_client(server.url, issue_token("wrong", "eve")).try_connect()
    await make_client(server.url, server.token("dan", expires_in=-1)).try_connect()
    await connect(server, "alice")

    attempts = [(a.sub, a.accepted, a.code) for a in server.connection_attempts]
    assert attempts == [
        (None, False, "missing_token"),
        (None, False, "invalid_token"),
        ("eve", False, "invalid_token"),  # read unverified, for the record only
        ("dan", False, "token_expired"),
        ("alice", True, None),
    ]
    times = [a.at for a in server.connection_attempts]
    assert times == sorted(times)


def test_issue_token_claims() -> None:
    token = issue_token("s", "alice", services=["api", "db"], expires_in=60)
    claims = jwt.decode(token, "s", algorithms=["HS256"])

    assert claims["sub"] == "alice"
    assert claims["services"] == ["api", "db"]
    assert isinstance(claims["iat"], int)
    assert isinstance(claims["exp"], int)
    assert 60 <= claims["exp"] - claims["iat"] <= 62
