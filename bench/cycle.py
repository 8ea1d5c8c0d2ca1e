"""The live cycle: big lists pushed to a running entry, one bulk update each.

On a link already up, with services listed: `size` new services in one
bulk, every service down in one bulk, the list emptied to one service, then
1,000 new services. Each step is timed from the server's emit until the
client shows it; the server counts the connections it accepted meanwhile (a
link that starved is dropped and comes back) and, after the last step, waits
for a pong (the heartbeat went through once more).
"""

from __future__ import annotations

import math
import time
from typing import Any

from .processes import Child
from .progress import log

NEW_AT_END = 1000  # services listed after the cycle


def plan(listed: int, size: int) -> list[tuple[str, int, int]]:
    """Each step: its name, how many services it adds, how many are listed after."""
    return [
        ("add", size, listed + size),
        ("down", 0, listed + size),
        ("keep_one", 0, 1),
        ("replace", NEW_AT_END, NEW_AT_END),
    ]


def live_cycle(
    server: Child, client: Child, *, role: str, name: str, listed: int, size: int
) -> dict[str, Any]:
    """One client through the cycle; its link is judged by `cycle_links` later."""
    started = time.monotonic()
    steps = []
    for step, count, services in plan(listed, size):
        log(f"{name}: live cycle {size:,}: {step} ({services:,} services listed)")
        client.call("cycle_arm" if role == "ha" else "arm")
        pushed = server.call("live_list", name=name, step=step, count=count)
        if role == "ha":
            seen = client.call("cycle_wait", step=step, services=services)
        else:
            seen = client.call("wait_bulk", services=services, connected=False)
            seen["shown"] = seen["written"]
        emitted = pushed["emitted"] if pushed["emitted"] is not None else math.nan
        one = {
            **seen,
            "step": step,
            "services": services,
            "emitted": emitted,
            "bytes": pushed["bytes"],
            "from_emit": seen["shown"] - emitted,
        }
        window = seen["window"]
        log(
            f"  shown {one['from_emit'] * 1000:.0f} ms after the emit"
            f" ({pushed['bytes'] / 1e6:.2f} MB), lag max"
            f" {window['lag']['max_ms']:.0f} ms, {window['gc']['full']} full"
            " collections"
            + (
                f"; {seen['entities']:,}/{seen['target']:,} entities"
                if role == "ha"
                else ""
            )
            + ("" if seen["ok"] else " **not shown**")
        )
        steps.append(one)
    return {"size": size, "started": started, "steps": steps}


def cycle_links(server: Child, name: str, cycle: dict[str, Any]) -> None:
    """Wait for a pong after the cycle's last bulk; what the server saw since
    the cycle began: connections accepted (each a reconnection), drops."""
    last = cycle["steps"][-1]["emitted"]
    if math.isnan(last):
        last = time.monotonic()
    beat = server.call("heartbeat", name=name, after=last)
    links = server.call("links", name=name, since=cycle["started"])
    cycle["heartbeat"] = {
        "ok": beat["ok"],
        "after_last_bulk": beat["pong"] - last if beat["ok"] else math.nan,
    }
    cycle["links"] = links
    cycle["reconnections"] = len(links["accepted"])
    reasons = ", ".join(reason for _, reason in links["disconnects"]) or "none"
    log(
        f"{name}: live cycle {cycle['size']:,}: {cycle['reconnections']}"
        f" reconnections, drops: {reasons}; pong"
        f" {cycle['heartbeat']['after_last_bulk']:.1f} s after the last bulk"
    )
