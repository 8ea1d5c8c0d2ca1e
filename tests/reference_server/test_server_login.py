"""The reference server's token endpoints: login, refresh with rotation, reuse
detection, scripted faults, and dropping sockets at expiry (or not)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
import time
from typing import Any

import aiohttp
import jwt
import pytest

from reference_server import StatusServer

from ..conftest import StartServer
from ..helpers import wait_until
from .conftest import Connect

USERS = {"alice": "wonderland-7", "bob": "builder-3"}


@pytest.fixture
async def server(start_server: StartServer) -> StatusServer:
    return await start_server(users=USERS, access_token_lifetime=30.0)


async def post(
    server: StatusServer, path: str, body: Any
) -> tuple[int, dict[str, Any], Mapping[str, str]]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.url}{path}", json=body) as response,
    ):
        return response.status, await response.json(), response.headers


async def login(server: StatusServer, user: str = "alice") -> dict[str, Any]:
    status, answer, _ = await post(
        server, "/api/auth/login", {"username": user, "password": USERS[user]}
    )
    assert status == 200
    return answer


async def refresh(server: StatusServer, token: str) -> tuple[int, dict[str, Any]]:
    status, answer, _ = await post(server, "/api/auth/refresh", {"refreshToken": token})
    return status, answer


async def test_login_hands_out_tokens_for_the_user(server: StatusServer) -> None:
    answer = await login(server)
    assert set(answer) == {"accessToken", "refreshToken", "expiresIn"}
    assert answer["expiresIn"] == 30.0
    claims = jwt.decode(answer["accessToken"], options={"verify_signature": False})
    assert claims["sub"] == "alice"
    assert 29 <= claims["exp"] - time.time() <= 31
    assert server.auth.logins == 1


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"username": "alice", "password": "nope"}, 401, "invalid_credentials"),
        ({"username": "carol", "password": "x"}, 401, "invalid_credentials"),
        ({"username": "alice"}, 400, "invalid_request"),
        (["alice"], 400, "invalid_request"),
    ],
)
async def test_login_refusals(
    server: StatusServer, body: Any, status: int, error: str
) -> None:
    got, answer, _ = await post(server, "/api/auth/login", body)
    assert (got, answer) == (status, {"error": error})


async def test_login_can_be_switched_off(server: StatusServer) -> None:
    server.auth.login_enabled = False
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.url}/api/auth/login", json={}) as response,
    ):
        assert response.status == 404


async def test_refresh_rotates_and_reuse_revokes_the_whole_sign_in(
    server: StatusServer,
) -> None:
    first = await login(server)
    other = await login(server, "bob")
    status, second = await refresh(server, first["refreshToken"])
    assert status == 200
    assert second["refreshToken"] != first["refreshToken"]
    status, third = await refresh(server, second["refreshToken"])
    assert status == 200

    assert await refresh(server, first["refreshToken"]) == (
        401,
        {"error": "invalid_refresh_token"},
    )
    assert server.auth.reuse_detected == 1
    # Everything descended from that sign-in is revoked, other sign-ins not.
    assert (await refresh(server, third["refreshToken"]))[0] == 401
    assert (await refresh(server, other["refreshToken"]))[0] == 200
    outcomes = [call.outcome for call in server.auth.refresh_calls]
    assert outcomes == ["rotated", "rotated", "reuse", "revoked", "rotated"]
    assert server.auth.rotations == 3
    assert server.auth.live_refresh_tokens == 1


async def test_unknown_and_malformed_refreshes(server: StatusServer) -> None:
    assert (await refresh(server, "never-issued"))[0] == 401
    status, answer, _ = await post(server, "/api/auth/refresh", {"refreshToken": 5})
    assert (status, answer) == (400, {"error": "invalid_request"})
    assert [call.outcome for call in server.auth.refresh_calls] == [
        "unknown",
        "bad_request",
    ]


async def test_revoking_sign_ins(server: StatusServer) -> None:
    answer = await login(server)
    server.auth.revoke_sign_ins("alice")
    assert (await refresh(server, answer["refreshToken"]))[0] == 401
    assert server.auth.live_refresh_tokens == 0


async def test_scripted_faults_do_not_spend_the_token(server: StatusServer) -> None:
    answer = await login(server)
    server.auth.fail_refreshes(503, 2)
    server.auth.fail_refreshes(429, retry_after=3)
    for expected in (503, 503):
        assert (await refresh(server, answer["refreshToken"]))[0] == expected
    status, _, headers = await post(
        server, "/api/auth/refresh", {"refreshToken": answer["refreshToken"]}
    )
    assert (status, headers["Retry-After"]) == (429, "3")
    server.auth.fail_refreshes(503, 5)
    server.auth.clear_faults()
    server.auth.refresh_delay = 0.3
    started = time.monotonic()
    assert (await refresh(server, answer["refreshToken"]))[0] == 200
    assert time.monotonic() - started >= 0.3


async def test_sockets_are_dropped_at_expiry_unless_switched_off(
    start_server: StartServer, connect: Connect
) -> None:
    keeping = await start_server(drop_at_expiry=False)
    dropping = await start_server()
    kept = await connect(keeping, "alice", token_options={"expires_in": 0.3})
    dropped = await connect(dropping, "alice", token_options={"expires_in": 0.3})
    await wait_until(lambda: not dropped.connected, timeout=3)
    await asyncio.sleep(0.3)
    assert kept.connected
    assert len(keeping.connected_sids) == 1
