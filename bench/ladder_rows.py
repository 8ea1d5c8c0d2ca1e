"""Rows of the table about the two ladders: one row per rate, the highest rate
each client sustained and, at the response-time ladder's, the state writes and
the CPU per update."""

from __future__ import annotations

import argparse
import math
from typing import Any

from .cells import Row, fmt, ratio, row, step_cell, verdict
from .phases import RAMP_KINDS
from .results import Results
from .targets import (
    LAG_P99_LIMIT_MS,
    STATUS_RAMP_TARGET,
    SUSTAINED_TARGET,
    THROTTLE_INTERVAL,
)


def response_ladder_rows(args: argparse.Namespace, r: Results) -> list[Row]:
    """Response-time changes, which the integration's throttle coalesces; then
    the writes and CPU at the highest rate Home Assistant sustained."""
    rows = ladder_rows(args, r.sustained, "response", args.rates, SUSTAINED_TARGET)
    ha_best = best_step(r.sustained["ha"])
    if ha_best:
        by_rate = {s["rate"]: s for s in r.sustained["bare"]}
        rows += [
            writes_row(args.services, ha_best),
            best_rate_cpu_row(ha_best, by_rate.get(ha_best["rate"])),
        ]
    return rows


def status_ladder_rows(args: argparse.Namespace, r: Results) -> list[Row]:
    """Status changes, each written at once."""
    return ladder_rows(
        args,
        r.status_ramp,
        "status",
        args.status_rates,
        STATUS_RAMP_TARGET,
        how=" (each service up and down in turn)",
    )


def ladder_rows(
    args: argparse.Namespace,
    steps: dict[str, list[dict[str, Any]]],
    kind: str,
    rates: list[float],
    target: float,
    *,
    how: str = "",
) -> list[Row]:
    """One row per rate of a ladder of changes of `kind`, then the highest rate
    each client sustained."""
    if not steps["ha"]:
        return []
    changes = RAMP_KINDS[kind]
    ha_by_rate = {s["rate"]: s for s in steps["ha"]}
    bare_by_rate = {s["rate"]: s for s in steps["bare"]}
    rows = []
    for rate in sorted(ha_by_rate.keys() | bare_by_rate.keys()):
        a, b = ha_by_rate.get(rate), bare_by_rate.get(rate)
        rows.append(
            row(
                f"{changes.capitalize()} at {rate:,.0f}/s over {args.services:,}"
                f" services{how}: sent/s, lag p99 / max, GC max and full"
                " collections, CPU/update, other processes' CPU",
                step_cell(a) if a else "not run (ladder ended)",
                step_cell(b) if b else "not run (ladder ended)",
                ratio(a["cpu_per_update_us"], b["cpu_per_update_us"])
                if a and b
                else "—",
            )
        )
    ha_rate, bare_rate = best_rate(steps["ha"]), best_rate(steps["bare"])
    top = max(rates)
    rows.append(
        row(
            f"Sustained {changes} with loop lag p99 < {LAG_P99_LIMIT_MS:g} ms"
            f" (changes/s; ladder {', '.join(f'{x:g}' for x in rates)})",
            f"{ha_rate:,.0f}" + (" (top of ladder)" if ha_rate == top else ""),
            f"{bare_rate:,.0f}" + (" (top of ladder)" if bare_rate == top else ""),
            ratio(ha_rate, bare_rate),
            f"≥ {target:,.0f}/s",
            verdict(ha_rate >= target),
        )
    )
    return rows


def best_step(steps: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The highest rate of a ladder that passed (a ladder climbs, and ends
    with the first step that lags)."""
    passed = [s for s in steps if s["passed"]]
    return passed[-1] if passed else None


def best_rate(steps: list[dict[str, Any]]) -> float:
    """The rate of `best_step` (0: none passed)."""
    best = best_step(steps)
    return best["rate"] if best else 0.0


def writes_row(services: int, best: dict[str, Any]) -> Row:
    got = best["got"]
    # Per entity at most one write when a window opens and one each
    # time it closes: floor(wall / interval) + 1 in the window.
    allowed = math.floor(got["wall"] / THROTTLE_INTERVAL) + 1
    bound = services * 2 * allowed / got["wall"]  # 2 entities change per write
    per_entity = got["max_writes_per_entity"]
    return row(
        f"State writes/s at {best['rate']:,.0f}/s (throttle: at most"
        f" {allowed} writes of one entity in {got['wall']:.1f} s, so"
        f" ≤ {bound:,.0f}/s; the most written entity)",
        f"{best['writes_per_s']:,.0f}/s; {per_entity} writes",
        "—",
        "—",
        "bounded by the throttle",
        verdict(per_entity <= allowed and best["writes_per_s"] <= bound),
    )


def best_rate_cpu_row(best: dict[str, Any], bare: dict[str, Any] | None) -> Row:
    return row(
        f"CPU per applied update, response-time changes at {best['rate']:,.0f}/s (µs)",
        fmt(best["cpu_per_update_us"], 0),
        fmt(bare["cpu_per_update_us"], 0) if bare is not None else "—",
        ratio(best["cpu_per_update_us"], bare["cpu_per_update_us"])
        if bare is not None
        else "—",
    )
