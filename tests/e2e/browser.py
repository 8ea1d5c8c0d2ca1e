"""Debian's Chromium, headless, driven by Playwright (no browser download)."""

from __future__ import annotations

from collections.abc import AsyncIterator
import contextlib
from pathlib import Path
import shutil
from typing import TYPE_CHECKING

import pytest

from bench.card import CHROMIUM, CHROMIUM_FLAGS

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Page

TIMEOUT_MS = 20_000


def require_browser() -> None:
    """Fail (not skip) with what to run when the browser or its driver is missing."""
    missing = []
    if not (CHROMIUM.exists() and shutil.which(str(CHROMIUM))):
        missing.append(f"Debian's chromium ({CHROMIUM})")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright")
    if missing:
        pytest.fail(
            f"The end-to-end test drives a real browser but {' and '.join(missing)}"
            " is not installed: run scripts/setup (it runs scripts/install-browser),"
            " or deselect the test with -m 'not e2e'.",
            pytrace=False,
        )


@contextlib.asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[BrowserContext]:
    """A headless Chromium with a fresh profile; closed (and waited for) after."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
            timeout=60_000,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            await context.close()


async def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Through Home Assistant's own login page, as a person would."""
    await page.goto(base_url + "/")
    await page.wait_for_url("**/auth/authorize?**")
    await page.locator("input[name=username]").fill(username)
    await page.locator("input[name=password]").fill(password)
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url(lambda url: "/auth/authorize" not in url)
    # The frontend is up once its sidebar shows the owner.
    await page.locator("ha-sidebar").get_by_text("Settings").wait_for()
