"""Signing in and renewing tokens: ``POST /api/auth/login`` and ``/api/auth/refresh``.

Users sign in with a password and get a short-lived access token (a JWT the
Socket.IO handshake accepts) and an opaque refresh token. Each refresh spends
the refresh token it was given and hands out a new one; presenting a spent
one again is taken as theft and revokes every token of that sign-in.
Tests script faults (503/429 for the next refreshes, a delay, raw answers).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
import json
import logging
import secrets
import time
from typing import Any

from aiohttp import web

from .tokens import issue_token

_LOGGER = logging.getLogger(__name__)

LOGIN_PATH = "/api/auth/login"
REFRESH_PATH = "/api/auth/refresh"
MAX_REQUEST_BODY = 16 * 1024


@dataclass(frozen=True, slots=True)
class RawAnswer:
    """An answer sent as it is, instead of the real one (hostile-server tests)."""

    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RefreshCall:
    """One call of the refresh endpoint and how it was answered."""

    at: float  # time.monotonic()
    status: int
    outcome: (
        str  # "rotated", "reuse", "unknown", "revoked", "fault", "raw", "bad_request"
    )


@dataclass(slots=True)
class _SignIn:
    sub: str
    revoked: bool = False


@dataclass(slots=True)
class _RefreshToken:
    sign_in: str
    spent: bool = False


class AuthEndpoints:
    """The token endpoints of one server and what they observed."""

    def __init__(
        self,
        secret: str,
        users: Mapping[str, str],
        *,
        access_token_lifetime: float = 900.0,
    ) -> None:
        self.secret = secret
        self.users = dict(users)
        self.access_token_lifetime = access_token_lifetime
        # Wire names of the answer's fields (tests switch to OAuth's names).
        self.field_names = ("accessToken", "refreshToken", "expiresIn")
        self.send_expires_in = True
        # What expiresIn says, when a test wants it to differ from the JWT's exp.
        self.reported_lifetime: float | None = None
        self.rotate = True
        self.login_enabled = True
        self.refresh_delay = 0.0
        self.logins = 0
        self.refresh_calls: list[RefreshCall] = []
        self.reuse_detected = 0
        # Every (access token, refresh token or "") handed out, in order.
        self.issued: list[tuple[str, str]] = []
        self._sign_ins: dict[str, _SignIn] = {}
        self._refresh_tokens: dict[str, _RefreshToken] = {}
        self._faults: deque[tuple[int, float | None]] = deque()
        self._raw: deque[RawAnswer] = deque()

    # ------------------------------------------------------------- control

    def fail_refreshes(
        self, status: int, count: int = 1, *, retry_after: float | None = None
    ) -> None:
        """Answer the next ``count`` refreshes with ``status`` (e.g. 503, 429)."""
        self._faults.extend([(status, retry_after)] * count)

    def clear_faults(self) -> None:
        """Answer refreshes normally again."""
        self._faults.clear()

    def answer_raw(self, *answers: RawAnswer) -> None:
        """Send these answers to the next login or refresh calls, in order."""
        self._raw.extend(answers)

    def revoke_sign_ins(self, sub: str) -> None:
        """Revoke every sign-in of ``sub``: their refresh tokens stop working."""
        for sign_in in self._sign_ins.values():
            if sign_in.sub == sub:
                sign_in.revoked = True

    @property
    def rotations(self) -> int:
        """How many refreshes handed out new tokens."""
        return sum(1 for call in self.refresh_calls if call.outcome == "rotated")

    @property
    def live_refresh_tokens(self) -> int:
        """Refresh tokens that would be accepted now."""
        return sum(
            1
            for token in self._refresh_tokens.values()
            if not token.spent and not self._sign_ins[token.sign_in].revoked
        )

    # ------------------------------------------------------------ handlers

    def attach(self, app: web.Application) -> None:
        """Add the two endpoints to the server's web application."""
        app.router.add_post(LOGIN_PATH, self._login)
        app.router.add_post(REFRESH_PATH, self._refresh)

    async def _login(self, request: web.Request) -> web.StreamResponse:
        if not self.login_enabled:
            raise web.HTTPNotFound
        if self._raw:
            return _raw_response(self._raw.popleft())
        body = await _json_body(request)
        username = body.get("username") if body is not None else None
        password = body.get("password") if body is not None else None
        if not isinstance(username, str) or not isinstance(password, str):
            return _error(400, "invalid_request")
        expected = self.users.get(username)
        if expected is None or not secrets.compare_digest(expected, password):
            return _error(401, "invalid_credentials")
        self.logins += 1
        sign_in = secrets.token_hex(8)
        self._sign_ins[sign_in] = _SignIn(username)
        return self._tokens(sign_in)

    async def _refresh(self, request: web.Request) -> web.StreamResponse:
        now = time.monotonic()
        if self.refresh_delay > 0:
            await asyncio.sleep(self.refresh_delay)
        if self._raw:
            self.refresh_calls.append(RefreshCall(now, 0, "raw"))
            return _raw_response(self._raw.popleft())
        if self._faults:
            status, retry_after = self._faults.popleft()
            self.refresh_calls.append(RefreshCall(now, status, "fault"))
            headers = {"Retry-After": f"{retry_after:g}"} if retry_after else {}
            return web.json_response(
                {"error": "unavailable"}, status=status, headers=headers
            )
        body = await _json_body(request)
        presented = body.get("refreshToken") if body is not None else None
        if not isinstance(presented, str):
            self.refresh_calls.append(RefreshCall(now, 400, "bad_request"))
            return _error(400, "invalid_request")
        token = self._refresh_tokens.get(presented)
        if token is None:
            return self._refused(now, "unknown")
        sign_in = self._sign_ins[token.sign_in]
        if token.spent:
            sign_in.revoked = True
            self.reuse_detected += 1
            _LOGGER.warning("refresh token of %s reused: sign-in revoked", sign_in.sub)
            return self._refused(now, "reuse")
        if sign_in.revoked:
            return self._refused(now, "revoked")
        self.refresh_calls.append(RefreshCall(now, 200, "rotated"))
        if self.rotate:
            token.spent = True
            return self._tokens(token.sign_in)
        return self._tokens(token.sign_in, new_refresh_token=False)

    def _refused(self, now: float, outcome: str) -> web.Response:
        self.refresh_calls.append(RefreshCall(now, 401, outcome))
        return _error(401, "invalid_refresh_token")

    def _tokens(self, sign_in: str, *, new_refresh_token: bool = True) -> web.Response:
        sub = self._sign_ins[sign_in].sub
        lifetime = self.access_token_lifetime
        access_name, refresh_name, expires_name = self.field_names
        access = issue_token(self.secret, sub, expires_in=lifetime)
        answer: dict[str, Any] = {access_name: access}
        new = ""
        if new_refresh_token:
            new = secrets.token_urlsafe(32)
            self._refresh_tokens[new] = _RefreshToken(sign_in)
            answer[refresh_name] = new
        if self.send_expires_in:
            reported = self.reported_lifetime
            answer[expires_name] = lifetime if reported is None else reported
        self.issued.append((access, new))
        return web.json_response(answer)


async def _json_body(request: web.Request) -> dict[str, Any] | None:
    if request.content_length is not None and request.content_length > MAX_REQUEST_BODY:
        return None
    try:
        body = json.loads(await request.content.read(MAX_REQUEST_BODY))
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _error(status: int, code: str) -> web.Response:
    return web.json_response({"error": code}, status=status)


def _raw_response(answer: RawAnswer) -> web.Response:
    return web.Response(
        status=answer.status,
        body=answer.body,
        headers={"Content-Type": "application/json", **answer.headers},
    )
