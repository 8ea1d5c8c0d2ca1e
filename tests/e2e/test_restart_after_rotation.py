"""End to end: a real `hass` signed in with a password is killed with SIGKILL
right after a token rotation, and after a restart reconnects by itself.

The server hands out 6-second access tokens and treats a reused refresh token
as theft (it revokes the sign-in). Home Assistant is killed the moment it
first presents a renewed access token: by then the new refresh token must be
on disk, and the restarted Home Assistant must renew with it, not with the
spent one, without asking the user anything.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import json
from pathlib import Path
import time

import aiohttp
import pytest

from reference_server import StatusServer

from .real_hass import (
    OWNER,
    HomeAssistantApi,
    HomeAssistantProcess,
    parse_log,
    wait_until,
)
from .test_real_home_assistant import services

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

USER = "e2e"
PASSWORD = "e2e-status-password"
LIFETIME = 6.0
CONNECTION = "binary_sensor.127_0_0_1_e2e_connection"


def stored_refresh_token(config_dir: Path) -> str | None:
    """The refresh token in the integration's token Store on disk, if any."""
    for path in (config_dir / ".storage").glob("status_dashboard.tokens.*"):
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        token = data.get("refresh_token")
        return token if isinstance(token, str) else None
    return None


async def test_sigkill_right_after_a_rotation_then_restart(
    home_assistant: HomeAssistantProcess,
) -> None:
    server = StatusServer(
        services=services(),
        users={USER: PASSWORD},
        access_token_lifetime=LIFETIME,
        drop_at_expiry=True,
    )
    await server.start()
    try:
        async with aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=30)
        ) as http:
            api = HomeAssistantApi(http, home_assistant.base_url)
            await run(api, home_assistant, server)
    finally:
        await server.stop()

    records = parse_log(await asyncio.to_thread(home_assistant.read_logs))
    errors = [r.text for r in records if r.is_error and r.ours]
    assert not errors, "the integration logged errors:\n" + "\n".join(errors)
    text = "\n".join(r.text for r in records)
    for secret in [PASSWORD, *(t for pair in server.auth.issued for t in pair if t)]:
        assert secret not in text, "a password or token reached the log"


async def run(
    api: HomeAssistantApi, hass: HomeAssistantProcess, server: StatusServer
) -> None:
    await api.first_start(hass, **OWNER)

    # Sign in through the config flow, as the Add integration dialog does.
    form = await api.start_flow("status_dashboard")
    step = await api.flow_step(form["flow_id"], {"url": server.url, "verify_ssl": True})
    assert step["step_id"] == "sign_in", step
    result = await api.flow_step(
        form["flow_id"], {"username": USER, "password": PASSWORD}
    )
    assert result["type"] == "create_entry", result
    assert result["result"]["state"] == "loaded", result

    # Kill at the first connection made with a renewed access token.
    await wait_until(_at_least(lambda: server.auth.rotations, 1), 20, "a rotation")
    rotations = server.auth.rotations
    await wait_until(
        _at_least(lambda: server.auth.rotations, rotations + 1), 20, "a rotation"
    )
    # Counted once the server has answered the rotation: a reconnection with
    # the old token before it (a busy machine) is not the renewed token.
    accepted = _accepted(server)
    await wait_until(
        _at_least(lambda: _accepted(server), accepted + 1),
        10,
        "the renewed token presented",
        interval=0.005,
    )
    assert hass.process is not None
    hass.process.kill()  # SIGKILL: no shutdown, no delayed write flushed
    hass.process.wait(10)
    killed_at = time.monotonic()
    newest = server.auth.issued[-1][1]
    on_disk = await asyncio.to_thread(stored_refresh_token, hass.config_dir)
    assert on_disk == newest, "the rotated refresh token was not on disk"
    entries = (hass.config_dir / ".storage" / "core.config_entries").read_text(
        encoding="utf-8"
    )
    assert PASSWORD not in entries
    assert newest not in entries  # the entry keeps no token that changes
    rotations = server.auth.rotations
    await asyncio.sleep(LIFETIME)  # the stored access token runs out meanwhile

    # Restart: one renewal with the stored refresh token, then connected, and
    # nobody was asked anything.
    hass.start()
    await wait_until(_answers(api, hass), 120, "Home Assistant answering again")
    await api.wait_until_running()

    async def connected() -> bool:
        state = (await api.states()).get(CONNECTION)
        return state is not None and state["state"] == "on"

    await wait_until(connected, 60, "Connection on after the restart")
    await wait_until(
        _at_least(lambda: server.auth.rotations, rotations + 2),
        30,
        "renewals after the restart",
    )
    down_for = time.monotonic() - killed_at
    assert server.auth.reuse_detected == 0
    assert {call.outcome for call in server.auth.refresh_calls} == {"rotated"}
    flows, issues = await api.websocket(
        {"type": "config_entries/flow/progress"}, {"type": "repairs/list_issues"}
    )
    assert [f for f in flows["result"] if f["handler"] == "status_dashboard"] == []
    ours = [i for i in issues["result"]["issues"] if i["domain"] == "status_dashboard"]
    assert ours == []
    print(
        f"\n[e2e] killed after rotation {rotations}; back and renewing "
        f"{down_for:.1f} s later; {server.auth.rotations} rotations, no reuse"
    )
    await api.wait_until_settled()
    assert await api.stop(hass, timeout=60) == 0


def _answers(
    api: HomeAssistantApi, hass: HomeAssistantProcess
) -> Callable[[], Awaitable[bool]]:
    """Whether the API answers the owner (onboarding's views are gone by now)."""

    async def probe() -> bool:
        if hass.returncode is not None:
            raise AssertionError(f"hass exited with {hass.returncode}")
        try:
            await api.request("GET", "/api/config")
        except aiohttp.ClientError, TimeoutError, AssertionError:
            return False
        return True

    return probe


def _accepted(server: StatusServer) -> int:
    return sum(1 for attempt in server.connection_attempts if attempt.accepted)


def _at_least(value: Callable[[], int], floor: int) -> Callable[[], Awaitable[bool]]:
    async def probe() -> bool:
        return bool(value() >= floor)

    return probe
