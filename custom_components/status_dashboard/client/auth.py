"""The server's token endpoints: sign in with a password, renew with a refresh token.

Every answer is untrusted: bodies are read up to a bound, fields are checked
for type and size, and anything unexpected is `InvalidTokenAnswer` (the
caller keeps the tokens it has). Field names follow the protocol, with
OAuth 2.0's (`access_token`, `refresh_token`, `expires_in`) and `token`
accepted too.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import json
import math
import time
from typing import Any

import aiohttp
from yarl import URL

from .errors import CannotConnect, StatusDashboardError
from .token import read_token

LOGIN_PATH = "api/auth/login"
REFRESH_PATH = "api/auth/refresh"
MAX_ANSWER_SIZE = 64 * 1024
MAX_TOKEN_LENGTH = 16 * 1024
# An access token lives at most this long as far as renewal is concerned.
MAX_LIFETIME = 366 * 24 * 3600.0
MAX_RETRY_AFTER = 3600.0
ACCESS_FIELDS = ("accessToken", "access_token", "token")
REFRESH_FIELDS = ("refreshToken", "refresh_token")
EXPIRES_FIELDS = ("expiresIn", "expires_in")


@dataclass(frozen=True, slots=True)
class SignedIn:
    """What the token endpoints hand out; `expires_at` is a Unix time."""

    access_token: str
    refresh_token: str
    expires_at: float


class CredentialsRefused(StatusDashboardError):
    """401: wrong username or password, or a refresh token that is no good any
    more (unknown, spent, expired or revoked): the user must sign in again."""

    def __init__(self, code: str | None) -> None:
        super().__init__(f"refused ({code or 'no code'})")
        self.code = code


class SignInNotOffered(StatusDashboardError):
    """The server answered 404: it has no token endpoints."""


class InvalidTokenAnswer(StatusDashboardError):
    """The answer is not what the protocol says (status, body or fields)."""


class TokenEndpointUnavailable(CannotConnect):
    """Transient: 429, 5xx, a timeout or no connection; `retry_after` in seconds
    when the server said when to come back."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def endpoint(server_url: str, path: str) -> str:
    """The endpoint on the same origin and path prefix as the Socket.IO URL."""
    base = URL(server_url)
    prefix = base.path.rstrip("/")
    return str(base.with_path(f"{prefix}/{path}").with_query(None))


async def sign_in(
    session: aiohttp.ClientSession,
    server_url: str,
    username: str,
    password: str,
    *,
    timeout: float = 10.0,
) -> SignedIn:
    """Sign in; the password goes in this one request and nowhere else."""
    answer = await _post(
        session,
        endpoint(server_url, LOGIN_PATH),
        {"username": username, "password": password},
        timeout,
    )
    return _tokens(answer, previous_refresh_token=None)


async def renew(
    session: aiohttp.ClientSession,
    server_url: str,
    refresh_token: str,
    *,
    timeout: float = 10.0,
) -> SignedIn:
    """Spend `refresh_token` for a new access token (and, usually, a new refresh
    token; without one the old one stays valid)."""
    answer = await _post(
        session,
        endpoint(server_url, REFRESH_PATH),
        {"refreshToken": refresh_token},
        timeout,
    )
    return _tokens(answer, previous_refresh_token=refresh_token)


async def _post(
    session: aiohttp.ClientSession, url: str, body: dict[str, str], timeout: float
) -> dict[str, Any]:
    try:
        async with asyncio.timeout(timeout):
            async with session.post(
                url,
                json=body,
                allow_redirects=False,
                headers={"Accept": "application/json"},
            ) as response:
                status = response.status
                retry_after = _retry_after(response.headers.get("Retry-After"))
                raw = await _bounded_body(response)
    except TimeoutError as err:
        raise TokenEndpointUnavailable("timed out") from err
    except (aiohttp.ClientError, OSError) as err:
        raise TokenEndpointUnavailable(type(err).__name__) from err
    if status == 200:
        answer = _json_object(raw)
        if answer is None:
            raise InvalidTokenAnswer("the answer is not a JSON object")
        return answer
    if status == 401:
        error = (_json_object(raw) or {}).get("error")
        raise CredentialsRefused(error[:64] if isinstance(error, str) else None)
    if status == 404:
        raise SignInNotOffered
    if status == 429 or 500 <= status <= 599:
        raise TokenEndpointUnavailable(f"HTTP {status}", retry_after)
    raise InvalidTokenAnswer(f"unexpected HTTP status {status}")


async def _bounded_body(response: aiohttp.ClientResponse) -> bytes:
    if (
        response.content_length is not None
        and response.content_length > MAX_ANSWER_SIZE
    ):
        raise InvalidTokenAnswer(f"the answer is larger than {MAX_ANSWER_SIZE} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(8192):
        size += len(chunk)
        if size > MAX_ANSWER_SIZE:
            raise InvalidTokenAnswer(
                f"the answer is larger than {MAX_ANSWER_SIZE} bytes"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(raw)
    except ValueError, RecursionError:
        return None
    return value if isinstance(value, dict) else None


def _retry_after(header: str | None) -> float | None:
    """`Retry-After` in seconds (the HTTP-date form is not used by the protocol)."""
    if header is None:
        return None
    try:
        seconds = float(header.strip())
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return min(seconds, MAX_RETRY_AFTER)


def _tokens(answer: dict[str, Any], previous_refresh_token: str | None) -> SignedIn:
    access = _first_token(answer, ACCESS_FIELDS, "access token")
    if access is None:
        raise InvalidTokenAnswer("the answer has no access token")
    refresh = _first_token(answer, REFRESH_FIELDS, "refresh token")
    if refresh is None:
        if previous_refresh_token is None:
            raise InvalidTokenAnswer("the answer has no refresh token")
        refresh = previous_refresh_token
    return SignedIn(access, refresh, _expires_at(answer, access))


def _first_token(
    answer: dict[str, Any], names: tuple[str, ...], what: str
) -> str | None:
    for name in names:
        if name not in answer:
            continue
        value = answer[name]
        if (
            not isinstance(value, str)
            or not value
            or len(value) > MAX_TOKEN_LENGTH
            or not value.isascii()
            or not value.isprintable()
            or any(char.isspace() for char in value)
        ):
            raise InvalidTokenAnswer(f"the {what} ({name}) is not a token")
        return value
    return None


def _expires_at(answer: dict[str, Any], access_token: str) -> float:
    now = time.time()
    for name in EXPIRES_FIELDS:
        if name not in answer:
            continue
        seconds = answer[name]
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not math.isfinite(seconds)
            or seconds <= 0
        ):
            raise InvalidTokenAnswer(f"{name} is not a positive number of seconds")
        return now + min(float(seconds), MAX_LIFETIME)
    expires = read_token(access_token).expires_at
    if expires is None:
        raise InvalidTokenAnswer("the answer has no expiresIn and the JWT no exp")
    if expires.timestamp() <= now:
        raise InvalidTokenAnswer("the access token has already expired")
    return min(expires.timestamp(), now + MAX_LIFETIME)
