"""The server's life: drops, restarts, hangs, transports, TLS."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
import shutil
import socket
import ssl
import subprocess
import time

import aiohttp
import pytest

from reference_server import StatusServer, relay

from ..conftest import StartServer, catalog
from ..helpers import wait_until
from .conftest import Connect, MakeClient


def port_is_free(port: int) -> bool:
    probe = socket.socket()
    try:
        probe.bind(("127.0.0.1", port))
    except OSError:
        return False
    finally:
        probe.close()
    return True


async def test_any_free_port_is_one_outgoing_connections_never_take(
    server: StatusServer,
) -> None:
    """Below the kernel's ephemeral range: a restart can always bind it again."""
    assert server.port < relay._ephemeral_floor()


async def test_any_free_port_falls_back_to_the_kernels_choice_when_those_are_taken(
    start_server: StartServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setattr(relay, "_STABLE_PORTS", range(port, port + 1))

        server = await start_server()

        assert server.port != port
        assert server.running


@pytest.mark.parametrize("graceful", [False, True], ids=["reset", "graceful"])
async def test_drop_all_disconnects_everyone_and_keeps_listening(
    server: StatusServer, connect: Connect, graceful: bool
) -> None:
    clients = [await connect(server, f"u{i}", subscribe=True) for i in range(3)]

    await server.drop_all(graceful=graceful)

    await wait_until(lambda: not any(c.connected for c in clients))
    await wait_until(lambda: not server.connected_sids)
    assert server.subscriber_count == 0
    again = await connect(server, "u0", subscribe=True)
    assert again.connected
    # python-socketio's reasons: a reset looks like a network fault.
    expected = "server disconnect" if graceful else "transport error"
    assert [str(c.disconnects[0]) for c in clients] == [expected] * 3


async def test_restart_keeps_the_port_and_the_catalog(
    server: StatusServer, connect: Connect, make_client: MakeClient
) -> None:
    client = await connect(server, subscribe=True)
    port = server.port
    server.update_service("api", status="down")

    await server.stop()
    await wait_until(lambda: not client.connected)
    assert port_is_free(port)  # a test may bind its own hung listener there
    refused = make_client(server.url, server.token(), transports=["websocket"])
    assert await refused.try_connect() == "Connection error"  # not a refusal
    await server.start()

    assert server.port == port
    again = await connect(server, subscribe=True)
    assert again.payloads("service:bulk-update")[0][0]["status"] == "down"


async def test_restart_with_a_pause(
    server: StatusServer, connect: Connect, make_client: MakeClient
) -> None:
    port = server.port
    restarting = asyncio.create_task(server.restart(pause=0.2))
    await asyncio.sleep(0.1)
    assert not server.running
    await restarting

    assert server.port == port
    assert (await connect(server)).connected


async def test_freeze_silences_without_closing_then_client_gives_up(
    start_server: StartServer, connect: Connect
) -> None:
    server = await start_server(ping_interval=0.5, ping_timeout=0.5)
    client = await connect(server, subscribe=True)

    server.freeze()
    started = time.monotonic()
    server.update_service("api", status="down")
    await client.emit("request:refresh", "db")
    await asyncio.sleep(0.2)
    assert client.connected  # the socket is still open...
    assert client.payloads("service:status") == []  # ...but nothing comes

    await wait_until(lambda: not client.connected, timeout=3.0)
    # The client gives up ping interval + ping timeout after the last ping.
    assert time.monotonic() - started <= 2.0
    assert client.payloads("service:status") == []

    server.thaw()
    await wait_until(lambda: not server.connected_sids, timeout=3.0)
    again = await connect(server, subscribe=True)
    assert again.payloads("service:bulk-update")[0][0]["status"] == "down"


async def test_frozen_server_accepts_tcp_but_never_answers(
    server: StatusServer, make_client: MakeClient
) -> None:
    server.freeze()
    client = make_client(server.url, server.token(), request_timeout=0.5)

    started = time.monotonic()
    error = await client.try_connect(wait_timeout=0.5)

    assert error is not None
    assert time.monotonic() - started < 3.0
    assert not client.connected
    server.thaw()


async def test_thaw_delivers_what_waited(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server, subscribe=True)

    server.freeze()
    server.update_service("api", status="down")
    await asyncio.sleep(0.2)
    assert client.payloads("service:status") == []
    server.thaw()

    [update] = await client.wait_event("service:status")
    assert update["status"] == "down"


async def test_polling_only_server_refuses_websocket(
    start_server: StartServer, connect: Connect, make_client: MakeClient
) -> None:
    server = await start_server(transports=("polling",))

    websocket_only = make_client(server.url, server.token(), transports=["websocket"])
    assert await websocket_only.try_connect() == "Connection error"
    assert not websocket_only.connected

    polling = await connect(server, subscribe=True)  # would upgrade if it could
    await asyncio.sleep(0.2)
    assert polling.sio.transport() == "polling"
    server.update_service("api", status="down")
    [update] = await polling.wait_event("service:status")
    assert update["status"] == "down"


async def test_polling_client_works_with_the_default_server(
    server: StatusServer, connect: Connect
) -> None:
    client = await connect(server, subscribe=True, transports=["polling"])

    server.update_service("db", status="down")

    [update] = await client.wait_event("service:status")
    assert update["serviceId"] == "db"
    assert client.sio.transport() == "polling"


async def test_stop_is_idempotent_and_frees_the_port(server: StatusServer) -> None:
    port = server.port

    await server.stop()
    await server.stop()

    assert not server.running
    assert port_is_free(port)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-nodes", "-days", "1"),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_contexts(tls_files: tuple[Path, Path]) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """Server and client contexts, built outside the event loop."""
    cert, key = tls_files
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=str(cert))
    return server_context, client_context


@pytest.fixture
async def tls_session(
    tls_contexts: tuple[ssl.SSLContext, ssl.SSLContext],
) -> AsyncIterator[aiohttp.ClientSession]:
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=tls_contexts[1]))
    yield session
    await session.close()


async def test_https_when_given_an_ssl_context(
    start_server: StartServer,
    connect: Connect,
    tls_contexts: tuple[ssl.SSLContext, ssl.SSLContext],
    tls_session: aiohttp.ClientSession,
) -> None:
    server = await start_server(ssl_context=tls_contexts[0])
    assert server.url.startswith("https://127.0.0.1:")

    client = await connect(server, subscribe=True, http_session=tls_session)

    assert client.payloads("service:bulk-update")
    assert client.sio.transport() == "websocket"


async def test_control_calls_on_a_stopped_server_only_change_the_catalog() -> None:
    server = StatusServer(services=catalog(), debounce=1.0)

    server.update_service("api", status="down")
    server.set_services([*server.services.values(), {"id": "extra"}])
    server.push_raw("service:status", "ignored")
    server.freeze()
    await server.drop_all()
    await server.revoke("someone")
    await server.flush()

    assert server.services["api"]["status"] == "down"
    assert "extra" in server.services
    assert server.frozen
    assert server.port == 0
    assert "someone" in server.revoked
    with pytest.raises(KeyError):
        server.update_service("missing", status="up")


async def test_server_as_context_manager() -> None:
    async with StatusServer(services=catalog()) as server:
        running_inside = server.running
        with pytest.raises(RuntimeError, match="already running"):
            await server.start()
        with pytest.raises(TimeoutError):
            await server.wait_for(lambda: False, timeout=0.05)
        server.freeze()
        frozen_inside = server.frozen

    assert (running_inside, frozen_inside) == (True, True)
    assert (server.running, server.frozen) == (False, False)  # stop thaws


async def test_start_fails_cleanly_when_the_port_is_taken() -> None:
    taken = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = int(taken.sockets[0].getsockname()[1])
    try:
        server = StatusServer(services=catalog(), port=port)
        with pytest.raises(OSError, match="in use"):
            await server.start()
        assert not server.running
    finally:
        taken.close()
        await taken.wait_closed()
