"""The TCP relay that lets the server freeze, against a plain echo server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import socket

import pytest

from reference_server.relay import TcpRelay


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(1 << 16):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


@pytest.fixture
async def echo_port() -> AsyncIterator[int]:
    server = await asyncio.start_server(_echo, "127.0.0.1", 0)
    yield int(server.sockets[0].getsockname()[1])
    server.close()
    server.close_clients()
    await server.wait_closed()


@pytest.fixture
async def relay(echo_port: int) -> AsyncIterator[TcpRelay]:
    relay = TcpRelay("127.0.0.1", echo_port)
    await relay.start("127.0.0.1", 0)
    yield relay
    await relay.stop()


async def _open(
    relay: TcpRelay,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", relay.port)


async def test_relay_pipes_large_transfers_both_ways(relay: TcpRelay) -> None:
    reader, writer = await _open(relay)
    payload = bytes(range(256)) * (128 * 1024)  # 32 MiB, more than buffers hold

    async def send() -> None:
        writer.write(payload)
        await writer.drain()

    sending = asyncio.create_task(send())
    await asyncio.sleep(0.2)  # nobody reads: every buffer on the way fills up
    received = bytearray()
    while len(received) < len(payload):
        received += await reader.read(1 << 20)
    await sending

    assert bytes(received) == payload
    writer.close()
    await writer.wait_closed()


async def test_frozen_relay_holds_bytes_until_thawed(relay: TcpRelay) -> None:
    reader, writer = await _open(relay)
    writer.write(b"before")
    assert await reader.readexactly(6) == b"before"

    relay.freeze()
    writer.write(b"during")
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.2):
            await reader.readexactly(6)
    late_reader, late_writer = await _open(relay)  # accepted, not answered
    late_writer.write(b"late")
    relay.thaw()

    assert await reader.readexactly(6) == b"during"
    assert await late_reader.readexactly(4) == b"late"
    for w in (writer, late_writer):
        w.close()
        await w.wait_closed()


async def test_relay_resets_the_client_when_the_target_is_gone() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    dead_port = probe.getsockname()[1]
    probe.close()
    relay = TcpRelay("127.0.0.1", dead_port)
    await relay.start("127.0.0.1", 0)
    try:
        reader, writer = await _open(relay)
        with pytest.raises(ConnectionResetError):
            await reader.read()
        writer.close()
    finally:
        await relay.stop()


async def test_stop_resets_connections_and_frees_the_port(relay: TcpRelay) -> None:
    reader, writer = await _open(relay)
    writer.write(b"hi")
    assert await reader.readexactly(2) == b"hi"
    port = relay.port

    await relay.stop()

    with pytest.raises(ConnectionResetError):
        await reader.read(1024)
    writer.close()
    probe = socket.socket()
    probe.bind(("127.0.0.1", port))  # no SO_REUSEADDR needed: no TIME_WAIT
    probe.close()
    with pytest.raises(RuntimeError):
        _ = relay.port
