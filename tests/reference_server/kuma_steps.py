"""What a plain Socket.IO client does against KumaServer: connect, call with
an acknowledgement, log in."""

from __future__ import annotations

import asyncio
from typing import Any

from reference_server import KumaServer
from reference_server.client import RecordingClient

from .conftest import MakeClient

USERNAME = "admin"
PASSWORD = "admin-password-1"


async def call(
    client: RecordingClient, event: str, *args: Any, timeout: float = 5.0
) -> Any:
    """Emit ``event`` with ``args`` and return the server's answer. The
    answer is also noted in ``client.received`` as ``("@" + event, answer)``
    where it arrived among the events; TimeoutError when none comes."""
    data: Any = None if not args else args[0] if len(args) == 1 else tuple(args)
    answered: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def on_answer(*answer: Any) -> None:
        value = answer[0] if answer else None
        client.received.append((f"@{event}", value))
        if not answered.done():
            answered.set_result(value)

    await client.sio.emit(event, data, callback=on_answer)
    return await asyncio.wait_for(answered, timeout)


async def connected(make_client: MakeClient, server: KumaServer) -> RecordingClient:
    """A client whose socket is open and has heard `info` (not logged in)."""
    client = make_client(server.url, transports=["websocket"])
    await client.connect()
    await client.wait_event("info")
    return client


async def logged_in(
    make_client: MakeClient, server: KumaServer, password: str = PASSWORD
) -> RecordingClient:
    """A client logged in with the password."""
    client = await connected(make_client, server)
    answer = await call(
        client, "login", {"username": USERNAME, "password": password, "token": ""}
    )
    assert answer["ok"] is True, answer
    return client


def names(received: list[tuple[str, Any]]) -> list[str]:
    """The event names of what a client received."""
    return [name for name, _ in received]


async def settled(server: KumaServer) -> None:
    """Until the server has sent everything it queued so far, and a moment
    for the client to read it."""
    await server.flush()
    await asyncio.sleep(0.05)
