"""Fails when a module of the integration is below its coverage floor.

pytest-cov enforces the total; this enforces each file: 95 % for every module
of the integration and 100 % for the config flow and the token endpoints'
client.
"""

from __future__ import annotations

import json
from pathlib import Path
import sys
from typing import Any

PACKAGE = "custom_components/status_dashboard/"
FLOOR = 95.0
FLOORS = {
    PACKAGE + "config_flow.py": 100.0,
    # Every answer of the token endpoints is untrusted: each branch is tested.
    PACKAGE + "client/auth.py": 100.0,
    PACKAGE + "renewal.py": 95.0,
}


def below_floor(report: dict[str, Any]) -> list[str]:
    """One line per module under its floor."""
    problems = []
    for path, data in sorted(report["files"].items()):
        if not path.startswith(PACKAGE):
            continue
        covered = float(data["summary"]["percent_covered"])
        floor = FLOORS.get(path, FLOOR)
        if covered < floor:
            problems.append(f"{path}: {covered:.1f} % covered, floor {floor:.0f} %")
    return problems


def main() -> int:
    """Read coverage's JSON report (path as the first argument)."""
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    problems = below_floor(report)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"coverage: every module of {PACKAGE} meets its floor")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
