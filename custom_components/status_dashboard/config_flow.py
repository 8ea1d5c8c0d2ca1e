"""Config flow: the server URL, then a pasted token, a sign-in with username and
password, or an Uptime Kuma login (with a two-factor code when the account has
one); each is checked against the server before saving."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
import logging
from typing import Any, Literal

import aiohttp
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import (
    CONF_CODE,
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_URL,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant, callback
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
    LOGIN_PATH,
    CredentialsRefused,
    InvalidTokenAnswer,
    SignInNotOffered,
    endpoint,
    sign_in,
)
from .client.connection import probe
from .client.errors import AuthenticationFailed, CannotConnect
from .client.token import TokenInfo, read_token
from .client.uptime_kuma_answers import LoginOutcome, LoginRefusal
from .client.uptime_kuma_login import is_uptime_kuma, log_in
from .const import (
    CONF_GRACE_PERIOD,
    CONF_SERVER_KIND,
    CONF_SIGN_IN,
    CONF_VERIFY_SSL,
    CONNECTION_TIMING,
    DEFAULT_GRACE_PERIOD,
    DOMAIN,
    ENTITY_OPTIONS,
    MAX_GRACE_PERIOD,
    UPTIME_KUMA,
    speaks_uptime_kuma,
)
from .renewal import async_forget_tokens, new_sign_in

_LOGGER = logging.getLogger(__name__)

URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
TOKEN_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
USERNAME_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.TEXT, autocomplete="username")
)
PASSWORD_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="current-password")
)
CODE_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.TEXT, autocomplete="one-time-code")
)
# Filled into the forms' help text; translations may not contain URLs.
EXAMPLE_URL = "http://status.local:8765"
UPTIME_KUMA_EXAMPLE_URL = "http://uptime-kuma.local:3001"

# The form's error for each refusal of an Uptime Kuma login; any other is
# "unknown", with the server's words in the log.
UPTIME_KUMA_REFUSALS = {
    LoginRefusal.INCORRECT_CREDENTIALS: "invalid_auth",
    LoginRefusal.USER_INACTIVE: "invalid_auth",
    LoginRefusal.INVALID_CODE: "invalid_code",
    # 20 logins a minute for the whole server.
    LoginRefusal.RATE_LIMITED: "too_many_attempts",
}

type FormErrors = dict[str, str]
type UptimeKumaLogin = str | Literal[LoginOutcome.CODE_REQUIRED] | FormErrors


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
class _Server:
    """Where the entry connects: the normalised URL and the TLS switch."""

    url: str
    verify_ssl: bool


@dataclass(frozen=True, slots=True)
class _UptimeKumaAccount:
    """Who logs in to Uptime Kuma; kept by the flow only until the two-factor
    code is taken."""

    username: str
    password: str = field(repr=False)


def _server_from(user_input: Mapping[str, Any]) -> _Server:
    """The server a form names; `InvalidUrl` when its URL is not one."""
    return _Server(normalize_url(user_input[CONF_URL]), user_input[CONF_VERIFY_SSL])


async def validate_connection(
    hass: HomeAssistant, server: _Server, token: str, *, uptime_kuma: bool = False
) -> FormErrors:
    """Connect, subscribe (or log in to Uptime Kuma with its token) and wait
    for the full list, as the entry will; the form's errors, none when the
    server took the token."""
    session = async_get_clientsession(hass, verify_ssl=server.verify_ssl)
    try:
        await probe(
            server.url,
            token,
            session,
            CONNECTION_TIMING.attempt_timeout,
            uptime_kuma=uptime_kuma,
        )
    except AuthenticationFailed:
        return {"base": "invalid_auth"}
    except CannotConnect:
        return {"base": "cannot_connect"}
    except Exception:
        _LOGGER.exception("Unexpected error while checking %s", server.url)
        return {"base": "unknown"}
    return {}


async def offers_sign_in(
    url: str, session: aiohttp.ClientSession, timeout: float
) -> bool:
    """Whether the server has the protocol's sign-in endpoint, without signing
    in: the endpoint takes POST only, so a GET there is answered 405."""
    try:
        async with session.get(
            endpoint(url, LOGIN_PATH),
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as response:
            return response.status == HTTPStatus.METHOD_NOT_ALLOWED
    except aiohttp.ClientError, TimeoutError:
        return False


async def log_in_to_uptime_kuma(
    hass: HomeAssistant,
    server: _Server,
    account: _UptimeKumaAccount,
    code: str | None = None,
) -> UptimeKumaLogin:
    """Log in to Uptime Kuma once: the token it hands out, CODE_REQUIRED when
    the account has two-factor authentication and no code came with the
    login, or the form's errors."""
    session = async_get_clientsession(hass, verify_ssl=server.verify_ssl)
    try:
        answer = await log_in(
            server.url,
            session,
            account.username,
            account.password,
            code=code,
            timeout=CONNECTION_TIMING.attempt_timeout,
        )
    except CannotConnect:
        return {"base": "cannot_connect"}
    except Exception:
        _LOGGER.exception("Unexpected error while logging in at %s", server.url)
        return {"base": "unknown"}
    if answer.token is not None:  # signed in
        return answer.token
    if answer.refusal is None:  # neither signed in nor refused
        return LoginOutcome.CODE_REQUIRED
    if error := UPTIME_KUMA_REFUSALS.get(answer.refusal):
        return {"base": error}
    # Uptime Kuma's own words (a translation key or a sentence), not a secret.
    _LOGGER.warning(
        "Uptime Kuma at %s refused the login: %s",
        server.url,
        answer.message or "(no reason given)",
    )
    return {"base": "unknown"}


class StatusDashboardConfigFlow(ConfigFlow, domain=DOMAIN):
    """Ask for the server and a token, or no token and then a username and
    password (Uptime Kuma's login when the server is one); reauth and
    reconfigure keep the account.

    Every way in ends with an access token that `validate_connection` checks
    and `_finish` saves with the credentials that keep it valid.
    """

    VERSION = 1
    # Named by the user, reconfigure or reauth step; the sign-in signs in there.
    _server: _Server
    # Between Uptime Kuma's request for a two-factor code and the login with
    # it; deleted once logged in.
    _uptime_kuma_account: _UptimeKumaAccount

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> StatusDashboardOptionsFlow:
        """The grace period and the entities each service gets."""
        return StatusDashboardOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Server URL, TLS verification and a token, or none to sign in."""
        return await self._server_step("user", user_input, {})

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the URL and/or the token or sign-in of the same account."""
        entry = self._get_reconfigure_entry()
        if speaks_uptime_kuma(entry.data):
            return await self.async_step_reconfigure_uptime_kuma(user_input)
        return await self._server_step("reconfigure", user_input, _server_of(entry))

    async def async_step_reconfigure_uptime_kuma(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The Uptime Kuma server's URL, then a login as the same user."""
        errors: FormErrors = {}
        if user_input is not None:
            try:
                self._server = _server_from(user_input)
            except InvalidUrl:
                errors = {CONF_URL: "invalid_url"}
            else:
                if await self._is_uptime_kuma():
                    return await self.async_step_uptime_kuma()
                errors = {"base": "not_uptime_kuma"}
        return self.async_show_form(
            step_id="reconfigure_uptime_kuma",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_URL): URL_SELECTOR,
                        vol.Required(CONF_VERIFY_SSL, default=True): bool,
                    }
                ),
                user_input or _server_of(self._get_reconfigure_entry()),
            ),
            description_placeholders={"example_url": UPTIME_KUMA_EXAMPLE_URL},
            errors=errors,
        )

    async def _server_step(
        self, step_id: str, user_input: dict[str, Any] | None, current: dict[str, Any]
    ) -> ConfigFlowResult:
        """The form of the user and reconfigure steps: the server and a token
        that is checked here, or no token to sign in next."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                self._server = _server_from(user_input)
            except InvalidUrl:
                errors = {CONF_URL: "invalid_url"}
            else:
                if not (token := user_input.get(CONF_TOKEN, "").strip()):
                    return await self._log_in_step()
                if not (
                    errors := await validate_connection(self.hass, self._server, token)
                ):
                    return await self._finish(token, {CONF_TOKEN: token})
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                _server_schema(), _without_token(user_input) or current
            ),
            description_placeholders={"example_url": EXAMPLE_URL},
            errors=errors,
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """The server refused the token: a new one or a sign-in; for Uptime
        Kuma, its login again."""
        self._server = _Server(
            entry_data[CONF_URL], entry_data.get(CONF_VERIFY_SSL, True)
        )
        if speaks_uptime_kuma(entry_data):
            return await self.async_step_uptime_kuma()
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A new token for the same account, or none to sign in again."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if not (token := user_input.get(CONF_TOKEN, "").strip()):
                return await self.async_step_sign_in()
            if not (
                errors := await validate_connection(self.hass, self._server, token)
            ):
                return await self._finish(token, {CONF_TOKEN: token})
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Optional(CONF_TOKEN): TOKEN_SELECTOR}),
            description_placeholders={"url": self._server.url},
            errors=errors,
        )

    async def async_step_sign_in(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Username and password: signed in once, the password is forgotten."""
        url = self._server.url
        errors: dict[str, str] = {}
        if user_input is not None:
            session = async_get_clientsession(
                self.hass, verify_ssl=self._server.verify_ssl
            )
            try:
                signed_in = await sign_in(
                    session,
                    url,
                    user_input[CONF_USERNAME],
                    user_input[CONF_PASSWORD],
                    timeout=CONNECTION_TIMING.attempt_timeout,
                )
            except CredentialsRefused:
                errors = {"base": "invalid_auth"}
            except SignInNotOffered:
                errors = {"base": "sign_in_not_offered"}
            except CannotConnect:
                errors = {"base": "cannot_connect"}
            except InvalidTokenAnswer as err:
                _LOGGER.warning("Unexpected sign-in answer from %s: %s", url, err)
                errors = {"base": "unknown"}
            except Exception:
                _LOGGER.exception("Unexpected error while signing in at %s", url)
                errors = {"base": "unknown"}
            else:
                token = signed_in.access_token
                if not (
                    errors := await validate_connection(self.hass, self._server, token)
                ):
                    return await self._finish(
                        token, {CONF_SIGN_IN: new_sign_in(signed_in)}
                    )
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

    async def async_step_uptime_kuma(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Uptime Kuma's username and password: logged in once, then the
        password is forgotten; a two-factor code is asked next if needed."""
        errors: FormErrors = {}
        if user_input is not None:
            account = _UptimeKumaAccount(
                user_input[CONF_USERNAME], user_input[CONF_PASSWORD]
            )
            login = await log_in_to_uptime_kuma(self.hass, self._server, account)
            if login is LoginOutcome.CODE_REQUIRED:
                self._uptime_kuma_account = account
                return await self.async_step_uptime_kuma_code()
            if isinstance(login, dict):
                errors = login
            elif not (errors := await self._check_uptime_kuma_token(login)):
                return await self._finish(login, _uptime_kuma_data(login))
        return self.async_show_form(
            step_id="uptime_kuma",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_USERNAME): USERNAME_SELECTOR,
                        vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
                    }
                ),
                {CONF_USERNAME: user_input[CONF_USERNAME]}
                if user_input
                else self._entry_username(),
            ),
            description_placeholders={"url": self._server.url},
            errors=errors,
        )

    async def async_step_uptime_kuma_code(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The two-factor code from the authenticator app: the login again,
        with it."""
        errors: FormErrors = {}
        if user_input is not None:
            login = await log_in_to_uptime_kuma(
                self.hass,
                self._server,
                self._uptime_kuma_account,
                # As authenticator apps show it ("123 456"), or typed.
                "".join(user_input[CONF_CODE].split()),
            )
            if login is LoginOutcome.CODE_REQUIRED:
                # Asked again: the code was empty.
                errors = {"base": "invalid_code"}
            elif isinstance(login, dict):
                errors = login
            elif not (errors := await self._check_uptime_kuma_token(login)):
                del self._uptime_kuma_account
                return await self._finish(login, _uptime_kuma_data(login))
        return self.async_show_form(
            step_id="uptime_kuma_code",
            data_schema=vol.Schema({vol.Required(CONF_CODE): CODE_SELECTOR}),
            description_placeholders={"url": self._server.url},
            errors=errors,
        )

    async def _log_in_step(self) -> ConfigFlowResult:
        """No token: Uptime Kuma's login when the server is one, else the
        status server's sign-in. A server with the sign-in endpoint is not
        asked: it would see a socket without credentials."""
        if await self._offers_sign_in() or not await self._is_uptime_kuma():
            return await self.async_step_sign_in()
        return await self.async_step_uptime_kuma()

    async def _offers_sign_in(self) -> bool:
        session = async_get_clientsession(self.hass, verify_ssl=self._server.verify_ssl)
        return await offers_sign_in(
            self._server.url, session, CONNECTION_TIMING.attempt_timeout
        )

    async def _is_uptime_kuma(self) -> bool:
        session = async_get_clientsession(self.hass, verify_ssl=self._server.verify_ssl)
        return await is_uptime_kuma(
            self._server.url, session, CONNECTION_TIMING.attempt_timeout
        )

    async def _check_uptime_kuma_token(self, token: str) -> FormErrors:
        return await validate_connection(
            self.hass, self._server, token, uptime_kuma=True
        )

    def _entry_username(self) -> dict[str, str]:
        """The user of the entry being reauthenticated or reconfigured, to
        pre-fill the login form with; nothing for a new entry."""
        if self.source == SOURCE_REAUTH:
            entry = self._get_reauth_entry()
        elif self.source == SOURCE_RECONFIGURE:
            entry = self._get_reconfigure_entry()
        else:
            return {}
        username = _entry_subject(entry)
        return {CONF_USERNAME: username} if username else {}

    async def _finish(
        self, token: str, credentials: dict[str, Any]
    ) -> ConfigFlowResult:
        """Create or update the entry: the server, and the credentials that keep
        `token` (checked) valid. Each entry stays with its account."""
        info = read_token(token)
        unique_id = account_id(self._server.url, info)
        title = _title(self._server.url, info)
        data = {
            CONF_URL: self._server.url,
            CONF_VERIFY_SSL: self._server.verify_ssl,
            **credentials,
        }
        if self.source == SOURCE_REAUTH:
            entry = self._get_reauth_entry()
            await self.async_set_unique_id(unique_id)
            self._abort_if_unique_id_mismatch(reason="wrong_account")
            await _forget_sign_in(self.hass, entry, data)
            return self.async_update_reload_and_abort(entry, data=data)
        if self.source == SOURCE_RECONFIGURE:
            entry = self._get_reconfigure_entry()
            if info.subject != _entry_subject(entry):
                return self.async_abort(reason="wrong_account")
            if unique_id != entry.unique_id:
                await self.async_set_unique_id(unique_id)
                self._abort_if_unique_id_configured()
            await _forget_sign_in(self.hass, entry, data)
            return self.async_update_reload_and_abort(
                entry, unique_id=unique_id, title=title, data=data
            )
        await self.async_set_unique_id(unique_id)
        self._abort_if_unique_id_configured()
        return self.async_create_entry(title=title, data=data)


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


def _server_of(entry: ConfigEntry) -> dict[str, Any]:
    """An entry's server, as its forms pre-fill it."""
    return {
        CONF_URL: entry.data[CONF_URL],
        CONF_VERIFY_SSL: entry.data.get(CONF_VERIFY_SSL, True),
    }


def _uptime_kuma_data(token: str) -> dict[str, Any]:
    """What an Uptime Kuma entry keeps besides its server: the token, which
    stays valid until the password changes, never the password."""
    return {CONF_TOKEN: token, CONF_SERVER_KIND: UPTIME_KUMA}


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


async def _forget_sign_in(
    hass: HomeAssistant, entry: ConfigEntry, data: Mapping[str, Any]
) -> None:
    """A pasted token replaces a sign-in: its stored tokens go."""
    if CONF_SIGN_IN in entry.data and CONF_SIGN_IN not in data:
        await async_forget_tokens(hass, entry.entry_id)


def _title(url: str, token: TokenInfo) -> str:
    """The server's host and who signed in: the email when the token has one."""
    host = URL(url).host or url
    who = token.email or token.subject
    return f"{host} ({who})" if who else host
