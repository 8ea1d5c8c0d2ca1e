"""Uptime Kuma's answers to login and commands, as 2.x and 1.23 send them
(server/server.js, server/rate-limiter.js, the maintenance socket handler)."""

from __future__ import annotations

import pytest

from custom_components.status_dashboard.client.parse import (
    MAX_TEXT_LENGTH,
    InvalidPayload,
)
from custom_components.status_dashboard.client.uptime_kuma_answers import (
    CommandAnswer,
    LoginAnswer,
    LoginOutcome,
    LoginRefusal,
    read_command_answer,
    read_login_answer,
    read_token_login_answer,
)

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VybmFtZSI6ImFkbWluIiwiaCI6IngifQ.c2lnbmF0dXJl"


def test_login_issues_a_token_kept_out_of_the_repr() -> None:
    answer = read_login_answer({"ok": True, "token": JWT})

    assert answer.outcome is LoginOutcome.SIGNED_IN
    assert answer.token == JWT
    assert JWT not in repr(answer)


def test_login_asks_for_the_two_factor_code() -> None:
    assert read_login_answer({"tokenRequired": True}) == LoginAnswer(
        LoginOutcome.CODE_REQUIRED
    )


@pytest.mark.parametrize(
    ("message", "refusal"),
    [
        ("authIncorrectCreds", LoginRefusal.INCORRECT_CREDENTIALS),
        ("Incorrect username or password.", LoginRefusal.INCORRECT_CREDENTIALS),
        ("authInvalidToken", LoginRefusal.INVALID_CODE),
        ("Invalid Token!", LoginRefusal.INVALID_CODE),
        ("Too frequently, try again later.", LoginRefusal.RATE_LIMITED),
        ("Database is locked", LoginRefusal.UNKNOWN),
    ],
)
def test_login_refusals_of_both_versions(message: str, refusal: LoginRefusal) -> None:
    answer = read_login_answer({"ok": False, "msg": message, "msgi18n": True})

    assert answer == LoginAnswer(LoginOutcome.REFUSED, None, refusal, message)


@pytest.mark.parametrize(
    ("message", "refusal"),
    [
        ("authInvalidToken", LoginRefusal.INVALID_TOKEN),
        ("Invalid token.", LoginRefusal.INVALID_TOKEN),
        ("authUserInactiveOrDeleted", LoginRefusal.USER_INACTIVE),
        ("The user is inactive or deleted.", LoginRefusal.USER_INACTIVE),
    ],
)
def test_token_login_refusals_of_both_versions(
    message: str, refusal: LoginRefusal
) -> None:
    answer = read_token_login_answer({"ok": False, "msg": message})

    assert (answer.outcome, answer.refusal) == (LoginOutcome.REFUSED, refusal)


def test_token_login_signs_in_without_a_new_token() -> None:
    assert read_token_login_answer({"ok": True}) == LoginAnswer(LoginOutcome.SIGNED_IN)


def test_a_refusal_without_words_is_unknown() -> None:
    answer = read_login_answer({"ok": False, "msg": {"text": "x"}})

    assert (answer.refusal, answer.message) == (LoginRefusal.UNKNOWN, "")


def test_the_servers_words_are_bounded() -> None:
    answer = read_token_login_answer({"ok": False, "msg": "x" * 10_000})

    assert answer.message == "x" * MAX_TEXT_LENGTH


@pytest.mark.parametrize(
    "answer",
    [
        None,
        "ok",
        [True],
        {"ok": True},
        {"ok": True, "token": ""},
        {"ok": True, "token": 5},
    ],
    ids=["null", "string", "list", "no-token", "empty-token", "numeric-token"],
)
def test_a_login_answer_that_makes_no_sense_is_refused(answer: object) -> None:
    with pytest.raises(InvalidPayload):
        read_login_answer(answer)


def test_command_done() -> None:
    answer = read_command_answer({"ok": True, "msg": "successPaused", "msgi18n": True})

    assert answer == CommandAnswer(True, "successPaused")
    assert not answer.logged_out


def test_command_refused_with_the_servers_reason_bounded() -> None:
    answer = read_command_answer(
        {"ok": False, "msg": "You do not own this monitor." * 100}
    )

    assert not answer.ok
    assert len(answer.message) == MAX_TEXT_LENGTH


def test_command_refused_because_the_socket_is_not_logged_in() -> None:
    assert read_command_answer(
        {"ok": False, "msg": "You are not logged in."}
    ).logged_out


@pytest.mark.parametrize(
    ("maintenance_id", "read"), [(12, 12), ("12", None), (0, None), (True, None)]
)
def test_added_maintenance_gives_its_id(
    maintenance_id: object, read: int | None
) -> None:
    answer = read_command_answer(
        {"ok": True, "msg": "successAdded", "maintenanceID": maintenance_id}
    )

    assert answer.maintenance_id == read


@pytest.mark.parametrize("answer", [{"ok": "true"}, {"ok": 1}, {}])
def test_only_a_true_ok_is_done(answer: dict[str, object]) -> None:
    assert not read_command_answer(answer).ok


def test_a_command_answer_that_is_no_object_is_refused() -> None:
    with pytest.raises(InvalidPayload):
        read_command_answer("ok")
