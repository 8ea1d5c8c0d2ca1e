"""The status board in a real browser: the card on a dashboard made through
Home Assistant's own dashboard API, pushes on screen, a paused service, a lost
server (refresh off, then "Last seen …"), the refresh control, the ready-made
dashboard.

Home Assistant runs as `hass -c <fresh dir>` (the fixture in conftest.py), the
reference server in this process, the browser is Debian's headless Chromium.
Screenshots land in artifacts/e2e/; with E2E_UPDATE_DOCS=1 the light, dark and
offline ones also replace docs/status-board-*.png (shown in the README).
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
import os
from pathlib import Path
import re
import shutil
import time
from typing import TYPE_CHECKING

import aiohttp
import pytest

from reference_server import StatusServer
from reference_server.demo import demo_services

from .browser import TIMEOUT_MS, chromium, log_in, require_browser
from .real_hass import (
    OWNER,
    REPO,
    HomeAssistantApi,
    HomeAssistantProcess,
    parse_log,
    wait_until,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from playwright.async_api import ConsoleMessage, Error, JSHandle, Locator, Page

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

USER = "board"
TOKEN_LIFETIME = 30 * 86400
GRACE_PERIOD = 4  # seconds; the default (30 s) would make the test slow
DOCS = REPO / "docs"
# The card's module as Home Assistant serves it: on the stack of any error of ours.
BUNDLE = "/status_dashboard/status-dashboard.js"
CARD_DASHBOARD = "status-board"
STRATEGY_DASHBOARD = "status-strategy"
# The tile whose Status sensor is set to `paused` for a while.
PAUSED = "redis-cache"
NOT_CONNECTED = "Not connected to the status server"

# The demo services, with one degraded and one down, so that every status shows.
SERVICES = demo_services(8)
STARTING = {service["id"]: "up" for service in SERVICES}
STARTING.update({"payments-api": "degraded", "website": "down"})
for _service in SERVICES:
    if STARTING[_service["id"]] == "degraded":
        _service.update(status="degraded", responseTime=1350.0)
    elif STARTING[_service["id"]] == "down":
        _service.update(status="down", responseTime=None)

# In the page: the tiles' status, the header's text, and a recorder of every
# DOM mutation in the card and in each tile (a tile's own shadow root is
# outside its card's subtree for a MutationObserver).
TILE_STATUSES = """(card) => Object.fromEntries(
  [...card.shadowRoot.querySelectorAll("status-dashboard-tile")].map((tile) => [
    tile.service.id,
    tile.shadowRoot.querySelector(".tile")?.dataset.status,
  ]))"""
TILE_ORDER = """(card) => [...card.shadowRoot.querySelectorAll("status-dashboard-tile")]
  .map((tile) => tile.service.id)"""
HEADER = """(card) => card.shadowRoot.querySelector(".problem").textContent.trim()"""
# Each tile's clock line ("checked 12 s ago", "Last seen down · 4 min ago").
TILE_AGO = """(card) => Object.fromEntries(
  [...card.shadowRoot.querySelectorAll("status-dashboard-tile")].map((tile) => [
    tile.service.id,
    tile.shadowRoot.querySelector(".ago").textContent,
  ]))"""
# The entity of one part of a service, from the board the card has.
PART = """(card, [service, part]) =>
  [...card.shadowRoot.querySelectorAll("status-dashboard-tile")]
    .find((tile) => tile.service.id === service).service.entities[part]"""
# Whether a tile's name shows in full (wrapped, not cut).
NAME_SHOWN_IN_FULL = """(card, service) => {
  const tile = [...card.shadowRoot.querySelectorAll("status-dashboard-tile")]
    .find((t) => t.service.id === service);
  const name = tile.shadowRoot.querySelector(".name");
  return name.scrollHeight <= name.clientHeight + 1
    && name.scrollWidth <= name.clientWidth + 1
    && name.getClientRects().length > 0;
}"""
RECORD_MUTATIONS = """(card) => {
  const records = [];
  const name = (node) => node.localName === "status-dashboard-tile"
    ? `tile:${node.service.id}`
    : node.nodeType === Node.ELEMENT_NODE ? node.localName : node.nodeName;
  const inClock = (node) => {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return Boolean(element && element.closest("[data-clock]"));
  };
  const watch = (root, owner) => new MutationObserver((mutations) => {
    for (const m of mutations) {
      records.push({
        owner, type: m.type, target: name(m.target), clock: inClock(m.target),
        added: [...m.addedNodes].map(name), removed: [...m.removedNodes].map(name),
      });
    }
  }).observe(root, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
  watch(card.shadowRoot, "card");
  for (const tile of card.shadowRoot.querySelectorAll("status-dashboard-tile")) {
    watch(tile.shadowRoot, tile.service.id);
  }
  window.__boardMutations = records;
}"""
# The card's editor in Home Assistant's own form: ha-form is loaded the way
# card editors get it (through a built-in card's editor).
EDIT_CARD = """async ([entryId]) => {
  const helpers = await window.loadCardHelpers();
  const entities = await helpers.createCardElement({ type: "entities", entities: [] });
  await entities.constructor.getConfigElement();
  await customElements.whenDefined("ha-form");
  const card = customElements.get("status-dashboard-card");
  const editor = card.getConfigElement();
  editor.hass = document.querySelector("home-assistant").hass;
  editor.setConfig({ type: "custom:status-dashboard-card", entry_id: entryId });
  document.body.append(editor);
  await editor.updateComplete;
  const form = editor.shadowRoot.querySelector("ha-form");
  const changed = new Promise((resolve) =>
    editor.addEventListener("config-changed", (e) => resolve(e.detail.config)));
  form.dispatchEvent(new CustomEvent("value-changed", {
    detail: { value: { ...form.data, columns: 3, groups: [], title: "" } },
  }));
  const config = await changed;
  const fields = form.schema.map((field) => field.name);
  editor.remove();
  return { config, fields, stub: card.getStubConfig() };
}"""
TAKE_MUTATIONS = "() => window.__boardMutations.splice(0)"
SIGNED_OUT = """([card]) => card.shadowRoot.querySelector(".problem")
  .textContent.includes("Signed out: re-authenticate")"""
RECONNECTING = """([card]) => card.shadowRoot.querySelector(".problem")
  .textContent.includes("Reconnecting")"""
CONNECTED = """([card]) => card.shadowRoot.querySelector(".problem")
  .textContent.trim().length === 0"""
ALL_UNAVAILABLE = """([card]) =>
  [...card.shadowRoot.querySelectorAll("status-dashboard-tile")].every(
    (tile) =>
      tile.shadowRoot.querySelector(".tile").dataset.status === "unavailable")"""
ALL_LAST_SEEN = """([card]) =>
  [...card.shadowRoot.querySelectorAll("status-dashboard-tile")].every(
    (tile) =>
      tile.shadowRoot.querySelector(".ago").textContent.startsWith("Last seen"))"""
# The grid's own change when a tile moves: that tile and Lit's markers only.
MOVED = {"tile:auth-service", "#comment", "#text"}


async def test_status_card_in_the_browser(
    home_assistant: HomeAssistantProcess, artifacts: Path, tmp_path: Path
) -> None:
    """The card and the ready-made dashboard, against a real Home Assistant."""
    require_browser()
    server = StatusServer(services=SERVICES)
    await server.start()
    try:
        async with aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=30)
        ) as http:
            api = HomeAssistantApi(http, home_assistant.base_url)
            entry_id = await set_up_home_assistant(api, home_assistant, server)
            await create_dashboards(api, entry_id)
            await in_the_browser(api, server, entry_id, artifacts, tmp_path)
    finally:
        await server.stop()
    records = parse_log(await asyncio.to_thread(home_assistant.read_logs))
    errors = [r.text for r in records if r.is_error]
    assert not errors, "Home Assistant logged errors:\n" + "\n".join(errors)


async def set_up_home_assistant(
    api: HomeAssistantApi, hass: HomeAssistantProcess, server: StatusServer
) -> str:
    """Onboarded, the integration added with a short grace period: its entry id."""
    await api.first_start(hass, **OWNER)
    form = await api.start_flow("status_dashboard")
    result = await api.flow_step(
        form["flow_id"],
        {
            "url": server.url,
            "token": server.token(USER, expires_in=TOKEN_LIFETIME),
            "verify_ssl": True,
        },
    )
    assert result["type"] == "create_entry", result
    entry_id: str = result["result"]["entry_id"]
    options = await api.request(
        "POST", "/api/config/config_entries/options/flow", json={"handler": entry_id}
    )
    done = await api.request(
        "POST",
        f"/api/config/config_entries/options/flow/{options['flow_id']}",
        json={"grace_period": GRACE_PERIOD},
    )
    assert done["type"] == "create_entry", done
    return entry_id


async def create_dashboards(api: HomeAssistantApi, entry_id: str) -> None:
    """Through Home Assistant's dashboard API: one with the card in a panel
    view, one that is the integration's strategy."""
    replies = await api.websocket(
        {
            "type": "lovelace/dashboards/create",
            "url_path": CARD_DASHBOARD,
            "title": "Status board",
            "icon": "mdi:list-status",
            "mode": "storage",
            "show_in_sidebar": True,
            "require_admin": False,
        },
        {
            "type": "lovelace/config/save",
            "url_path": CARD_DASHBOARD,
            "config": {
                "views": [
                    {
                        "title": "Services",
                        "path": "services",
                        "type": "panel",
                        "cards": [
                            {
                                "type": "custom:status-dashboard-card",
                                "entry_id": entry_id,
                                "title": "Services",
                            }
                        ],
                    }
                ]
            },
        },
        {
            "type": "lovelace/dashboards/create",
            "url_path": STRATEGY_DASHBOARD,
            "title": "Status",
            "mode": "storage",
            "show_in_sidebar": True,
            "require_admin": False,
        },
        {
            "type": "lovelace/config/save",
            "url_path": STRATEGY_DASHBOARD,
            "config": {"strategy": {"type": "custom:status-dashboard"}},
        },
    )
    for reply in replies:
        assert reply["success"], reply


async def in_the_browser(
    api: HomeAssistantApi,
    server: StatusServer,
    entry_id: str,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    from playwright.async_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    async with chromium(tmp_path / "chromium-profile") as browser:
        page = browser.pages[0] if browser.pages else await browser.new_page()
        problems: list[str] = []
        others: list[str] = []

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error" and "status" in message.text.lower():
                problems.append(message.text)

        def on_page_error(error: Error) -> None:
            # Ours when our bundle is on the stack. Home Assistant's own
            # frontend sometimes rejects a promise with a plain object (no
            # stack) while a dialog's subscription ends: kept for the reader.
            text = f"{error}\n{error.stack or ''}"
            (problems if BUNDLE in text else others).append(text)

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        await page.emulate_media(reduced_motion="reduce")
        await log_in(page, api.base_url, OWNER["username"], OWNER["password"])

        await page.goto(f"{api.base_url}/{CARD_DASHBOARD}/services")
        card_locator = page.locator("status-dashboard-card")
        await expect(card_locator.locator("status-dashboard-tile")).to_have_count(
            len(SERVICES)
        )
        card = await card_locator.element_handle()
        assert card is not None
        assert await card.evaluate(TILE_STATUSES) == STARTING
        order = await card.evaluate(TILE_ORDER)
        assert order[:2] == ["website", "payments-api"], order  # problems first
        assert await card.evaluate(HEADER) == ""
        assert await card.evaluate(NAME_SHOWN_IN_FULL, "auth-service")

        restore = await a_paused_service(page, api, card, card_locator)
        await screenshots(page, card_locator, artifacts)
        await restore()

        await a_push_changes_one_tile(page, card, server)
        await tap_and_refresh(page, server)
        await the_server_goes_away(page, card, card_locator, server, artifacts)
        await the_strategy_dashboard(page, api)
        await the_visual_editor(page, api, entry_id)
        await the_token_is_refused(page, api, server)
        (artifacts / "page-errors.txt").write_text("\n\n".join(others), "utf-8")
        assert not problems, "the page reported errors:\n" + "\n".join(problems)


async def a_paused_service(
    page: Page, api: HomeAssistantApi, card: JSHandle, card_locator: Locator
) -> Callable[[], Awaitable[None]]:
    """A service whose Status sensor says `paused` shows "Paused", after the
    problems and before the services that are up. Returns what puts the
    sensor's own state back.

    The state is set through Home Assistant's REST API: what the card reads
    is the Status sensor's state, whichever way it got there.
    """
    from playwright.async_api import expect

    sensor = await card.evaluate(PART, [PAUSED, "status_sensor"])
    assert sensor, "the board names the Status sensor"
    own = await api.request("GET", f"/api/states/{sensor}")
    await api.request(
        "POST",
        f"/api/states/{sensor}",
        json={"state": "paused", "attributes": own["attributes"]},
    )
    tile = card_locator.locator("status-dashboard-tile").filter(has_text="Redis Cache")
    await expect(tile.locator(".tile")).to_have_attribute("data-status", "paused")
    await expect(tile.locator(".status-text")).to_have_text("Paused")
    await expect(
        page.get_by_role("button", name=re.compile(r"^Redis Cache: Paused"))
    ).to_have_count(1)
    order = await card.evaluate(TILE_ORDER)
    assert order[:3] == ["website", "payments-api", PAUSED], order

    async def restore() -> None:
        await api.request(
            "POST",
            f"/api/states/{sensor}",
            json={"state": own["state"], "attributes": own["attributes"]},
            expect=HTTPStatus.OK,
        )
        await expect(tile.locator(".tile")).to_have_attribute("data-status", "up")

    return restore


async def screenshots(page: Page, card: Locator, artifacts: Path) -> None:
    """The card in the light and in the dark theme (the browser's colour scheme)."""
    for scheme in ("light", "dark"):
        await page.emulate_media(color_scheme=scheme)
        await page.wait_for_timeout(500)
        await save_screenshot(card, artifacts / f"status-board-{scheme}.png")
    await page.emulate_media(color_scheme="light")


async def save_screenshot(card: Locator, shot: Path) -> None:
    """The card alone; into docs/ as well with E2E_UPDATE_DOCS=1."""
    await card.screenshot(path=shot)
    if os.environ.get("E2E_UPDATE_DOCS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS / shot.name)


async def a_push_changes_one_tile(
    page: Page, card: JSHandle, server: StatusServer
) -> None:
    """A status change is on screen within a second, and only its tile changed."""
    await card.evaluate(RECORD_MUTATIONS)
    sent = time.monotonic()
    server.update_service("auth-service", status="down", responseTime=None)
    await page.wait_for_function(
        """([card]) => card.shadowRoot.querySelector(
             "status-dashboard-tile:first-of-type").service.id === "auth-service"
           && [...card.shadowRoot.querySelectorAll("status-dashboard-tile")]
             .find((t) => t.service.id === "auth-service")
             .shadowRoot.querySelector(".tile").dataset.status === "down" """,
        arg=[card],
        polling="raf",
    )
    shown_after = time.monotonic() - sent
    assert shown_after < 1.0, f"the change took {shown_after:.3f} s to show"
    await page.wait_for_timeout(1500)  # room for any late, unwanted change
    mutations = await page.evaluate(TAKE_MUTATIONS)
    elsewhere = [
        m
        for m in mutations
        if not m["clock"]
        and m["owner"] != "auth-service"
        and not (
            m["owner"] == "card"
            and m["type"] == "childList"
            and m["target"] == "div"  # the grid, moving the tile to the top
            and {*m["added"], *m["removed"]}
            <= {"tile:auth-service", "#comment", "#text"}
        )
    ]
    assert not elsewhere, f"mutations outside the changed tile: {elsewhere}"
    assert any(m["owner"] == "auth-service" for m in mutations), mutations


async def tap_and_refresh(page: Page, server: StatusServer) -> None:
    """A tile opens the more-info dialog (by mouse and by keyboard); its refresh
    control reaches the server as `request:refresh` for that service."""
    from playwright.async_api import expect

    tile = page.get_by_role("button", name=re.compile(r"^API Gateway: Up"))
    await tile.click()
    dialog = page.locator("ha-more-info-dialog")
    await expect(dialog.get_by_text("API Gateway").first).to_be_visible()
    await page.keyboard.press("Escape")
    await expect(dialog.get_by_text("API Gateway")).to_have_count(0)
    await tile.focus()
    await page.keyboard.press("Enter")
    await expect(dialog.get_by_text("API Gateway").first).to_be_visible()
    await page.keyboard.press("Escape")
    await expect(dialog.get_by_text("API Gateway")).to_have_count(0)

    before = len(server.events)
    await page.get_by_role("button", name="Refresh API Gateway", exact=True).click()

    async def refreshed() -> bool:
        return any(
            e.event == "request:refresh" and e.payload == "api-gateway"
            for e in server.events[before:]
        )

    await wait_until(refreshed, 5, "request:refresh for api-gateway")
    assert not [
        e
        for e in server.events[before:]
        if e.event == "request:refresh" and e.payload != "api-gateway"
    ]


async def the_server_goes_away(
    page: Page,
    card: JSHandle,
    card_locator: Locator,
    server: StatusServer,
    artifacts: Path,
) -> None:
    """The header says so at once and the refresh controls are off (with why);
    the tiles keep their state for the grace period, then grey out and say
    what was last seen; when the server is back, so are they."""
    from playwright.async_api import expect

    shown = await card.evaluate(TILE_STATUSES)
    await server.stop()
    stopped = time.monotonic()
    await page.wait_for_function(RECONNECTING, arg=[card])
    header_after = time.monotonic() - stopped
    assert header_after < 2.0, f"the header took {header_after:.2f} s"
    assert await card.evaluate(TILE_STATUSES) == shown, (
        "tiles changed in the grace period"
    )
    refresh = page.get_by_role("button", name="Refresh API Gateway", exact=True)
    refresh_all = page.get_by_role("button", name="Refresh all services", exact=True)
    for button in (refresh, refresh_all):
        await expect(button).to_be_disabled()
        await expect(button).to_have_attribute("title", NOT_CONNECTED)
    # A press anyway (forced: it is disabled) asks Home Assistant for nothing.
    await refresh.click(force=True)
    await refresh_all.click(force=True)
    await page.wait_for_timeout(500)
    await expect(page.get_by_text("Refresh failed")).to_have_count(0)

    await page.wait_for_function(
        ALL_UNAVAILABLE,
        arg=[card],
        timeout=(GRACE_PERIOD + 10) * 1000,
    )
    greyed_after = time.monotonic() - stopped
    assert greyed_after >= GRACE_PERIOD - 0.5, f"greyed after {greyed_after:.2f} s"
    assert "Reconnecting" in await card.evaluate(HEADER)
    await page.wait_for_function(ALL_LAST_SEEN, arg=[card])
    ago = await card.evaluate(TILE_AGO)
    since = r" · (just\snow|\d+\s(s|min|h)\sago)$"
    for service, status in shown.items():
        assert re.match(f"^Last seen {status}{since}", ago[service]), (service, ago)
    await expect(
        page.get_by_role(
            "button", name=re.compile(r"^Public Website: Unavailable, last seen down")
        )
    ).to_have_count(1)
    await save_screenshot(card_locator, artifacts / "status-board-offline.png")

    await server.start()
    await page.wait_for_function(
        CONNECTED,
        arg=[card],
        timeout=45_000,
    )

    async def tiles_back() -> bool:
        return bool(await card.evaluate(TILE_STATUSES) == shown)

    await wait_until(tiles_back, 10, "the tiles back as before")
    for button in (refresh, refresh_all):
        await expect(button).to_be_enabled()
    await expect(refresh).to_have_attribute("title", "Refresh API Gateway")

    async def checked_again() -> bool:
        texts = (await card.evaluate(TILE_AGO)).values()
        return all(text.startswith("checked ") for text in texts)

    await wait_until(checked_again, 10, "every tile's check time back")


async def the_strategy_dashboard(page: Page, api: HomeAssistantApi) -> None:
    """The ready-made dashboard: a view for the entry with the card and the
    history of the services that are not up."""
    from playwright.async_api import expect

    await page.goto(f"{api.base_url}/{STRATEGY_DASHBOARD}")
    card = page.locator("status-dashboard-card")
    await expect(card.locator("status-dashboard-tile")).to_have_count(len(SERVICES))
    await expect(page.locator("hui-history-graph-card")).to_have_count(1)
    await expect(page.locator("hui-history-graph-card")).to_contain_text("not up")


async def the_visual_editor(page: Page, api: HomeAssistantApi, entry_id: str) -> None:
    """The card's editor: Home Assistant's form with the card's options; a
    change comes out as the card's configuration, empty options left out."""
    result = await page.evaluate(EDIT_CARD, [entry_id])
    assert result["fields"] == ["entry_id", "title", "columns", "groups", "statuses"]
    assert result["config"] == {
        "type": "custom:status-dashboard-card",
        "entry_id": entry_id,
        "columns": 3,
    }
    assert result["stub"] == {"type": "custom:status-dashboard-card"}


async def the_token_is_refused(
    page: Page, api: HomeAssistantApi, server: StatusServer
) -> None:
    """The server revokes the user's token: the header asks to re-authenticate
    and links to the integration's page."""
    from playwright.async_api import expect

    await page.goto(f"{api.base_url}/{CARD_DASHBOARD}/services")
    card = page.locator("status-dashboard-card")
    await expect(card.locator("status-dashboard-tile")).to_have_count(len(SERVICES))
    await server.revoke(USER)
    handle = await card.element_handle()
    await page.wait_for_function(SIGNED_OUT, arg=[handle], timeout=30_000)
    link = card.get_by_role("link", name="re-authenticate")
    await expect(link).to_have_attribute(
        "href", "/config/integrations/integration/status_dashboard"
    )
