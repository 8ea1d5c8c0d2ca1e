"""What the benchmark's role processes share: the pipe protocol, logging, ids."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import json
import logging
import os
import sys
import traceback
from typing import Any

type Handler = Callable[..., Awaitable[Any]]

# How often a role checks a condition it waits for (s): finer than the
# figures it reports.
POLL_INTERVAL = 0.002


def quiet_logging() -> None:
    """Warnings and worse only, to stderr (stdout is the protocol's)."""
    logging.basicConfig(
        level=logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def protocol_stdout() -> Any:
    """Take fd 1 for the protocol and point everything else printed at stderr."""
    proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return proto


async def serve(handlers: dict[str, Handler]) -> None:
    """Answer JSON-line commands from stdin, one at a time, until `quit`."""
    proto = protocol_stdout()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 26)
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
    )
    proto.write(json.dumps({"ok": True, "result": "ready"}) + "\n")
    while True:
        line = await reader.readline()
        if not line:
            return
        request = json.loads(line)
        command = request["cmd"]
        if command == "quit":
            proto.write(json.dumps({"ok": True, "result": None}) + "\n")
            return
        try:
            result = await handlers[command](**request.get("args", {}))
            reply = {"ok": True, "result": result}
        except Exception as err:  # reported to the controller
            traceback.print_exc()
            reply = {"ok": False, "error": f"{type(err).__name__}: {err}"}
        proto.write(json.dumps(reply, allow_nan=True) + "\n")


SERVICE_ID_PREFIX = "svc-"


def service_id(index: int) -> str:
    """The benchmark's id of service number `index`."""
    return f"{SERVICE_ID_PREFIX}{index:05d}"


def service_index(service_id_: str) -> int:
    """The number in a benchmark service id."""
    return int(service_id_.removeprefix(SERVICE_ID_PREFIX))
