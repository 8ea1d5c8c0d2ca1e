"""The token endpoints' client against the real reference server: signing in,
renewing with rotation, every failure class, and hostile answers (fuzzed)."""

from __future__ import annotations

import json
import time
from typing import Any

import aiohttp
from aiohttp import web
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.status_dashboard.client.auth import (
    MAX_ANSWER_SIZE,
    CredentialsRefused,
    InvalidTokenAnswer,
    SignedIn,
    SignInNotOffered,
    TokenEndpointUnavailable,
    endpoint,
    renew,
    sign_in,
)
from custom_components.status_dashboard.client.token import read_token
from reference_server import StatusServer
from reference_server.auth import RawAnswer

from ..conftest import StartServer

USERS = {"alice": "wonderland-7"}


@pytest.fixture
async def server(start_server: StartServer) -> StatusServer:
    return await start_server(users=USERS, access_token_lifetime=60.0)


async def test_sign_in_then_renew_rotates(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    first = await sign_in(session, server.url, "alice", USERS["alice"])
    assert read_token(first.access_token).subject == "alice"
    assert 59 <= first.expires_at - time.time() <= 61
    second = await renew(session, server.url, first.refresh_token)
    assert second.refresh_token != first.refresh_token
    assert read_token(second.access_token).subject == "alice"
    with pytest.raises(CredentialsRefused) as refused:
        await renew(session, server.url, first.refresh_token)  # spent
    assert refused.value.code == "invalid_refresh_token"
    assert server.auth.reuse_detected == 1
    with pytest.raises(CredentialsRefused):
        await renew(session, server.url, second.refresh_token)  # revoked with it


async def test_wrong_password_is_refused(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    with pytest.raises(CredentialsRefused) as refused:
        await sign_in(session, server.url, "alice", "nope")
    assert refused.value.code == "invalid_credentials"


@pytest.mark.parametrize(
    ("names", "expires_in"),
    [
        (("access_token", "refresh_token", "expires_in"), True),
        (("token", "refreshToken", "expiresIn"), True),
        (("accessToken", "refreshToken", "expiresIn"), False),
    ],
    ids=["oauth", "token", "exp-from-jwt"],
)
async def test_other_field_names_and_expiry_from_the_jwt(
    server: StatusServer,
    session: aiohttp.ClientSession,
    names: tuple[str, str, str],
    expires_in: bool,
) -> None:
    server.auth.field_names = names
    server.auth.send_expires_in = expires_in
    signed = await sign_in(session, server.url, "alice", USERS["alice"])
    renewed = await renew(session, server.url, signed.refresh_token)
    assert read_token(renewed.access_token).subject == "alice"
    assert 58 <= renewed.expires_at - time.time() <= 62


async def test_a_refresh_without_a_new_refresh_token_keeps_the_old_one(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    server.auth.rotate = False
    signed = await sign_in(session, server.url, "alice", USERS["alice"])
    renewed = await renew(session, server.url, signed.refresh_token)
    assert renewed.refresh_token == signed.refresh_token
    again = await renew(session, server.url, signed.refresh_token)
    assert again.refresh_token == signed.refresh_token


async def test_transient_failures_carry_retry_after(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    signed = await sign_in(session, server.url, "alice", USERS["alice"])
    server.auth.fail_refreshes(429, retry_after=7)
    server.auth.fail_refreshes(503)
    with pytest.raises(TokenEndpointUnavailable) as limited:
        await renew(session, server.url, signed.refresh_token)
    assert limited.value.retry_after == 7
    assert str(limited.value) == "HTTP 429"
    with pytest.raises(TokenEndpointUnavailable) as unavailable:
        await renew(session, server.url, signed.refresh_token)
    assert unavailable.value.retry_after is None
    await renew(session, server.url, signed.refresh_token)  # not spent by faults


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("2.5", 2.5), (" 30 ", 30.0), ("99999", 3600.0), ("-1", None), ("soon", None)],
)
async def test_retry_after_is_read_in_seconds_and_bounded(
    server: StatusServer,
    session: aiohttp.ClientSession,
    header: str,
    seconds: float | None,
) -> None:
    server.auth.answer_raw(RawAnswer(429, b"{}", {"Retry-After": header}))
    with pytest.raises(TokenEndpointUnavailable) as limited:
        await renew(session, server.url, "r")
    assert limited.value.retry_after == seconds


async def test_timeouts_and_refused_connections_are_transient(
    server: StatusServer, session: aiohttp.ClientSession, closed_port: int
) -> None:
    server.auth.refresh_delay = 1.0
    with pytest.raises(TokenEndpointUnavailable, match="timed out"):
        await renew(session, server.url, "r", timeout=0.2)
    with pytest.raises(TokenEndpointUnavailable):
        await renew(session, f"http://127.0.0.1:{closed_port}", "r")


async def test_no_sign_in_endpoint_is_not_offered(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    server.auth.login_enabled = False
    with pytest.raises(SignInNotOffered):
        await sign_in(session, server.url, "alice", USERS["alice"])


def test_endpoints_share_the_socketio_urls_prefix() -> None:
    assert endpoint("https://host/status", "api/auth/login") == (
        "https://host/status/api/auth/login"
    )
    assert endpoint("http://host:8765", "api/auth/refresh") == (
        "http://host:8765/api/auth/refresh"
    )


async def test_an_announced_huge_body_is_not_read(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    server.auth.answer_raw(RawAnswer(200, b" " * (MAX_ANSWER_SIZE + 1)))
    with pytest.raises(InvalidTokenAnswer, match="larger than"):
        await renew(session, server.url, "r")


async def test_a_chunked_huge_body_is_cut_off(
    start_server: StartServer, session: aiohttp.ClientSession
) -> None:
    """No Content-Length: the bound holds while reading."""

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(100):
            await response.write(b"x" * 8192)
        return response

    app = web.Application()
    app.router.add_post("/api/auth/refresh", endless)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        with pytest.raises(InvalidTokenAnswer, match="larger than"):
            await renew(session, f"http://127.0.0.1:{port}", "r")
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"accessToken": "a", "refreshToken": "r", "expiresIn": "60"}', "positive"),
        (b'{"accessToken": "a", "refreshToken": "r", "expires_in": true}', "positive"),
        (b'{"accessToken": "not-a-jwt", "refreshToken": "r"}', "no expiresIn"),
        (b'{"accessToken": "a", "refreshToken": ["r"], "expiresIn": 9}', "refresh"),
    ],
)
async def test_bad_fields_are_invalid_answers(
    server: StatusServer, session: aiohttp.ClientSession, body: bytes, message: str
) -> None:
    server.auth.answer_raw(RawAnswer(200, body))
    with pytest.raises(InvalidTokenAnswer, match=message):
        await renew(session, server.url, "r")


async def test_an_already_expired_jwt_is_an_invalid_answer(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    """Else a hostile server could keep a client renewing in a loop."""
    expired = server.token("alice", expires_in=-5)
    server.auth.answer_raw(
        RawAnswer(200, json.dumps({"accessToken": expired}).encode())
    )
    with pytest.raises(InvalidTokenAnswer, match="already expired"):
        await renew(session, server.url, "r")


async def test_a_sign_in_without_a_refresh_token_is_an_invalid_answer(
    server: StatusServer, session: aiohttp.ClientSession
) -> None:
    server.auth.answer_raw(RawAnswer(200, b'{"accessToken": "a", "expiresIn": 60}'))
    with pytest.raises(InvalidTokenAnswer, match="no refresh token"):
        await sign_in(session, server.url, "alice", USERS["alice"])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    [
        "accessToken",
        "access_token",
        "token",
        "refreshToken",
        "refresh_token",
        "expiresIn",
        "expires_in",
        "error",
    ]
)
ANSWERS = st.one_of(
    st.dictionaries(FIELDS, JSON | st.text(max_size=40), max_size=5),
    JSON,
    st.binary(max_size=64),
)


def _encoded(answer: Any) -> bytes:
    if isinstance(answer, bytes):
        return answer
    return json.dumps(answer, allow_nan=True).encode()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(answer=ANSWERS, status=st.sampled_from([200, 200, 200, 401, 400, 500]))
async def test_any_answer_is_tokens_or_a_known_error(
    server: StatusServer, session: aiohttp.ClientSession, answer: Any, status: int
) -> None:
    """Property: renew() returns well-formed tokens or raises one of the
    client's errors; nothing else escapes."""
    server.auth.answer_raw(RawAnswer(status, _encoded(answer)))
    try:
        signed = await renew(session, server.url, "previous")
    except CredentialsRefused, InvalidTokenAnswer, TokenEndpointUnavailable:
        return
    assert isinstance(signed, SignedIn)
    assert signed.access_token
    assert signed.access_token.isprintable()
    assert signed.refresh_token
    assert signed.expires_at > time.time()
