"""What Uptime Kuma answers to the client's commands, through their acks.

`login` and `loginByToken` (server/server.js) answer `{ok, token}`,
`{tokenRequired: true}` or `{ok: false, msg}`. 2.x names its refusals with
translation keys (`msgi18n: true`), 1.23 in English; both are read. The
other commands answer `{ok, msg}`, `msg` being a translation key on success
and an exception's text on failure: untrusted text, bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from .parse import MAX_TEXT_LENGTH, InvalidPayload

# server/rate-limiter.js: 20 logins a minute for the whole server.
RATE_LIMITED_MESSAGE: Final = "Too frequently, try again later."
# server/util-server.js `checkLogin`: a command on a socket not logged in.
NOT_LOGGED_IN_MESSAGE: Final = "You are not logged in."
MAX_TOKEN_LENGTH = 8192


class LoginOutcome(StrEnum):
    """How a login ended."""

    SIGNED_IN = "signed_in"
    # The account has two-factor authentication: send the code as `token`.
    CODE_REQUIRED = "code_required"
    REFUSED = "refused"


class LoginRefusal(StrEnum):
    """Why a login was refused."""

    INCORRECT_CREDENTIALS = "incorrect_credentials"
    # `login`: the two-factor code is wrong or was used already.
    INVALID_CODE = "invalid_code"
    # `loginByToken`: the token is not the server's, or the password changed.
    INVALID_TOKEN = "invalid_token"
    USER_INACTIVE = "user_inactive"
    RATE_LIMITED = "rate_limited"
    UNKNOWN = "unknown"


# 2.x's keys and 1.23's sentences. `authInvalidToken` means a wrong code to
# `login` and a refused token to `loginByToken`.
_LOGIN_REFUSALS: Final = {
    "authIncorrectCreds": LoginRefusal.INCORRECT_CREDENTIALS,
    "Incorrect username or password.": LoginRefusal.INCORRECT_CREDENTIALS,
    "authInvalidToken": LoginRefusal.INVALID_CODE,
    "Invalid Token!": LoginRefusal.INVALID_CODE,
    RATE_LIMITED_MESSAGE: LoginRefusal.RATE_LIMITED,
}
_TOKEN_LOGIN_REFUSALS: Final = {
    "authInvalidToken": LoginRefusal.INVALID_TOKEN,
    "Invalid token.": LoginRefusal.INVALID_TOKEN,
    "authUserInactiveOrDeleted": LoginRefusal.USER_INACTIVE,
    "The user is inactive or deleted.": LoginRefusal.USER_INACTIVE,
    RATE_LIMITED_MESSAGE: LoginRefusal.RATE_LIMITED,
}


@dataclass(frozen=True, slots=True)
class LoginAnswer:
    """A login's answer."""

    outcome: LoginOutcome
    # The token `login` issues (a JWT without expiry, valid until the
    # password changes): a secret, kept out of the repr.
    token: str | None = field(default=None, repr=False)
    refusal: LoginRefusal | None = None
    # The server's words for a refusal, bounded ("" when it gave none).
    message: str = ""


@dataclass(frozen=True, slots=True)
class CommandAnswer:
    """A command's answer: done, or the server's reason why not."""

    ok: bool
    message: str = ""
    # `addMaintenance`: the id of the maintenance it created.
    maintenance_id: int | None = None

    @property
    def logged_out(self) -> bool:
        """Refused because the socket is not logged in (any more)."""
        return not self.ok and self.message == NOT_LOGGED_IN_MESSAGE


def read_login_answer(answer: object) -> LoginAnswer:
    """The ack of `login` ({username, password, token}): signed in with a
    token, a two-factor code required, or refused."""
    fields = _fields(answer, "login")
    if fields.get("tokenRequired") is True:
        return LoginAnswer(LoginOutcome.CODE_REQUIRED)
    if fields.get("ok") is True:
        token = fields.get("token")
        if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_LENGTH:
            raise InvalidPayload("login accepted without a token")
        return LoginAnswer(LoginOutcome.SIGNED_IN, token)
    return _refused(fields, _LOGIN_REFUSALS)


def read_token_login_answer(answer: object) -> LoginAnswer:
    """The ack of `loginByToken` (the token): signed in, or refused."""
    fields = _fields(answer, "token login")
    if fields.get("ok") is True:
        return LoginAnswer(LoginOutcome.SIGNED_IN)
    return _refused(fields, _TOKEN_LOGIN_REFUSALS)


def read_command_answer(answer: object) -> CommandAnswer:
    """The ack of `pauseMonitor`, `resumeMonitor` or a maintenance command."""
    fields = _fields(answer, "command")
    maintenance_id = fields.get("maintenanceID")
    if isinstance(maintenance_id, bool) or not isinstance(maintenance_id, int):
        maintenance_id = None
    return CommandAnswer(
        ok=fields.get("ok") is True,
        message=_message(fields),
        maintenance_id=maintenance_id
        if maintenance_id and maintenance_id > 0
        else None,
    )


def _fields(answer: object, what: str) -> dict[object, object]:
    if not isinstance(answer, dict):
        raise InvalidPayload(f"{what} answer is a {type(answer).__name__}")
    return answer


def _refused(
    fields: dict[object, object], refusals: dict[str, LoginRefusal]
) -> LoginAnswer:
    message = _message(fields)
    return LoginAnswer(
        LoginOutcome.REFUSED,
        refusal=refusals.get(message, LoginRefusal.UNKNOWN),
        message=message,
    )


def _message(fields: dict[object, object]) -> str:
    message = fields.get("msg")
    return message[:MAX_TEXT_LENGTH] if isinstance(message, str) else ""
