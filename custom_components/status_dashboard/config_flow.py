"""Config flow: server URL and token, checked against the server before saving."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio as vol
from yarl import URL

from .client.connection import probe
from .client.errors import AuthenticationFailed, CannotConnect
from .client.token import TokenInfo, read_token
from .const import (
    ATTEMPT_TIMEOUT,
    CONF_GRACE_PERIOD,
    CONF_VERIFY_SSL,
    DEFAULT_GRACE_PERIOD,
    DOMAIN,
    MAX_GRACE_PERIOD,
)

_LOGGER = logging.getLogger(__name__)

URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
TOKEN_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))


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
    token: TokenInfo
    services: int


class StatusDashboardConfigFlow(ConfigFlow, domain=DOMAIN):
    """Ask for the server and a token; reauth and reconfigure keep the account."""

    VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> StatusDashboardOptionsFlow:
        """The grace period."""
        return StatusDashboardOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Server URL, token and TLS verification."""
        errors: dict[str, str] = {}
        if user_input is not None:
            checked, errors = await self._check(
                user_input[CONF_URL],
                user_input[CONF_TOKEN],
                user_input.get(CONF_VERIFY_SSL, True),
            )
            if checked is not None:
                await self.async_set_unique_id(account_id(checked.url, checked.token))
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=_title(checked),
                    data={
                        CONF_URL: checked.url,
                        CONF_TOKEN: user_input[CONF_TOKEN],
                        CONF_VERIFY_SSL: user_input.get(CONF_VERIFY_SSL, True),
                    },
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                _server_schema(), _without_token(user_input)
            ),
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
        """A new token for the same account."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            checked, errors = await self._check(
                entry.data[CONF_URL],
                user_input[CONF_TOKEN],
                entry.data.get(CONF_VERIFY_SSL, True),
            )
            if checked is not None:
                await self.async_set_unique_id(account_id(checked.url, checked.token))
                self._abort_if_unique_id_mismatch(reason="wrong_account")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_TOKEN: user_input[CONF_TOKEN]}
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_TOKEN): TOKEN_SELECTOR}),
            description_placeholders={"url": entry.data[CONF_URL]},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the URL and/or token of the same account."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            checked, errors = await self._check(
                user_input[CONF_URL],
                user_input[CONF_TOKEN],
                user_input.get(CONF_VERIFY_SSL, True),
            )
            if checked is not None:
                if checked.token.subject != read_token(entry.data[CONF_TOKEN]).subject:
                    return self.async_abort(reason="wrong_account")
                unique_id = account_id(checked.url, checked.token)
                if unique_id != entry.unique_id:
                    await self.async_set_unique_id(unique_id)
                    self._abort_if_unique_id_configured()
                return self.async_update_reload_and_abort(
                    entry,
                    unique_id=unique_id,
                    title=_title(checked),
                    data_updates={
                        CONF_URL: checked.url,
                        CONF_TOKEN: user_input[CONF_TOKEN],
                        CONF_VERIFY_SSL: user_input.get(CONF_VERIFY_SSL, True),
                    },
                )
        suggested = _without_token(user_input) or {
            CONF_URL: entry.data[CONF_URL],
            CONF_VERIFY_SSL: entry.data.get(CONF_VERIFY_SSL, True),
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _server_schema(), suggested
            ),
            errors=errors,
        )

    async def _check(
        self, raw_url: str, token: str, verify_ssl: bool
    ) -> tuple[_Checked | None, dict[str, str]]:
        """Connect, subscribe and wait for the bulk update, as the entry will."""
        try:
            url = normalize_url(raw_url)
        except InvalidUrl:
            return None, {CONF_URL: "invalid_url"}
        session = async_get_clientsession(self.hass, verify_ssl=verify_ssl)
        try:
            bulk = await probe(url, token, session, timeout=ATTEMPT_TIMEOUT)
        except AuthenticationFailed:
            return None, {"base": "invalid_auth"}
        except CannotConnect:
            return None, {"base": "cannot_connect"}
        except Exception:
            _LOGGER.exception("Unexpected error while checking %s", url)
            return None, {"base": "unknown"}
        return _Checked(url, read_token(token), len(bulk.services)), {}


class StatusDashboardOptionsFlow(OptionsFlow):
    """How long services keep their state while the connection is down."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The grace period, in seconds."""
        if user_input is not None:
            return self.async_create_entry(
                data={CONF_GRACE_PERIOD: int(user_input[CONF_GRACE_PERIOD])}
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
                )
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                schema,
                {
                    CONF_GRACE_PERIOD: self.config_entry.options.get(
                        CONF_GRACE_PERIOD, DEFAULT_GRACE_PERIOD
                    )
                },
            ),
        )


def _server_schema() -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_URL): URL_SELECTOR,
            vol.Required(CONF_TOKEN): TOKEN_SELECTOR,
            vol.Required(CONF_VERIFY_SSL, default=True): bool,
        }
    )


def _without_token(user_input: dict[str, Any] | None) -> dict[str, Any]:
    """What the user typed, to show again after an error: never the token."""
    if not user_input:
        return {}
    return {key: value for key, value in user_input.items() if key != CONF_TOKEN}


def _title(checked: _Checked) -> str:
    host = URL(checked.url).host or checked.url
    return f"{host} ({checked.token.subject})" if checked.token.subject else host
