"""Reading a JWT's sub and exp without the key."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jwt
import pytest

from custom_components.status_dashboard.client.token import TokenInfo, read_token
from reference_server import issue_token
from reference_server.medianest import issue_token as medianest_token

KEY = "a-key-long-enough-for-hs256-without-warnings"


def token(claims: dict[str, Any]) -> str:
    return jwt.encode(claims, KEY, algorithm="HS256")


def test_reads_subject_and_expiry() -> None:
    info = read_token(token({"sub": "alice", "exp": 1_800_000_000}))

    assert info == TokenInfo("alice", datetime.fromtimestamp(1_800_000_000, UTC))
    assert info.expires_at is not None
    assert info.expires_at.tzinfo is UTC


def test_reads_a_token_signed_with_a_key_it_does_not_have() -> None:
    info = read_token(issue_token("server-secret", "bob", expires_in=60))

    assert info.subject == "bob"
    assert info.expires_at is not None


def test_reads_an_expired_token_without_complaint() -> None:
    info = read_token(issue_token("server-secret", "carol", expires_in=-3600))

    assert info.subject == "carol"
    assert info.expires_at is not None
    assert info.expires_at < datetime.now(UTC)


def test_token_without_exp_has_no_expiry() -> None:
    assert read_token(token({"sub": "alice"})) == TokenInfo("alice", None)


def test_fractional_exp_is_read() -> None:
    info = read_token(token({"sub": "a", "exp": 1_800_000_000.5}))

    assert info.expires_at == datetime.fromtimestamp(1_800_000_000.5, UTC)


@pytest.mark.parametrize(
    "raw",
    ["", "not-a-jwt", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30", "Bearer x.y.z"],
)
def test_something_that_is_not_a_jwt_yields_neither(raw: str) -> None:
    assert read_token(raw) == TokenInfo(None, None)


@pytest.mark.parametrize("sub", ["", 42, None, ["alice"], {"name": "alice"}])
def test_subject_that_is_not_a_non_empty_string_is_none(sub: object) -> None:
    assert read_token(token({"sub": sub, "exp": 1_800_000_000})).subject is None


@pytest.mark.parametrize(
    "exp", ["1800000000", True, None, [1], 10**30, float("inf"), -(10**20)]
)
def test_expiry_that_is_not_a_usable_timestamp_is_none(exp: object) -> None:
    info = read_token(token({"sub": "alice", "exp": exp}))

    assert info == TokenInfo("alice", None)


# MediaNest's tokens (services/jwt.service.ts) name the user `userId`, no `sub`.


def test_medianest_token_is_read_by_user_id_with_its_email() -> None:
    info = read_token(
        token(
            {
                "userId": "c0ffee-42",
                "email": "alice@home.lan",
                "role": "user",
                "iss": "medianest",
                "aud": "medianest-users",
                "exp": 1_800_000_000,
            }
        )
    )

    assert info == TokenInfo(
        "c0ffee-42", datetime.fromtimestamp(1_800_000_000, UTC), "alice@home.lan"
    )


def test_token_with_only_an_email_is_read_by_its_email() -> None:
    info = read_token(token({"email": "bob@home.lan"}))

    assert info.subject == "bob@home.lan"
    assert info.email == "bob@home.lan"


def test_sub_wins_over_user_id_and_email() -> None:
    info = read_token(token({"sub": "alice", "userId": "u-1", "email": "a@home.lan"}))

    assert info.subject == "alice"
    assert info.email == "a@home.lan"


def test_user_id_wins_over_email() -> None:
    assert read_token(token({"userId": "u-1", "email": "a@home.lan"})).subject == "u-1"


@pytest.mark.parametrize("user_id", ["", "   ", 42, None, ["u-1"]])
def test_unusable_user_id_falls_back_to_the_email(user_id: object) -> None:
    info = read_token(token({"userId": user_id, "email": " carol@home.lan "}))

    assert info.subject == "carol@home.lan"
    assert info.email == "carol@home.lan"


def test_token_with_none_of_the_claims_has_no_subject() -> None:
    info = read_token(token({"role": "admin", "email": 7, "exp": 1_800_000_000}))

    assert info.subject is None
    assert info.email is None
    assert info.expires_at is not None


def test_token_issued_by_the_reference_server_as_medianest_is_read() -> None:
    info = read_token(
        medianest_token("server-secret", "dave", email="dave@home.lan", expires_in=60)
    )

    assert info.subject == "dave"
    assert info.email == "dave@home.lan"
    assert info.expires_at is not None
