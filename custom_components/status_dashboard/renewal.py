"""Access tokens that renew themselves, for entries signed in with a password.

Where the tokens live: the config flow puts the sign-in's first tokens in the
entry (with a random sign-in id); from then on a `Store` of the entry holds
the current ones. Every refresh spends the refresh token, so the new pair is
written to the Store (at once, not with the config entries' delayed save)
before the new access token is used: after a crash the file never holds a
spent refresh token.

When: well ahead of expiry (a third of the token's life, at most ten minutes,
jittered), then again for every new token. Transient failures are retried
with backoff (honouring `Retry-After`); a refused refresh token stops renewal
and asks the user to sign in again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
import logging
import math
import random
import time
from typing import Any
import uuid

import aiohttp
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers.storage import Store

from .client.auth import (
    CredentialsRefused,
    InvalidTokenAnswer,
    SignedIn,
    SignInNotOffered,
    TokenEndpointUnavailable,
    renew,
)
from .client.backoff import Backoff
from .client.errors import AuthenticationFailed, CannotConnect
from .client.logthrottle import ThrottledLog
from .const import CONF_SIGN_IN, DOMAIN
from .health import RenewalFailureWatch

_LOGGER = logging.getLogger(__package__)

STORAGE_VERSION = 1
LEAD_FRACTION = 0.3
MAX_LEAD = 600.0
JITTER_FRACTION = 0.1
MAX_JITTER = 60.0
REFUSED_CODE = "invalid_refresh_token"
# However short the tokens, the schedule renews at most once a second.
MIN_RENEWAL_GAP = 1.0

type OnRenewed = Callable[[], Awaitable[None]]


def renews_itself(entry: ConfigEntry) -> bool:
    """Whether the entry signed in with a password (and renews its tokens)."""
    return CONF_SIGN_IN in entry.data


def new_sign_in(signed: SignedIn) -> dict[str, Any]:
    """The entry data of a fresh sign-in."""
    return {"id": uuid.uuid4().hex, **_record(signed, time.time())}


def storage_key(entry_id: str) -> str:
    """The Store of one entry's tokens (`.storage/<key>`)."""
    return f"{DOMAIN}.tokens.{entry_id}"


async def async_forget_tokens(hass: HomeAssistant, entry_id: str) -> None:
    """Delete an entry's stored tokens (the entry is removed or stops signing in)."""
    await Store[dict[str, Any]](
        hass, STORAGE_VERSION, storage_key(entry_id)
    ).async_remove()


def _record(signed: SignedIn, obtained_at: float) -> dict[str, Any]:
    return {
        "access_token": signed.access_token,
        "refresh_token": signed.refresh_token,
        "expires_at": signed.expires_at,
        "obtained_at": obtained_at,
    }


def _tokens_in(record: Mapping[str, Any]) -> tuple[SignedIn, float] | None:
    """The tokens of a stored record, or None if it is not one."""
    access = record.get("access_token")
    refresh = record.get("refresh_token")
    expires_at = record.get("expires_at")
    obtained_at = record.get("obtained_at", expires_at)
    if (
        not isinstance(access, str)
        or not isinstance(refresh, str)
        or not isinstance(expires_at, int | float)
        or not isinstance(obtained_at, int | float)
        or not math.isfinite(expires_at)
        or not math.isfinite(obtained_at)
    ):
        return None
    return SignedIn(access, refresh, float(expires_at)), float(obtained_at)


@dataclass(slots=True)
class RenewalStats:
    """For diagnostics; times are Unix times."""

    renewals: int = 0
    failures: int = 0
    last_renewed_at: float | None = None
    last_error: str | None = None
    failing_since: float | None = None


class TokenRenewal:
    """One entry's tokens: the one to present, renewing it, and storing it."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        session: aiohttp.ClientSession,
        *,
        backoff: Backoff,
        timeout: float,
    ) -> None:
        self._hass = hass
        self._entry = entry
        self._session = session
        self._backoff = backoff
        self._timeout = timeout
        # Atomic writes fsync: a power cut leaves the old file or the new one.
        self._store: Store[dict[str, Any]] = Store(
            hass,
            STORAGE_VERSION,
            storage_key(entry.entry_id),
            private=True,
            atomic_writes=True,
        )
        self._sign_in_id = str(entry.data[CONF_SIGN_IN].get("id"))
        self._tokens = SignedIn("", "", 0.0)
        self._lead = 0.0
        self._refused = False
        self._failures_in_row = 0
        self._not_before = 0.0  # time.monotonic()
        self._renewed_at = -math.inf  # time.monotonic()
        self._inflight: asyncio.Task[str] | None = None
        self._loop_task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._issue = RenewalFailureWatch(hass, entry)
        self._log = ThrottledLog(_LOGGER)
        self.stats = RenewalStats()

    # ------------------------------------------------------------ loading

    async def async_load(self) -> None:
        """The current tokens: the Store's for this sign-in, else the entry's
        (saved to the Store at once, then dropped from the entry)."""
        stored = await self._store.async_load()
        if stored is not None and stored.get("id") == self._sign_in_id:
            found = _tokens_in(stored)
            if found is not None:
                self._adopt(*found)
                return
        seed = self._entry.data[CONF_SIGN_IN]
        found = _tokens_in(seed)
        if found is None:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_auth",
                translation_placeholders={"code": "no stored tokens"},
            )
        await self._save(*found)
        self._adopt(*found)
        self._hass.config_entries.async_update_entry(
            self._entry,
            data={**self._entry.data, CONF_SIGN_IN: {"id": self._sign_in_id}},
        )

    # ------------------------------------------------- what the connection reads

    @property
    def token(self) -> str:
        """The access token to present now."""
        return self._tokens.access_token

    @property
    def expired(self) -> bool:
        """Whether the access token in hand has run out."""
        return time.time() >= self._tokens.expires_at

    @property
    def expires_at(self) -> datetime:
        """When the access token in hand runs out."""
        return datetime.fromtimestamp(self._tokens.expires_at, UTC)

    @property
    def renews_at(self) -> datetime:
        """When the next renewal is due (retries aside)."""
        return datetime.fromtimestamp(self._tokens.expires_at - self._lead, UTC)

    async def renewed(self) -> str:
        """Renew now (joining a renewal in flight); returns the new token.

        Raises `AuthenticationFailed` once the refresh token was refused and
        `CannotConnect` while renewing fails, or is backing off after a failure.
        """
        if self._refused:
            raise AuthenticationFailed(REFUSED_CODE)
        if self._inflight is None:
            wait = self._not_before - time.monotonic()
            if wait > 0:
                raise CannotConnect(f"renewing the token again in {wait:.1f} s")
            self._inflight = self._hass.async_create_background_task(
                self._renew_once(), f"{DOMAIN} token renewal {self._entry.title}"
            )
            self._inflight.add_done_callback(self._clear_inflight)
        return await asyncio.shield(self._inflight)

    def _clear_inflight(self, task: asyncio.Task[str]) -> None:
        if self._inflight is task:
            self._inflight = None
        if not task.cancelled():
            task.exception()  # retrieved: the callers got it

    # ---------------------------------------------------------- schedule

    def async_start(self, on_renewed: OnRenewed) -> None:
        """Renew ahead of every expiry; `on_renewed` moves the connection over."""
        self._loop_task = self._entry.async_create_background_task(
            self._hass, self._schedule(on_renewed), f"{DOMAIN} token schedule"
        )

    async def async_stop(self) -> None:
        """Stop the schedule; a renewal in flight finishes (and is stored)."""
        self._issue.async_stop()
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        if self._inflight is not None:
            await asyncio.wait([self._inflight])

    async def _schedule(self, on_renewed: OnRenewed) -> None:
        while not self._refused:
            if self._failures_in_row:
                delay = self._not_before - time.monotonic()
            else:
                delay = max(
                    self._tokens.expires_at - self._lead - time.time(),
                    self._renewed_at + MIN_RENEWAL_GAP - time.monotonic(),
                )
            if delay > 0:
                self._wake.clear()
                try:
                    async with asyncio.timeout(delay):
                        await self._wake.wait()
                except TimeoutError:
                    pass
                else:
                    continue  # renewed meanwhile: a new due time
            try:
                await self.renewed()
            except AuthenticationFailed:
                return
            except CannotConnect:
                continue
            await on_renewed()

    # ------------------------------------------------------------ renewing

    async def _renew_once(self) -> str:
        try:
            signed = await renew(
                self._session,
                self._entry.data[CONF_URL],
                self._tokens.refresh_token,
                timeout=self._timeout,
            )
        except CredentialsRefused as err:
            self._refuse(err.code)
            raise AuthenticationFailed(err.code or REFUSED_CODE) from err
        except TokenEndpointUnavailable as err:
            self._failed(str(err), err.retry_after, logging.INFO)
            raise
        except (InvalidTokenAnswer, SignInNotOffered) as err:
            reason = str(err) or "the server no longer offers token renewal"
            self._failed(reason, None, logging.WARNING)
            raise CannotConnect(reason) from err
        now = time.time()
        await asyncio.shield(self._save(signed, now))
        self._adopt(signed, now)
        self._failures_in_row = 0
        self._not_before = 0.0
        self._renewed_at = time.monotonic()
        self.stats.renewals += 1
        self.stats.last_renewed_at = now
        self.stats.failing_since = None
        self._issue.async_renewed()
        _LOGGER.debug(
            "Renewed the access token for %s; it expires at %s",
            self._entry.title,
            self.expires_at.isoformat(),
        )
        return signed.access_token

    def _adopt(self, signed: SignedIn, obtained_at: float) -> None:
        self._tokens = signed
        life = max(0.0, signed.expires_at - obtained_at)
        jitter = random.uniform(0, min(life * JITTER_FRACTION, MAX_JITTER))
        self._lead = min(life * LEAD_FRACTION, MAX_LEAD) + jitter
        self._wake.set()

    async def _save(self, signed: SignedIn, obtained_at: float) -> None:
        """Write the tokens now; the new access token is used only after this."""
        try:
            await self._store.async_save(
                {"id": self._sign_in_id, **_record(signed, obtained_at)}
            )
        except (HomeAssistantError, OSError) as err:
            _LOGGER.error(
                "Could not store the renewed tokens for %s (%s); after a restart "
                "the user may have to sign in again",
                self._entry.title,
                type(err).__name__,
            )

    def _refuse(self, code: str | None) -> None:
        self._refused = True
        self.stats.failures += 1
        self.stats.last_error = f"refresh token refused ({code or 'no code'})"
        self._issue.async_renewed()
        _LOGGER.warning(
            "%s refused the refresh token of %s (%s): sign in again",
            self._entry.data[CONF_URL],
            self._entry.title,
            code or "no code",
        )
        self._entry.async_start_reauth(self._hass)

    def _failed(self, reason: str, retry_after: float | None, level: int) -> None:
        self._failures_in_row += 1
        self.stats.failures += 1
        self.stats.last_error = reason
        if self.stats.failing_since is None:
            self.stats.failing_since = time.time()
        self._issue.async_failed(reason)
        delay = max(self._backoff.delay(self._failures_in_row), retry_after or 0.0)
        self._not_before = time.monotonic() + delay
        self._log.log(
            level,
            f"renewal:{level}",
            "Could not renew the access token for %s: %s; retrying in %.0f s",
            self._entry.title,
            reason,
            delay,
        )
