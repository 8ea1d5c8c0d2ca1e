"""End to end: a real Home Assistant process, its REST API, then a real browser.

The reference status server runs in this process; Home Assistant runs as
`hass -c <fresh dir> --skip-pip` with the integration symlinked into its
config. Everything a user does goes through Home Assistant's HTTP API or
its web UI in headless Chromium. Screenshots land in artifacts/e2e/.

Deselect with `-m "not e2e"`; it needs Debian's chromium and the playwright
package (scripts/setup installs both).
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
import json
from pathlib import Path
import re
import time
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from reference_server import StatusServer

from .browser import TIMEOUT_MS, chromium, log_in, require_browser
from .real_hass import (
    OWNER,
    HomeAssistantApi,
    HomeAssistantProcess,
    parse_log,
    wait_until,
)

if TYPE_CHECKING:
    from playwright.async_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(170)]

USER = "e2e"  # the status server's user (the token's `sub`)
TITLE = f"127.0.0.1 ({USER})"
CONNECTION = "binary_sensor.127_0_0_1_e2e_connection"
# Valid for 30 days: a token that expires within a week raises a repair issue.
TOKEN_LIFETIME = 30 * 86400


def services() -> list[dict[str, Any]]:
    """Three services, one per status, in the server's wire form."""
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return [
        {
            "id": "api-gateway",
            "name": "API Gateway",
            "status": "up",
            "responseTime": 42,
            "lastCheckAt": now,
            "details": {"statusCode": 200},
            "url": "https://api.example.com/health",
            "group": "Edge",
        },
        {
            "id": "payments",
            "name": "Payments API",
            "status": "degraded",
            "responseTime": 850,
            "lastCheckAt": now,
            "details": {"statusCode": 200, "slowQueries": 3},
            "group": "Business",
        },
        {
            "id": "mail",
            "name": "Mail Relay",
            "status": "down",
            "responseTime": None,
            "lastCheckAt": now,
            "details": {"error": "connection refused"},
            "group": "Messaging",
        },
    ]


# service id -> (object id of its entities, status as the test starts)
EXPECTED = {
    "api-gateway": ("api_gateway", "up"),
    "payments": ("payments_api", "degraded"),
    "mail": ("mail_relay", "down"),
}
ON_OFF = {"up": "on", "degraded": "on", "down": "off"}
# How Home Assistant's frame helper reports a call it deprecates or forbids.
FRAME_REPORT = "Detected that custom integration 'status_dashboard'"
# What a service's device page shows once payments went down (step 5):
# service id -> (name, connectivity, status, response time)
SHOWN = {
    "api-gateway": ("API Gateway", "Connected", "Up", "42 ms"),
    "payments": ("Payments API", "Disconnected", "Down", "Unknown"),
    "mail": ("Mail Relay", "Disconnected", "Down", "Unknown"),
}


def whole_words(text: str) -> re.Pattern[str]:
    """``text`` not inside a longer word ("Connected" is no "Disconnected"),
    with any space or none between its words: the frontend writes a value and
    its unit with a no-break space ("42\u00a0ms") since Home Assistant 2026.11."""
    words = r"\s*".join(re.escape(word) for word in text.split())
    return re.compile(rf"(?<!\w){words}(?!\w)")


class Steps:
    """Prints how long each step took (shown with -s or in a failure report)."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()
        self.lines: list[str] = []

    def done(self, what: str) -> None:
        now = time.monotonic()
        total, step = now - self.start, now - self.last
        self.lines.append(f"{total:6.1f} s  (+{step:5.1f})  {what}")
        self.last = now
        print(self.lines[-1])


async def test_real_home_assistant(
    home_assistant: HomeAssistantProcess,
    artifacts: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Onboard, add the integration, see pushes, press Refresh, look, drop a
    service, remove, stop."""
    require_browser()  # fail early and clearly, not after a minute of setup
    steps = Steps()
    server = StatusServer(services=services())
    await server.start()
    try:
        async with aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=30)
        ) as http:
            api = HomeAssistantApi(http, home_assistant.base_url)
            await run(api, home_assistant, server, steps, artifacts, tmp_path)
    finally:
        await server.stop()

    # 10. The log: no error and no traceback at all, from the integration or
    # from anything else the start and onboarding set up; and no report of
    # Home Assistant's frame helper about the integration's calls.
    text = await asyncio.to_thread(home_assistant.read_logs)
    records = parse_log(text)
    ours = [r for r in records if r.ours]
    # The debug level reached the log (the second press of step 6 says so).
    assert any(
        r.level == "DEBUG" and "requested again too soon" in r.text for r in ours
    ), "the integration's debug line is not in the log"
    errors = [r.text for r in records if r.is_error]
    assert not errors, "Home Assistant logged errors:\n" + "\n".join(errors)
    reports = [r.text for r in records if FRAME_REPORT in r.text]
    assert not reports, "Home Assistant reported the integration:\n" + "\n".join(
        reports
    )
    steps.done(f"log checked: {len(records)} records, no error, no frame report")
    with capsys.disabled():
        print("\n[e2e] " + "\n[e2e] ".join(steps.lines))
        print(f"[e2e] screenshots (and Home Assistant's log) in {artifacts}")


async def run(
    api: HomeAssistantApi,
    hass: HomeAssistantProcess,
    server: StatusServer,
    steps: Steps,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    # 1. Home Assistant answers.
    await api.wait_until_up(hass, timeout=120)
    steps.done(f"hass answers on {hass.base_url}")

    # 2. Onboarding through the REST API; keep the YAML http settings.
    await api.onboard(**OWNER)
    await api.wait_until_running()
    await api.confirm_http_config()
    steps.done("onboarded, owner logged in through /auth/token")

    # 3. The config flow, as the Add integration dialog runs it.
    existing = set(await api.states())
    form = await api.start_flow("status_dashboard")
    assert form["type"] == "form", form
    assert form["step_id"] == "user", form
    assert {field["name"] for field in form["data_schema"]} == {
        "url",
        "token",
        "verify_ssl",
    }
    result = await api.flow_step(
        form["flow_id"],
        {
            "url": server.url,
            "token": server.token(USER, expires_in=TOKEN_LIFETIME),
            "verify_ssl": True,
        },
    )
    assert result["type"] == "create_entry", result
    assert result["title"] == TITLE
    entry_id = result["result"]["entry_id"]
    assert result["result"]["state"] == "loaded", result
    steps.done(f"config flow created entry {TITLE!r}")

    # 4. The entities, through /api/states.
    async def all_entities() -> dict[str, dict[str, Any]] | None:
        states = await api.states()
        wanted = [CONNECTION] + [f"binary_sensor.{o}" for o, _ in EXPECTED.values()]
        return states if all(e in states for e in wanted) else None

    states = await wait_until(all_entities, 10, "the integration's entities")
    assert states[CONNECTION]["state"] == "on"
    assert states[CONNECTION]["attributes"]["device_class"] == "connectivity"
    for service_id, (object_id, status) in EXPECTED.items():
        binary = states[f"binary_sensor.{object_id}"]
        assert binary["state"] == ON_OFF[status], binary
        assert binary["attributes"]["service_id"] == service_id
        assert "status" not in binary["attributes"]  # the Status sensor's
        assert states[f"sensor.{object_id}_status"]["state"] == status
        assert f"sensor.{object_id}_response_time" in states
        assert f"button.{object_id}_refresh" in states
    assert float(states["sensor.api_gateway_response_time"]["state"]) == 42
    entities = set(states) - existing
    assert len(entities) == 5 + 4 * len(EXPECTED), sorted(entities)
    steps.done(f"{len(entities)} entities: a binary sensor per service, Connection on")

    # 5. A push from the server reaches Home Assistant's API within a second.
    sent = time.monotonic()
    server.update_service("payments", status="down", responseTime=None)

    async def payments_down() -> bool:
        states = await api.states()
        return bool(
            states["binary_sensor.payments_api"]["state"] == "off"
            and states["sensor.payments_api_status"]["state"] == "down"
        )

    await wait_until(payments_down, 5, "payments down through the API", interval=0.02)
    latency = time.monotonic() - sent
    assert latency < 1.0, f"the change took {latency:.3f} s to reach the API"
    steps.done(f"service:status push seen through /api/states in {latency:.3f} s")

    # 6. The Refresh button asks the server to re-check that service; a
    # second press within 5 s is ignored (and logged at debug level).
    before = len(server.events)

    def refreshes() -> list[Any]:
        return [
            e
            for e in server.events[before:]
            if e.event == "request:refresh" and e.payload == "api-gateway"
        ]

    for _ in range(2):
        await api.request(
            "POST",
            "/api/services/button/press",
            json={"entity_id": "button.api_gateway_refresh"},
        )

    async def refresh_requested() -> bool:
        return bool(refreshes())

    await wait_until(refresh_requested, 5, "request:refresh for api-gateway")
    await asyncio.sleep(0.5)  # room for a second request, which must not come
    assert [e.sub for e in refreshes()] == [USER]
    steps.done("button.press reached the server as one request:refresh 'api-gateway'")

    # 7. The UI in a real browser.
    devices = {}
    for service_id, (object_id, _) in EXPECTED.items():
        template = f"{{{{ device_id('binary_sensor.{object_id}') }}}}"
        devices[service_id] = (await api.template(template)).strip()
        assert devices[service_id], f"no device for binary_sensor.{object_id}"
    await look_in_browser(api, devices, steps, artifacts, tmp_path)

    # No repair issue from the integration (a refused token, a token that
    # expires within a week, a flapping connection would raise one).
    assert not await our_issues(api)

    # 8. A service the server no longer lists: its entities and device go.
    server.set_services([s for sid, s in server.services.items() if sid != "mail"])
    gone = {e for e in entities if e.split(".")[1].startswith("mail_relay")}
    assert len(gone) == 4, sorted(entities)

    async def mail_gone() -> bool:
        states = await api.states()
        template = "{{ device_id('binary_sensor.mail_relay') }}"
        device = (await api.template(template)).strip()
        return not gone & set(states) and device in {"", "None"}

    await wait_until(mail_gone, 10, "Mail Relay's entities and device removed")
    steps.done("service dropped by the server: its 4 entities and its device gone")

    # 9. Remove the entry: the connection closes and the entities go.
    removed = await api.request(
        "DELETE", f"/api/config/config_entries/entry/{entry_id}"
    )
    assert removed == {"require_restart": False}, removed

    async def entities_gone() -> bool:
        return not entities & set(await api.states())

    await wait_until(entities_gone, 10, "the entry's entities removed")
    await server.wait_for(lambda: not server.connected_sids, timeout=10)
    assert not await our_issues(api)
    steps.done("entry removed: entities gone, socket closed on the server")

    await api.wait_until_settled()
    returncode = await api.stop(hass, timeout=60)
    assert returncode == 0, f"hass exited with {returncode}:\n{hass.log_tail()}"
    steps.done("homeassistant.stop: hass exited with 0")


async def our_issues(api: HomeAssistantApi) -> str:
    """The integration's repair issues (as JSON), or ''."""
    [reply] = await api.websocket({"type": "repairs/list_issues"})
    assert reply["success"], reply
    issues = [i for i in reply["result"]["issues"] if i["domain"] == "status_dashboard"]
    return json.dumps(issues, indent=1) if issues else ""


async def settle(page: Page) -> None:
    """Let lazily loaded icons arrive before a screenshot (bounded)."""
    with contextlib.suppress(Exception):
        await page.wait_for_load_state("networkidle", timeout=5000)
    await page.wait_for_timeout(300)


async def look_in_browser(
    api: HomeAssistantApi,
    devices: dict[str, str],
    steps: Steps,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    """Log in, look at the integration's page and each service's device page."""
    from playwright.async_api import expect

    expect.set_options(timeout=TIMEOUT_MS)

    base = api.base_url
    async with chromium(tmp_path / "chromium-profile") as browser:
        page = browser.pages[0] if browser.pages else await browser.new_page()
        await log_in(page, base, OWNER["username"], OWNER["password"])
        steps.done("browser: logged in through Home Assistant's login page")

        await page.goto(base + "/config/integrations/integration/status_dashboard")
        for name in (TITLE, *(shown[0] for shown in SHOWN.values())):
            await expect(page.get_by_text(name, exact=True).first).to_be_visible()
        await expect(
            page.get_by_text("Status server", exact=False).first
        ).to_be_visible()
        shot = artifacts / "01-integration.png"
        await settle(page)
        await page.screenshot(path=shot)
        steps.done(f"browser: integration page lists the 3 services -> {shot}")

        for number, (service_id, (name, connectivity, status, response)) in enumerate(
            SHOWN.items(), start=2
        ):
            await page.goto(f"{base}/config/devices/device/{devices[service_id]}")
            await expect(page.get_by_text(name, exact=True).first).to_be_visible()
            # Each entity row: its name (in the row's shadow root), its state.
            for label, state in (
                (name, connectivity),
                ("Response time", response),
                ("Status", status),
            ):
                row = page.locator("hui-generic-entity-row").filter(
                    has=page.get_by_text(label, exact=True)
                )
                await expect(row).to_contain_text(whole_words(state))
            shot = artifacts / f"0{number}-device-{service_id}.png"
            await settle(page)
            await page.screenshot(path=shot)
            shown = f"{connectivity}, {status}, {response}"
            steps.done(f"browser: {name}: {shown} -> {shot}")
