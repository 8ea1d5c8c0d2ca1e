"""The connection to an Uptime Kuma server, against the reference server's
Uptime Kuma mode: login on the socket with the stored token, monitors as
services, live checks, check-now, commands; and the one-time login with a
username, password and code."""

from __future__ import annotations

from unittest.mock import patch

import aiohttp
import pytest

from custom_components.status_dashboard.client.errors import (
    AuthenticationFailed,
    CannotConnect,
    NotConnected,
    ServerRefused,
)
from custom_components.status_dashboard.client.models import Status
from custom_components.status_dashboard.client.uptime_kuma import (
    PAUSE_MONITOR_COMMAND,
)
from custom_components.status_dashboard.client.uptime_kuma_answers import (
    LoginOutcome,
    LoginRefusal,
)
from custom_components.status_dashboard.client.uptime_kuma_link import CannotCheckNow
from custom_components.status_dashboard.client.uptime_kuma_login import (
    is_uptime_kuma,
    log_in,
)
from custom_components.status_dashboard.client.view import ServiceView
from reference_server import DOWN, UP, KumaServer, StatusServer, totp_code
from reference_server.kuma_auth import KumaAuth, LoginResult

from ..conftest import StartKuma
from ..helpers import wait_until
from .conftest import Listener, MakeConnection

SECRETS = ("hunter2", "web-token", "bearer-secret", "db-password")


@pytest.mark.parametrize("version", ["2", "1.23"])
async def test_monitors_arrive_as_services_with_their_state(
    start_kuma: StartKuma,
    make_connection: MakeConnection,
    listener: Listener,
    version: str,
) -> None:
    server = await start_kuma(version=version, legacy_list_pause=0.01)
    connection = make_connection(server.url, server.token(), uptime_kuma=True)
    view = ServiceView()
    view.replace(await connection.connect())
    if version == "1.23":  # it sends the checks after the list, as updates
        await wait_until(lambda: {u.service_id for u in listener.updates} >= {"2", "3"})
    for update in listener.updates:
        view.apply(update)
    services = view.services
    assert set(services) == {"1", "2", "3", "4"}
    assert services["2"].name == "Website"
    assert services["2"].group == "Core"
    assert services["2"].status is Status.UP
    assert services["3"].status is Status.DOWN
    assert services["3"].details["message"] == "connect ECONNREFUSED 10.0.0.5:5432"
    assert services["4"].status is Status.PAUSED
    assert connection.dialect_name == "uptime_kuma"
    assert not any(secret in repr(listener.calls) for secret in SECRETS)


async def test_a_check_is_delivered_live_with_its_reason(
    kuma: KumaServer,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    connection = make_connection(kuma.url, kuma.token(), uptime_kuma=True)
    await connection.connect()
    kuma.heartbeat(2, DOWN, msg="timeout of 48000ms exceeded")
    await wait_until(
        lambda: any(
            u.status is Status.DOWN for u in listener.updates if u.service_id == "2"
        )
    )
    down = next(u for u in listener.updates if u.status is Status.DOWN)
    assert isinstance(down.details, dict)
    assert down.details["message"] == "timeout of 48000ms exceeded"


async def test_a_refused_token_is_an_authentication_failure(
    kuma: KumaServer,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    old = kuma.token()
    await kuma.change_password("a-new-password-2")
    connection = make_connection(kuma.url, old, uptime_kuma=True)
    with pytest.raises(AuthenticationFailed) as refused:
        await connection.connect()
    assert refused.value.code == "invalid_token"
    assert not kuma.logged_in_sids


async def test_check_now_restarts_an_active_monitor_not_a_paused_one(
    kuma: KumaServer,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    connection = make_connection(kuma.url, kuma.token(), uptime_kuma=True)
    await connection.connect()
    await connection.request_refresh("2")
    assert kuma.payloads("resumeMonitor") == [2]
    with pytest.raises(CannotCheckNow):
        await connection.request_refresh("4")
    assert kuma.payloads("resumeMonitor") == [2]


async def test_pausing_through_a_command_shows_the_monitor_paused(
    kuma: KumaServer,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    connection = make_connection(kuma.url, kuma.token(), uptime_kuma=True)
    await connection.connect()
    answer = await connection.command(PAUSE_MONITOR_COMMAND, 2)
    assert answer.ok
    await wait_until(
        lambda: any(
            service.id == "2" and service.status is Status.PAUSED
            for bulk in listener.bulks[1:]
            for service in bulk.services
        )
    )
    kuma.heartbeat(3, UP)  # the others still report
    await wait_until(lambda: any(u.service_id == "3" for u in listener.updates))


async def test_login_with_password_and_a_two_factor_code(
    start_kuma: StartKuma, session: aiohttp.ClientSession
) -> None:
    secret = "JBSWY3DPEHPK3PXP"
    server = await start_kuma(totp_secret=secret)
    wrong = await log_in(server.url, session, "admin", "not-it", code=None, timeout=5.0)
    assert wrong.refusal is LoginRefusal.INCORRECT_CREDENTIALS
    asked = await log_in(
        server.url, session, "admin", "admin-password-1", code=None, timeout=5.0
    )
    assert asked.outcome is LoginOutcome.CODE_REQUIRED
    signed = await log_in(
        server.url,
        session,
        "admin",
        "admin-password-1",
        code=totp_code(secret),
        timeout=5.0,
    )
    assert signed.outcome is LoginOutcome.SIGNED_IN
    assert signed.token
    assert "admin-password-1" not in repr(signed)


async def test_the_login_limit_is_read_as_such(
    start_kuma: StartKuma, session: aiohttp.ClientSession
) -> None:
    server = await start_kuma(login_limit=2)
    answers = [
        await log_in(server.url, session, "admin", "wrong", code=None, timeout=5.0)
        for _ in range(3)
    ]
    assert answers[-1].refusal is LoginRefusal.RATE_LIMITED


async def test_only_uptime_kuma_is_taken_for_uptime_kuma(
    kuma: KumaServer, server: StatusServer, session: aiohttp.ClientSession
) -> None:
    assert await is_uptime_kuma(kuma.url, session, 5.0)
    assert not await is_uptime_kuma(server.url, session, 2.0)


# What a server may answer besides the usual, and what a client then does.


async def test_a_server_with_authentication_off_logs_the_socket_in_by_itself(
    start_kuma: StartKuma,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    server = await start_kuma(disable_auth=True)
    connection = make_connection(server.url, "no token needed", uptime_kuma=True)
    bulk = await connection.connect()
    assert {service.id for service in bulk.services} == {"1", "2", "3", "4"}
    assert server.payloads("loginByToken") == []


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"ok": False, "msg": "Something else went wrong"}, "Something else"),
        ("not an answer", "unreadable login answer"),
    ],
)
async def test_a_login_refused_for_another_reason_is_retried_not_reauthed(
    kuma: KumaServer,
    make_connection: MakeConnection,
    listener: Listener,
    answer: object,
    message: str,
) -> None:
    """Not the token: the server's reason, and the reconnect loop's backoff."""
    connection = make_connection(kuma.url, kuma.token(), uptime_kuma=True)
    with (
        patch.object(KumaAuth, "login_by_token", return_value=LoginResult(answer)),
        pytest.raises(ServerRefused) as refused,
    ):
        await connection.connect()
    assert message in refused.value.message
    assert not kuma.logged_in_sids


async def test_checking_a_monitor_the_server_does_not_have_says_so(
    kuma: KumaServer,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    connection = make_connection(kuma.url, kuma.token(), uptime_kuma=True)
    await connection.connect()
    ghost = {**kuma.monitors[2], "id": 99, "name": "Ghost"}
    kuma.push_raw("updateMonitorIntoList", {"99": ghost})
    await wait_until(lambda: any(s.id == "99" for s in listener.bulks[-1].services))
    with pytest.raises(CannotCheckNow):
        await connection.request_refresh("99")


async def test_malformed_events_are_counted_and_dropped(
    kuma: KumaServer,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    connection = make_connection(kuma.url, kuma.token(), uptime_kuma=True)
    await connection.connect()
    kuma.push_raw("heartbeat", "not a heartbeat")
    kuma.push_raw("uptime", 2)  # one argument where there are three
    kuma.push_raw("monitorList", ["not", "a", "list"])
    await wait_until(lambda: sum(connection.stats.invalid.values()) == 3)
    assert dict(connection.stats.invalid) == {
        "heartbeat": 1,
        "uptime": 1,
        "monitorList": 1,
    }
    kuma.heartbeat(2, DOWN, msg="still read after the garbage")
    await wait_until(lambda: any(u.status is Status.DOWN for u in listener.updates))


async def test_a_command_without_a_readable_answer_is_not_done(
    kuma: KumaServer,
    make_connection: MakeConnection,
    listener: Listener,
) -> None:
    connection = make_connection(kuma.url, kuma.token(), uptime_kuma=True)
    await connection.connect()
    answer = await connection.command("logout")  # answered without arguments
    assert not answer.ok


async def test_a_command_the_server_never_answers_is_not_connected(
    kuma: KumaServer, make_connection: MakeConnection
) -> None:
    connection = make_connection(
        kuma.url, kuma.token(), attempt_timeout=0.5, uptime_kuma=True
    )
    await connection.connect()
    with pytest.raises(NotConnected):
        await connection.command("noSuchCommand")  # Uptime Kuma stays silent


async def test_a_login_that_gets_no_answer_cannot_connect(
    kuma: KumaServer, session: aiohttp.ClientSession
) -> None:
    with (
        patch.object(KumaAuth, "login", return_value=None),
        pytest.raises(CannotConnect, match="no answer"),
    ):
        await log_in(kuma.url, session, "admin", "x", code=None, timeout=0.5)


async def test_an_unreadable_login_answer_cannot_connect(
    kuma: KumaServer, session: aiohttp.ClientSession
) -> None:
    with (
        patch.object(KumaAuth, "login", return_value=LoginResult(["odd"])),
        pytest.raises(CannotConnect, match="unreadable"),
    ):
        await log_in(kuma.url, session, "admin", "x", code=None, timeout=2.0)
