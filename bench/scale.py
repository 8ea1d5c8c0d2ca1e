"""One scale of a run: Home Assistant and the bare client, phase by phase."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
import time
from typing import Any

from .cycle import cycle_links, live_cycle
from .garbage import garbage_phase
from .parts import PartCollections
from .phases import (
    bulk_phase,
    cpu_rounds,
    first_setup,
    latency_phase,
    reconnect_cycle,
    sustained_step,
)
from .processes import Child
from .progress import log
from .results import Results


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
    phase (step by step on the ladders), so that each pair of figures is
    measured minutes apart at most on a machine shared with others. In the
    full scale the parts that churn the heap (ladders, bulk updates, live
    cycles) come between two latency runs, so that the second shows the tail
    of a Home Assistant that has been busy.
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
        parts = PartCollections(clients)
        if full:
            parts.begin()
            results.latency = latency_run(
                args, server, clients, tags, services, label="latency"
            )
            parts.end("latency")
            if args.cpu_rounds:
                results.cpu_rounds = cpu_rounds(
                    server,
                    clients,
                    tags,
                    rate=args.rate,
                    rounds=args.cpu_rounds,
                    seconds=args.cpu_seconds,
                )
                parts.end("CPU rounds")
            ramp(args, server, clients, tags, "response", args.rates, results.sustained)
            parts.end("response-time ramp")
            ramp(
                args,
                server,
                clients,
                tags,
                "status",
                args.status_rates,
                results.status_ramp,
            )
            parts.end("status-change ramp")
            if args.garbage_updates:
                results.garbage = {
                    name: garbage_phase(
                        server, child, tags[name], args.garbage_updates, services
                    )
                    for name, child in clients.items()
                }
                parts.end("garbage (traced)")
        else:
            parts.begin()
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
        parts.end(f"bulk {services:,}")
        if full:
            listed = services
            for size in args.cycle_sizes:
                cycles = {
                    name: live_cycle(
                        server,
                        child,
                        role=name,
                        name=tags[name],
                        listed=listed,
                        size=size,
                    )
                    for name, child in clients.items()
                }
                for name, cycle in cycles.items():
                    cycle_links(server, tags[name], cycle)
                    results.cycles[name].append(cycle)
                listed = cycles["ha"]["steps"][-1]["services"]
                parts.end(f"live cycle {size:,}")
            if args.cycle_sizes:
                results.latency_after = latency_run(
                    args, server, clients, tags, listed, label="latency-after"
                )
                parts.end("latency after the big lists")
        if full and args.reconnects:
            linked = {name: last_linked(results, name, services) for name in clients}
            for _ in range(args.reconnects):
                for name, child in clients.items():
                    cycle = reconnect_cycle(
                        server, child, tags[name], args.down, linked[name]
                    )
                    results.reconnect[name].append(cycle)
                    linked[name] = time.monotonic()
            parts.end("reconnects")
        results.parts += [{"services": services, **part} for part in parts.parts]
        for child in clients.values():
            child.call("shutdown")
    finally:
        for child in clients.values():
            child.close()
        for tag in tags.values():
            server.call("close", name=tag)


def last_linked(results: Results, name: str, services: int) -> float:
    """When the client's link last came up: the bulk phase's resync, or a
    reconnection in a live cycle."""
    times = [results.bulk[name][services]["resync"]["connected"]]
    for cycle in results.cycles[name]:
        times += cycle["links"]["accepted"]
    return max((t for t in times if not math.isnan(t)), default=time.monotonic())


def latency_run(
    args: argparse.Namespace,
    server: Child,
    clients: dict[str, Child],
    tags: dict[str, str],
    services: int,
    *,
    label: str,
) -> dict[str, Any]:
    """The latency stream, each client in turn (`label` names its profiles)."""
    out: dict[str, Any] = {}
    for name, child in clients.items():
        out[name] = lat = latency_phase(
            server,
            client=child,
            name=tags[name],
            services=services,
            rate=args.rate,
            duration=args.duration,
            profile=args.profile if name == "ha" else None,
            label=label,
            count_writes=name == "ha",
        )
        log(
            f"  p50 {lat['p50']:.2f} p99 {lat['p99']:.2f} max {lat['max']:.2f}"
            f" ms, {lat['matched']}/{lat['sent']['sent']} matched,"
            f" {lat['cpu_per_update_us']:.0f} µs CPU/update"
        )
    return out


def ramp(  # noqa: PLR0917
    args: argparse.Namespace,
    server: Child,
    clients: dict[str, Child],
    tags: dict[str, str],
    kind: str,
    rates: list[float],
    into: dict[str, list[dict[str, Any]]],
) -> None:
    """A ladder of rates, each client in turn per step, until a client lags."""
    for rate in rates:
        for name, child in clients.items():
            steps = into[name]
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
                    kind=kind,
                )
            )
