"""Config flow against the real reference server: user, reauth, reconfigure, options."""

from __future__ import annotations

from collections.abc import Callable
import json
import logging
from pathlib import Path
import string
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import (
    SOURCE_USER,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.client.token import read_token
from custom_components.status_dashboard.config_flow import account_id
from custom_components.status_dashboard.const import (
    CONF_GRACE_PERIOD,
    CONF_VERIFY_SSL,
    DOMAIN,
)
from reference_server import StatusServer, issue_token

from ..conftest import StartServer
from ..helpers import set_up
from ..signin import unload_entries  # noqa: F401  (a fixture)

TRANSLATIONS = json.loads(
    (
        Path(__file__).parents[2]
        / "custom_components"
        / "status_dashboard"
        / "translations"
        / "en.json"
    ).read_text(encoding="utf-8")
)


def entry_for(server: StatusServer, token: str, **options: Any) -> MockConfigEntry:
    """An entry as the user step would create it (not added to hass)."""
    info = read_token(token)
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"127.0.0.1 ({info.subject})",
        unique_id=account_id(server.url, info),
        data={CONF_URL: server.url, CONF_TOKEN: token, CONF_VERIFY_SSL: True},
        options=options,
    )


def suggested(result: ConfigFlowResult, key: str) -> Any:
    """The value a form pre-fills for `key` (None if it suggests none)."""
    schema = result["data_schema"]
    assert schema is not None
    for marker in schema.schema:
        if marker == key:
            return (marker.description or {}).get("suggested_value")
    raise KeyError(key)


def assert_translated(result: ConfigFlowResult, section: str = "config") -> None:
    """The step, its fields, its errors or abort reason all have English text."""
    strings = TRANSLATIONS[section]
    if result["type"] is FlowResultType.FORM:
        step = strings["step"][result["step_id"]]
        schema = result["data_schema"]
        assert schema is not None
        assert {str(key) for key in schema.schema} == set(step["data"])
        given = set(result["description_placeholders"] or {})
        assert placeholders_in(step) <= given, "a {name} in the text is not filled"
        for error in (result["errors"] or {}).values():
            assert error in strings["error"]
    elif result["type"] is FlowResultType.ABORT:
        assert result["reason"] in strings["abort"]


def placeholders_in(strings: object) -> set[str]:
    """Every `{name}` the frontend must fill in these texts."""
    if isinstance(strings, dict):
        return {name for value in strings.values() for name in placeholders_in(value)}
    if isinstance(strings, str):
        return {name for _, name, _, _ in string.Formatter().parse(strings) if name}
    return set()


async def start_user_flow(hass: HomeAssistant) -> ConfigFlowResult:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return result


async def submit(
    hass: HomeAssistant, result: ConfigFlowResult, user_input: dict[str, Any]
) -> ConfigFlowResult:
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert_translated(result)
    return result


# ------------------------------------------------------------------ user step


async def test_user_form_is_shown_empty(hass: HomeAssistant) -> None:
    """The first form asks for URL, token and TLS verification, without errors."""
    result = await start_user_flow(hass)
    assert result["errors"] == {}
    assert_translated(result)
    schema = result["data_schema"]
    assert schema is not None
    assert [str(key) for key in schema.schema] == [
        CONF_URL,
        CONF_TOKEN,
        CONF_VERIFY_SSL,
    ]
    assert suggested(result, CONF_URL) is None
    assert suggested(result, CONF_TOKEN) is None
    assert hass.config_entries.async_entries(DOMAIN) == []


async def test_user_creates_entry_and_sets_it_up(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """A URL and token the server accepts become a working entry."""
    token = server.token("alice")
    result = await start_user_flow(hass)
    result = await submit(hass, result, {CONF_URL: server.url, CONF_TOKEN: token})

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "127.0.0.1 (alice)"
    assert result["data"] == {
        CONF_URL: f"http://127.0.0.1:{server.port}",
        CONF_TOKEN: token,
        CONF_VERIFY_SSL: True,
    }
    entry = result["result"]
    assert entry.unique_id == f"http://127.0.0.1:{server.port}#alice"
    assert entry.options == {}
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    # The probe connected once and left; the entry holds the one subscription.
    assert [(a.sub, a.accepted) for a in server.connection_attempts] == [
        ("alice", True),
        ("alice", True),
    ]
    assert server.subscriber_count == 1


@pytest.mark.parametrize(
    "typed",
    [
        "  http://127.0.0.1:{port}/  ",
        "http://127.0.0.1:{port}/",
        "HTTP://127.0.0.1:{port}?debug=1#top",
    ],
)
async def test_user_url_is_normalised(
    hass: HomeAssistant, server: StatusServer, typed: str
) -> None:
    """Whitespace, a trailing slash, query and fragment are not stored."""
    result = await start_user_flow(hass)
    result = await submit(
        hass,
        result,
        {CONF_URL: typed.format(port=server.port), CONF_TOKEN: server.token("alice")},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_URL] == f"http://127.0.0.1:{server.port}"
    assert result["result"].unique_id == f"http://127.0.0.1:{server.port}#alice"


async def test_user_verify_ssl_false_is_stored(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Turning TLS verification off is kept in the entry."""
    result = await start_user_flow(hass)
    result = await submit(
        hass,
        result,
        {
            CONF_URL: server.url,
            CONF_TOKEN: server.token("alice"),
            CONF_VERIFY_SSL: False,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VERIFY_SSL] is False
    assert result["result"].data[CONF_VERIFY_SSL] is False


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1:{port}",
        "not a url",
        "http://",
        "http:///status",
        "http://:{port}",
        "http://[::1",
    ],
)
async def test_user_invalid_url(
    hass: HomeAssistant, server: StatusServer, url: str
) -> None:
    """Anything but http(s) with a host is refused before connecting."""
    typed = url.format(port=server.port)
    result = await start_user_flow(hass)
    result = await submit(
        hass, result, {CONF_URL: typed, CONF_TOKEN: server.token("alice")}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_URL: "invalid_url"}
    assert suggested(result, CONF_URL) == typed
    assert server.connection_attempts == []


async def test_user_cannot_connect_to_closed_port(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """Nothing listening on the port: cannot_connect."""
    stopped = await start_server()
    url, token = stopped.url, stopped.token("alice")
    await stopped.stop()

    result = await start_user_flow(hass)
    result = await submit(hass, result, {CONF_URL: url, CONF_TOKEN: token})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    assert hass.config_entries.async_entries(DOMAIN) == []


@pytest.mark.parametrize(
    ("make_token", "refusal"),
    [
        (lambda server: issue_token("wrong-secret", "alice"), "invalid_token"),
        (lambda server: server.token("alice", expires_in=-60), "token_expired"),
        (lambda server: "not-a-jwt", "invalid_token"),
    ],
    ids=["wrong_secret", "expired", "garbage"],
)
async def test_user_invalid_auth(
    hass: HomeAssistant,
    server: StatusServer,
    make_token: Callable[[StatusServer], str],
    refusal: str,
) -> None:
    """A token the server refuses: invalid_auth, and no entry."""
    result = await start_user_flow(hass)
    result = await submit(
        hass, result, {CONF_URL: server.url, CONF_TOKEN: make_token(server)}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    assert {a.code for a in server.connection_attempts} == {refusal}
    assert hass.config_entries.async_entries(DOMAIN) == []


async def test_user_form_after_error_keeps_url_not_token(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """After an error the URL and TLS choice are shown again; the token is not."""
    bad = issue_token("wrong-secret", "alice")
    result = await start_user_flow(hass)
    result = await submit(
        hass,
        result,
        {CONF_URL: server.url + "/", CONF_TOKEN: bad, CONF_VERIFY_SSL: False},
    )
    assert result["errors"] == {"base": "invalid_auth"}
    assert suggested(result, CONF_URL) == server.url + "/"
    assert suggested(result, CONF_VERIFY_SSL) is False
    assert suggested(result, CONF_TOKEN) is None
    assert bad not in repr(result)


async def test_user_recovers_after_errors(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """The same flow goes on after invalid_url and invalid_auth to an entry."""
    good = server.token("alice")
    result = await start_user_flow(hass)
    result = await submit(hass, result, {CONF_URL: "ftp://x", CONF_TOKEN: good})
    assert result["errors"] == {CONF_URL: "invalid_url"}
    result = await submit(
        hass,
        result,
        {CONF_URL: server.url, CONF_TOKEN: issue_token("wrong-secret", "alice")},
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await submit(hass, result, {CONF_URL: server.url, CONF_TOKEN: good})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_TOKEN] == good
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_user_unknown_error_is_logged(
    hass: HomeAssistant, server: StatusServer, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected exception from the check: unknown, with the traceback logged."""
    result = await start_user_flow(hass)
    with patch(
        "custom_components.status_dashboard.config_flow.probe",
        side_effect=RuntimeError("boom"),
    ):
        result = await submit(
            hass, result, {CONF_URL: server.url, CONF_TOKEN: server.token("alice")}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "unknown"}
    [record] = [
        r
        for r in caplog.records
        if r.name == "custom_components.status_dashboard.config_flow"
    ]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == f"Unexpected error while checking {server.url}"
    assert record.exc_info is not None
    assert record.exc_info[0] is RuntimeError
    assert "RuntimeError: boom" in caplog.text

    # Without the fault the same flow succeeds.
    result = await submit(
        hass, result, {CONF_URL: server.url, CONF_TOKEN: server.token("alice")}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_same_server_and_user_is_already_configured(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Another token for the same user on the same server aborts."""
    result = await start_user_flow(hass)
    result = await submit(
        hass, result, {CONF_URL: server.url, CONF_TOKEN: server.token("alice")}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    first = result["result"]

    result = await start_user_flow(hass)
    result = await submit(
        hass,
        result,
        {
            CONF_URL: f" {server.url}/ ",
            CONF_TOKEN: server.token("alice", expires_in=7200),
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert hass.config_entries.async_entries(DOMAIN) == [first]


async def test_user_second_user_on_same_server_is_a_new_entry(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Each user of a server is its own entry."""
    for user in ("alice", "bob"):
        result = await start_user_flow(hass)
        result = await submit(
            hass, result, {CONF_URL: server.url, CONF_TOKEN: server.token(user)}
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert result["title"] == f"127.0.0.1 ({user})"

    entries = hass.config_entries.async_entries(DOMAIN)
    assert sorted(str(entry.unique_id) for entry in entries) == [
        f"{server.url}#alice",
        f"{server.url}#bob",
    ]


# --------------------------------------------------------------------- reauth


def add_entry(hass: HomeAssistant, server: StatusServer, token: str) -> MockConfigEntry:
    entry = entry_for(server, token)
    entry.add_to_hass(hass)
    return entry


async def test_reauth_new_token_for_same_user(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """An entry whose token expired takes a new one and works again."""
    entry = add_entry(hass, server, server.token("alice", expires_in=-60))

    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["url"] == server.url
    assert_translated(result)

    new = server.token("alice", expires_in=7200)
    result = await submit(hass, result, {CONF_TOKEN: new})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data == {
        CONF_URL: server.url,
        CONF_TOKEN: new,
        CONF_VERIFY_SSL: True,
    }
    assert entry.unique_id == f"{server.url}#alice"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_reauth_token_for_another_user(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """A valid token for someone else aborts and leaves the entry alone."""
    old = server.token("alice")
    entry = add_entry(hass, server, old)
    result = await entry.start_reauth_flow(hass)
    result = await submit(hass, result, {CONF_TOKEN: server.token("bob")})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data[CONF_TOKEN] == old
    assert entry.unique_id == f"{server.url}#alice"


async def test_reauth_bad_token_shows_error_then_recovers(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """A refused token keeps the reauth form open with invalid_auth."""
    old = server.token("alice")
    entry = add_entry(hass, server, old)
    result = await entry.start_reauth_flow(hass)
    result = await submit(
        hass, result, {CONF_TOKEN: issue_token("wrong-secret", "alice")}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {"base": "invalid_auth"}
    assert entry.data[CONF_TOKEN] == old

    new = server.token("alice", expires_in=7200)
    result = await submit(hass, result, {CONF_TOKEN: new})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_TOKEN] == new


# ---------------------------------------------------------------- reconfigure


async def start_reconfigure(
    hass: HomeAssistant, entry: MockConfigEntry
) -> ConfigFlowResult:
    result: ConfigFlowResult = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    return result


async def test_reconfigure_form_is_prefilled(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """The form shows the current URL and TLS choice, never the token."""
    entry = entry_for(server, server.token("alice"))
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_VERIFY_SSL: False}
    )
    result = await start_reconfigure(hass, entry)
    assert result["errors"] == {}
    assert_translated(result)
    assert suggested(result, CONF_URL) == server.url
    assert suggested(result, CONF_VERIFY_SSL) is False
    assert suggested(result, CONF_TOKEN) is None


async def test_reconfigure_moves_to_another_server(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """A new URL for the same user updates url, unique id, and reconnects there."""
    old_server = await start_server(secret="shared")
    new_server = await start_server(secret="shared")
    entry = entry_for(old_server, old_server.token("alice"))
    await set_up(hass, entry)
    assert old_server.subscriber_count == 1

    result = await start_reconfigure(hass, entry)
    token = new_server.token("alice", expires_in=7200)
    result = await submit(
        hass, result, {CONF_URL: new_server.url + "/", CONF_TOKEN: token}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {
        CONF_URL: new_server.url,
        CONF_TOKEN: token,
        CONF_VERIFY_SSL: True,
    }
    assert entry.unique_id == f"http://127.0.0.1:{new_server.port}#alice"
    assert entry.title == "127.0.0.1 (alice)"

    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    await new_server.wait_for(lambda: new_server.subscriber_count == 1)
    await old_server.wait_for(lambda: not old_server.connected_sids)


async def test_reconfigure_same_server_new_token(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """Only the token changes: the unique id stays, the token is replaced."""
    entry = entry_for(server, server.token("alice"))
    entry.add_to_hass(hass)
    result = await start_reconfigure(hass, entry)
    token = server.token("alice", expires_in=7200)
    result = await submit(
        hass,
        result,
        {CONF_URL: server.url, CONF_TOKEN: token, CONF_VERIFY_SSL: False},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.unique_id == f"{server.url}#alice"
    assert entry.data == {
        CONF_URL: server.url,
        CONF_TOKEN: token,
        CONF_VERIFY_SSL: False,
    }


async def test_reconfigure_token_for_another_user(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """A token for a different user aborts; the entry is unchanged."""
    old = server.token("alice")
    entry = entry_for(server, old)
    entry.add_to_hass(hass)
    result = await start_reconfigure(hass, entry)
    result = await submit(
        hass, result, {CONF_URL: server.url, CONF_TOKEN: server.token("bob")}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data[CONF_TOKEN] == old
    assert entry.unique_id == f"{server.url}#alice"


async def test_reconfigure_invalid_url_keeps_typed_url(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """An invalid URL shows the error and the URL as typed, not the stored one."""
    entry = entry_for(server, server.token("alice"))
    entry.add_to_hass(hass)
    result = await start_reconfigure(hass, entry)
    result = await submit(
        hass,
        result,
        {CONF_URL: "ftp://127.0.0.1", CONF_TOKEN: server.token("alice")},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {CONF_URL: "invalid_url"}
    assert suggested(result, CONF_URL) == "ftp://127.0.0.1"
    assert suggested(result, CONF_TOKEN) is None
    assert entry.data[CONF_URL] == server.url


async def test_reconfigure_onto_an_existing_account_aborts(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    """Moving an entry to a server+user another entry has: already_configured."""
    first = await start_server(secret="shared")
    second = await start_server(secret="shared")
    on_first = entry_for(first, first.token("alice"))
    on_first.add_to_hass(hass)
    on_second = entry_for(second, second.token("alice"))
    on_second.add_to_hass(hass)

    result = await start_reconfigure(hass, on_second)
    result = await submit(
        hass, result, {CONF_URL: first.url, CONF_TOKEN: first.token("alice")}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert on_second.data[CONF_URL] == second.url
    assert on_second.unique_id == f"{second.url}#alice"
    assert on_first.unique_id == f"{first.url}#alice"


# -------------------------------------------------------------------- options


async def test_options_show_default_and_save(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """The grace period defaults to 30 s; 120 is stored as an int."""
    entry = entry_for(server, server.token("alice"))
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert_translated(result, "options")
    assert suggested(result, CONF_GRACE_PERIOD) == 30

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_GRACE_PERIOD: 120}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_GRACE_PERIOD] == 120
    assert entry.options[CONF_GRACE_PERIOD] == 120
    assert type(entry.options[CONF_GRACE_PERIOD]) is int


async def test_options_show_current_value_and_refuse_out_of_range(
    hass: HomeAssistant, server: StatusServer
) -> None:
    """The form shows the stored grace period; more than 600 s is refused."""
    entry = entry_for(server, server.token("alice"), **{CONF_GRACE_PERIOD: 45})
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert suggested(result, CONF_GRACE_PERIOD) == 45

    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_GRACE_PERIOD: 601}
        )
    assert entry.options == {CONF_GRACE_PERIOD: 45}


def test_translations_cover_every_error_and_abort() -> None:
    """Every error and abort reason the flow can produce has English text."""
    assert set(TRANSLATIONS["config"]["error"]) == {
        "cannot_connect",
        "invalid_auth",
        "invalid_code",
        "invalid_url",
        "not_uptime_kuma",
        "sign_in_not_offered",
        "too_many_attempts",
        "unknown",
    }
    assert {"already_configured", "wrong_account"} <= set(
        TRANSLATIONS["config"]["abort"]
    )
