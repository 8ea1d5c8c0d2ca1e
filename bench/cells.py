"""The table's cells: numbers, ratios, verdicts and figure groups as text."""

from __future__ import annotations

import math
import statistics
from typing import Any

from .targets import STALL_LIMIT_MS

TIMES = "\u00d7"  # the multiplication sign

type Row = tuple[str, str, str, str, str, str]


def row(  # noqa: PLR0917
    figure: str,
    ha: str,
    bare: str = "—",
    rat: str = "—",
    target: str = "",
    result: str = "",
) -> Row:
    """One line: figure, integration, bare client, ratio, target, result."""
    return (figure, ha, bare, rat, target, result)


def fmt(value: float, digits: int = 1, unit: str = "") -> str:
    """A number with thousands separators; — for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}{unit}"


def ratio(a: float, b: float) -> str:
    """a / b, as in "1.5" and the multiplication sign; — when either is missing or 0."""
    if not a or not b or math.isnan(a) or math.isnan(b):
        return "—"
    return f"{a / b:.1f}{TIMES}"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("**pass**" if ok else "**miss**")


def lag_gc(window: dict[str, Any]) -> str:
    """A window's loop lag, GC pauses and other processes' CPU."""
    lag = window["lag"]
    gc = window["gc"]
    text = (
        f"lag p99 {fmt(lag['p99_ms'])} / max {fmt(lag['max_ms'], 0)} ms;"
        f" GC {gc['count']} ({gc['full']} full), max {fmt(gc['max_ms'])} ms"
    )
    if "others" in window:
        text += f"; other processes {window['others']:.2f} cores"
    return text


def step_cell(step: dict[str, Any]) -> str:
    """One client's step of the sustained ladder, flagged when it fell behind."""
    got = step["got"]
    flag = "" if step["passed"] else " **(lags)**"
    if not got["drained"]:
        flag += f" **(behind: {got['received']:,}/{step['sent']['sent']:,})**"
    return (
        f"{step['sent']['sent_rate']:,.0f}/s; {fmt(got['lag']['p99_ms'])} /"
        f" {fmt(got['lag']['max_ms'], 0)} ms; GC max {fmt(got['gc']['max_ms'], 0)} ms,"
        f" {got['gc']['full']} full;"
        f" {fmt(step['cpu_per_update_us'], 0)} µs; others"
        f" {got.get('others', math.nan):.1f} cores{flag}"
    )


def lag_max(window: dict[str, Any]) -> str:
    """A window's longest loop lag and GC pause, and its full collections."""
    return (
        f"lag max {fmt(window['lag']['max_ms'], 0)} ms,"
        f" GC max {fmt(window['gc']['max_ms'], 0)} ms, {window['gc']['full']} full"
    )


def stall_target() -> str:
    return f"lag max ≤ {STALL_LIMIT_MS:g} ms"


def stall_verdict(window: dict[str, Any]) -> str:
    """Whether the loop never stalled longer than the limit in `window`."""
    lag = window["lag"]["max_ms"]
    return verdict(not math.isnan(lag) and lag <= STALL_LIMIT_MS)


def med_max(values: list[float], unit: float) -> str:
    """Median / max, scaled by `unit` (1: seconds, 2 decimals; 1000: ms)."""
    if not values:
        return "—"
    digits = 2 if unit == 1.0 else 0
    return (
        f"{fmt(statistics.median(values) * unit, digits)} /"
        f" {fmt(max(values) * unit, digits)}"
    )
