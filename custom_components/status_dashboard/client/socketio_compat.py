"""Every workaround of python-socketio / python-engineio behaviour, in one place.

The manifest accepts any python-socketio 5.x, and another integration can
move it in a user's install. Each workaround reaches into the library's
private parts; `detect()` checks at import that they exist. Where one is
missing, that workaround is off and the library behaves as it does on its
own, and a single warning says so.

- Malformed packets (`AsyncClient._handle_eio_message`): the library decodes
  each message in a task of its own, and a packet that is not valid Socket.IO
  (broken JSON, an unknown packet type, an event without a name) leaves its
  `JSONDecodeError` / `ValueError` unhandled in that task: "Task exception was
  never retrieved". Here it is caught and reported as a malformed packet.
- Dangling binary attachment (the client's `_binary_packet`): after a binary
  event's header the library takes the next message as its attachment, even a
  text packet, so a header whose attachment never comes swallows the next
  event. Here a text packet drops the waiting header instead.
- Reserved event names (`AsyncClient._handle_event`): an event the server
  names `connect`, `connect_error` or `disconnect` runs the client's own
  handlers of that name, so a server could fake a drop. Here it is refused as
  a malformed packet.
- Frozen server (the Engine.IO client's `ws`, `read_loop_task`,
  `write_loop_task` and `state`, and `engineio.base_client.connected_clients`):
  when the server stops answering without closing the link, `disconnect()`
  gives up but leaves the WebSocket open (its TCP connection and aiohttp's
  heartbeat timer linger), the read and write tasks running, and the client
  listed as connected. `release()` closes, cancels and unlists them.
- Silent transport death (the Engine.IO client's `state`): the Socket.IO
  `connected` flag can stay true after the transport died. `link_alive()`
  reads Engine.IO's own state; without it, the Socket.IO flag.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
from dataclasses import dataclass, fields
import inspect
import logging
from typing import Any, Final

import aiohttp
from engineio import base_client as engineio_base_client
import socketio

_LOGGER = logging.getLogger(__name__)

# Events the library raises itself: from the server they would fake a drop.
_RESERVED_EVENTS = frozenset({"connect", "connect_error", "disconnect"})
# What the library's decoding raises on a packet it cannot read.
_DECODING_ERRORS = (ValueError, TypeError, IndexError, KeyError, AttributeError)
_ENGINEIO_STATE = ("ws", "read_loop_task", "write_loop_task", "state")


@dataclass(frozen=True, slots=True)
class Workarounds:
    """Which workarounds are on: those whose library internals exist."""

    malformed_packets: bool = True
    binary_attachments: bool = True
    reserved_events: bool = True
    frozen_server: bool = True
    transport_state: bool = True


def detect(
    client_class: type[Any] = socketio.AsyncClient,
    engineio_clients: object = engineio_base_client,
    logger: logging.Logger = _LOGGER,
) -> Workarounds:
    """Which workarounds the library allows; one warning names those it does not.

    `engineio_clients` is the module holding Engine.IO's `connected_clients`.
    """
    sample = client_class(reconnection=False, handle_sigint=False)
    eio = getattr(sample, "eio", None)
    handles_messages = _is_coroutine(client_class, "_handle_eio_message")
    engineio_state = eio is not None and all(
        hasattr(eio, name) for name in _ENGINEIO_STATE
    )
    found = Workarounds(
        malformed_packets=handles_messages,
        binary_attachments=handles_messages and hasattr(sample, "_binary_packet"),
        reserved_events=_is_coroutine(client_class, "_handle_event"),
        frozen_server=engineio_state
        and isinstance(getattr(engineio_clients, "connected_clients", None), list),
        transport_state=eio is not None and hasattr(eio, "state"),
    )
    if missing := [
        field.name for field in fields(found) if not getattr(found, field.name)
    ]:
        logger.warning(
            "This python-socketio / python-engineio lacks internals that some "
            "workarounds need; the library's own behaviour applies for: %s",
            ", ".join(missing),
        )
    return found


def _is_coroutine(client_class: type[Any], name: str) -> bool:
    return inspect.iscoroutinefunction(getattr(client_class, name, None))


SUPPORTED: Final = detect()


class GuardedClient(socketio.AsyncClient):  # type: ignore[misc]
    """An AsyncClient with the workarounds that `workarounds` turns on."""

    _binary_packet: Any  # the library's: a binary event waiting for attachments

    def __init__(
        self,
        *,
        on_malformed: Callable[[Exception], None],
        workarounds: Workarounds = SUPPORTED,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self._on_malformed = on_malformed
        self._workarounds = workarounds

    async def _handle_eio_message(self, data: Any) -> None:
        workarounds = self._workarounds
        if (
            workarounds.binary_attachments
            and self._binary_packet
            and not isinstance(data, bytes)
        ):
            # The header announced attachments that never came: drop it
            # rather than take this packet as one.
            self._binary_packet = None
            self._on_malformed(ValueError("binary attachment expected"))
        if not workarounds.malformed_packets:
            await super()._handle_eio_message(data)
            return
        try:
            await super()._handle_eio_message(data)
        except _DECODING_ERRORS as err:
            self._on_malformed(err)

    async def _handle_event(self, namespace: Any, packet_id: Any, data: Any) -> None:
        if (
            self._workarounds.reserved_events
            and isinstance(data, list)
            and data
            and data[0] in _RESERVED_EVENTS
        ):
            self._on_malformed(ValueError("reserved event name"))
            return
        await super()._handle_event(namespace, packet_id, data)

    def link_alive(self) -> bool:
        """Whether the transport is up, as far as the library knows."""
        if self._workarounds.transport_state:
            return bool(self.eio.state == "connected")
        return bool(self.connected)

    async def shut_down(self) -> None:
        """Disconnect, bounded (a frozen server must not hold the caller),
        then release what it left behind."""
        try:
            async with asyncio.timeout(2):
                await self.disconnect()
        except (
            TimeoutError,
            socketio.exceptions.SocketIOError,
            aiohttp.ClientError,
            OSError,
        ):
            pass
        await self.release()

    async def release(self) -> None:
        """After `disconnect()`: free what a frozen server left behind."""
        if not self._workarounds.frozen_server:
            return
        eio = self.eio
        for task in (eio.read_loop_task, eio.write_loop_task):
            if task is not None and not task.done():
                task.cancel()
        ws = eio.ws
        if ws is not None and not ws.closed:
            with contextlib.suppress(TimeoutError, aiohttp.ClientError, OSError):
                async with asyncio.timeout(0.5):
                    await ws.close()
        if eio.state != "disconnected":
            eio.state = "disconnected"
            with contextlib.suppress(ValueError):
                engineio_base_client.connected_clients.remove(eio)
