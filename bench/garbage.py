"""The garbage phase: what status changes leave on the heap (see bench.heap).

Its own phase, since tracemalloc slows every allocation: its figures are
per update, never times. The loop-lag probe is off meanwhile (its samples are
the benchmark's allocations, not the client's).

The warm-up writes every service at least twice: Home Assistant keeps each
entity's previous state too (the current state's context holds the event
that replaced the previous one), so the measured batch only nets out what
it turns over once the warm-up's states are that deep.
"""

from __future__ import annotations

from typing import Any

from .processes import Child
from .progress import log

GARBAGE_RATE = 1000.0  # status changes/s
PER = 10_000  # the figures are per this many updates


def garbage_phase(
    server: Child, client: Child, name: str, updates: int, services: int
) -> dict[str, Any]:
    """A warm-up and a batch of `updates` status changes, traced; the batch
    is measured."""
    seconds = updates / GARBAGE_RATE
    warm_seconds = max(updates, 2 * services) / GARBAGE_RATE
    log(
        f"{name}: garbage, tracemalloc on, {warm_seconds:g} s of warm-up, then"
        f" {updates:,} status changes at {GARBAGE_RATE:g}/s"
    )
    client.call("lag_probe", on=False)
    client.call("heap_start")
    client.call("window_start", track=False)
    warm = status_stream(server, name, warm_seconds)
    client.call("window_stop", expected=warm["sent"], timeout=120.0)
    client.call("heap_mark")
    sent = status_stream(server, name, seconds)
    got: dict[str, Any] = client.call("heap_stop", expected=sent["sent"], timeout=120.0)
    client.call("lag_probe", on=True)
    scale = PER / max(1, got["received"])
    got["per"] = {
        "left_alive_bytes": got["left_alive_bytes"] * scale,
        "left_alive_blocks": got["left_alive_blocks"] * scale,
        "peak_bytes": got["peak_bytes"],
        "cyclic_garbage": got["cyclic_garbage"] * scale,
        "full": got["window"]["gc"]["full"] * scale,
        "collections": got["window"]["gc"]["count"] * scale,
    }
    per = got["per"]
    log(
        f"  per {PER:,}: left alive {per['left_alive_bytes'] / 1e3:,.0f} kB,"
        f" peak {per['peak_bytes'] / 1e3:,.0f} kB, cyclic garbage"
        f" {per['cyclic_garbage']:,.0f} objects, {per['full']:.1f} full collections;"
        f" most grown: {got['top'][0] if got['top'] else '—'}"
    )
    return got


def status_stream(server: Child, name: str, seconds: float) -> dict[str, Any]:
    """Status changes at the phase's rate for `seconds`, none of them recorded."""
    sent: dict[str, Any] = server.call(
        "stream",
        name=name,
        kind="status",
        rate=GARBAGE_RATE,
        duration=seconds,
        record=False,
    )
    return sent
