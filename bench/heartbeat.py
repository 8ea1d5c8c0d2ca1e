"""What the reference server saw of each link: pongs and disconnections.

A starved client stops answering the server's pings; the server then drops
the socket ("ping timeout"). So a pong the server received after a given
moment proves the link was read and written in both directions after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import time
from typing import Any

from engineio import async_socket, packet

from reference_server import StatusServer

# socket.io's default heartbeat: a ping 25 s after the last pong, the link
# dropped if no pong comes within 20 s.
PING_INTERVAL = 25.0
PING_TIMEOUT = 20.0

_LOG_ATTRIBUTE = "bench_link_log"


@dataclass
class LinkLog:
    """One server's pongs (monotonic s) and disconnections (time, reason)."""

    pongs: list[float] = field(default_factory=list)
    disconnects: list[tuple[float, str]] = field(default_factory=list)

    def since(self, start: float) -> dict[str, Any]:
        pongs = [t for t in self.pongs if t >= start]
        return {
            "pongs": len(pongs),
            "last_pong": pongs[-1] if pongs else None,
            "disconnects": [
                [t, reason] for t, reason in self.disconnects if t >= start
            ],
        }


def record_pongs() -> None:
    """Every engine.io server of this process that carries a `LinkLog` notes
    the pongs it receives (called once per process)."""
    receive = async_socket.AsyncSocket.receive

    async def noting_receive(socket: Any, pkt: Any) -> None:
        if pkt.packet_type == packet.PONG:
            log = getattr(socket.server, _LOG_ATTRIBUTE, None)
            if log is not None:
                log.pongs.append(time.monotonic())
        await receive(socket, pkt)

    async_socket.AsyncSocket.receive = noting_receive


def watch(server: StatusServer, log: LinkLog) -> None:
    """Note `server`'s disconnections in `log`, from now on (before `start`)."""
    on_disconnect = server._on_disconnect
    peers = server._peers

    async def noting_disconnect(sid: str, *args: Any) -> None:
        had = sid in peers
        await on_disconnect(sid, *args)
        if had and sid not in peers:
            log.disconnects.append((time.monotonic(), str(args[0]) if args else "?"))

    server._on_disconnect = noting_disconnect  # type: ignore[method-assign]


def attach(server: StatusServer, log: LinkLog) -> None:
    """Note the pongs of the running `server` (again after each start)."""
    running = server._running
    if running is not None:
        setattr(running.sio.eio, _LOG_ATTRIBUTE, log)
