"""The phases of a run, one function each: drive the server and a client, measure.

Each returns its figures as plain data; the table is built from them later.
"""

from __future__ import annotations

import math
from pathlib import Path
import time
from typing import Any

from .cells import TIMES
from .common import service_index
from .machine import Others
from .probes import percentile
from .processes import Child
from .progress import log
from .results import Results
from .targets import LAG_P99_LIMIT_MS, STABLE_AFTER, THROTTLE_INTERVAL

CPU_IDLE_SECONDS = 5.0


def measured_stream(
    server: Child,
    client: Child,
    *,
    name: str,
    kind: str,
    rate: float,
    duration: float,
    track: bool = False,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Changes of `kind` at `rate` for `duration` s inside one window of the
    client's (each change's arrival recorded when `track`): what the server
    sent, and what the client saw with other processes' CPU meanwhile."""
    client.call("window_start", track=track)
    others = Others()
    sent: dict[str, Any] = server.call(
        "stream", name=name, kind=kind, rate=rate, duration=duration, record=track
    )
    got: dict[str, Any] = client.call(
        "window_stop", expected=sent["sent"], timeout=30.0
    )
    got["others"] = others.cores()
    return sent, got


def cpu_per_update_us(got: dict[str, Any]) -> float:
    """A window's process CPU per update received (µs)."""
    per_update: float = got["cpu"] / max(1, got["received"]) * 1e6
    return per_update


def first_setup(
    server: Child,
    child: Child,
    *,
    name: str,
    tag: str,
    services: int,
    started: dict[str, Any],
    results: Results,
) -> dict[str, Any]:
    """Set up the entry (HA) or connect (bare): the first bulk update."""
    if name == "ha":
        booted = child.call("boot")
        results.machine["ha"] = booted["ha"]
        results.machine["asyncio_debug"] = booted["debug"]
        log(f"{tag}: setting up the entry ({services} services)")
        setup: dict[str, Any] = child.call(
            "setup_entry", url=started["url"], token=started["token"], services=services
        )
        done = setup["all_entities"]
        log(
            f"  {setup['entities']}/{setup['wanted']} entities,"
            f" {setup['states']} states"
            + (" (capped by Home Assistant)" if setup["capped"] else "")
        )
    else:
        log(f"{tag}: connecting ({services} services)")
        setup = child.call("connect", url=started["url"], token=started["token"])
        done = setup["bulk_received"]
    bulks = server.call("bulk_log", name=tag)
    setup["emitted"] = bulks[0]["t"] if bulks else math.nan
    setup["bytes"] = bulks[0]["bytes"] if bulks else 0
    setup["from_emit"] = done - setup["emitted"]
    setup["from_start"] = done - setup["started"]
    log(
        f"  first bulk: {setup['from_emit'] * 1000:.0f} ms from emit,"
        f" {setup['from_start'] * 1000:.0f} ms from setup start,"
        f" RSS +{(setup['rss_after'] - setup['rss_before']) / 2**20:.1f} MiB,"
        f" tracked objects {setup['heap_before']['tracked']:,} →"
        f" {setup['heap_after']['tracked']:,}, a full collection"
        f" {setup['heap_before']['full_gc_ms']:.0f} →"
        f" {setup['heap_after']['full_gc_ms']:.0f} ms"
    )
    return setup


def latency_phase(
    server: Child,
    *,
    client: Child,
    name: str,
    services: int,
    rate: float,
    duration: float,
    profile: Path | None,
    label: str = "latency",
    count_writes: bool = False,
) -> dict[str, Any]:
    """Status changes at `rate`: emit → state_changed (HA) or handler (bare);
    with `count_writes`, then the state writes a response-time change makes."""
    log(f"{name}: a 3 s warm-up")
    client.call("window_start", track=False)
    warm = server.call("stream", name=name, kind="status", rate=rate, duration=3.0)
    client.call("window_stop", expected=warm["sent"], timeout=30.0)
    time.sleep(1.0)
    log(f"{name}: latency, {services} services, {rate:g}/s status, {duration:g} s")
    if profile is not None:
        client.call("profile_start")
    sent, got = measured_stream(
        server,
        client,
        name=name,
        kind="status",
        rate=rate,
        duration=duration,
        track=True,
    )
    if profile is not None:
        path = client.call("profile_stop", path=str(profile / f"{name}-{label}.txt"))
        log(f"profile: {path}")
    emitted = {(index, seq): at for index, seq, at in sent["emits"]}
    latencies = []
    for service, seq, at in got["records"]:
        stamp = emitted.get((service_index(service), seq))
        if stamp is not None:
            latencies.append((at - stamp) * 1000)
    got.pop("records")
    sent.pop("emits")
    return {
        "sent": sent,
        "got": got,
        "response_only": response_writes(server, client=client, name=name, rate=rate)
        if count_writes
        else None,
        "matched": len(latencies),
        "p50": percentile(latencies, 50),
        "p90": percentile(latencies, 90),
        "p99": percentile(latencies, 99),
        "max": max(latencies, default=math.nan),
        "cpu_per_update_us": cpu_per_update_us(got),
    }


def response_writes(
    server: Child, *, client: Child, name: str, rate: float, duration: float = 5.0
) -> dict[str, Any]:
    """State writes per response-time-only change: one change per service at a
    time, each service's changes further apart than the throttle's second."""
    time.sleep(THROTTLE_INTERVAL + 0.5)  # no write of the status run is pending
    log(f"{name}: state writes per response-time change, {rate:g}/s, {duration:g} s")
    client.call("window_start", track=False)
    sent = server.call(
        "stream", name=name, kind="response", rate=rate, duration=duration, record=False
    )
    got: dict[str, Any] = client.call(
        "window_stop", expected=sent["sent"], timeout=30.0
    )
    got.pop("records")
    return got


def cpu_round(
    server: Child, *, client: Child, name: str, rate: float, seconds: float, idle: float
) -> dict[str, Any]:
    """Status changes at `rate` for `seconds`: CPU per applied update.

    `idle` is the process's CPU per second at rest; net = (CPU - idle * wall)
    / updates.
    """
    _, got = measured_stream(
        server, client, name=name, kind="status", rate=rate, duration=seconds
    )
    updates = max(1, got["received"])
    return {
        "raw_us": cpu_per_update_us(got),
        "net_us": (got["cpu"] - idle * got["wall"]) / updates * 1e6,
        "received": got["received"],
        "others": got["others"],
        "gc_ms": got["gc"]["total_ms"],
        "gc_count": got["gc"]["count"],
    }


def cpu_rounds(
    server: Child,
    clients: dict[str, Child],
    tags: dict[str, str],
    *,
    rate: float,
    rounds: int,
    seconds: float,
) -> dict[str, Any]:
    """Both clients in turn, the order swapped every round.

    On a machine shared with other work, one window per client minutes apart
    can differ by more than the effect measured; the median of interleaved
    rounds is steadier. The loop-lag probes are off meanwhile: each of their
    100 wake-ups a second costs about as much CPU as an update, and
    subtracting that idle CPU, measured apart, made the bare client's figure
    (and so the ratio) swing by 10 % between runs.
    """
    for child in clients.values():
        child.call("lag_probe", on=False)
    idle: dict[str, float] = {}
    for name, child in clients.items():
        child.call("window_start", track=False)
        time.sleep(CPU_IDLE_SECONDS)
        rest = child.call("window_stop", expected=0)
        idle[name] = rest["cpu"] / rest["wall"]
    log(
        f"CPU at rest, lag probes off: {idle['ha'] * 1e3:.2f} (HA) and"
        f" {idle['bare'] * 1e3:.2f} (bare) ms per second"
    )
    results: list[dict[str, Any]] = []
    order = list(clients)
    for index in range(rounds):
        log(f"CPU round {index + 1}/{rounds}: {rate:g}/s status changes, {seconds:g} s")
        one: dict[str, Any] = {}
        for name in order if index % 2 == 0 else order[::-1]:
            one[name] = cpu_round(
                server,
                client=clients[name],
                name=tags[name],
                rate=rate,
                seconds=seconds,
                idle=idle[name],
            )
        one["ratio_net"] = one["ha"]["net_us"] / one["bare"]["net_us"]
        one["ratio_raw"] = one["ha"]["raw_us"] / one["bare"]["raw_us"]
        log(
            f"  net {one['ha']['net_us']:.0f} vs {one['bare']['net_us']:.0f} µs"
            f" = {one['ratio_net']:.2f}{TIMES}; raw {one['ratio_raw']:.2f}{TIMES};"
            f" GC {one['ha']['gc_ms']:.0f} vs {one['bare']['gc_ms']:.0f} ms;"
            f" other processes {one['ha']['others']:.2f} /"
            f" {one['bare']['others']:.2f} cores"
        )
        results.append(one)
    for child in clients.values():
        child.call("lag_probe", on=True)
    return {"idle_cpu_per_s": idle, "rounds": results}


RAMP_KINDS = {"response": "response-time changes", "status": "status changes"}


def sustained_step(
    server: Child,
    *,
    client: Child,
    name: str,
    rate: float,
    step: float,
    profile: Path | None,
    kind: str = "response",
) -> dict[str, Any]:
    """Changes of `kind` at `rate` for `step` s: does the loop keep up?

    Response-time changes are coalesced by the integration's throttle;
    status changes (each service up and down in turn) are written at once.
    """
    log(f"{name}: sustained, {rate:g} {RAMP_KINDS[kind]}/s for {step:g} s")
    if profile is not None:
        client.call("profile_start")
    sent, got = measured_stream(
        server, client, name=name, kind=kind, rate=rate, duration=step
    )
    if profile is not None:
        client.call("profile_stop", path=str(profile / f"{name}-{kind}-{rate:g}.txt"))
    got.pop("records")
    sent.pop("emits")
    passed = (
        got["drained"]
        and got["lag"]["p99_ms"] < LAG_P99_LIMIT_MS
        and sent["sent_rate"] >= 0.9 * rate
    )
    result = {
        "rate": rate,
        "sent": sent,
        "got": got,
        "passed": passed,
        "cpu_per_update_us": cpu_per_update_us(got),
        "writes_per_s": got.get("writes", 0) / got["wall"],
    }
    log(
        f"  sent {sent['sent_rate']:.0f}/s, lag p99 {got['lag']['p99_ms']:.1f} ms"
        f" max {got['lag']['max_ms']:.1f} ms, drained in"
        f" {got['wall'] - sent['duration']:.2f} s after the last emit,"
        f" {result['cpu_per_update_us']:.0f} µs CPU/update,"
        f" {result['writes_per_s']:.0f} writes/s; server"
        f" {sent['cpu'] / sent['duration']:.2f} cores, other processes"
        f" {got['others']:.2f} cores -> {'ok' if passed else 'MISS'}"
    )
    if kind == "response":
        time.sleep(THROTTLE_INTERVAL + 0.5)  # the last throttled writes land
    return result


def bulk_phase(
    server: Child, client: Child, name: str, services: int, variant: int
) -> dict[str, Any]:
    """A live bulk update in which every service changed, then a resync after a drop."""
    out: dict[str, Any] = {}
    log(f"{name}: live bulk update, {services} services all changed")
    client.call("arm")
    pushed = server.call("live_bulk", name=name, variant=variant)
    seen = client.call("wait_bulk", services=services, connected=False)
    bulk = pushed["bulks"][-1]
    out["live"] = {**seen, "emitted": bulk["t"], "bytes": bulk["bytes"]}
    time.sleep(THROTTLE_INTERVAL + 0.5)
    log(f"{name}: resync after a dropped connection, {services} services all changed")
    before = len(server.call("bulk_log", name=name))
    client.call("arm")
    server.call("drop_and_change", name=name, variant=variant + 1)
    seen = client.call("wait_bulk", services=services, connected=True)
    bulks = server.call("bulk_log", name=name)[before:]
    emitted = bulks[-1]["t"] if bulks else math.nan
    out["resync"] = {
        **seen,
        "emitted": emitted,
        "bytes": bulks[-1]["bytes"] if bulks else 0,
        "bulks": len(bulks),
    }
    time.sleep(THROTTLE_INTERVAL + 0.5)
    return out


def reconnect_cycle(
    server: Child, client: Child, name: str, down: float, linked_at: float
) -> dict[str, Any]:
    """Stop the server for `down` s, start it; time until resynchronised.

    The stop comes once the link has been up for STABLE_AFTER s: the
    integration counts a link that drops sooner as a failed attempt and backs
    off before its first retry (the bare client is given the same pause).
    """
    pause = linked_at + STABLE_AFTER - time.monotonic()
    log(
        f"{name}: reconnect, server down {down:g} s (after"
        f" {max(0.0, pause):.1f} s more for the link to count as stable)"
    )
    if pause > 0:
        time.sleep(pause)
    client.call("arm")
    stopped = server.call("stop", name=name)["stopped"]
    time.sleep(down)
    accepting = server.call("restart", name=name)["accepting"]
    seen = client.call("wait_connected", timeout=60.0)
    first_ok = max((a for a in seen["attempts"] if a <= seen["synced"]), default=0)
    cycle = {
        "ok": seen["ok"],
        "stopped": stopped,
        "accepting": accepting,
        "synced": seen["synced"],
        "attempts": len(seen["attempts"]),
        "from_accepting": seen["synced"] - accepting,
        "from_attempt": seen["synced"] - first_ok if first_ok else math.nan,
    }
    log(
        f"  resynced {cycle['from_accepting']:.2f} s after accepting,"
        f" {cycle['from_attempt'] * 1000:.0f} ms after the successful attempt"
        f" began ({len(seen['attempts'])} attempts)"
    )
    return cycle
