"""KumaServer: logging in as Uptime Kuma's socket API asks, and its life.

Uptime Kuma's own code is the authority (server/server.js, server/auth.js,
server/model/user.js, server/rate-limiter.js); each test says what a client
of a real Uptime Kuma would live through.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import jwt
import pytest

from reference_server import KumaServer, totp_code
from reference_server.kuma_auth import totp_matches

from ..conftest import StartKuma
from ..helpers import wait_until
from .conftest import MakeClient
from .demo_steps import running_demo
from .kuma_steps import PASSWORD, USERNAME, call, connected, logged_in, names, settled

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

TOO_FREQUENTLY = {"ok": False, "msg": "Too frequently, try again later."}
WRONG = {"ok": False, "msg": "authIncorrectCreds", "msgi18n": True}
INVALID_TOKEN = {"ok": False, "msg": "authInvalidToken", "msgi18n": True}
SECRET = "JBSWY3DPEHPK3PXP"
# What 2.x sends after a login, before per-monitor lists (server.js afterLogin).
LISTS_2 = [
    "monitorList",
    "info",
    "maintenanceList",
    "notificationList",
    "proxyList",
    "dockerHostList",
    "apiKeyList",
    "remoteBrowserList",
    "monitorTypeList",
    "statusPageList",
]
STATS_2 = ["avgPing", "uptime", "uptime", "uptime"]


def credentials(password: str = PASSWORD, token: str = "") -> dict[str, str]:
    return {"username": USERNAME, "password": password, "token": token}


# ------------------------------------------------------------------ connect


async def test_a_new_socket_hears_info_then_login_required(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await connected(make_client, kuma)
    await client.wait_event("loginRequired")
    await settled(kuma)

    assert names(client.received) == ["info", "loginRequired"]
    [info] = client.payloads("info")
    # Before login the version is hidden (sendInfo's hideVersion).
    assert info == {
        "primaryBaseURL": None,
        "serverTimezone": "UTC",
        "serverTimezoneOffset": "+00:00",
    }


async def test_1_23_sends_no_login_required(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    legacy = await start_kuma(version="1.23")
    client = await connected(make_client, legacy)
    await settled(legacy)

    assert names(client.received) == ["info"]


async def test_with_auth_disabled_a_socket_is_logged_in_at_once(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    open_kuma = await start_kuma(disable_auth=True)
    client = await connected(make_client, open_kuma)
    await client.wait_event("autoLogin")

    received = names(client.received)
    assert "loginRequired" not in received
    assert received[1 : 1 + len(LISTS_2)] == LISTS_2
    assert received[-1] == "autoLogin"  # after afterLogin's last list
    assert await call(client, "pauseMonitor", 2) == {
        "ok": True,
        "msg": "successPaused",
        "msgi18n": True,
    }


# ------------------------------------------------------------------- login


async def test_wrong_password_or_user_is_refused_and_sends_nothing(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await connected(make_client, kuma)

    assert await call(client, "login", credentials("nope")) == WRONG
    assert await call(client, "login", {**credentials(), "username": "root"}) == WRONG
    assert await call(client, "login", {"username": USERNAME}) == WRONG
    await settled(kuma)
    assert "monitorList" not in names(client.received)
    assert await call(client, "pauseMonitor", 2) == {
        "ok": False,
        "msg": "You are not logged in.",
    }
    assert kuma.logged_in_sids == set()


async def test_login_sends_every_list_and_answers_last(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await connected(make_client, kuma)
    await client.wait_event("loginRequired")

    answer = await call(client, "login", credentials())
    await settled(kuma)

    assert answer["ok"] is True
    per_monitor = ["heartbeatList", *STATS_2]
    assert names(client.received) == [
        "info",
        "loginRequired",
        *LISTS_2,
        *per_monitor,  # 1: the group
        *per_monitor,
        "certInfo",  # 2: the website has a certificate
        *per_monitor,  # 3
        *per_monitor,  # 4 (paused, still listed)
        "@login",  # the answer comes last
    ]
    payloads = dict[str, list[Any]]()
    for name, payload in client.received:
        payloads.setdefault(name, []).append(payload)
    assert list(payloads["monitorList"][0]) == ["1", "2", "3", "4"]
    # afterLogin walks the list's keys: the ids are strings here.
    monitor_id, rows, overwrite = payloads["heartbeatList"][1]
    assert (monitor_id, overwrite) == ("2", False)
    [row] = rows
    assert set(row) == {
        "id",
        "important",
        "monitor_id",
        "status",
        "msg",
        "time",
        "ping",
        "duration",
        "down_count",
        "end_time",
        "retries",
        "response",
    }
    assert (row["monitor_id"], row["status"], row["important"]) == (2, 1, 1)
    assert (row["msg"], row["ping"]) == ("200 - OK", 42)
    assert ["2", 42.12] in [list(p) for p in payloads["avgPing"]]
    assert ["2", 24, 0.99] in [list(p) for p in payloads["uptime"]]
    assert ["2", "1y", 1.0] in [list(p) for p in payloads["uptime"]]
    [(cert_id, info_json)] = payloads["certInfo"]
    assert cert_id == "2"
    assert json.loads(info_json)["certInfo"]["daysRemaining"] == 30
    full_info = payloads["info"][1]
    assert full_info["version"].startswith("2.")


async def test_1_23_answers_first_then_sends_the_lists(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    legacy = await start_kuma(version="1.23", legacy_list_pause=0.05)
    client = await connected(make_client, legacy)

    answer = await call(client, "login", credentials())
    await client.wait_event("importantHeartbeatList", 4)
    await client.wait_event("uptime", 8)

    assert answer["ok"] is True
    received = names(client.received)
    assert received[:2] == ["info", "@login"]  # afterLogin is not awaited
    assert received[2:8] == [
        "monitorList",
        "info",
        "maintenanceList",
        "notificationList",
        "proxyList",
        "dockerHostList",
    ]
    assert received.index("statusPageList") < received.index("heartbeatList")
    events = client.payloads("importantHeartbeatList")
    monitor_id, important, overwrite = events[2]
    assert (monitor_id, overwrite) == ("3", False)
    assert important[0]["monitorID"] == 3
    assert important[0]["status"] == 0
    # 1.23 has no one-year uptime.
    assert {p[1] for p in client.payloads("uptime")} == {24, 720}


async def test_two_factor_asks_for_a_code_and_takes_each_code_once(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    guarded = await start_kuma(totp_secret=SECRET)
    client = await connected(make_client, guarded)
    code = totp_code(SECRET)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)

    assert await call(client, "login", credentials()) == {"tokenRequired": True}
    assert await call(client, "login", credentials("nope", code)) == WRONG
    assert await call(client, "login", credentials(token=wrong)) == INVALID_TOKEN
    welcome = await call(client, "login", credentials(token=code))
    again = await connected(make_client, guarded)
    replay = await call(again, "login", credentials(token=code))

    assert welcome["ok"] is True
    assert replay == INVALID_TOKEN  # twofa_last_token: a code works once


def test_totp_codes_follow_rfc_6238() -> None:
    # RFC 6238, appendix B (SHA-1 key "12345678901234567890"), 6 digits.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp_code(secret, at=59) == "287082"
    assert totp_code(secret, at=1111111109) == "081804"
    assert totp_matches("287082", secret, at=59 + 30)  # a step late
    assert not totp_matches("287082", secret, at=59 + 60)


async def test_login_limit_refuses_the_21st_login_within_a_minute_for_everyone(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await connected(make_client, kuma)
    for _ in range(20):
        assert await call(client, "login", credentials("nope")) == WRONG
    other = await connected(make_client, kuma)

    refused = await call(other, "login", credentials())

    assert refused == TOO_FREQUENTLY
    assert [e.limited for e in kuma.events if e.event == "login"] == [False] * 20 + [
        True
    ]
    assert kuma.logged_in_sids == set()


async def test_login_limit_lets_logins_through_again_in_the_next_window(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    limited = await start_kuma(login_limit=2, login_interval=1.0)
    client = await connected(make_client, limited)
    for _ in range(2):
        await call(client, "login", credentials("nope"))
    assert await call(client, "login", credentials()) == TOO_FREQUENTLY

    await asyncio.sleep(1.05)

    assert (await call(client, "login", credentials()))["ok"] is True


# ------------------------------------------------------------------ tokens


async def test_token_is_uptime_kumas_jwt_without_expiry(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await connected(make_client, kuma)
    token = (await call(client, "login", credentials()))["token"]

    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, kuma.jwt_secret, algorithms=["HS256"])
    assert header["alg"] == "HS256"
    assert set(claims) == {"username", "h", "iat"}
    assert claims["username"] == USERNAME
    assert re.fullmatch(r"[0-9a-f]{32}", claims["h"])


async def test_token_logs_a_new_connection_in(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    first = await logged_in(make_client, kuma)
    token = (await call(first, "login", credentials()))["token"]
    await first.close()
    client = await connected(make_client, kuma)
    await client.wait_event("loginRequired")  # every connection starts logged out

    answer = await call(client, "loginByToken", token)

    assert answer == {"ok": True}
    received = names(client.received)
    assert received.index("monitorList") < received.index("@loginByToken")
    assert client.sio.get_sid() in kuma.logged_in_sids


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        None,
        42,
        jwt.encode(
            {"username": USERNAME, "h": "x"}, "another-secret-at-least-32-bytes"
        ),
    ],
    ids=["garbage", "none", "number", "other-secret"],
)
async def test_a_bad_token_is_an_invalid_token(
    kuma: KumaServer, make_client: MakeClient, token: Any
) -> None:
    client = await connected(make_client, kuma)

    assert await call(client, "loginByToken", token) == INVALID_TOKEN


async def test_a_password_change_ends_old_tokens_and_logged_in_sockets(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    token = kuma.token()

    await kuma.change_password("new-password-2")

    await wait_until(lambda: not client.connected)
    assert client.payloads("refresh") == [None]
    assert str(client.disconnects[0]) == "server disconnect"
    again = await connected(make_client, kuma)
    assert await call(again, "loginByToken", token) == INVALID_TOKEN
    assert await call(again, "login", credentials()) == WRONG
    assert (await call(again, "login", credentials("new-password-2")))["ok"] is True


async def test_an_inactive_user_is_told_apart_from_a_bad_token(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    token = kuma.token()
    kuma.set_user_active(False)
    client = await connected(make_client, kuma)

    assert await call(client, "loginByToken", token) == {
        "ok": False,
        "msg": "authUserInactiveOrDeleted",
        "msgi18n": True,
    }
    assert await call(client, "login", credentials()) == WRONG


async def test_1_23_answers_in_english(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    legacy = await start_kuma(version="1.23", totp_secret=SECRET)
    client = await connected(make_client, legacy)

    assert await call(client, "login", credentials("nope")) == {
        "ok": False,
        "msg": "Incorrect username or password.",
    }
    assert await call(client, "login", credentials(token="000000x")) == {
        "ok": False,
        "msg": "Invalid Token!",
    }
    assert await call(client, "loginByToken", "garbage") == {
        "ok": False,
        "msg": "Invalid token.",
    }


async def test_logout_leaves_the_socket_logged_out(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)

    assert await call(client, "logout") is None

    assert kuma.logged_in_sids == set()
    assert (await call(client, "getMonitorList"))["ok"] is False


async def test_an_event_uptime_kuma_has_no_handler_for_gets_no_answer(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)

    with pytest.raises(TimeoutError):
        await call(client, "checkNow", 2, timeout=0.3)
    assert kuma.payloads("checkNow") == [2]


# ---------------------------------------------------------------- its life


async def test_restart_keeps_the_port_the_monitors_and_the_token(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    token = kuma.token()
    port = kuma.port
    added = kuma.add_monitor("Added later", url="https://later.example.com")

    await kuma.restart()

    await wait_until(lambda: not client.connected)
    assert kuma.port == port
    again = await connected(make_client, kuma)
    await again.wait_event("loginRequired")
    assert await call(again, "loginByToken", token) == {"ok": True}
    [listed] = again.payloads("monitorList")
    assert str(added) in listed


async def test_drop_all_resets_every_socket_and_keeps_listening(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    clients = [await logged_in(make_client, kuma) for _ in range(2)]

    await kuma.drop_all()

    await wait_until(lambda: not any(c.connected for c in clients))
    assert kuma.connected_sids == set()
    assert (await logged_in(make_client, kuma)).connected


async def test_a_frozen_server_answers_nothing_until_thawed(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    kuma.freeze()

    with pytest.raises(TimeoutError):
        await call(client, "getMonitorList", timeout=0.3)
    kuma.thaw()

    assert await call(client, "getMonitorList") == {"ok": True}


async def test_demo_prints_how_to_log_in_and_its_monitors_beat(
    make_client: MakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    async with running_demo(
        [
            *("--dialect", "uptime_kuma", "--port", "0", "--services", "3"),
            *("--interval", "0.05", "--user", "kuma", "--password", "pw-1"),
        ],
        capsys,
    ) as output:
        lines = output.splitlines()
        client = make_client(lines[0].rsplit(" ", 1)[-1])
        await client.connect()
        answer = await call(
            client, "login", {"username": "kuma", "password": "pw-1", "token": ""}
        )
        await client.wait_event("heartbeat", 3)
        await client.close()

    assert answer["ok"] is True
    assert lines[2] == "Log in with username kuma, password pw-1"
    assert lines[1] == "Monitors: Core, Data, Core / API Gateway, " + (
        "Core / Authentication Service, Data / PostgreSQL Primary"
    )
    [monitors] = client.payloads("monitorList")
    assert monitors["3"]["basic_auth_pass"] == "demo-basic-auth-password"
