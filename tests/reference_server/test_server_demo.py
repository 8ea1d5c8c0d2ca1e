"""The demo: realistic services that change over time, and its command line."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
import random
import signal
import sys

import pytest

from reference_server.__main__ import arguments
from reference_server.demo import DemoFeed, demo_services

from ..conftest import StartServer
from .conftest import Connect, MakeClient
from .demo_steps import running_demo

ROOT = Path(__file__).resolve().parents[2]


def test_demo_services_look_real() -> None:
    services = demo_services()

    assert len(services) == 6
    assert services[0]["id"] == "api-gateway"
    for service in services:
        assert {"id", "name", "url", "group", "status", "responseTime"} <= set(service)
        assert service["status"] == "up"
    many = demo_services(30)
    assert len({s["id"] for s in many}) == 30


async def test_demo_catalog_changes_over_time(
    start_server: StartServer, connect: Connect
) -> None:
    server = await start_server(services=demo_services(6))
    before = server.services
    client = await connect(server, subscribe=True)
    feed = DemoFeed(server, interval=0.02, rng=random.Random(7))
    feed.start()
    try:
        updates = await client.wait_event("service:status", 10)
        for _ in range(200):  # enough rounds to see a service go down or degrade
            feed.step()
        await client.wait_event("service:status", 20)
        statuses = {u.get("status") for u in client.payloads("service:status")}
    finally:
        await feed.stop()

    assert server.services != before
    assert all(u["serviceId"] in before for u in updates)
    assert statuses & {"down", "degraded"}
    assert all(
        isinstance(s["responseTime"], float | int) or s["status"] == "down"
        for s in server.services.values()
    )


async def test_demo_refresh_measures_again(
    start_server: StartServer, connect: Connect
) -> None:
    server = await start_server(services=demo_services(3))
    client = await connect(server, subscribe=True)
    feed = DemoFeed(server, interval=60, rng=random.Random(1))
    feed.start()
    try:
        await client.emit("request:refresh", "api-gateway")
        [update] = await client.wait_event("service:status")
    finally:
        await feed.stop()

    assert update["serviceId"] == "api-gateway"
    assert isinstance(update["responseTime"], float)


async def test_command_line_prints_url_and_token_and_stops_on_sigterm(
    make_client: MakeClient,
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reference_server",
        *("--port", "0", "--services", "4", "--interval", "0.05"),
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        async with asyncio.timeout(15):
            while not lines or not lines[-1].startswith("Press Ctrl-C"):
                lines.append((await process.stdout.readline()).decode().strip())
        url = lines[0].rsplit(" ", 1)[-1]
        token = lines[3]
        assert url.startswith("http://127.0.0.1:")

        client = make_client(url, token)
        await client.connect()
        await client.emit("subscribe:status")
        [bulk] = await client.wait_event("service:bulk-update")
        assert len(bulk) == 4
        await client.wait_event("service:status", 3)
        await client.close()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(10):
            _out, err = await process.communicate()
    assert process.returncode == 0, err.decode()


async def test_serve_prints_what_a_user_needs_and_stops_cleanly(
    make_client: MakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    async with running_demo(
        ["--port", "0", "--services", "2", "--interval", "60"], capsys
    ) as output:
        lines = output.splitlines()
        client = make_client(lines[0].rsplit(" ", 1)[-1], lines[3])
        await client.connect()
        await client.emit("subscribe:status")
        [bulk] = await client.wait_event("service:bulk-update")
        await client.close()

    assert [s["id"] for s in bulk] == ["api-gateway", "auth-service"]
    assert lines[1] == "Services: api-gateway, auth-service"
    assert "Stopped." in capsys.readouterr().out


def test_command_line_rejects_nonsense(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--services", "-1"], ["--interval", "0"]):
        with pytest.raises(SystemExit):
            arguments(argv)
    assert "must" in capsys.readouterr().err
    assert arguments([]).port == 8765
