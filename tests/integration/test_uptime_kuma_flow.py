"""Adding an Uptime Kuma server, against the reference server's Uptime Kuma
mode: the login with username, password and a two-factor code, its every
refusal, what the entry keeps (the token, never the password), reauth after
a password change, reconfigure, and Uptime Kuma 1.23."""

from __future__ import annotations

import json
import logging
import time
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
from homeassistant.const import (
    CONF_CODE,
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_URL,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.status_dashboard import config_flow
from custom_components.status_dashboard.const import (
    CONF_SERVER_KIND,
    CONF_VERIFY_SSL,
    DOMAIN,
    UPTIME_KUMA,
)
from reference_server import KumaServer, StatusServer, totp_code
from reference_server.kuma_auth import KumaAuth, LoginResult

from ..conftest import StartKuma, StartServer
from ..helpers import stored_kuma_token, wait_until
from ..signin import unload_entries  # noqa: F401  (a fixture)
from .test_config_flow import assert_translated, suggested

PASSWORD = "admin-password-1"
ADMIN = {CONF_USERNAME: "admin", CONF_PASSWORD: PASSWORD}
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


async def configure(
    hass: HomeAssistant, result: ConfigFlowResult, user_input: dict[str, Any] | None
) -> ConfigFlowResult:
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert_translated(result)
    return result


async def to_login_form(hass: HomeAssistant, url: str) -> ConfigFlowResult:
    """The user step with the server and no token."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    return await configure(hass, result, {CONF_URL: url, CONF_TOKEN: ""})


async def to_kuma_login(hass: HomeAssistant, kuma: KumaServer) -> ConfigFlowResult:
    """The user step with an Uptime Kuma server and no token: its login form."""
    result = await to_login_form(hass, kuma.url)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "uptime_kuma"
    return result


async def add_through_flow(hass: HomeAssistant, kuma: KumaServer) -> ConfigEntry:
    """An entry logged in as admin, set up."""
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()
    entry: ConfigEntry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    return entry


def logins(kuma: KumaServer) -> list[str]:
    """The login events the server received, in order."""
    return [e.event for e in kuma.events if e.event in ("login", "loginByToken")]


def a_wrong_code() -> str:
    """A six-digit code that is none of the codes the server takes now."""
    now = time.time()
    valid = {totp_code(TOTP_SECRET, now + step * 30) for step in (-1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222") if c not in valid)


def entries_dump(hass: HomeAssistant) -> str:
    return json.dumps(
        [entry.as_dict() for entry in hass.config_entries.async_entries()],
        default=str,
    )


# -------------------------------------------------------------- user steps


async def test_uptime_kuma_login_creates_an_entry_that_keeps_only_the_token(
    hass: HomeAssistant,
    kuma: KumaServer,
    caplog: pytest.LogCaptureFixture,
    hass_storage: dict[str, Any],
) -> None:
    """No token for an Uptime Kuma server: its login form; the entry keeps
    the JWT Uptime Kuma handed out (in its private Store once set up), never
    the username or password, and connects with it."""
    caplog.set_level(logging.DEBUG)
    result = await to_kuma_login(hass, kuma)
    assert result["errors"] == {}
    assert result["description_placeholders"] == {"url": kuma.url}
    assert [str(key) for key in result["data_schema"].schema] == [
        CONF_USERNAME,
        CONF_PASSWORD,
    ]
    assert suggested(result, CONF_USERNAME) is None

    result = await configure(hass, result, ADMIN)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "127.0.0.1 (admin)"
    entry = result["result"]
    assert entry.unique_id == f"{kuma.url}#admin"
    token = result["data"][CONF_TOKEN]
    assert result["data"] == {
        CONF_URL: kuma.url,
        CONF_VERIFY_SSL: True,
        CONF_TOKEN: token,
        CONF_SERVER_KIND: UPTIME_KUMA,
    }
    assert entry.options == {}
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    # Set up: the token moved to the entry's private Store.
    assert entry.data == {
        CONF_URL: kuma.url,
        CONF_VERIFY_SSL: True,
        CONF_SERVER_KIND: UPTIME_KUMA,
    }
    assert stored_kuma_token(hass_storage, entry.entry_id) == token
    # One login with the password; the check and the entry use the token.
    assert logins(kuma) == ["login", "loginByToken", "loginByToken"]
    assert kuma.payloads("loginByToken") == [token] * 2
    assert len(kuma.logged_in_sids) == 1
    assert PASSWORD not in entries_dump(hass)
    assert PASSWORD not in caplog.text


async def test_wrong_password_then_the_right_one(
    hass: HomeAssistant, kuma: KumaServer
) -> None:
    """invalid_auth keeps the username, never the password; the flow goes on."""
    result = await to_kuma_login(hass, kuma)
    result = await configure(
        hass, result, {CONF_USERNAME: "admin", CONF_PASSWORD: "guess-1"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "uptime_kuma"
    assert result["errors"] == {"base": "invalid_auth"}
    assert suggested(result, CONF_USERNAME) == "admin"
    assert suggested(result, CONF_PASSWORD) is None
    assert "guess-1" not in repr(result)

    result = await configure(hass, result, ADMIN)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_an_inactive_user_is_refused(
    hass: HomeAssistant, kuma: KumaServer
) -> None:
    """Uptime Kuma refuses a deactivated user's login as wrong credentials."""
    kuma.set_user_active(False)
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    assert result["errors"] == {"base": "invalid_auth"}
    assert hass.config_entries.async_entries(DOMAIN) == []


async def test_two_factor_code_is_asked_and_a_wrong_one_refused(
    hass: HomeAssistant, start_kuma: StartKuma, caplog: pytest.LogCaptureFixture
) -> None:
    """An account with two-factor authentication: the code form after the
    password; an empty or wrong code is invalid_code and spends nothing, the
    right code logs in. The password is asked once, kept nowhere."""
    caplog.set_level(logging.DEBUG)
    kuma = await start_kuma(totp_secret=TOTP_SECRET)
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "uptime_kuma_code"
    assert result["errors"] == {}
    assert result["description_placeholders"] == {"url": kuma.url}
    assert [str(key) for key in result["data_schema"].schema] == [CONF_CODE]
    assert PASSWORD not in repr(result)

    result = await configure(hass, result, {CONF_CODE: "  "})
    assert result["step_id"] == "uptime_kuma_code"
    assert result["errors"] == {"base": "invalid_code"}

    wrong = a_wrong_code()
    result = await configure(hass, result, {CONF_CODE: wrong})
    assert result["step_id"] == "uptime_kuma_code"
    assert result["errors"] == {"base": "invalid_code"}
    assert suggested(result, CONF_CODE) is None

    right = totp_code(TOTP_SECRET)
    result = await configure(hass, result, {CONF_CODE: f" {right[:3]} {right[3:]}"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SERVER_KIND] == UPTIME_KUMA
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED
    # The username and password the code form kept went with each login.
    assert [
        (p["username"], p["password"], p["token"]) for p in kuma.payloads("login")
    ] == [
        ("admin", PASSWORD, ""),
        ("admin", PASSWORD, ""),
        ("admin", PASSWORD, wrong),
        ("admin", PASSWORD, right),
    ]
    assert PASSWORD not in entries_dump(hass)
    assert PASSWORD not in caplog.text


async def test_a_code_used_once_is_refused_the_second_time(
    hass: HomeAssistant, start_kuma: StartKuma
) -> None:
    """Uptime Kuma takes each code once: the same user added again with the
    same code is invalid_code; the next code gets through to already
    configured."""
    kuma = await start_kuma(totp_secret=TOTP_SECRET)
    code = totp_code(TOTP_SECRET)
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    result = await configure(hass, result, {CONF_CODE: code})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    result = await configure(hass, result, {CONF_CODE: code})
    assert result["errors"] == {"base": "invalid_code"}
    next_code = totp_code(TOTP_SECRET, time.time() + 30)
    result = await configure(hass, result, {CONF_CODE: next_code})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_too_many_logins_a_minute(
    hass: HomeAssistant, start_kuma: StartKuma
) -> None:
    """Uptime Kuma's login limit (for the whole server) is its own error."""
    kuma = await start_kuma(login_limit=1)
    result = await to_kuma_login(hass, kuma)
    result = await configure(
        hass, result, {CONF_USERNAME: "admin", CONF_PASSWORD: "guess-1"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await configure(hass, result, ADMIN)
    assert result["errors"] == {"base": "too_many_attempts"}
    assert [e.limited for e in kuma.events if e.event == "login"] == [False, True]


async def test_the_login_limit_on_the_code_form(
    hass: HomeAssistant, start_kuma: StartKuma
) -> None:
    """The code form shows the limit too; the code still works once the
    server allows logins again (a new process: a full window)."""
    kuma = await start_kuma(totp_secret=TOTP_SECRET, login_limit=1)
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    result = await configure(hass, result, {CONF_CODE: totp_code(TOTP_SECRET)})
    assert result["step_id"] == "uptime_kuma_code"
    assert result["errors"] == {"base": "too_many_attempts"}

    await kuma.restart()
    result = await configure(hass, result, {CONF_CODE: totp_code(TOTP_SECRET)})
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_server_gone_before_the_login(
    hass: HomeAssistant, kuma: KumaServer
) -> None:
    result = await to_kuma_login(hass, kuma)
    await kuma.stop()
    result = await configure(hass, result, ADMIN)
    assert result["step_id"] == "uptime_kuma"
    assert result["errors"] == {"base": "cannot_connect"}
    assert hass.config_entries.async_entries(DOMAIN) == []


async def test_server_gone_before_the_code(
    hass: HomeAssistant, start_kuma: StartKuma
) -> None:
    kuma = await start_kuma(totp_secret=TOTP_SECRET)
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    await kuma.stop()
    result = await configure(hass, result, {CONF_CODE: totp_code(TOTP_SECRET)})
    assert result["step_id"] == "uptime_kuma_code"
    assert result["errors"] == {"base": "cannot_connect"}


async def test_a_refusal_this_client_does_not_know_is_logged(
    hass: HomeAssistant,
    kuma: KumaServer,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A refusal in words the client does not know (another Uptime Kuma
    version's): unknown, and the server's words in the log."""
    result = await to_kuma_login(hass, kuma)
    monkeypatch.setattr(
        KumaAuth,
        "login",
        lambda _auth, _data: LoginResult({"ok": False, "msg": "authLoginDisabled"}),
    )
    result = await configure(hass, result, ADMIN)
    assert result["errors"] == {"base": "unknown"}
    [record] = [r for r in caplog.records if r.name == config_flow.__name__]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        f"Uptime Kuma at {kuma.url} refused the login: authLoginDisabled"
    )
    assert PASSWORD not in caplog.text


async def test_unexpected_error_while_logging_in_is_logged(
    hass: HomeAssistant, kuma: KumaServer, caplog: pytest.LogCaptureFixture
) -> None:
    result = await to_kuma_login(hass, kuma)
    with patch.object(config_flow, "log_in", side_effect=RuntimeError("boom")):
        result = await configure(hass, result, ADMIN)
    assert result["errors"] == {"base": "unknown"}
    assert f"Unexpected error while logging in at {kuma.url}" in caplog.text
    assert "RuntimeError: boom" in caplog.text
    assert PASSWORD not in caplog.text


def deactivated_after_login(kuma: KumaServer) -> Any:
    """`log_in`, after which the user is deactivated (by another admin)."""
    log_in = config_flow.log_in

    async def log_in_then_deactivated(*args: Any, **kwargs: Any) -> Any:
        answer = await log_in(*args, **kwargs)
        kuma.set_user_active(False)
        return answer

    return patch.object(config_flow, "log_in", log_in_then_deactivated)


async def test_logged_in_but_the_token_refused_on_connect(
    hass: HomeAssistant, kuma: KumaServer
) -> None:
    """The check after the login connects as the entry will: Uptime Kuma
    refusing the token there is invalid_auth too."""
    result = await to_kuma_login(hass, kuma)
    with deactivated_after_login(kuma):
        result = await configure(hass, result, ADMIN)
    assert result["step_id"] == "uptime_kuma"
    assert result["errors"] == {"base": "invalid_auth"}
    assert logins(kuma) == ["login", "loginByToken"]


async def test_logged_in_with_a_code_but_the_token_refused_on_connect(
    hass: HomeAssistant, start_kuma: StartKuma
) -> None:
    kuma = await start_kuma(totp_secret=TOTP_SECRET)
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    with deactivated_after_login(kuma):
        result = await configure(hass, result, {CONF_CODE: totp_code(TOTP_SECRET)})
    assert result["step_id"] == "uptime_kuma_code"
    assert result["errors"] == {"base": "invalid_auth"}


async def test_same_server_and_user_twice_is_already_configured(
    hass: HomeAssistant, kuma: KumaServer
) -> None:
    await add_through_flow(hass, kuma)
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_uptime_kuma_1_23(hass: HomeAssistant, start_kuma: StartKuma) -> None:
    """1.23 asks for no login on connect (it only sends `info`): it is taken
    for Uptime Kuma all the same, and its login works."""
    kuma = await start_kuma(version="1.23")
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SERVER_KIND] == UPTIME_KUMA
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED


async def test_a_status_server_still_gets_its_sign_in(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """A status server is not taken for Uptime Kuma, nor knocked on without
    credentials: it has the sign-in endpoint."""
    server: StatusServer = await start_server()
    result = await to_login_form(hass, server.url)
    assert result["step_id"] == "sign_in"
    assert server.connection_attempts == []


async def test_an_unreachable_server_gets_the_sign_in_form(
    hass: HomeAssistant, start_kuma: StartKuma
) -> None:
    """Nothing answers: the sign-in form, as before Uptime Kuma was known."""
    kuma = await start_kuma()
    await kuma.stop()
    result = await to_login_form(hass, kuma.url)
    assert result["step_id"] == "sign_in"


# --------------------------------------------------------------------- reauth


async def reauth_flow(hass: HomeAssistant, entry: ConfigEntry) -> ConfigFlowResult:
    """The reauth flow Home Assistant started for `entry`, its form shown."""
    await wait_until(
        lambda: any(entry.async_get_active_flows(hass, {SOURCE_REAUTH})), 10.0
    )
    [flow] = entry.async_get_active_flows(hass, {SOURCE_REAUTH})
    return await configure(hass, flow, None)


async def test_reauth_after_the_password_changed(
    hass: HomeAssistant,
    kuma: KumaServer,
    caplog: pytest.LogCaptureFixture,
    hass_storage: dict[str, Any],
) -> None:
    """A new password ends the token: the running entry asks to log in
    again, as the same user; the old password no longer works, the new one
    does, and the entry connects again with the new token."""
    caplog.set_level(logging.DEBUG)
    entry = await add_through_flow(hass, kuma)
    old_token = stored_kuma_token(hass_storage, entry.entry_id)
    await kuma.change_password("new-password-2")

    result = await reauth_flow(hass, entry)
    assert result["step_id"] == "uptime_kuma"
    assert result["description_placeholders"]["url"] == kuma.url
    assert suggested(result, CONF_USERNAME) == "admin"
    assert suggested(result, CONF_PASSWORD) is None
    result = await configure(hass, result, ADMIN)
    assert result["errors"] == {"base": "invalid_auth"}

    result = await configure(
        hass, result, {CONF_USERNAME: "admin", CONF_PASSWORD: "new-password-2"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    new_token = stored_kuma_token(hass_storage, entry.entry_id)
    assert new_token != old_token
    assert set(entry.data) == {CONF_URL, CONF_VERIFY_SSL, CONF_SERVER_KIND}
    assert kuma.payloads("loginByToken")[-1] == new_token
    assert "new-password-2" not in entries_dump(hass)
    assert "new-password-2" not in caplog.text


async def test_reauth_with_a_two_factor_code(
    hass: HomeAssistant, start_kuma: StartKuma
) -> None:
    kuma = await start_kuma(totp_secret=TOTP_SECRET)
    entry = await add_through_flow_with_code(hass, kuma)
    await kuma.change_password("new-password-2")

    result = await reauth_flow(hass, entry)
    result = await configure(
        hass, result, {CONF_USERNAME: "admin", CONF_PASSWORD: "new-password-2"}
    )
    assert result["step_id"] == "uptime_kuma_code"
    code = totp_code(TOTP_SECRET, time.time() + 30)  # the first one is spent
    result = await configure(hass, result, {CONF_CODE: code})
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def add_through_flow_with_code(
    hass: HomeAssistant, kuma: KumaServer
) -> ConfigEntry:
    result = await configure(hass, await to_kuma_login(hass, kuma), ADMIN)
    result = await configure(hass, result, {CONF_CODE: totp_code(TOTP_SECRET)})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry: ConfigEntry = result["result"]
    return entry


async def test_reauth_as_another_user_is_wrong_account(
    hass: HomeAssistant, kuma: KumaServer, start_kuma: StartKuma
) -> None:
    """Uptime Kuma set up anew at the same address with another user: the
    entry's setup fails on its token, and logging in as the new user does not
    take the entry over."""
    entry = await add_through_flow(hass, kuma)
    data = dict(entry.data)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await kuma.stop()
    await start_kuma(username="operator", password="operator-pass-3", port=kuma.port)

    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    result = await reauth_flow(hass, entry)
    assert result["step_id"] == "uptime_kuma"
    result = await configure(
        hass, result, {CONF_USERNAME: "operator", CONF_PASSWORD: "operator-pass-3"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data == data


# ---------------------------------------------------------------- reconfigure


async def start_reconfigure(
    hass: HomeAssistant, entry: ConfigEntry
) -> ConfigFlowResult:
    """The reconfigure flow of `entry`, as its menu starts it."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )
    assert_translated(result)
    return result


async def test_reconfigure_moves_to_another_address(
    hass: HomeAssistant, kuma: KumaServer, start_kuma: StartKuma
) -> None:
    """The URL form, pre-filled; then the login as the same user."""
    entry = await add_through_flow(hass, kuma)
    moved = await start_kuma()
    result = await start_reconfigure(hass, entry)
    assert result["step_id"] == "reconfigure_uptime_kuma"
    assert [str(key) for key in result["data_schema"].schema] == [
        CONF_URL,
        CONF_VERIFY_SSL,
    ]
    assert suggested(result, CONF_URL) == kuma.url
    assert suggested(result, CONF_VERIFY_SSL) is True

    result = await configure(hass, result, {CONF_URL: "ftp://x", CONF_VERIFY_SSL: True})
    assert result["errors"] == {CONF_URL: "invalid_url"}
    assert suggested(result, CONF_URL) == "ftp://x"

    result = await configure(hass, result, {CONF_URL: moved.url + "/"})
    assert result["step_id"] == "uptime_kuma"
    assert suggested(result, CONF_USERNAME) == "admin"
    result = await configure(hass, result, ADMIN)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_URL] == moved.url
    assert entry.data[CONF_SERVER_KIND] == UPTIME_KUMA
    assert entry.unique_id == f"{moved.url}#admin"
    assert entry.title == "127.0.0.1 (admin)"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert len(moved.logged_in_sids) == 1
    assert PASSWORD not in entries_dump(hass)


async def test_reconfigure_onto_no_uptime_kuma_is_refused(
    hass: HomeAssistant, kuma: KumaServer, start_server: StartServer
) -> None:
    """An Uptime Kuma entry stays one: a status server's address is
    not_uptime_kuma."""
    entry = await add_through_flow(hass, kuma)
    server = await start_server()
    result = await start_reconfigure(hass, entry)
    result = await configure(hass, result, {CONF_URL: server.url})
    assert result["step_id"] == "reconfigure_uptime_kuma"
    assert result["errors"] == {"base": "not_uptime_kuma"}
    assert suggested(result, CONF_URL) == server.url


async def test_reconfigure_as_another_user_is_wrong_account(
    hass: HomeAssistant, kuma: KumaServer, start_kuma: StartKuma
) -> None:
    entry = await add_through_flow(hass, kuma)
    data = dict(entry.data)
    other = await start_kuma(username="operator", password="operator-pass-3")
    result = await start_reconfigure(hass, entry)
    result = await configure(hass, result, {CONF_URL: other.url})
    result = await configure(
        hass, result, {CONF_USERNAME: "operator", CONF_PASSWORD: "operator-pass-3"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data == data
