"""Uptime Kuma's single user on the socket: password, 2FA, JWT, login limit.

Each piece follows Uptime Kuma's server (paths in its repository):
`server/server.js` (the `login` and `loginByToken` handlers and their
answers), `server/auth.js` (`login`: an active user, username trimmed),
`server/model/user.js` (`createJWT`), `server/util-server.js` (`shake256`,
16 bytes), `server/rate-limiter.js` (the login limiter). 1.23.x answers in
English where 2.x answers with translation keys and ``msgi18n``.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
import hashlib
import hmac
import secrets
import struct
import time
from typing import Any

import jwt

from .tokens import ALGORITHM, short_keys_allowed

VERSION_2 = "2"
VERSION_1_23 = "1.23"
VERSIONS = (VERSION_2, VERSION_1_23)

# server/rate-limiter.js `loginRateLimiter`: 20 a minute, for everyone.
LOGIN_LIMIT = 20
LOGIN_INTERVAL = 60.0
TOO_FREQUENTLY = "Too frequently, try again later."

# server/server.js: the answers' messages, by version.
_MESSAGES: dict[str, dict[str, str]] = {
    VERSION_2: {
        "creds": "authIncorrectCreds",
        "two_factor": "authInvalidToken",
        "token": "authInvalidToken",
        "inactive": "authUserInactiveOrDeleted",
    },
    VERSION_1_23: {
        "creds": "Incorrect username or password.",
        "two_factor": "Invalid Token!",
        "token": "Invalid token.",
        "inactive": "The user is inactive or deleted.",
    },
}

# server/server.js `twoFAVerifyOptions`: 30 s steps, one step either side.
TOTP_STEP = 30
TOTP_WINDOW = 1
TOTP_DIGITS = 6


def totp_code(secret: str, at: float | None = None) -> str:
    """The RFC 6238 code (HMAC-SHA1, 6 digits, 30 s) of a base32 ``secret``
    (the form an authenticator app is given) at ``at`` (default: now)."""
    counter = int((time.time() if at is None else at) // TOTP_STEP)
    return _hotp(_secret_bytes(secret), counter)


def _secret_bytes(secret: str) -> bytes:
    text = secret.replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def _hotp(key: bytes, counter: int) -> str:
    """RFC 4226: dynamic truncation of HMAC-SHA1 over the 8-byte counter."""
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**TOTP_DIGITS).zfill(TOTP_DIGITS)


def totp_matches(code: object, secret: str, at: float | None = None) -> bool:
    """Whether ``code`` is the code of this step or of one step either side."""
    if isinstance(code, bool) or not isinstance(code, str | int):
        return False
    counter = int((time.time() if at is None else at) // TOTP_STEP)
    key = _secret_bytes(secret)
    return any(
        hmac.compare_digest(str(code), _hotp(key, counter + delta))
        for delta in range(-TOTP_WINDOW, TOTP_WINDOW + 1)
    )


def _hash_password(password: str, salt: str | None = None) -> str:
    """A salted hash standing in for Uptime Kuma's bcrypt: like bcrypt, a
    new hash every time a password is set, even the same one."""
    salt = secrets.token_hex(8) if salt is None else salt
    digest = hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


@dataclass(slots=True)
class KumaUser:
    """Uptime Kuma's one user (the `user` table's row)."""

    username: str
    password_hash: str
    active: bool = True
    totp_secret: str | None = None  # base32; None: 2FA off
    last_totp: str | None = None  # `twofa_last_token`: a code works once

    @classmethod
    def create(
        cls, username: str, password: str, totp_secret: str | None, salt: str
    ) -> KumaUser:
        """The user as stored at setup; the same ``salt`` gives the same hash,
        so a server started again with the same settings (as Uptime Kuma with
        its database) takes the tokens it gave out before."""
        return cls(username, _hash_password(password, salt), totp_secret=totp_secret)

    def set_password(self, password: str) -> None:
        self.password_hash = _hash_password(password)

    def password_is(self, password: str) -> bool:
        _, salt, digest = self.password_hash.split("$")
        given = hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()
        return hmac.compare_digest(given, digest)

    @property
    def token_hash(self) -> str:
        """The JWT's ``h``: `shake256(user.password, SHAKE256_LENGTH)`, so a
        new password ends every token signed before."""
        return hashlib.shake_256(self.password_hash.encode()).hexdigest(16)


def create_jwt(user: KumaUser, secret: str) -> str:
    """`User.createJWT`: HS256 over `username`, `h` and jsonwebtoken's `iat`;
    no expiry."""
    claims = {"username": user.username, "h": user.token_hash, "iat": int(time.time())}
    with short_keys_allowed():
        return jwt.encode(claims, secret, algorithm=ALGORITHM)


@dataclass(slots=True)
class LoginLimiter:
    """The `limiter` package's RateLimiter as `loginRateLimiter` sets it up
    (`fireImmediately`): at most ``limit`` logins in a window of ``interval``
    seconds; a window starts at the first login after the last one ended.
    (Its token bucket's extra pacing right after a full window is left out.)"""

    limit: int = LOGIN_LIMIT
    interval: float = LOGIN_INTERVAL
    _window_start: float = field(default_factory=time.monotonic)
    _used: int = 0

    def take(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        if now - self._window_start >= self.interval:
            self._window_start = now
            self._used = 0
        if self._used >= self.limit:
            return False
        self._used += 1
        return True

    def reset(self) -> None:
        """A new process: a full window."""
        self._window_start = time.monotonic()
        self._used = 0


@dataclass(frozen=True, slots=True)
class LoginResult:
    """A login's answer, and whether the socket is now logged in."""

    answer: dict[str, Any]
    logged_in: bool = False
    limited: bool = False


class KumaAuth:
    """Decides `login` and `loginByToken` as Uptime Kuma's handlers do."""

    def __init__(
        self,
        user: KumaUser,
        secret: str,
        version: str,
        limiter: LoginLimiter,
    ) -> None:
        self.user = user
        self.secret = secret
        self.version = version
        self.limiter = limiter

    def _refusal(self, key: str) -> dict[str, Any]:
        answer: dict[str, Any] = {"ok": False, "msg": _MESSAGES[self.version][key]}
        if self.version == VERSION_2:
            answer["msgi18n"] = True
        return answer

    def login(self, data: Any) -> LoginResult | None:
        """`socket.on("login")`: None when Uptime Kuma answers nothing (no
        data); the limiter counts every other attempt, good or bad."""
        if not data:
            return None
        if not self.limiter.take():
            return LoginResult({"ok": False, "msg": TOO_FREQUENTLY}, limited=True)
        fields = data if isinstance(data, dict) else {}
        username, password = fields.get("username"), fields.get("password")
        user = self.user
        if (
            not isinstance(username, str)
            or not isinstance(password, str)
            or not user.active
            or username.strip() != user.username.strip()
            or not user.password_is(password)
        ):
            return LoginResult(self._refusal("creds"))
        code = fields.get("token")
        if user.totp_secret is None:
            return LoginResult(self._welcome(), logged_in=True)
        if not code:
            return LoginResult({"tokenRequired": True})
        if code != user.last_totp and totp_matches(code, user.totp_secret):
            user.last_totp = code if isinstance(code, str) else str(code)
            return LoginResult(self._welcome(), logged_in=True)
        return LoginResult(self._refusal("two_factor"))

    def _welcome(self) -> dict[str, Any]:
        return {"ok": True, "token": create_jwt(self.user, self.secret)}

    def login_by_token(self, token: Any) -> LoginResult:
        """`socket.on("loginByToken")`: any signature or type fault, or a
        token from before the last password change, is an invalid token; an
        unknown or inactive user is told apart."""
        try:
            with short_keys_allowed():
                claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM])
        except jwt.PyJWTError, TypeError, ValueError:
            return LoginResult(self._refusal("token"))
        user = self.user
        if claims.get("username") != user.username or not user.active:
            return LoginResult(self._refusal("inactive"))
        if claims.get("h") != user.token_hash:
            return LoginResult(self._refusal("token"))
        return LoginResult({"ok": True}, logged_in=True)
