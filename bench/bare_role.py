"""A bare python-socketio client on the same stream: the floor for this stack.

It decodes what arrives (the library does) and notes when and which change
arrived; no validation, no model, no state.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import Any

import socketio

from reference_server.waiting import poll

from .client_role import ClientRole
from .common import POLL_INTERVAL, quiet_logging, serve
from .probes import Window, heap_census, settled_rss, settled_window

MAX_MESSAGE_SIZE = 64 * 1024 * 1024  # as the integration (a 10k bulk is MBs)


class Bare(ClientRole):
    """One AsyncClient with the library's own reconnection."""

    COMMANDS = (*ClientRole.COMMANDS, "connect")

    def __init__(self) -> None:
        super().__init__()
        self.client: Any = None
        self.services: list[Any] = []  # the last bulk, held as a client would
        self.bulks: list[float] = []
        self.updates = 0  # service:status events handled
        self.records: list[tuple[str, Any, float]] = []
        self.recording = False
        self.attempts: list[float] = []
        self._bulks0 = 0

    def received(self) -> int:
        return self.updates

    async def connect(self, url: str, token: str) -> dict[str, Any]:
        """Connect, subscribe; time until the first bulk update arrived."""
        self.lag.start()
        heap_before = heap_census()
        rss_before = settled_rss()
        client = self.client = socketio.AsyncClient(
            reconnection=True,
            handle_sigint=False,
            websocket_extra_options={"max_msg_size": MAX_MESSAGE_SIZE},
        )
        connect = client.connect

        async def counted_connect(*args: Any, **kwargs: Any) -> Any:
            self.attempts.append(time.monotonic())
            return await connect(*args, **kwargs)

        client.connect = counted_connect

        def on_connect() -> None:
            client.start_background_task(client.emit, "subscribe:status")

        def on_bulk(payload: Any) -> None:
            self.bulks.append(time.monotonic())
            self.services = payload

        def on_status(payload: Any) -> None:
            now = time.monotonic()
            self.updates += 1
            if self.recording:
                seq = (
                    payload["details"]["seq"]
                    if "status" in payload
                    else payload.get("responseTime")
                )
                self.records.append((payload["serviceId"], seq, now))

        client.on("connect", on_connect)
        client.on("service:bulk-update", on_bulk)
        client.on("service:status", on_status)
        window = await settled_window(self.lag, self.gc)
        started = time.monotonic()
        await client.connect(url, auth={"token": token}, transports=["websocket"])
        ok = await poll(lambda: bool(self.bulks), 300, POLL_INTERVAL)
        figures = await window.close()
        return {
            "started": started,
            "bulk_received": self.bulks[0] if ok else math.nan,
            "window": figures,
            "rss_before": rss_before,
            "rss_after": settled_rss(),
            "heap_before": heap_before,
            "heap_after": heap_census(),
            "services": len(self.services),
        }

    async def window_start(self, track: bool) -> None:
        self.records = []
        self.recording = track
        self.open_window()

    async def window_stop(self, expected: int, timeout: float = 30.0) -> dict[str, Any]:
        figures = await self.close_window(expected, timeout)
        self.recording = False
        return {**figures, "records": self.records}

    async def arm(self) -> None:
        self._bulks0 = len(self.bulks)
        self.attempts = []
        self.window = Window(self.lag, self.gc)

    async def wait_bulk(
        self, services: int, connected: bool, timeout: float = 120.0
    ) -> dict[str, Any]:
        """The next bulk update arrived (decoded, handler run)."""
        assert self.window is not None
        ok = await poll(lambda: len(self.bulks) > self._bulks0, timeout, POLL_INTERVAL)
        figures = await self.window.close()
        when = self.bulks[self._bulks0] if ok else math.nan
        return {
            "ok": ok and len(self.services) == services,
            "written": when,
            "connected": when,
            "window": figures,
        }

    async def wait_connected(self, timeout: float = 60.0) -> dict[str, Any]:
        """Resubscribed and the bulk update arrived again."""
        ok = await poll(lambda: len(self.bulks) > self._bulks0, timeout, POLL_INTERVAL)
        return {
            "ok": ok,
            "synced": self.bulks[self._bulks0] if ok else math.nan,
            "attempts": list(self.attempts),
        }

    async def shutdown(self) -> None:
        if self.client is not None:
            await self.client.disconnect()
        await self.lag.stop()


async def main() -> None:
    quiet_logging()
    await serve(Bare().handlers())


if __name__ == "__main__":
    asyncio.run(main(), debug=False)
