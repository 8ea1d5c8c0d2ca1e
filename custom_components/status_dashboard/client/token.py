"""What a client may read from its JWT without the key: who and until when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import jwt


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token's `sub` and `exp`, unverified: for display, identity and warnings."""

    subject: str | None
    expires_at: datetime | None


def read_token(token: str) -> TokenInfo:
    """Read `sub` and `exp`; a token that is not a JWT yields neither."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return TokenInfo(None, None)
    subject = claims.get("sub")
    expiry = claims.get("exp")
    expires_at = None
    if isinstance(expiry, int | float) and not isinstance(expiry, bool):
        try:
            expires_at = datetime.fromtimestamp(expiry, UTC)
        except OverflowError, OSError, ValueError:
            expires_at = None
    return TokenInfo(
        subject if isinstance(subject, str) and subject else None, expires_at
    )
