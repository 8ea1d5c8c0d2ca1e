"""MediaNest's dialect on the wire, for `StatusServer(dialect="medianest")`.

Each function follows one place of MediaNest's backend (paths under
`backend/src/`, as its socket layer was wired up to the commit that last
started it from `server.ts`). The server's catalog stays in the protocol's
form; these functions turn it into what MediaNest sends.
"""

from __future__ import annotations

from collections.abc import Mapping
import time
from typing import Any

import jwt
from socketio import exceptions as sio_exceptions

from .catalog import iso_millis
from .tokens import ALGORITHM, short_keys_allowed

DIALECT = "medianest"
ISSUER = "medianest"
AUDIENCE = "medianest-users"
# services/jwt.service.ts: `generateAccessToken` 24 h, `generateRememberToken` 90 d.
ACCESS_TOKEN_LIFETIME = 24 * 3600.0
REMEMBER_TOKEN_LIFETIME = 90 * 24 * 3600.0
# services/status.service.ts `startFallbackPolling`: every 30 s.
FULL_LIST_INTERVAL = 30.0

# socket/middleware.ts `authenticateSocket`: the three refusals.
AUTHENTICATION_REQUIRED = "Authentication required"
AUTHENTICATION_FAILED = "Authentication failed"
USER_INACTIVE = "User not found or inactive"

# socket/index.ts, services/status.service.ts, socket/handlers/status.handlers.ts
CONNECTION_ESTABLISHED = "connection:established"
CURRENT_LIST = "status:current"
FULL_LIST = "service:status:all"


def issue_token(
    secret: str,
    user_id: str,
    *,
    email: str | None = None,
    role: str = "user",
    expires_in: float | None = ACCESS_TOKEN_LIFETIME,
) -> str:
    """A token as `jwtService.generateAccessToken` signs it: `userId`, `email`,
    `role`, `iat`, `exp`, `iss`, `aud`, and no `sub`."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "userId": user_id,
        "email": email if email is not None else f"{user_id}@example.com",
        "role": role,
        "iat": now,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    if expires_in is not None:
        claims["exp"] = now + int(expires_in)
    with short_keys_allowed():
        return jwt.encode(claims, secret, algorithm=ALGORITHM)


def authenticate(
    auth: object, secret: str, inactive_users: set[str], known_users: set[str] | None
) -> str:
    """socket/middleware.ts `authenticateSocket`: the user's id, or a refusal.

    The token comes from the handshake's `auth.token`; any HS256 signature
    with the secret and an unexpired `exp` pass (`jwt.verify`, no issuer or
    audience check); then the user must exist (None: every user does) and be
    active. Every refusal is a bare `{"message": ...}`.
    """
    token = auth.get("token") if isinstance(auth, dict) else None
    if not token:
        raise sio_exceptions.ConnectionRefusedError(AUTHENTICATION_REQUIRED)
    try:
        with short_keys_allowed():
            claims = jwt.decode(
                token,
                secret,
                algorithms=[ALGORITHM],
                options={"verify_aud": False, "verify_iss": False},
            )
    except jwt.PyJWTError, TypeError:
        raise sio_exceptions.ConnectionRefusedError(AUTHENTICATION_FAILED) from None
    user_id = claims.get("userId")
    if not isinstance(user_id, str) or not user_id:
        # `userRepository.findById(undefined)` finds nobody.
        raise sio_exceptions.ConnectionRefusedError(USER_INACTIVE)
    if user_id in inactive_users or (
        known_users is not None and user_id not in known_users
    ):
        raise sio_exceptions.ConnectionRefusedError(USER_INACTIVE)
    return user_id


def connection_established(sid: str) -> dict[str, Any]:
    """socket/index.ts: sent to every socket as it connects."""
    now_ms = time.time_ns() // 1_000_000
    return {"socketId": sid, "timestamp": iso_millis(now_ms), "serverTime": now_ms}


def item(service: Mapping[str, Any]) -> dict[str, Any]:
    """services/status.service.ts `ServiceStatus`: `name` is the id,
    `displayName` the name, `lastCheck` the check time; `message`, `uptime24h`
    and `uptime30d` only when the service has them (a JSON `undefined`)."""
    wire: dict[str, Any] = {
        "name": service["id"],
        "displayName": service.get("name") or service["id"],
        "status": service.get("status"),
    }
    optional = {
        "responseTime": service.get("responseTime"),
        "uptime24h": service.get("uptime24h"),
        "uptime30d": service.get("uptime30d"),
        "lastCheck": service.get("lastCheckAt"),
    }
    details = service.get("details")
    if isinstance(details, Mapping):
        optional["message"] = details.get("message")
    wire.update((key, value) for key, value in optional.items() if value is not None)
    return wire


def refresh_answer(
    service_id: str, service: Mapping[str, Any] | None, timestamp: str
) -> dict[str, Any]:
    """socket/handlers/status.handlers.ts `request:refresh`: the re-checked
    status and response time. An id MediaNest does not know is checked as a
    service that is not configured (`checkServiceHealth`): down, no error."""
    if service is None:
        return {"serviceId": service_id, "status": "down", "timestamp": timestamp}
    answer: dict[str, Any] = {
        "serviceId": service_id,
        "status": service.get("status"),
        "timestamp": timestamp,
    }
    if service.get("responseTime") is not None:
        answer["responseTime"] = service["responseTime"]
    return answer
