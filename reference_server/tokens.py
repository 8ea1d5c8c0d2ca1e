"""JWT issue and verification (HS256) for the reference status server."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
import math
import time
from typing import TYPE_CHECKING, Any
import warnings

import jwt

if TYPE_CHECKING:
    from collections.abc import Iterator

ALGORITHM = "HS256"

# Refusal codes, as sent in the connect_error's ``data.code``.
MISSING_TOKEN = "missing_token"
INVALID_TOKEN = "invalid_token"
TOKEN_EXPIRED = "token_expired"
REVOKED = "revoked"


class TokenError(Exception):
    """A token was refused; ``code`` is the wire refusal code."""

    def __init__(self, code: str, sub: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.sub = sub


@dataclass(frozen=True, slots=True)
class Claims:
    """What the server relies on from a verified token."""

    sub: str
    exp: float | None
    services: frozenset[str] | None  # None: every service


def issue_token(
    secret: str,
    sub: str,
    *,
    services: list[str] | None = None,
    expires_in: float | None = 3600.0,
) -> str:
    """Return an HS256 JWT for ``sub``.

    ``exp`` is a whole number of seconds (as most JWT libraries expect): it is
    rounded up, so the token lives at least ``expires_in`` seconds (at most
    one more). A negative ``expires_in`` gives a token that has already
    expired; ``None`` gives a token without ``exp``.
    """
    now = time.time()
    payload: dict[str, Any] = {"sub": sub, "iat": int(now)}
    if expires_in is not None:
        end = now + expires_in
        payload["exp"] = math.ceil(end) if expires_in >= 0 else math.floor(end)
    if services is not None:
        payload["services"] = list(services)
    with short_keys_allowed():
        return jwt.encode(payload, secret, algorithm=ALGORITHM)


@contextlib.contextmanager
def short_keys_allowed() -> Iterator[None]:
    """Test secrets are short on purpose: silence PyJWT's key-length warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
        yield


def unverified_sub(token: object) -> str | None:
    """Read ``sub`` without checking anything (for the attempt log only)."""
    if not isinstance(token, str):
        return None
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    sub = claims.get("sub")
    return sub if isinstance(sub, str) else None


def verify_token(token: object, secret: str, *, now: float | None = None) -> Claims:
    """Check a handshake token; raise TokenError with the refusal code."""
    if token is None or token == "":
        raise TokenError(MISSING_TOKEN)
    sub = unverified_sub(token)
    if not isinstance(token, str):
        raise TokenError(INVALID_TOKEN)
    try:
        with short_keys_allowed():
            claims = jwt.decode(
                token,
                secret,
                algorithms=[ALGORITHM],
                # exp is checked below as a number, not rounded down as PyJWT does.
                options={"verify_exp": False, "verify_iat": False},
            )
    except jwt.PyJWTError:
        raise TokenError(INVALID_TOKEN, sub) from None
    if not isinstance(sub, str) or not sub:
        raise TokenError(INVALID_TOKEN, None)
    exp = claims.get("exp")
    if exp is not None:
        if isinstance(exp, bool) or not isinstance(exp, int | float):
            raise TokenError(INVALID_TOKEN, sub)
        if (time.time() if now is None else now) >= exp:
            raise TokenError(TOKEN_EXPIRED, sub)
    services = claims.get("services")
    if services is not None:
        if not isinstance(services, list) or not all(
            isinstance(item, str) for item in services
        ):
            raise TokenError(INVALID_TOKEN, sub)
        return Claims(sub, exp, frozenset(services))
    return Claims(sub, exp, None)
