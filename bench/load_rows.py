"""Rows of the table about load: the state writes a status change causes, the
garbage it leaves, full collections per part."""

from __future__ import annotations

import argparse
from typing import Any

from .cells import Row, fmt, ratio, row
from .garbage import PER
from .ha_view import SERVER_KIND, SERVICE_KINDS
from .results import Results

KIND_ORDER = [*SERVICE_KINDS.values(), SERVER_KIND]


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
