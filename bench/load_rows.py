"""Rows of the table about load: the status-change ladder, the state writes
a status change causes, the garbage it leaves, full collections per part."""

from __future__ import annotations

import argparse
from typing import Any

from .cells import Row, fmt, ratio, row, step_cell, verdict
from .garbage import PER
from .ha_view import SERVER_KIND, SERVICE_KINDS
from .results import Results
from .targets import LAG_P99_LIMIT_MS, STATUS_RAMP_TARGET

KIND_ORDER = [*SERVICE_KINDS.values(), SERVER_KIND]


def status_ramp_rows(args: argparse.Namespace, r: Results) -> list[Row]:
    """One row per rate of the status-change ladder, then the highest rate
    each client sustained."""
    ha_steps, bare_steps = r.status_ramp["ha"], r.status_ramp["bare"]
    if not ha_steps:
        return []
    ha_by_rate = {s["rate"]: s for s in ha_steps}
    bare_by_rate = {s["rate"]: s for s in bare_steps}
    rows = []
    for rate in sorted(ha_by_rate.keys() | bare_by_rate.keys()):
        a, b = ha_by_rate.get(rate), bare_by_rate.get(rate)
        rows.append(
            row(
                f"Status changes at {rate:,.0f}/s over {args.services:,} services"
                " (each service up and down in turn): sent/s, lag p99 / max, GC max"
                " and full collections, CPU/update, other processes' CPU",
                step_cell(a) if a else "not run (ladder ended)",
                step_cell(b) if b else "not run (ladder ended)",
                ratio(a["cpu_per_update_us"], b["cpu_per_update_us"])
                if a and b
                else "—",
            )
        )
    ha_rate, bare_rate = best_rate(ha_steps), best_rate(bare_steps)
    top = max(args.status_rates)
    rows.append(
        row(
            f"Sustained status changes with loop lag p99 < {LAG_P99_LIMIT_MS:g} ms"
            f" (changes/s; ladder {', '.join(f'{x:g}' for x in args.status_rates)})",
            f"{ha_rate:,.0f}" + (" (top of ladder)" if ha_rate == top else ""),
            f"{bare_rate:,.0f}" + (" (top of ladder)" if bare_rate == top else ""),
            ratio(ha_rate, bare_rate),
            f"≥ {STATUS_RAMP_TARGET:,.0f}/s",
            verdict(ha_rate >= STATUS_RAMP_TARGET),
        )
    )
    return rows


def best_rate(steps: list[dict[str, Any]]) -> float:
    """The highest rate of a ladder that passed (0: none)."""
    return max((s["rate"] for s in steps if s["passed"]), default=0.0)


def writes_per_change_row(ha: dict[str, Any]) -> Row:
    """state_changed events of the entry's entities per status change applied."""
    return _writes_row("status change", ha["got"])


def writes_per_response_row(ha: dict[str, Any]) -> Row:
    """The same per response-time-only change (none of them throttled)."""
    return _writes_row("response-time-only change", ha["response_only"])


def _writes_row(change: str, got: dict[str, Any]) -> Row:
    changes = max(1, got["received"])
    by_kind = got.get("writes_by_kind", {})
    kinds = KIND_ORDER + sorted(k for k in by_kind if k not in KIND_ORDER)
    parts = ", ".join(f"{kind} {by_kind.get(kind, 0) / changes:.2f}" for kind in kinds)
    return row(
        f"… state writes per {change} (state_changed events of the entry's"
        f" entities / {change}s applied): by kind of entity",
        f"{got['writes'] / changes:.2f}: {parts}",
    )


def garbage_rows(args: argparse.Namespace, r: Results) -> list[Row]:
    """What status changes leave on the heap, per 10,000 of them."""
    if not r.garbage:
        return []
    ha, bare = r.garbage["ha"], r.garbage["bare"]
    a, b = ha["per"], bare["per"]
    head = (
        f"Garbage per {PER:,} status changes (tracemalloc, own phase: a batch of"
        f" {args.garbage_updates:,} after a warm-up)"
    )
    return [
        row(
            f"{head}: left alive after a full collection (kB; blocks)",
            f"{a['left_alive_bytes'] / 1e3:,.1f} ({a['left_alive_blocks']:,.0f})",
            f"{b['left_alive_bytes'] / 1e3:,.1f} ({b['left_alive_blocks']:,.0f})",
            ratio(a["left_alive_bytes"], b["left_alive_bytes"]),
        ),
        row(
            f"{head}: allocated and held at once at most, above the start (kB)",
            f"{a['peak_bytes'] / 1e3:,.0f}",
            f"{b['peak_bytes'] / 1e3:,.0f}",
            ratio(a["peak_bytes"], b["peak_bytes"]),
        ),
        row(
            f"{head}: cyclic garbage (objects only the collector freed)",
            fmt(a["cyclic_garbage"], 0),
            fmt(b["cyclic_garbage"], 0),
            ratio(a["cyclic_garbage"], b["cyclic_garbage"]),
        ),
        row(
            f"{head}: full collections (and all collections)",
            f"{a['full']:.1f} ({a['collections']:,.0f})",
            f"{b['full']:.1f} ({b['collections']:,.0f})",
        ),
        row(
            f"{head}: where what is left alive grew most (site: bytes, blocks in"
            " the batch)",
            top_sites(ha["top"]),
            top_sites(bare["top"]),
        ),
    ]


def top_sites(top: list[list[Any]]) -> str:
    return (
        "; ".join(f"{site}: {size:+,} B, {count:+,}" for site, size, count in top[:3])
        or "—"
    )


def parts_rows(r: Results) -> list[Row]:
    """Full (gen 2) collections of each process, part by part."""
    by_scale: dict[int, list[dict[str, Any]]] = {}
    for part in r.parts:
        by_scale.setdefault(part["services"], []).append(part)
    return [
        row(
            f"Full collections (gen 2) per part, {services:,} services",
            "; ".join(f"{p['part']} {p['ha']}" for p in parts),
            "; ".join(f"{p['part']} {p['bare']}" for p in parts),
        )
        for services, parts in by_scale.items()
    ]
