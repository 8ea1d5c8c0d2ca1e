"""The results table: one function per family of rows, then markdown.

Columns: figure, integration, bare client, ratio, target, result.
"""

from __future__ import annotations

import argparse
import statistics
from typing import Any

from .cells import (
    TIMES,
    Row,
    fmt,
    lag_gc,
    lag_max,
    med_max,
    ratio,
    row,
    stall_target,
    stall_verdict,
    verdict,
)
from .cycle_rows import cycle_rows
from .ladder_rows import response_ladder_rows, status_ladder_rows
from .load_rows import (
    garbage_rows,
    parts_rows,
    writes_per_change_row,
    writes_per_response_row,
)
from .results import Results
from .targets import CPU_RATIO_TARGET, LATENCY_P99_TARGET_MS


def table(args: argparse.Namespace, r: Results) -> str:
    """Every figure of the run, as a markdown table."""
    return markdown(
        [
            *latency_rows(args, r.latency, "first"),
            *cpu_rows(args, r),
            *response_ladder_rows(args, r),
            *status_ladder_rows(args, r),
            *garbage_rows(args, r),
            *bulk_rows(args, r),
            *cycle_rows(args, r),
            *latency_rows(args, r.latency_after, "after the big lists"),
            *memory_rows(args, r),
            *reconnect_rows(args, r),
            *parts_rows(r),
        ]
    )


def markdown(rows: list[Row]) -> str:
    head = "| figure | integration | bare client | ratio | target | result |\n"
    head += "| --- | --- | --- | --- | --- | --- |\n"
    body = "".join(f"| {' | '.join(cells)} |\n" for cells in rows)
    return head + body


def latency_rows(
    args: argparse.Namespace, latency: dict[str, Any], which: str
) -> list[Row]:
    """Emit → state_changed percentiles, what the loop did meanwhile, and the
    state writes a status change caused."""
    if not latency:
        return []
    ha, bare = latency["ha"], latency["bare"]
    head = (
        f"Latency emit → state_changed, {which} ({args.services:,} services,"
        f" {args.rate:g} status changes/s, {args.duration:g} s)"
    )
    rows = [
        row(
            f"{head}: {key} (ms)",
            fmt(ha[key], 2),
            fmt(bare[key], 2),
            ratio(ha[key], bare[key]),
            f"≤ {LATENCY_P99_TARGET_MS:g} ms" if key == "p99" else "",
            verdict(ha[key] <= LATENCY_P99_TARGET_MS) if key == "p99" else "",
        )
        for key in ("p50", "p90", "p99", "max")
    ]
    rows += [
        row(
            "… beside the p99: loop lag / GC pauses in that run",
            lag_gc(ha["got"]),
            lag_gc(bare["got"]),
        ),
        row(
            "… updates matched / emitted",
            f"{ha['matched']:,} / {ha['sent']['sent']:,}",
            f"{bare['matched']:,} / {bare['sent']['sent']:,}",
        ),
        writes_per_change_row(ha),
        writes_per_response_row(ha),
    ]
    return rows


def cpu_rows(args: argparse.Namespace, r: Results) -> list[Row]:
    """CPU per applied update: in the latency run, and in the interleaved rounds."""
    if not r.latency:
        return []
    ha, bare = r.latency["ha"], r.latency["bare"]
    raw = "cpu_per_update_us"
    rounds = r.cpu_rounds.get("rounds", [])
    # The latency run's figure includes the lag probe's 100 wake-ups a
    # second; subtracting them, measured at rest, over-subtracts (an update
    # and a probe share a wake-up), so only the raw figure is shown.
    rows = [
        row(
            "CPU per applied update, status changes, in the first latency run with its"
            " lag probe (µs): process CPU / updates",
            fmt(ha[raw], 0),
            fmt(bare[raw], 0),
            ratio(ha[raw], bare[raw]),
            "" if rounds else f"≤ {CPU_RATIO_TARGET:g}{TIMES} bare",
            "" if rounds else verdict(ha[raw] <= CPU_RATIO_TARGET * bare[raw]),
        )
    ]
    if rounds:
        rows.append(cpu_rounds_row(args, r.cpu_rounds))
    return rows


def cpu_rounds_row(args: argparse.Namespace, cpu_rounds: dict[str, Any]) -> Row:
    med = statistics.median
    rounds = cpu_rounds["rounds"]
    idle = cpu_rounds["idle_cpu_per_s"]
    raws = sorted(one["ratio_raw"] for one in rounds)
    return row(
        f"CPU per applied update, status changes, {len(rounds)} interleaved"
        f" rounds of {args.cpu_seconds:g} s, lag probes off (µs, median):"
        " process CPU / updates (net of CPU at rest); ratio: median of the"
        " rounds' ratios (each round's)",
        f"{fmt(med(o['ha']['raw_us'] for o in rounds), 0)}"
        f" ({fmt(med(o['ha']['net_us'] for o in rounds), 0)});"
        f" at rest {idle['ha'] * 1e3:.1f} ms/s",
        f"{fmt(med(o['bare']['raw_us'] for o in rounds), 0)}"
        f" ({fmt(med(o['bare']['net_us'] for o in rounds), 0)});"
        f" at rest {idle['bare'] * 1e3:.1f} ms/s",
        f"{med(raws):.2f}{TIMES} ("
        + ", ".join(f"{x:.2f}" for x in raws)
        + f"; net {med(o['ratio_net'] for o in rounds):.2f}{TIMES})",
        f"≤ {CPU_RATIO_TARGET:g}{TIMES} bare",
        verdict(med(raws) <= CPU_RATIO_TARGET),
    )


def bulk_rows(args: argparse.Namespace, r: Results) -> list[Row]:
    """Per bulk size: first setup, live bulk, resync; no reconnect at the largest."""
    rows: list[Row] = []
    for size in args.bulk_sizes:
        ha_s = r.setup["ha"].get(size)
        bare_s = r.setup["bare"].get(size)
        if ha_s is None or bare_s is None:
            continue
        rows.append(first_bulk_row(size, ha_s, bare_s))
        ha_b = r.bulk["ha"].get(size)
        bare_b = r.bulk["bare"].get(size)
        if ha_b is None or bare_b is None:
            continue
        rows += bulk_update_rows(size, ha_b, bare_b)
        if size == max(args.bulk_sizes):
            rows.append(no_reconnect_row(size, ha_b["live"]))
    return rows


def first_bulk_row(size: int, ha_s: dict[str, Any], bare_s: dict[str, Any]) -> Row:
    capped = ""
    if ha_s.get("capped"):
        domains = ", ".join(
            f"{count:,} {domain}" for domain, count in ha_s["by_domain"].items()
        )
        capped = (
            f"; **only {ha_s['entities']:,} of {ha_s['wanted']:,} entities"
            f" ({domains}): Home Assistant's cap per config entry**"
        )
    settled_ms = (ha_s["settled"] - ha_s["emitted"]) * 1000
    return row(
        f"Bulk {size:,}: emit → every entity exists, first setup (ms, and until"
        " Home Assistant settled; bytes)",
        f"{fmt(ha_s['from_emit'] * 1000, 0)}, settled {fmt(settled_ms, 0)}"
        f" ({ha_s['bytes'] / 1e6:.2f} MB); {lag_max(ha_s['window'])}{capped}",
        f"{fmt(bare_s['from_emit'] * 1000, 0)}; {lag_max(bare_s['window'])}",
        ratio(ha_s["from_emit"], bare_s["from_emit"]),
        stall_target(),
        stall_verdict(ha_s["window"]),
    )


def bulk_update_rows(
    size: int, ha_b: dict[str, Any], bare_b: dict[str, Any]
) -> list[Row]:
    rows = []
    for kind, label in (
        ("live", "live bulk, every service changed"),
        ("resync", "resync after a dropped connection, every service changed"),
    ):
        a, b = ha_b[kind], bare_b[kind]
        a_ms = (a["written"] - a["emitted"]) * 1000
        b_ms = (b["written"] - b["emitted"]) * 1000
        partial = ""
        if a.get("binary_sensors", size) < size:
            partial = f" ({a['binary_sensors']:,} services have entities)"
        rows.append(
            row(
                f"Bulk {size:,}: emit → {label} (ms; bytes)",
                f"{fmt(a_ms, 0)} ({a['bytes'] / 1e6:.2f} MB); {lag_max(a['window'])}"
                + partial,
                f"{fmt(b_ms, 0)}; {lag_max(b['window'])}",
                ratio(a_ms, b_ms),
                stall_target(),
                stall_verdict(a["window"]),
            )
        )
    return rows


def no_reconnect_row(size: int, live: dict[str, Any]) -> Row:
    ok = live["ok"] and live["disconnects"] == 0 and live["connects"] == 1
    return row(
        f"Bulk {size:,} without a reconnect (connects / disconnects after"
        " setup + live bulk)",
        f"{live['connects']} / {live['disconnects']}",
        "—",
        "—",
        f"{size:,}-service bulk, no reconnect",
        verdict(ok and size >= 10_000) if size >= 10_000 else "(below 10,000)",
    )


def memory_rows(args: argparse.Namespace, r: Results) -> list[Row]:
    """RSS growth per service, per bulk size."""
    rows = []
    for size in args.bulk_sizes:
        ha_s = r.setup["ha"].get(size)
        bare_s = r.setup["bare"].get(size)
        if not ha_s or not bare_s:
            continue
        ha_growth = ha_s["rss_after"] - ha_s["rss_before"]
        bare_growth = bare_s["rss_after"] - bare_s["rss_before"]
        a = ha_growth / size / 1024
        b = bare_growth / size / 1024
        note = f"{ha_s['entities']:,} entities"
        if ha_s.get("capped"):
            note = f"only {note} (capped)"
        rows.append(
            row(
                f"RSS growth per service at {size:,} services (KiB; total; per entity)",
                f"{fmt(a, 1)} (+{ha_growth / 2**20:.0f} MiB;"
                f" {ha_growth / max(1, ha_s['entities']) / 1024:.1f} KiB per entity,"
                f" {note})",
                f"{fmt(b, 2)} (+{bare_growth / 2**20:.0f} MiB)",
                ratio(a, b),
            )
        )
        if "heap_after" in ha_s and "heap_after" in bare_s:
            rows.append(heap_row(size, ha_s, bare_s))
    return rows


def heap_row(size: int, ha_s: dict[str, Any], bare_s: dict[str, Any]) -> Row:
    """Objects the cycle collector tracks per service, and what one full
    collection of the whole heap costs before and after: the floor of any
    stall a full collection causes."""

    def per_service(setup: dict[str, Any], key: str) -> float:
        return float(setup["heap_after"][key] - setup["heap_before"][key]) / size

    def pause(setup: dict[str, Any]) -> str:
        before, after = setup["heap_before"], setup["heap_after"]
        return (
            f"full collection {before['full_gc_ms']:.0f} → {after['full_gc_ms']:.0f} ms"
            f" ({before['tracked'] / 1e6:.2f} → {after['tracked'] / 1e6:.2f} M objects)"
        )

    a = per_service(ha_s, "tracked")
    b = per_service(bare_s, "tracked")
    return row(
        f"Heap at {size:,} services: objects the cycle collector tracks, per"
        " service (the integration's own instances, functions and cells); one"
        " full collection before → after setup",
        f"{fmt(a, 0)} ({fmt(per_service(ha_s, 'own'), 1)} own); {pause(ha_s)}",
        f"{fmt(b, 1)}; {pause(bare_s)}",
        ratio(a, b),
    )


def reconnect_rows(args: argparse.Namespace, r: Results) -> list[Row]:
    """Time until resynchronised after the server came back: median and max."""
    if not r.reconnect["ha"]:
        return []
    rows = []
    for key, label in (
        ("from_accepting", "server accepting again → view resynchronised"),
        ("from_attempt", "first successful attempt → view resynchronised"),
    ):
        a = [c[key] for c in r.reconnect["ha"] if c["ok"]]
        b = [c[key] for c in r.reconnect["bare"] if c["ok"]]
        unit = 1.0 if key == "from_accepting" else 1000.0
        u = "s" if key == "from_accepting" else "ms"
        rows.append(
            row(
                f"Reconnect ({args.reconnects}{TIMES} server down {args.down:g} s):"
                f" {label}, median / max ({u})",
                med_max(a, unit),
                med_max(b, unit),
                ratio(statistics.median(a), statistics.median(b)) if a and b else "—",
                "(backoff 1 s doubling)" if key == "from_accepting" else "",
            )
        )
    return rows
