"""Config flow: the server URL, then a pasted token or a sign-in with username and
password; either is checked against the server before saving."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_URL, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio as vol
from yarl import URL

from .chosen_entities import chosen_options
from .client.auth import (
    CredentialsRefused,
    InvalidTokenAnswer,
    SignedIn,
    SignInNotOffered,
    sign_in,
)
from .client.connection import probe
from .client.errors import AuthenticationFailed, CannotConnect
from .client.token import TokenInfo, read_token
from .const import (
    CONF_GRACE_PERIOD,
    CONF_VERIFY_SSL,
    DEFAULT_GRACE_PERIOD,
    DOMAIN,
    ENTITY_OPTIONS,
    MAX_GRACE_PERIOD,
    connection_timing,
)
from .renewal import CONF_SIGN_IN, async_forget_tokens, new_sign_in

_LOGGER = logging.getLogger(__name__)

URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
TOKEN_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
USERNAME_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.TEXT, autocomplete="username")
)
PASSWORD_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="current-password")
)
# Filled into the forms' help text; translations may not contain URLs.
EXAMPLE_URL = "http://status.local:8765"


class InvalidUrl(ValueError):
    """Not an http(s) URL with a host."""


def normalize_url(text: str) -> str:
    """http(s)://host[:port][/path] without a trailing slash, query or fragment."""
    try:
        url = URL(text.strip())
    except ValueError, TypeError:
        raise InvalidUrl(text) from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidUrl(text)
    return str(url.with_query(None).with_fragment(None)).rstrip("/")


def account_id(url: str, token: TokenInfo) -> str:
    """The entry's unique id: the server's origin plus the token's subject."""
    origin = str(URL(url).origin()).lower()
    return f"{origin}#{token.subject}" if token.subject else origin


@dataclass(frozen=True, slots=True)
class _Checked:
    url: str
    token_text: str
    token: TokenInfo
    verify_ssl: bool
    signed_in: SignedIn | None = None

    @property
    def data(self) -> dict[str, Any]:
        """The entry's data: the pasted token, or the sign-in's first tokens."""
        if self.signed_in is not None:
            return {
                CONF_URL: self.url,
                CONF_VERIFY_SSL: self.verify_ssl,
                CONF_SIGN_IN: new_sign_in(self.signed_in),
            }
        return {
            CONF_URL: self.url,
            CONF_TOKEN: self.token_text,
            CONF_VERIFY_SSL: self.verify_ssl,
        }


class StatusDashboardConfigFlow(ConfigFlow, domain=DOMAIN):
    """Ask for the server and a token, or no token and then a username and
    password; reauth and reconfigure keep the account."""

    VERSION = 1
    # URL and TLS switch of a form submitted without a token: the sign-in
    # form signs in there.
    _server: tuple[str, bool] | None = None

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> StatusDashboardOptionsFlow:
        """The grace period and the entities each service gets."""
        return StatusDashboardOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Server URL, TLS verification and a token, or none to sign in."""
        errors: dict[str, str] = {}
        if user_input is not None:
            checked, errors = await self._check_form(user_input)
            if checked is not None or self._server is not None:
                return await self._next(checked)
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                _server_schema(), _without_token(user_input)
            ),
            description_placeholders={"example_url": EXAMPLE_URL},
            errors=errors,
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """The server refused the token."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A new token for the same account, or none to sign in again."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            checked, errors = await self._check_form(
                {
                    CONF_URL: entry.data[CONF_URL],
                    CONF_VERIFY_SSL: entry.data.get(CONF_VERIFY_SSL, True),
                    **user_input,
                }
            )
            if checked is not None or self._server is not None:
                return await self._next(checked)
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Optional(CONF_TOKEN): TOKEN_SELECTOR}),
            description_placeholders={"url": entry.data[CONF_URL]},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the URL and/or the token or sign-in of the same account."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            checked, errors = await self._check_form(user_input)
            if checked is not None or self._server is not None:
                return await self._next(checked)
        suggested = _without_token(user_input) or {
            CONF_URL: entry.data[CONF_URL],
            CONF_VERIFY_SSL: entry.data.get(CONF_VERIFY_SSL, True),
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _server_schema(), suggested
            ),
            description_placeholders={"example_url": EXAMPLE_URL},
            errors=errors,
        )

    async def async_step_sign_in(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Username and password: signed in once, the password is forgotten."""
        assert self._server is not None
        url, verify_ssl = self._server
        errors: dict[str, str] = {}
        if user_input is not None:
            checked, errors = await self._sign_in(
                url, verify_ssl, user_input[CONF_USERNAME], user_input[CONF_PASSWORD]
            )
            if checked is not None:
                return await self._finish(checked)
        return self.async_show_form(
            step_id="sign_in",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_USERNAME): USERNAME_SELECTOR,
                        vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
                    }
                ),
                {CONF_USERNAME: user_input[CONF_USERNAME]} if user_input else {},
            ),
            description_placeholders={"url": url},
            errors=errors,
        )

    async def _next(self, checked: _Checked | None) -> ConfigFlowResult:
        """A checked token ends the flow; no token leads to the sign-in form."""
        if checked is None:
            return await self.async_step_sign_in()
        return await self._finish(checked)

    async def _finish(self, checked: _Checked) -> ConfigFlowResult:
        """Create or update the entry, keeping each entry to its account."""
        unique_id = account_id(checked.url, checked.token)
        if self.source == SOURCE_REAUTH:
            entry = self._get_reauth_entry()
            await self.async_set_unique_id(unique_id)
            self._abort_if_unique_id_mismatch(reason="wrong_account")
            await self._forget_sign_in(entry, checked)
            return self.async_update_reload_and_abort(entry, data=checked.data)
        if self.source == SOURCE_RECONFIGURE:
            entry = self._get_reconfigure_entry()
            if checked.token.subject != _entry_subject(entry):
                return self.async_abort(reason="wrong_account")
            if unique_id != entry.unique_id:
                await self.async_set_unique_id(unique_id)
                self._abort_if_unique_id_configured()
            await self._forget_sign_in(entry, checked)
            return self.async_update_reload_and_abort(
                entry, unique_id=unique_id, title=_title(checked), data=checked.data
            )
        await self.async_set_unique_id(unique_id)
        self._abort_if_unique_id_configured()
        return self.async_create_entry(title=_title(checked), data=checked.data)

    async def _forget_sign_in(self, entry: ConfigEntry, checked: _Checked) -> None:
        """A pasted token replaces a sign-in: its stored tokens go."""
        if CONF_SIGN_IN in entry.data and checked.signed_in is None:
            await async_forget_tokens(self.hass, entry.entry_id)

    async def _check_form(
        self, user_input: dict[str, Any]
    ) -> tuple[_Checked | None, dict[str, str]]:
        """Check the URL, then the token; without a token, remember the server
        for the sign-in form."""
        self._server = None
        try:
            url = normalize_url(user_input[CONF_URL])
        except InvalidUrl:
            return None, {CONF_URL: "invalid_url"}
        verify_ssl = user_input.get(CONF_VERIFY_SSL, True)
        token = user_input.get(CONF_TOKEN, "").strip()
        if not token:
            self._server = (url, verify_ssl)
            return None, {}
        return await self._check(url, token, verify_ssl)

    async def _sign_in(
        self, url: str, verify_ssl: bool, username: str, password: str
    ) -> tuple[_Checked | None, dict[str, str]]:
        """Sign in at the server's login endpoint, then check the access token."""
        session = async_get_clientsession(self.hass, verify_ssl=verify_ssl)
        timeout = connection_timing(self.hass).attempt_timeout
        try:
            signed_in = await sign_in(session, url, username, password, timeout=timeout)
        except CredentialsRefused:
            return None, {"base": "invalid_auth"}
        except SignInNotOffered:
            return None, {"base": "sign_in_not_offered"}
        except CannotConnect:
            return None, {"base": "cannot_connect"}
        except InvalidTokenAnswer as err:
            _LOGGER.warning("Unexpected sign-in answer from %s: %s", url, err)
            return None, {"base": "unknown"}
        except Exception:
            _LOGGER.exception("Unexpected error while signing in at %s", url)
            return None, {"base": "unknown"}
        checked, errors = await self._check(url, signed_in.access_token, verify_ssl)
        if checked is None:
            return None, errors
        return _Checked(url, "", checked.token, verify_ssl, signed_in=signed_in), {}

    async def _check(
        self, url: str, token: str, verify_ssl: bool
    ) -> tuple[_Checked | None, dict[str, str]]:
        """Connect, subscribe and wait for the bulk update, as the entry will."""
        session = async_get_clientsession(self.hass, verify_ssl=verify_ssl)
        try:
            await probe(
                url, token, session, connection_timing(self.hass).attempt_timeout
            )
        except AuthenticationFailed:
            return None, {"base": "invalid_auth"}
        except CannotConnect:
            return None, {"base": "cannot_connect"}
        except Exception:
            _LOGGER.exception("Unexpected error while checking %s", url)
            return None, {"base": "unknown"}
        return _Checked(url, token, read_token(token), verify_ssl), {}


class StatusDashboardOptionsFlow(OptionsFlowWithReload):
    """How long services keep their state while the connection is down, and
    which of their optional entities services get."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The grace period, in seconds, and a switch per optional entity kind."""
        chosen = chosen_options(self.config_entry.options)
        if user_input is not None:
            choice = {option: bool(user_input[option]) for option in ENTITY_OPTIONS}
            # The platforms make their entities at setup: a new choice reloads
            # the entry. A new grace period alone applies without one.
            self.automatic_reload = choice != chosen
            return self.async_create_entry(
                data={CONF_GRACE_PERIOD: int(user_input[CONF_GRACE_PERIOD]), **choice}
            )
        schema = vol.Schema(
            {
                vol.Required(CONF_GRACE_PERIOD): NumberSelector(
                    NumberSelectorConfig(
                        min=0,
                        max=MAX_GRACE_PERIOD,
                        step=1,
                        unit_of_measurement="s",
                        mode=NumberSelectorMode.BOX,
                    )
                ),
                # Left out of a submitted form: as it is now.
                **{
                    vol.Required(option, default=on): BooleanSelector()
                    for option, on in chosen.items()
                },
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                schema,
                {
                    CONF_GRACE_PERIOD: self.config_entry.options.get(
                        CONF_GRACE_PERIOD, DEFAULT_GRACE_PERIOD
                    ),
                    **chosen,
                },
            ),
        )


def _server_schema() -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_URL): URL_SELECTOR,
            # Left empty: sign in with a username and password instead.
            vol.Optional(CONF_TOKEN): TOKEN_SELECTOR,
            vol.Required(CONF_VERIFY_SSL, default=True): bool,
        }
    )


def _without_token(user_input: dict[str, Any] | None) -> dict[str, Any]:
    """What the user typed, to show again after an error: never the token."""
    if not user_input:
        return {}
    return {key: value for key, value in user_input.items() if key != CONF_TOKEN}


def _entry_subject(entry: ConfigEntry) -> str | None:
    """The user an entry belongs to: its token's subject, or its unique id's."""
    if CONF_TOKEN in entry.data:
        return read_token(entry.data[CONF_TOKEN]).subject
    return (entry.unique_id or "").partition("#")[2] or None


def _title(checked: _Checked) -> str:
    """The server's host and who signed in: the email when the token has one."""
    host = URL(checked.url).host or checked.url
    who = checked.token.email or checked.token.subject
    return f"{host} ({who})" if who else host
