"""The status board's card in headless Chromium: first render of many tiles
and a burst of updates, measured in the page. Prints a markdown table.

``python -m bench.card [--services N] [--updates N] [--spacing MS]``
(scripts/bench-card). The card runs on a page of its own with a `hass`
object shaped like Home Assistant's (bench/card_page.js), so the figures are
the card's own work: no Home Assistant, no network.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
import statistics
import sys
import tempfile
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BUNDLE = (
    REPO / "custom_components" / "status_dashboard" / "frontend" / "status-dashboard.js"
)
PAGE_SCRIPT = Path(__file__).with_name("card_page.js")
# Debian's chromium; E2E_CHROMIUM points elsewhere (e.g. a distribution
# whose chromium package is a snap).
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
# No internet here: without these, Chromium's background services flood the
# log with refused connections.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def measure(services: int, updates: int, spacings: list[float]) -> dict[str, Any]:
    """Run the page in Chromium: the first render, then one burst per spacing."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        with tempfile.TemporaryDirectory() as profile:
            context = await playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_FLAGS,
                viewport={"width": 1280, "height": 900},
            )
            try:
                page = context.pages[0] if context.pages else await context.new_page()
                # No status-change flash: its end would count as a later update's.
                await page.emulate_media(reduced_motion="reduce")
                await page.set_content("<!doctype html><html><body></body></html>")
                await page.add_script_tag(path=str(BUNDLE), type="module")
                await page.add_script_tag(path=str(PAGE_SCRIPT))
                await page.wait_for_function(
                    "() => customElements.get('status-dashboard-card')"
                )
                first = await page.evaluate(
                    "(count) => window.boardBench.setUp(count)", services
                )
                bursts = [
                    await page.evaluate(
                        "([n, spacing]) => window.boardBench.burst(n, spacing)",
                        [updates, spacing],
                    )
                    for spacing in spacings
                ]
            finally:
                await context.close()
    return {"first": first, "bursts": list(zip(spacings, bursts, strict=True))}


def table(services: int, updates: int, results: dict[str, Any]) -> str:
    """The figures as a markdown table."""
    first = results["first"]
    rows = [
        ("figure", "value"),
        ("---", "---"),
        (
            f"First render, {services} tiles: to the first painted frame (ms)",
            f"{first['firstRender']:.0f}",
        ),
        (
            "… longest frame meanwhile (ms) / long tasks (> 50 ms)",
            f"{first['longestFrame']:.0f} / {_tasks(first['longTasks'])}",
        ),
        ("… elements in the card and its tiles", f"{first['nodes']:,}"),
    ]
    for spacing, burst in results["bursts"]:
        per_update = burst["perUpdate"]
        what = (
            f"Burst of {updates} updates, {spacing:g} ms apart"
            " (half of them status changes)"
        )
        rows += [
            (f"{what}: elapsed (ms)", f"{burst['elapsed']:.0f}"),
            (
                "… the card's work per update, new `hass` to tile rendered:"
                " median / max (ms)",
                f"{statistics.median(burst['work']):.2f} / {max(burst['work']):.2f}",
            ),
            (
                "… longest frame (ms) / long tasks (> 50 ms)",
                f"{burst['longestFrame']:.0f} / {_tasks(burst['longTasks'])}",
            ),
            (
                "… DOM mutations per update: median / max (the clock's text excluded)",
                f"{statistics.median(per_update):g} / {max(per_update)}",
            ),
            ("… tiles re-rendered per update (max)", f"{max(burst['tilesTouched'])}"),
        ]
    return "\n".join(f"| {a} | {b} |" for a, b in rows)


def _tasks(durations: list[float]) -> str:
    if not durations:
        return "none"
    return f"{len(durations)}, longest {max(durations):.0f} ms"


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(prog="scripts/bench-card", description=__doc__)
    parser.add_argument("--services", type=int, default=500)
    parser.add_argument("--updates", type=int, default=100)
    parser.add_argument(
        "--spacing",
        type=float,
        action="append",
        help="ms between updates (repeatable; default 0 and 10)",
    )
    args = parser.parse_args(argv)
    if not BUNDLE.exists():
        print(f"no bundle at {BUNDLE}: run scripts/frontend", file=sys.stderr)
        return 1
    spacings = args.spacing or [0.0, 10.0]
    results = asyncio.run(measure(args.services, args.updates, spacings))
    print(table(args.services, args.updates, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
