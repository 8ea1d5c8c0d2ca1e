"""Rows of the table about the live cycle: each step, and the link through it."""

from __future__ import annotations

import argparse
from typing import Any

from .cells import Row, fmt, lag_max, ratio, row, stall_target, stall_verdict, verdict
from .cycle import NEW_AT_END
from .heartbeat import PING_INTERVAL, PING_TIMEOUT
from .results import Results
from .targets import RECONNECTIONS_TARGET


def step_label(step: str, size: int, listed: int) -> str:
    return {
        "add": f"{size:,} new services in one bulk → the new entities exist",
        "down": f"every service ({listed + size:,}) down in one bulk → every"
        " binary sensor off",
        "keep_one": "the list emptied to 1 → the entities of the others gone",
        "replace": f"{NEW_AT_END:,} new services instead → the new entities exist",
    }[step]


def cycle_rows(args: argparse.Namespace, r: Results) -> list[Row]:
    """Per live cycle: one row per step, then the reconnections."""
    rows: list[Row] = []
    listed = args.services
    for ha, bare in zip(r.cycles["ha"], r.cycles["bare"], strict=True):
        size = ha["size"]
        head = (
            f"Live cycle {size:,} on {listed:,} services (heartbeat"
            f" {PING_INTERVAL:g} s + {PING_TIMEOUT:g} s)"
        )
        for a, b in zip(ha["steps"], bare["steps"], strict=True):
            rows.append(
                row(
                    f"{head}: {step_label(a['step'], size, listed)} (ms from the"
                    " emit; bytes)",
                    ha_step_cell(a),
                    f"{fmt(b['from_emit'] * 1000, 0)}; {lag_max(b['window'])}"
                    + ("" if b["ok"] else " **(not received)**"),
                    ratio(a["from_emit"], b["from_emit"]),
                    stall_target(),
                    stall_verdict(a["window"]),
                )
            )
        rows.append(
            row(
                f"{head}: reconnections the server counted, from the first bulk"
                " until a pong after the last (the server's drops)",
                links_cell(ha),
                links_cell(bare),
                "—",
                f"{RECONNECTIONS_TARGET}",
                verdict(
                    ha["reconnections"] == RECONNECTIONS_TARGET
                    and ha["heartbeat"]["ok"]
                ),
            )
        )
        listed = ha["steps"][-1]["services"]
    return rows


def ha_step_cell(step: dict[str, Any]) -> str:
    text = (
        f"{fmt(step['from_emit'] * 1000, 0)} ({step['bytes'] / 1e6:.2f} MB);"
        f" {lag_max(step['window'])}"
    )
    if step["step"] in {"add", "replace"} and step["entities"] < step["target"]:
        text += f"; {step['entities']:,} of {step['target']:,} entities"
    if not step["ok"]:
        text += " **(not shown)**"
    if step["disconnects"]:
        text += f" **({step['disconnects']} disconnects)**"
    return text


def links_cell(cycle: dict[str, Any]) -> str:
    links = cycle["links"]
    drops = ", ".join(reason for _, reason in links["disconnects"]) or "none"
    beat = cycle["heartbeat"]
    pong = (
        f"pong {beat['after_last_bulk']:.1f} s after the last bulk"
        if beat["ok"]
        else "**no pong after the last bulk**"
    )
    return f"{cycle['reconnections']} (drops: {drops}; {pong})"
