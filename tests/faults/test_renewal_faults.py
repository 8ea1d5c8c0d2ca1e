"""Renewal when things go wrong: reloads between rotations, a token the server
calls expired, 503 and 429, a revoked sign-in, hostile answers, a renewal that
fails for a quarter of an hour, and secrets kept out of the log."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import itertools
import json
import logging

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.status_dashboard import health
from custom_components.status_dashboard.client.backoff import Backoff
from custom_components.status_dashboard.const import CONF_GRACE_PERIOD, DOMAIN
from custom_components.status_dashboard.diagnostics import (
    async_get_config_entry_diagnostics,
)
from reference_server import StatusServer
from reference_server.auth import RawAnswer

from ..conftest import StartServer
from ..helpers import StateChanges, wait_for_state, wait_until
from ..signin import (  # noqa: F401  (unload_entries: a fixture)
    USERS,
    reuse_free,
    sign_in_through_flow,
    stored_tokens,
    unload_entries,
)
from .probes import figure

CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
API = "binary_sensor.api"


def flows(hass: HomeAssistant) -> list[str]:
    return [
        flow["context"]["source"]
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    ]


def refresh_outcomes(server: StatusServer, since: int = 0) -> list[str]:
    return [call.outcome for call in server.auth.refresh_calls[since:]]


async def rotated(server: StatusServer) -> None:
    """Wait for the next rotation."""
    done = server.auth.rotations
    await wait_until(lambda: server.auth.rotations > done, timeout=5)


async def test_reload_and_set_up_again_between_rotations_never_reuse(
    hass: HomeAssistant, start_server: StartServer, fast_backoff: Backoff
) -> None:
    """Each start reads the Store, which holds the newest refresh token."""
    server = await start_server(users=USERS, access_token_lifetime=2.0)
    entry = await sign_in_through_flow(hass, server)
    for round_ in range(3):
        await rotated(server)
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
        await rotated(server)
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
        if round_ == 1:
            await asyncio.sleep(2.5)  # the stored access token runs out meanwhile
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
    await wait_for_state(hass, CONNECTION, "on")
    assert reuse_free(server)
    assert server.auth.live_refresh_tokens == 1
    stored = await stored_tokens(hass, entry)
    assert stored["refresh_token"] == server.auth.issued[-1][1]
    assert stored["id"] == entry.data["sign_in"]["id"]
    assert set(entry.data["sign_in"]) == {"id"}  # the tokens live in the Store


async def test_a_token_the_server_calls_expired_is_renewed_and_retried_at_once(
    hass: HomeAssistant, start_server: StartServer, fast_backoff: Backoff
) -> None:
    """The answer says an hour, the JWT lives 2 s: the server drops the socket
    and refuses the token as expired; one renewal, the retry follows at once."""
    server = await start_server(users=USERS, access_token_lifetime=2.0)
    server.auth.reported_lifetime = 3600.0
    entry = await sign_in_through_flow(hass, server)
    coordinator = entry.runtime_data
    attempts = len(server.connection_attempts)

    await wait_until(lambda: server.auth.rotations == 1, timeout=6)
    await wait_until(lambda: coordinator.connected, timeout=3)
    after = server.connection_attempts[attempts:]
    codes = [attempt.code for attempt in after]
    assert codes == ["token_expired", None]
    retried_after = after[1].at - after[0].at
    assert retried_after < 0.5
    assert coordinator.reconnect_attempt == 0  # no backoff between the two
    assert refresh_outcomes(server) == ["rotated"]
    figure("renewal_token_expired", retried_after_ms=round(retried_after * 1000, 1))


@pytest.mark.parametrize(
    ("status", "retry_after", "lifetime"),
    [(503, None, 8.0), (429, 1.0, 15.0)],
    ids=["503", "429"],
)
async def test_transient_refresh_failures_are_retried_and_keep_the_connection(
    hass: HomeAssistant,
    start_server: StartServer,
    fast_backoff: Backoff,
    status: int,
    retry_after: float | None,
    lifetime: float,
) -> None:
    """Three failed refreshes, retried with backoff (429: not before its
    Retry-After), while the access token in hand keeps the connection up."""
    server = await start_server(users=USERS, access_token_lifetime=lifetime)
    server.auth.fail_refreshes(status, 3, retry_after=retry_after)
    entry = await sign_in_through_flow(hass, server)
    renewal = entry.runtime_data.renewal
    changes = StateChanges(hass)

    await wait_until(lambda: renewal.stats.renewals == 1, timeout=lifetime)
    changes.stop()
    calls = server.auth.refresh_calls
    assert [call.status for call in calls] == [status, status, status, 200]
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(calls)]
    floor = retry_after or fast_backoff.initial * (1 - fast_backoff.jitter)
    assert min(gaps) >= floor - 0.01
    assert changes.for_entity(CONNECTION) == []
    assert renewal.stats.failures == 3
    assert renewal.stats.renewals == 1
    assert renewal.stats.last_error == f"HTTP {status}"
    assert renewal.stats.failing_since is None
    figure(
        f"renewal_{status}",
        retries=3,
        gaps_ms=[round(gap * 1000) for gap in gaps],
    )


async def test_a_revoked_sign_in_asks_once_and_stops_renewing(
    hass: HomeAssistant, start_server: StartServer, fast_backoff: Backoff
) -> None:
    """The refresh is refused: one reauth flow, at most 2 refresh calls in the
    next 10 s, and the expired token is never presented."""
    server = await start_server(users=USERS, access_token_lifetime=3.0)
    entry = await sign_in_through_flow(hass, server)
    hass.config_entries.async_update_entry(entry, options={CONF_GRACE_PERIOD: 1})
    server.auth.revoke_sign_ins("alice")
    calls_before = len(server.auth.refresh_calls)
    attempts_before = len(server.connection_attempts)

    await wait_until(lambda: flows(hass) == [SOURCE_REAUTH], timeout=5)
    await asyncio.sleep(10)

    assert flows(hass) == [SOURCE_REAUTH]
    assert 1 <= len(server.auth.refresh_calls) - calls_before <= 2
    assert set(refresh_outcomes(server, calls_before)) == {"revoked"}
    refused = [
        attempt.code
        for attempt in server.connection_attempts[attempts_before:]
        if not attempt.accepted
    ]
    assert refused == []
    assert hass.states.get(CONNECTION).state == "off"
    assert entry.runtime_data.renewal.stats.last_error.startswith(
        "refresh token refused"
    )


HOSTILE = [
    RawAnswer(200, b"<html>surprise</html>"),
    RawAnswer(200, b"[1, 2, 3]"),
    RawAnswer(200, b'{"accessToken": 42, "refreshToken": "x", "expiresIn": 60}'),
    RawAnswer(200, b'{"refreshToken": "only-a-refresh-token", "expiresIn": 60}'),
    RawAnswer(200, b'{"accessToken": "a.b.c", "refreshToken": "r", "expiresIn": -5}'),
    RawAnswer(200, b'{"accessToken": "not-a-jwt", "refreshToken": "r"}'),
    RawAnswer(200, b'{"accessToken": "x y", "refreshToken": "r", "expiresIn": 60}'),
    RawAnswer(200, b'{"accessToken": "' + b"a" * 200_000 + b'"}'),
    RawAnswer(200, b"{" * 50_000),
    RawAnswer(302, b"", {"Location": "http://127.0.0.1:1/"}),
    RawAnswer(400, b'{"error": "invalid_request"}'),
]


async def test_hostile_refresh_answers_keep_the_last_good_tokens(
    hass: HomeAssistant,
    start_server: StartServer,
    fast_backoff: Backoff,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each bad answer is a failed renewal: logged once, retried with backoff,
    the tokens in hand kept; then a good answer renews as usual."""
    server = await start_server(users=USERS, access_token_lifetime=12.0)
    entry = await sign_in_through_flow(hass, server)
    renewal = entry.runtime_data.renewal
    good = renewal.token
    server.auth.answer_raw(*HOSTILE)
    changes = StateChanges(hass)

    await wait_until(lambda: renewal.stats.renewals == 1, timeout=15)
    changes.stop()
    calls = server.auth.refresh_calls
    assert [call.outcome for call in calls] == ["raw"] * len(HOSTILE) + ["rotated"]
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(calls)]
    assert min(gaps) >= fast_backoff.initial * 0.8 - 0.02  # no tight loop
    assert renewal.stats.failures == len(HOSTILE)
    assert renewal.token != good
    assert changes.for_entity(CONNECTION) == []
    warnings = [
        record
        for record in caplog.records
        if record.name.startswith("custom_components.status_dashboard")
        and record.levelno >= logging.WARNING
    ]
    assert len(warnings) == 1, [record.getMessage() for record in warnings]
    assert "Could not renew the access token" in warnings[0].getMessage()
    assert reuse_free(server)


async def test_renewal_failing_for_fifteen_minutes_raises_an_issue(
    hass: HomeAssistant, start_server: StartServer, fast_backoff: Backoff
) -> None:
    """503 for every refresh: the token runs out, the connection drops and the
    grace period applies; renewal keeps trying (never with the expired token),
    an issue appears after 15 minutes and goes at the next renewal."""
    server = await start_server(users=USERS, access_token_lifetime=3.0)
    entry = await sign_in_through_flow(hass, server)
    hass.config_entries.async_update_entry(entry, options={CONF_GRACE_PERIOD: 1})
    server.auth.fail_refreshes(503, 10_000)
    attempts_before = len(server.connection_attempts)
    issues = ir.async_get(hass)
    issue_id = health.renewal_issue_id(entry)

    await wait_for_state(hass, CONNECTION, "off", timeout=6)
    await wait_for_state(hass, API, STATE_UNAVAILABLE, timeout=4)
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=16))
    await hass.async_block_till_done()
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders["error"] == "HTTP 503"
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    assert diagnostics["sign_in"]["failing_since"] is not None
    assert diagnostics["sign_in"]["last_error"] == "HTTP 503"

    calls = len(server.auth.refresh_calls)
    presented = [
        attempt
        for attempt in server.connection_attempts[attempts_before:]
        if attempt.code == "token_expired"
    ]
    assert presented == []
    assert calls >= 3

    server.auth.clear_faults()
    await wait_for_state(hass, CONNECTION, "on", timeout=5)
    await wait_for_state(hass, API, "on", timeout=3)
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    assert reuse_free(server)


async def test_password_and_tokens_never_reach_the_log(
    hass: HomeAssistant,
    start_server: StartServer,
    fast_backoff: Backoff,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Sign-in, renewals, a failed renewal, a handover, diagnostics: at DEBUG
    level nothing logged contains the password or any token handed out."""
    caplog.set_level(logging.DEBUG)
    server = await start_server(users=USERS, access_token_lifetime=2.0)
    server.auth.fail_refreshes(503, 1)
    entry = await sign_in_through_flow(hass, server)
    renewal = entry.runtime_data.renewal
    await wait_until(lambda: renewal.stats.renewals >= 2, timeout=8)
    diagnostics = json.dumps(
        await async_get_config_entry_diagnostics(hass, entry), default=str
    )

    secrets = [USERS["alice"]]
    for access, refresh in server.auth.issued:
        secrets.append(access)
        if refresh:
            secrets.append(refresh)
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
        # The test harness's stand-in for the disk logs what it is given.
        if not record.name.startswith("pytest_homeassistant_custom_component")
    )
    assert "Renewed the access token" in logged
    assert [secret for secret in secrets if secret in logged] == []
    assert [secret for secret in secrets if secret in diagnostics] == []
    assert '"method": "password"' in diagnostics
    figure("renewal_secrets", secrets_checked=len(secrets), records=len(caplog.records))
