"""What a client may read from its JWT without the key: who and until when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import jwt

# Claims that name the user, in the order they are read: the standard `sub`,
# then the `userId` and `email` that servers such as MediaNest use instead.
SUBJECT_CLAIMS = ("sub", "userId", "email", "username")
MAX_CLAIM_LENGTH = 256


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token's user and expiry, unverified: for display, identity and warnings."""

    subject: str | None
    expires_at: datetime | None
    email: str | None = None


def read_token(token: str) -> TokenInfo:
    """Read who (`sub`, else `userId`, else `email`) and `exp`; a token that is
    not a JWT yields neither."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return TokenInfo(None, None)
    subject = next(
        (s for s in map(_claim_text, map(claims.get, SUBJECT_CLAIMS)) if s), None
    )
    expiry = claims.get("exp")
    expires_at = None
    if isinstance(expiry, int | float) and not isinstance(expiry, bool):
        try:
            expires_at = datetime.fromtimestamp(expiry, UTC)
        except OverflowError, OSError, ValueError:
            expires_at = None
    return TokenInfo(subject, expires_at, _claim_text(claims.get("email")))


def _claim_text(value: object) -> str | None:
    """A non-empty string claim, bounded; None otherwise."""
    if isinstance(value, str) and value.strip():
        return value.strip()[:MAX_CLAIM_LENGTH]
    return None
