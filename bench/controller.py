"""The command line: options, then the run (scale by scale), then the report."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import shutil
import sys
import tempfile
import time

from .machine import Others, machine
from .processes import Child
from .progress import log
from .report import machine_line, vars_of
from .results import Results
from .scale import run_scale
from .table import table

DEFAULTS = {
    "duration": 30.0,
    "cpu_rounds": 5,
    "cpu_seconds": 6.0,
    "rates": "1000,2000,5000,10000",
    "status_rates": "1000,2000,5000",
    "step": 5.0,
    "garbage_updates": 10_000,
    "bulk_sizes": "1000,10000",
    "cycle_sizes": "1000,10000",
    "reconnects": 2,
}
QUICK = {
    "duration": 6.0,
    "cpu_rounds": 2,
    "cpu_seconds": 4.0,
    "rates": "1000,5000",
    "status_rates": "1000,2000",
    "step": 3.0,
    "garbage_updates": 3000,
    "bulk_sizes": "1000",
    "cycle_sizes": "1000",
    "reconnects": 1,
}


def numbers(text: str) -> list[float]:
    """A comma-separated list ("" or "0": none), in ascending order."""
    return sorted(x for x in (float(y) for y in text.split(",") if y.strip()) if x)


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
        "--rates",
        help="response-time ladder, changes/s (default 1000,2000,5000,10000)",
    )
    parser.add_argument(
        "--status-rates",
        help="status-change ladder, changes/s (default 1000,2000,5000; 0: none)",
    )
    parser.add_argument(
        "--step", type=float, help="seconds per step of either ladder (default 5)"
    )
    parser.add_argument(
        "--garbage-updates",
        type=int,
        help="status changes per traced batch of the garbage phase (two batches;"
        " default 10000; 0: none)",
    )
    parser.add_argument(
        "--bulk-sizes",
        help="bulk sizes; each also gives memory per service (default 1000,10000)",
    )
    parser.add_argument(
        "--cycle-sizes",
        help="live cycles: new services in the first bulk of each (default"
        " 1000,10000; 0: none, and no second latency run)",
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
        help="a smoke run of about 3 minutes: 6 s latency runs, 2 CPU rounds of 4 s,"
        " ladders 1000,5000 and 1000,2000 (3 s steps), 3000 traced updates, bulk"
        " 1000 only, live cycle 1000 only, 1 reconnect (options given explicitly"
        " still win)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        metavar="DIR",
        help="pyinstrument the HA process during the latency runs and ladder steps",
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
    args.rates = numbers(str(args.rates))
    args.status_rates = numbers(str(args.status_rates))
    args.cycle_sizes = [int(x) for x in numbers(str(args.cycle_sizes))]
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
    # Every part at --services; at each other bulk size, the first setup and
    # the bulk updates only.
    scales = [args.services, *(s for s in args.bulk_sizes if s != args.services)]
    try:
        for services in scales:
            run_scale(
                args,
                server=server,
                log_dir=log_dir,
                results=results,
                services=services,
                full=services == args.services,
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
