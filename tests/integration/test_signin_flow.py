"""Config flow with a username and password, against the real reference server:
the user, reauth and reconfigure paths, every error, and what is stored."""

from __future__ import annotations

import logging
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.status_dashboard.const import CONF_VERIFY_SSL, DOMAIN
from custom_components.status_dashboard.renewal import storage_key
from reference_server import StatusServer
from reference_server.auth import RawAnswer

from ..conftest import StartServer
from ..signin import (  # noqa: F401  (unload_entries: a fixture)
    USERS,
    sign_in_through_flow,
    stored_tokens,
    unload_entries,
)
from .test_config_flow import add_entry, assert_translated, entry_for, suggested

ALICE = {CONF_USERNAME: "alice", CONF_PASSWORD: USERS["alice"]}


@pytest.fixture
async def server(start_server: StartServer) -> StatusServer:
    """A server where alice and bob may sign in."""
    return await start_server(users=USERS)


async def configure(
    hass: HomeAssistant, result: ConfigFlowResult, user_input: dict[str, Any]
) -> ConfigFlowResult:
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert_translated(result)
    return result


async def start_flow(
    hass: HomeAssistant, entry: ConfigEntry, source: str
) -> ConfigFlowResult:
    """A reauth or reconfigure flow of `entry`, as Home Assistant starts it."""
    return await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": source, "entry_id": entry.entry_id},
        data=entry.data if source == SOURCE_REAUTH else None,
    )


async def to_sign_in_form(
    hass: HomeAssistant, server: StatusServer, **typed: Any
) -> ConfigFlowResult:
    """The user step with no token: the sign-in form."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await configure(hass, result, {CONF_URL: server.url, **typed})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "sign_in"
    return result


async def test_user_without_token_signs_in_and_stores_no_password(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """An empty token leads to the sign-in form; the entry keeps the tokens
    (moved to its Store at setup), never the password."""
    result = await to_sign_in_form(hass, server, **{CONF_TOKEN: "  "})
    assert result["errors"] == {}
    assert result["description_placeholders"] == {"url": server.url}
    assert [str(key) for key in result["data_schema"].schema] == [
        CONF_USERNAME,
        CONF_PASSWORD,
    ]

    result = await configure(hass, result, ALICE)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "127.0.0.1 (alice)"
    entry = result["result"]
    assert entry.unique_id == f"{server.url}#alice"
    assert set(result["data"]) == {CONF_URL, CONF_VERIFY_SSL, "sign_in"}
    assert USERS["alice"] not in repr(result["data"])
    assert set(result["data"]["sign_in"]) == {
        "id",
        "access_token",
        "refresh_token",
        "expires_at",
        "obtained_at",
    }
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert server.auth.logins == 1
    # The probe connected and left; the entry holds the one subscription.
    assert [(a.sub, a.accepted) for a in server.connection_attempts] == [
        ("alice", True),
        ("alice", True),
    ]
    assert server.subscriber_count == 1
    assert entry.data["sign_in"] == {"id": result["data"]["sign_in"]["id"]}
    stored = await stored_tokens(hass, entry)
    assert stored["refresh_token"] == result["data"]["sign_in"]["refresh_token"]
    assert USERS["alice"] not in repr(stored)
    assert USERS["alice"] not in repr(entry.as_dict())


async def test_wrong_password_then_right_one(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """invalid_auth keeps the username, never the password; the flow goes on."""
    result = await to_sign_in_form(hass, server)
    result = await configure(
        hass, result, {CONF_USERNAME: "alice", CONF_PASSWORD: "guess"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    assert suggested(result, CONF_USERNAME) == "alice"
    assert suggested(result, CONF_PASSWORD) is None
    assert "guess" not in repr(result)

    result = await configure(hass, result, ALICE)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_server_without_sign_in_says_so(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """The login endpoint answers 404: paste a token instead."""
    server.auth.login_enabled = False
    result = await to_sign_in_form(hass, server)
    result = await configure(hass, result, ALICE)
    assert result["errors"] == {"base": "sign_in_not_offered"}


async def test_unreachable_server_cannot_connect(
    hass: HomeAssistant, server: StatusServer
) -> None:
    result = await to_sign_in_form(hass, server)
    await server.stop()
    result = await configure(hass, result, ALICE)
    assert result["errors"] == {"base": "cannot_connect"}
    assert hass.config_entries.async_entries(DOMAIN) == []


@pytest.mark.parametrize(
    "answer",
    [
        RawAnswer(200, b"not json"),
        RawAnswer(200, b'{"accessToken": 1, "refreshToken": "r"}'),
        RawAnswer(200, b'{"refreshToken": "r", "expiresIn": 60}'),
        RawAnswer(200, b'{"accessToken": "a.b.c", "expiresIn": 60}'),
        RawAnswer(200, b'{"accessToken": "no-exp", "refreshToken": "r"}'),
        RawAnswer(200, b"x" * 100_000),
        RawAnswer(418, b"{}"),
    ],
    ids=[
        "not-json",
        "wrong-type",
        "no-access",
        "no-refresh",
        "no-expiry",
        "huge",
        "teapot",
    ],
)
async def test_malformed_sign_in_answer_is_unknown_and_logged(
    hass: HomeAssistant,
    server: StatusServer,
    caplog: pytest.LogCaptureFixture,
    answer: RawAnswer,
) -> None:
    result = await to_sign_in_form(hass, server)
    server.auth.answer_raw(answer)
    result = await configure(hass, result, ALICE)
    assert result["errors"] == {"base": "unknown"}
    [record] = [
        r
        for r in caplog.records
        if r.name == "custom_components.status_dashboard.config_flow"
    ]
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith(
        f"Unexpected sign-in answer from {server.url}"
    )
    assert USERS["alice"] not in caplog.text


async def test_unexpected_error_while_signing_in_is_logged(
    hass: HomeAssistant, server: StatusServer, caplog: pytest.LogCaptureFixture
) -> None:
    result = await to_sign_in_form(hass, server)
    with patch(
        "custom_components.status_dashboard.config_flow.sign_in",
        side_effect=RuntimeError("boom"),
    ):
        result = await configure(hass, result, ALICE)
    assert result["errors"] == {"base": "unknown"}
    assert f"Unexpected error while signing in at {server.url}" in caplog.text
    assert "RuntimeError: boom" in caplog.text


async def test_signed_in_but_refused_on_connect(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """The check after signing in connects as the entry will: a refusal there
    is invalid_auth too."""
    server.revoked.add("alice")
    result = await to_sign_in_form(hass, server)
    result = await configure(hass, result, ALICE)
    assert result["errors"] == {"base": "invalid_auth"}
    assert [a.code for a in server.connection_attempts] == ["revoked"]


async def test_sign_in_as_a_user_with_a_token_entry_is_already_configured(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Same server and sub, whichever way: one entry."""
    add_entry(hass, server, server.token("alice"))
    result = await to_sign_in_form(hass, server)
    result = await configure(hass, result, ALICE)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_token_for_a_user_with_a_signed_in_entry_is_already_configured(
    hass: HomeAssistant, server: StatusServer
) -> None:
    await sign_in_through_flow(hass, server)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await configure(
        hass, result, {CONF_URL: server.url, CONF_TOKEN: server.token("alice")}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_invalid_url_is_checked_before_the_sign_in_form(
    hass: HomeAssistant, server: StatusServer
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await configure(hass, result, {CONF_URL: "ftp://x"})
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_URL: "invalid_url"}


# --------------------------------------------------------------------- reauth


async def test_reauth_of_a_token_entry_by_signing_in(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """A pasted-token entry signs in instead: it renews itself from now on."""
    entry = add_entry(hass, server, server.token("alice", expires_in=-60))
    result = await start_flow(hass, entry, SOURCE_REAUTH)
    assert result["step_id"] == "reauth_confirm"
    result = await configure(hass, result, {})
    assert result["step_id"] == "sign_in"
    assert result["description_placeholders"]["url"] == server.url
    result = await configure(hass, result, ALICE)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert CONF_TOKEN not in entry.data
    assert "sign_in" in entry.data
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.renewal is not None


async def test_reauth_signing_in_as_another_user_is_wrong_account(
    hass: HomeAssistant, server: StatusServer
) -> None:
    entry = await sign_in_through_flow(hass, server)
    data = dict(entry.data)
    result = await start_flow(hass, entry, SOURCE_REAUTH)
    result = await configure(hass, result, {})
    result = await configure(
        hass, result, {CONF_USERNAME: "bob", CONF_PASSWORD: USERS["bob"]}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data == data


async def test_reauth_of_a_signed_in_entry_with_a_pasted_token(
    hass: HomeAssistant, server: StatusServer, hass_storage: dict[str, Any]
) -> None:
    """The other way round: a pasted token replaces the sign-in."""
    entry = await sign_in_through_flow(hass, server)
    token = server.token("alice", expires_in=7200)
    result = await start_flow(hass, entry, SOURCE_REAUTH)
    result = await configure(hass, result, {CONF_TOKEN: token})
    assert result["reason"] == "reauth_successful"
    assert entry.data == {
        CONF_URL: server.url,
        CONF_TOKEN: token,
        CONF_VERIFY_SSL: True,
    }
    assert storage_key(entry.entry_id) not in hass_storage  # the sign-in's tokens
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.renewal is None


# ---------------------------------------------------------------- reconfigure


async def test_reconfigure_a_token_entry_to_sign_in(
    hass: HomeAssistant, server: StatusServer
) -> None:
    entry = entry_for(server, server.token("alice"))
    entry.add_to_hass(hass)
    result = await start_flow(hass, entry, SOURCE_RECONFIGURE)
    result = await configure(
        hass, result, {CONF_URL: server.url, CONF_VERIFY_SSL: True}
    )
    assert result["step_id"] == "sign_in"
    result = await configure(hass, result, ALICE)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert set(entry.data) == {CONF_URL, CONF_VERIFY_SSL, "sign_in"}
    assert entry.unique_id == f"{server.url}#alice"


async def test_reconfigure_a_signed_in_entry_checks_the_account(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Signing in as bob, or pasting bob's token: wrong_account; alice's token
    is accepted."""
    entry = await sign_in_through_flow(hass, server)
    result = await start_flow(hass, entry, SOURCE_RECONFIGURE)
    result = await configure(hass, result, {CONF_URL: server.url})
    result = await configure(
        hass, result, {CONF_USERNAME: "bob", CONF_PASSWORD: USERS["bob"]}
    )
    assert result["reason"] == "wrong_account"

    result = await start_flow(hass, entry, SOURCE_RECONFIGURE)
    result = await configure(
        hass, result, {CONF_URL: server.url, CONF_TOKEN: server.token("bob")}
    )
    assert result["reason"] == "wrong_account"

    token = server.token("alice")
    result = await start_flow(hass, entry, SOURCE_RECONFIGURE)
    result = await configure(hass, result, {CONF_URL: server.url, CONF_TOKEN: token})
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {
        CONF_URL: server.url,
        CONF_TOKEN: token,
        CONF_VERIFY_SSL: True,
    }
