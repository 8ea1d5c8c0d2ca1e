"""The controller: starts the processes, runs the phases, prints one table."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
import json
import math
import os
from pathlib import Path
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from .common import percentile, service_index

ROOT = Path(__file__).resolve().parents[1]

LATENCY_P99_TARGET_MS = 10.0
CPU_RATIO_TARGET = 3.0
SUSTAINED_TARGET = 5000.0
LAG_P99_LIMIT_MS = 50.0
THROTTLE_INTERVAL = 1.0  # the integration's: one write per service a second
TIMES = "\u00d7"  # the multiplication sign
CPU_IDLE_SECONDS = 5.0
# The integration's StatusConnection(stable_after=10.0): a link up for less
# counts as a failed attempt (backoff before the first retry).
STABLE_AFTER = 10.5


def log(message: str) -> None:
    """Progress, on stderr (the table goes to stdout)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CHILDREN: list[int] = []  # pids of the benchmark's processes


def _cpu_seconds() -> tuple[float, float]:
    """Busy CPU time of the whole machine and of the benchmark's processes."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal
    busy = sum(fields[:3]) + sum(fields[5:8])
    ours = 0
    for pid in [os.getpid(), *CHILDREN]:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                parts = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ours += int(parts[11]) + int(parts[12])  # utime, stime
    return busy / CLOCK_TICKS, ours / CLOCK_TICKS


class Others:
    """CPU used by processes outside the benchmark (in cores) over a span."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.busy0, self.ours0 = _cpu_seconds()

    def cores(self) -> float:
        busy, ours = _cpu_seconds()
        wall = time.monotonic() - self.t0
        return max(0.0, (busy - self.busy0) - (ours - self.ours0)) / max(wall, 1e-9)


class ChildError(RuntimeError):
    """A child process failed a command or died."""


class Child:
    """A benchmark process, driven by JSON lines over its stdin/stdout."""

    def __init__(
        self,
        module: str,
        name: str,
        log_dir: Path,
        env: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            bufsize=1,
            env={**os.environ, **env} if env else None,
        )
        CHILDREN.append(self.proc.pid)
        self._read()  # "ready"

    def _read(self) -> Any:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise ChildError(f"{self.name} died; see {self.log_path}:\n{self._tail()}")
        reply = json.loads(line)
        if not reply["ok"]:
            raise ChildError(f"{self.name}: {reply['error']}; see {self.log_path}")
        return reply["result"]

    def _tail(self) -> str:
        self._log.flush()
        return "".join(self.log_path.read_text(encoding="utf-8").splitlines(True)[-30:])

    def call(self, cmd: str, **args: Any) -> Any:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"cmd": cmd, "args": args}) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.call("quit")
                self.proc.wait(timeout=30)
            except ChildError, OSError, subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


@dataclass
class Results:
    """Everything measured, by client ("ha", "bare")."""

    machine: dict[str, Any] = field(default_factory=dict)
    setup: dict[str, dict[int, Any]] = field(
        default_factory=lambda: {"ha": {}, "bare": {}}
    )
    latency: dict[str, Any] = field(default_factory=dict)
    cpu_rounds: dict[str, Any] = field(default_factory=dict)
    sustained: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"ha": [], "bare": []}
    )
    bulk: dict[str, dict[int, Any]] = field(
        default_factory=lambda: {"ha": {}, "bare": {}}
    )
    reconnect: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"ha": [], "bare": []}
    )
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------- phases


def latency_phase(
    server: Child,
    *,
    client: Child,
    name: str,
    services: int,
    rate: float,
    duration: float,
    profile: Path | None,
) -> dict[str, Any]:
    """Status changes at `rate`: emit → state_changed (HA) or handler (bare)."""
    log(f"{name}: a 3 s warm-up")
    client.call("window_start", track=False)
    warm = server.call("stream", name=name, kind="status", rate=rate, duration=3.0)
    client.call("window_stop", expected=warm["sent"], timeout=30.0)
    time.sleep(1.0)
    log(f"{name}: latency, {services} services, {rate:g}/s status, {duration:g} s")
    if profile is not None:
        client.call("profile_start")
    client.call("window_start", track=True)
    others = Others()
    sent = server.call("stream", name=name, kind="status", rate=rate, duration=duration)
    got = client.call("window_stop", expected=sent["sent"], timeout=30.0)
    got["others"] = others.cores()
    if profile is not None:
        path = client.call("profile_stop", path=str(profile / f"{name}-latency.txt"))
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
        "matched": len(latencies),
        "p50": percentile(latencies, 50),
        "p90": percentile(latencies, 90),
        "p99": percentile(latencies, 99),
        "max": max(latencies, default=math.nan),
        "cpu_per_update_us": got["cpu"] / max(1, got["received"]) * 1e6,
    }


def cpu_round(
    server: Child, *, client: Child, name: str, rate: float, seconds: float, idle: float
) -> dict[str, Any]:
    """Status changes at `rate` for `seconds`: CPU per applied update.

    `idle` is the process's CPU per second at rest; net = (CPU - idle * wall)
    / updates.
    """
    client.call("window_start", track=False)
    others = Others()
    sent = server.call(
        "stream", name=name, kind="status", rate=rate, duration=seconds, record=False
    )
    got = client.call("window_stop", expected=sent["sent"], timeout=30.0)
    updates = max(1, got["received"])
    return {
        "raw_us": got["cpu"] / updates * 1e6,
        "net_us": (got["cpu"] - idle * got["wall"]) / updates * 1e6,
        "received": got["received"],
        "others": others.cores(),
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


def sustained_step(
    server: Child,
    *,
    client: Child,
    name: str,
    rate: float,
    step: float,
    profile: Path | None,
) -> dict[str, Any]:
    """Response-time changes at `rate` for `step` s: does the loop keep up?"""
    log(f"{name}: sustained, {rate:g} response-time changes/s for {step:g} s")
    if profile is not None:
        client.call("profile_start")
    client.call("window_start", track=False)
    others = Others()
    sent = server.call(
        "stream", name=name, kind="response", rate=rate, duration=step, record=False
    )
    got = client.call("window_stop", expected=sent["sent"], timeout=30.0)
    got["others"] = others.cores()
    if profile is not None:
        client.call(
            "profile_stop", path=str(profile / f"{name}-sustained-{rate:g}.txt")
        )
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
        "cpu_per_update_us": got["cpu"] / max(1, got["received"]) * 1e6,
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


# ---------------------------------------------------------------- scales


def run_scale(
    args: argparse.Namespace,
    *,
    server: Child,
    log_dir: Path,
    results: Results,
    services: int,
    full: bool,
) -> None:
    """Home Assistant and the bare client against `services` services.

    Both processes live through the whole scale and take turns phase by
    phase (step by step on the ladder), so that each pair of figures is
    measured minutes apart at most on a machine shared with others.
    """
    env = {"BENCH_HA_IMPORT": args.ha_import} if args.ha_import else None
    clients: dict[str, Child] = {}
    tags = {name: f"{name}{services}" for name in ("ha", "bare")}
    try:
        for name, tag in tags.items():
            started = server.call("start", name=tag, services=services)
            child = clients[name] = Child(
                f"bench.{name}_role", tag, log_dir, env=env if name == "ha" else None
            )
            results.setup[name][services] = first_setup(
                server,
                child,
                name=name,
                tag=tag,
                services=services,
                started=started,
                results=results,
            )
        if full:
            for name, child in clients.items():
                results.latency[name] = latency_phase(
                    server,
                    client=child,
                    name=tags[name],
                    services=services,
                    rate=args.rate,
                    duration=args.duration,
                    profile=args.profile if name == "ha" else None,
                )
                lat = results.latency[name]
                log(
                    f"  p50 {lat['p50']:.2f} p99 {lat['p99']:.2f} max {lat['max']:.2f}"
                    f" ms, {lat['matched']}/{lat['sent']['sent']} matched,"
                    f" {lat['cpu_per_update_us']:.0f} µs CPU/update"
                )
            if args.cpu_rounds:
                results.cpu_rounds = cpu_rounds(
                    server,
                    clients,
                    tags,
                    rate=args.rate,
                    rounds=args.cpu_rounds,
                    seconds=args.cpu_seconds,
                )
            for rate in args.rates:
                for name, child in clients.items():
                    steps = results.sustained[name]
                    if steps and not steps[-1]["passed"]:
                        continue  # this client's ladder ended
                    steps.append(
                        sustained_step(
                            server,
                            client=child,
                            name=tags[name],
                            rate=rate,
                            step=args.step,
                            profile=args.profile if name == "ha" else None,
                        )
                    )
        for name, child in clients.items():
            results.bulk[name][services] = bulk = bulk_phase(
                server, child, tags[name], services, variant=1
            )
            for kind in ("live", "resync"):
                one = bulk[kind]
                log(
                    f"  {kind}: {(one['written'] - one['emitted']) * 1000:.0f} ms,"
                    f" {one['bytes'] / 1e6:.2f} MB, lag max"
                    f" {one['window']['lag']['max_ms']:.0f} ms"
                )
        if full and args.reconnects:
            linked = dict.fromkeys(clients, time.monotonic())
            for _ in range(args.reconnects):
                for name, child in clients.items():
                    cycle = reconnect_cycle(
                        server, child, tags[name], args.down, linked[name]
                    )
                    results.reconnect[name].append(cycle)
                    linked[name] = time.monotonic()
        for child in clients.values():
            child.call("shutdown")
    finally:
        for child in clients.values():
            child.close()
        for tag in tags.values():
            server.call("close", name=tag)


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
        f" RSS +{(setup['rss_after'] - setup['rss_before']) / 2**20:.1f} MiB"
    )
    return setup


# ---------------------------------------------------------------- report


def fmt(value: float, digits: int = 1, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}{unit}"


def ratio(a: float, b: float) -> str:
    if not a or not b or math.isnan(a) or math.isnan(b):
        return "—"
    return f"{a / b:.1f}{TIMES}"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("**pass**" if ok else "**miss**")


def lag_gc(window: dict[str, Any]) -> str:
    lag = window["lag"]
    gc = window["gc"]
    text = (
        f"lag p99 {fmt(lag['p99_ms'])} / max {fmt(lag['max_ms'], 0)} ms;"
        f" GC {gc['count']} ({gc['full']} full), max {fmt(gc['max_ms'])} ms"
    )
    if "others" in window:
        text += f"; other processes {window['others']:.2f} cores"
    return text


def best_step(steps: list[dict[str, Any]]) -> dict[str, Any] | None:
    passed = [s for s in steps if s["passed"]]
    return passed[-1] if passed else None


def table(args: argparse.Namespace, r: Results) -> str:
    rows: list[tuple[str, str, str, str, str, str]] = []

    def row(  # noqa: PLR0917
        figure: str,
        ha: str,
        bare: str = "—",
        rat: str = "—",
        target: str = "",
        result: str = "",
    ) -> None:
        rows.append((figure, ha, bare, rat, target, result))

    n = args.services
    # 1. Latency
    if r.latency:
        ha, bare = r.latency["ha"], r.latency["bare"]
        head = f"Latency emit → state_changed ({n:,} services, {args.rate:g}/s, "
        head += f"{args.duration:g} s)"
        for key in ("p50", "p90"):
            row(
                f"{head}: {key} (ms)",
                fmt(ha[key], 2),
                fmt(bare[key], 2),
                ratio(ha[key], bare[key]),
            )
        row(
            f"{head}: p99 (ms)",
            fmt(ha["p99"], 2),
            fmt(bare["p99"], 2),
            ratio(ha["p99"], bare["p99"]),
            f"≤ {LATENCY_P99_TARGET_MS:g} ms",
            verdict(ha["p99"] <= LATENCY_P99_TARGET_MS),
        )
        row(
            f"{head}: max (ms)",
            fmt(ha["max"], 2),
            fmt(bare["max"], 2),
            ratio(ha["max"], bare["max"]),
        )
        row(
            "… beside the p99: loop lag / GC pauses in that run",
            lag_gc(ha["got"]),
            lag_gc(bare["got"]),
        )
        row(
            "… updates matched / emitted",
            f"{ha['matched']:,} / {ha['sent']['sent']:,}",
            f"{bare['matched']:,} / {bare['sent']['sent']:,}",
        )
        # 2. CPU
        raw = "cpu_per_update_us"
        rounds = r.cpu_rounds.get("rounds", [])
        # The latency run's figure includes the lag probe's 100 wake-ups a
        # second; subtracting them, measured at rest, over-subtracts (an update
        # and a probe share a wake-up), so only the raw figure is shown.
        row(
            "CPU per applied update, status changes, in the latency run with its"
            " lag probe (µs): process CPU / updates",
            fmt(ha[raw], 0),
            fmt(bare[raw], 0),
            ratio(ha[raw], bare[raw]),
            "" if rounds else f"≤ {CPU_RATIO_TARGET:g}{TIMES} bare",
            "" if rounds else verdict(ha[raw] <= CPU_RATIO_TARGET * bare[raw]),
        )
        if rounds:
            med = statistics.median
            idle = r.cpu_rounds["idle_cpu_per_s"]
            raws = sorted(one["ratio_raw"] for one in rounds)
            row(
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
    # 3. Sustained
    if r.sustained["ha"]:
        ha_best = best_step(r.sustained["ha"])
        bare_best = best_step(r.sustained["bare"])
        by_rate = {s["rate"]: s for s in r.sustained["bare"]}
        ha_by_rate = {s["rate"]: s for s in r.sustained["ha"]}
        for rate in sorted(by_rate.keys() | ha_by_rate.keys()):
            step = ha_by_rate.get(rate)
            other = by_rate.get(rate)
            row(
                f"Response-time changes at {rate:,.0f}/s over {n:,} services:"
                " sent/s, lag p99 / max, GC max, CPU/update, other processes' CPU",
                _step(step) if step else "not run (ladder ended)",
                _step(other) if other else "not run (ladder ended)",
                ratio(step["cpu_per_update_us"], other["cpu_per_update_us"])
                if step and other
                else "—",
            )
        ha_rate = ha_best["rate"] if ha_best else 0.0
        bare_rate = bare_best["rate"] if bare_best else 0.0
        ladder_top = max(args.rates)
        row(
            f"Sustained rate with loop lag p99 < {LAG_P99_LIMIT_MS:g} ms (updates/s;"
            f" ladder {', '.join(f'{x:g}' for x in args.rates)})",
            f"{ha_rate:,.0f}" + (" (top of ladder)" if ha_rate == ladder_top else ""),
            f"{bare_rate:,.0f}"
            + (" (top of ladder)" if bare_rate == ladder_top else ""),
            ratio(ha_rate, bare_rate),
            f"≥ {SUSTAINED_TARGET:,.0f}/s",
            verdict(ha_rate >= SUSTAINED_TARGET),
        )
        if ha_best:
            got = ha_best["got"]
            # Per entity at most one write when a window opens and one each
            # time it closes: floor(wall / interval) + 1 in the window.
            allowed = math.floor(got["wall"] / THROTTLE_INTERVAL) + 1
            bound = n * 2 * allowed / got["wall"]  # 2 entities change per write
            per_entity = got["max_writes_per_entity"]
            row(
                f"State writes/s at {ha_best['rate']:,.0f}/s (throttle: at most"
                f" {allowed} writes of one entity in {got['wall']:.1f} s, so"
                f" ≤ {bound:,.0f}/s; the most written entity)",
                f"{ha_best['writes_per_s']:,.0f}/s; {per_entity} writes",
                "—",
                "—",
                "bounded by the throttle",
                verdict(per_entity <= allowed and ha_best["writes_per_s"] <= bound),
            )
            row(
                f"CPU per applied update, response-time changes at"
                f" {ha_best['rate']:,.0f}/s (µs)",
                fmt(ha_best["cpu_per_update_us"], 0),
                fmt(by_rate[ha_best["rate"]]["cpu_per_update_us"], 0)
                if ha_best["rate"] in by_rate
                else "—",
                ratio(
                    ha_best["cpu_per_update_us"],
                    by_rate[ha_best["rate"]]["cpu_per_update_us"],
                )
                if ha_best["rate"] in by_rate
                else "—",
            )
    # 4. Bulk
    for size in args.bulk_sizes:
        ha_s = r.setup["ha"].get(size)
        bare_s = r.setup["bare"].get(size)
        if ha_s is None or bare_s is None:
            continue
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
        row(
            f"Bulk {size:,}: emit → every entity exists, first setup (ms, and until"
            " Home Assistant settled; bytes)",
            f"{fmt(ha_s['from_emit'] * 1000, 0)}, settled {fmt(settled_ms, 0)}"
            f" ({ha_s['bytes'] / 1e6:.2f} MB); {_lag_max(ha_s['window'])}{capped}",
            f"{fmt(bare_s['from_emit'] * 1000, 0)}; {_lag_max(bare_s['window'])}",
            ratio(ha_s["from_emit"], bare_s["from_emit"]),
        )
        ha_b = r.bulk["ha"].get(size)
        bare_b = r.bulk["bare"].get(size)
        if ha_b is None or bare_b is None:
            continue
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
            row(
                f"Bulk {size:,}: emit → {label} (ms; bytes)",
                f"{fmt(a_ms, 0)} ({a['bytes'] / 1e6:.2f} MB); {_lag_max(a['window'])}"
                + partial,
                f"{fmt(b_ms, 0)}; {_lag_max(b['window'])}",
                ratio(a_ms, b_ms),
            )
        if size == max(args.bulk_sizes):
            live = ha_b["live"]
            ok = live["ok"] and live["disconnects"] == 0 and live["connects"] == 1
            row(
                f"Bulk {size:,} without a reconnect (connects / disconnects after"
                " setup + live bulk)",
                f"{live['connects']} / {live['disconnects']}",
                "—",
                "—",
                f"{size:,}-service bulk, no reconnect",
                verdict(ok and size >= 10_000) if size >= 10_000 else "(below 10,000)",
            )
    # 5. Memory
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
        row(
            f"RSS growth per service at {size:,} services (KiB; total; per entity)",
            f"{fmt(a, 1)} (+{ha_growth / 2**20:.0f} MiB;"
            f" {ha_growth / max(1, ha_s['entities']) / 1024:.1f} KiB per entity,"
            f" {note})",
            f"{fmt(b, 2)} (+{bare_growth / 2**20:.0f} MiB)",
            ratio(a, b),
        )
    # 6. Reconnect
    if r.reconnect["ha"]:
        for key, label in (
            ("from_accepting", "server accepting again → view resynchronised"),
            ("from_attempt", "first successful attempt → view resynchronised"),
        ):
            a = [c[key] for c in r.reconnect["ha"] if c["ok"]]
            b = [c[key] for c in r.reconnect["bare"] if c["ok"]]
            unit = 1.0 if key == "from_accepting" else 1000.0
            u = "s" if key == "from_accepting" else "ms"
            row(
                f"Reconnect ({args.reconnects}{TIMES} server down {args.down:g} s):"
                f" {label}, median / max ({u})",
                _med_max(a, unit),
                _med_max(b, unit),
                ratio(statistics.median(a), statistics.median(b)) if a and b else "—",
                "(backoff 1 s doubling)" if key == "from_accepting" else "",
            )
    head = "| figure | integration | bare client | ratio | target | result |\n"
    head += "| --- | --- | --- | --- | --- | --- |\n"
    body = "".join(f"| {' | '.join(cells)} |\n" for cells in rows)
    return head + body


def _step(step: dict[str, Any]) -> str:
    got = step["got"]
    flag = "" if step["passed"] else " **(lags)**"
    if not got["drained"]:
        flag += f" **(behind: {got['received']:,}/{step['sent']['sent']:,})**"
    return (
        f"{step['sent']['sent_rate']:,.0f}/s; {fmt(got['lag']['p99_ms'])} /"
        f" {fmt(got['lag']['max_ms'], 0)} ms; GC {fmt(got['gc']['max_ms'], 0)} ms;"
        f" {fmt(step['cpu_per_update_us'], 0)} µs; others"
        f" {got.get('others', math.nan):.1f} cores{flag}"
    )


def _lag_max(window: dict[str, Any]) -> str:
    return (
        f"lag max {fmt(window['lag']['max_ms'], 0)} ms,"
        f" GC max {fmt(window['gc']['max_ms'], 0)} ms"
    )


def _med_max(values: list[float], unit: float) -> str:
    if not values:
        return "—"
    digits = 2 if unit == 1.0 else 0
    return (
        f"{fmt(statistics.median(values) * unit, digits)} /"
        f" {fmt(max(values) * unit, digits)}"
    )


def machine() -> dict[str, Any]:
    model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    from importlib.metadata import version

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "socketio": version("python-socketio"),
        "engineio": version("python-engineio"),
        "aiohttp": version("aiohttp"),
        "load": os.getloadavg(),
    }


def machine_line(m: dict[str, Any], load_end: tuple[float, ...], runtime: float) -> str:
    return (
        f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, Home"
        f" Assistant {m.get('ha', '?')} (asyncio debug"
        f" {'ON' if m.get('asyncio_debug') else 'off'}), python-socketio"
        f" {m['socketio']} / python-engineio {m['engineio']} / aiohttp"
        f" {m['aiohttp']}; load average {m['load'][0]:.2f} at start,"
        f" {load_end[0]:.2f} at end; processes outside the benchmark used"
        f" {m.get('others', math.nan):.2f} cores on average; runtime {runtime:.0f} s"
    )


# ----------------------------------------------------------------- main


DEFAULTS = {
    "duration": 30.0,
    "cpu_rounds": 5,
    "cpu_seconds": 6.0,
    "rates": "1000,2000,5000,10000",
    "step": 5.0,
    "bulk_sizes": "1000,10000",
    "reconnects": 2,
}
QUICK = {
    "duration": 8.0,
    "cpu_rounds": 2,
    "cpu_seconds": 5.0,
    "rates": "1000,5000",
    "step": 3.0,
    "bulk_sizes": "1000",
    "reconnects": 1,
}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Benchmark the integration in a real Home Assistant against a"
        " bare python-socketio client on the same stream from the reference server.",
    )
    parser.add_argument("--services", type=int, default=1000, help="(default 1000)")
    parser.add_argument(
        "--rate", type=float, default=100.0, help="status changes/s (default 100)"
    )
    parser.add_argument("--duration", type=float, help="latency run, s (default 30)")
    parser.add_argument(
        "--rates", help="sustained ladder, updates/s (default 1000,2000,5000,10000)"
    )
    parser.add_argument(
        "--step", type=float, help="seconds per ladder step (default 5)"
    )
    parser.add_argument(
        "--bulk-sizes",
        help="bulk sizes; each also gives memory per service (default 1000,10000)",
    )
    parser.add_argument(
        "--cpu-rounds",
        type=int,
        help="interleaved rounds measuring CPU per status change (default 5; 0: none)",
    )
    parser.add_argument(
        "--cpu-seconds", type=float, help="seconds per CPU round (default 6)"
    )
    parser.add_argument("--reconnects", type=int, help="reconnect cycles (default 2)")
    parser.add_argument(
        "--down", type=float, default=2.0, help="server down time, s (default 2)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run of about 100 s: 8 s latency, 2 CPU rounds of 5 s, ladder"
        " 1000,5000 (3 s steps), bulk 1000 only, 1 reconnect (options given"
        " explicitly still win)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        metavar="DIR",
        help="pyinstrument the HA process during latency and sustained runs",
    )
    parser.add_argument(
        "--ha-import",
        default=None,
        metavar="MODULE",
        help="import MODULE in the HA process before setup (A/B experiments:"
        " e.g. a module that monkeypatches the integration back to a previous"
        " behaviour; its directory must be on PYTHONPATH)",
    )
    parser.add_argument(
        "--json", type=Path, default=None, help="also write every figure here"
    )
    parser.add_argument(
        "--keep-logs",
        action="store_true",
        help="keep the processes' logs after a successful run (kept after a failure)",
    )
    args = parser.parse_args(argv)
    for key, value in (QUICK if args.quick else DEFAULTS).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.rates = sorted(float(x) for x in str(args.rates).split(","))
    sizes = {int(x) for x in str(args.bulk_sizes).split(",")}
    sizes.add(args.services)
    args.bulk_sizes = sorted(sizes)
    if args.profile is not None:
        args.profile = args.profile.resolve()
        args.profile.mkdir(parents=True, exist_ok=True)
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    started = time.monotonic()
    whole_run = Others()
    results = Results(machine=machine())
    log_dir = Path(tempfile.mkdtemp(prefix="bench-logs-"))
    log(f"logs in {log_dir}")
    server = Child("bench.server_role", "server", log_dir)
    try:
        run_scale(
            args,
            server=server,
            log_dir=log_dir,
            results=results,
            services=args.services,
            full=True,
        )
        for size in args.bulk_sizes:
            if size != args.services:
                run_scale(
                    args,
                    server=server,
                    log_dir=log_dir,
                    results=results,
                    services=size,
                    full=False,
                )
    finally:
        server.close()
    if not args.keep_logs:
        shutil.rmtree(log_dir, ignore_errors=True)
    runtime = time.monotonic() - started
    command = "scripts/bench " + " ".join(sys.argv[1:] if argv is None else argv)
    if args.ha_import:
        command += f"  (HA process imported {args.ha_import} first)"
    out = table(args, results)
    print(out)
    results.machine["others"] = whole_run.cores()
    print(machine_line(results.machine, os.getloadavg(), runtime))
    print(f"Command: {command.strip()}")
    if args.json is not None:
        args.json.write_text(json.dumps(vars_of(args, results), indent=1, default=str))
    return 0


def vars_of(args: argparse.Namespace, r: Results) -> dict[str, Any]:
    return {
        "args": {k: str(v) for k, v in vars(args).items()},
        "machine": r.machine,
        "setup": r.setup,
        "latency": r.latency,
        "cpu_rounds": r.cpu_rounds,
        "sustained": r.sustained,
        "bulk": r.bulk,
        "reconnect": r.reconnect,
    }
