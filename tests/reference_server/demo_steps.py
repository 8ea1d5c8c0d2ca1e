"""The demo (`python -m reference_server`) run inside a test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib

import pytest

from reference_server.__main__ import arguments, serve
from reference_server.waiting import poll


@contextlib.asynccontextmanager
async def running_demo(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> AsyncIterator[str]:
    """The demo with these arguments, serving until the block ends; what it
    printed once it is ready for a user."""
    stopping = asyncio.Event()
    serving = asyncio.create_task(serve(arguments(argv), stopping))
    output = ""

    def ready() -> bool:
        nonlocal output
        output += capsys.readouterr().out
        return "Press Ctrl-C" in output

    try:
        assert await poll(ready, 5), "the demo did not get ready within 5 s"
        yield output
    finally:
        stopping.set()
        await serving
