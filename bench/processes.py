"""The benchmark's processes: each role runs in its own, driven over pipes."""

from __future__ import annotations

import json
import os
from pathlib import Path
import subprocess
import sys
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHILDREN: list[int] = []  # pids of the benchmark's processes


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
