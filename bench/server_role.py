"""The reference server's process: one `StatusServer` per client under test.

Each client gets its own server (same catalog, same stream), so the two
never share a socket or a send queue and run one after the other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime
import time
from typing import Any

from reference_server import StatusServer
from reference_server.waiting import poll

from .common import quiet_logging, serve, service_id, service_index
from .heartbeat import PING_INTERVAL, PING_TIMEOUT, LinkLog, attach, record_pongs, watch

TICK = 0.001  # the stream's pacing tick (s)


def now_stamp() -> str:
    """A check time in the server's wire form."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def catalog(indices: Iterable[int], variant: int = 0) -> list[dict[str, Any]]:
    """The services numbered `indices` in wire form; `variant` changes every one."""
    stamp = now_stamp()
    status = "up" if variant % 2 == 0 else "down"
    return [
        {
            "id": service_id(index),
            "name": f"Service {index:05d}",
            "status": status,
            "responseTime": None if status == "down" else 100.0 + index % 50,
            "lastCheckAt": stamp,
            "details": {"statusCode": 200, "region": "eu-west", "seq": 0},
            "url": f"https://svc{index}.example.com/health",
            "group": f"Group {index % 10}",
        }
        for index in indices
    ]


class Driven:
    """A server, what it sent as bulk updates, and each service's sequence.

    The services are numbered; a list that changes (the live cycle) takes
    numbers never used before for new services.
    """

    def __init__(self, count: int) -> None:
        self.indices = list(range(count))
        self.fresh = count  # the next number never used
        self.server = StatusServer(
            secret="bench-secret",
            services=catalog(range(count)),
            rate_limit=None,
            ping_interval=PING_INTERVAL,
            ping_timeout=PING_TIMEOUT,
        )
        self.links = LinkLog()
        watch(self.server, self.links)
        self.up = [True] * count
        self.seq = [0] * count
        self.next = 0
        self.bulks: list[dict[str, float]] = []
        self._capture: list[int] | None = None
        send_bulk = self.server._send_bulk
        queue_packets = self.server._queue_packets

        def _send_bulk(peers: list[Any]) -> None:
            if not peers:
                return
            emitted = time.monotonic()
            self._capture = []
            try:
                send_bulk(peers)
            finally:
                sizes, self._capture = self._capture, None
            self.bulks.append({"t": emitted, "bytes": sum(sizes), "peers": len(peers)})

        def _queue_packets(packets: list[Any], sids: list[str]) -> None:
            if self._capture is not None:
                self._capture.append(sum(len(packet.data) for packet in packets))
            queue_packets(packets, sids)

        self.server._send_bulk = _send_bulk  # type: ignore[method-assign]
        self.server._queue_packets = _queue_packets  # type: ignore[method-assign]

    @property
    def count(self) -> int:
        return len(self.indices)

    async def start(self) -> None:
        await self.server.start()
        attach(self.server, self.links)

    def replace(self, variant: int) -> None:
        """Change every service in the catalog, without pushing anything."""
        self.server._catalog.replace(self.flipped(variant))

    def flipped(self, variant: int) -> list[dict[str, Any]]:
        """The list with every service changed, its status too (up ↔ down), so
        that every service's binary sensor shows the change."""
        services = catalog(self.indices, variant)
        self.up = [not up for up in self.up]
        for service, up in zip(services, self.up, strict=True):
            service["status"] = "up" if up else "down"
            service["responseTime"] = (service["responseTime"] or 100.0) if up else None
        return services

    def publish(self, services: list[dict[str, Any]]) -> dict[str, float]:
        """Make `services` the list, push it; the streams follow it."""
        self.server.set_services(services)
        self.indices = [service_index(s["id"]) for s in services]
        self.up = [s["status"] != "down" for s in services]
        self.seq = [0] * len(services)
        self.next = 0
        return self.bulks[-1] if self.bulks else {}

    def new_services(self, count: int) -> list[dict[str, Any]]:
        """`count` services never listed before, up."""
        first, self.fresh = self.fresh, self.fresh + count
        return catalog(range(first, first + count))

    def emit(self, kind: str) -> tuple[int, int, float]:
        """One change of the next service (round robin); returns its stamp."""
        position = self.next
        self.next = (position + 1) % self.count
        index = self.indices[position]
        self.seq[position] += 1
        seq = self.seq[position]
        if kind == "status":
            up = self.up[position] = not self.up[position]
            emitted = time.monotonic()
            self.server.update_service(
                service_id(index),
                status="up" if up else "down",
                responseTime=100.0 + seq % 100 if up else None,
                details={"seq": seq},
            )
        else:  # a response time only: the sequence travels as the value
            emitted = time.monotonic()
            self.server.update_service(service_id(index), responseTime=float(seq))
        return index, seq, emitted


class Driver:
    """The commands the controller sends."""

    def __init__(self) -> None:
        self.servers: dict[str, Driven] = {}
        record_pongs()

    async def start(self, name: str, services: int) -> dict[str, Any]:
        driven = self.servers[name] = Driven(services)
        await driven.start()
        return {
            "url": driven.server.url,
            "token": driven.server.token("bench", expires_in=None),
        }

    async def stream(
        self, name: str, kind: str, rate: float, duration: float, record: bool = True
    ) -> dict[str, Any]:
        """`rate` changes a second for `duration` s, round robin over the services."""
        driven = self.servers[name]
        emits: list[tuple[int, int, float]] = []
        cpu0 = time.process_time()
        start = time.monotonic()
        sent = 0
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= duration:
                break
            due = int(rate * elapsed) - sent
            for _ in range(due):
                stamp = driven.emit(kind)
                if record:
                    emits.append(stamp)
            sent += due
            await asyncio.sleep(TICK)
        emitted_by = time.monotonic()
        await driven.server.flush()
        flushed = time.monotonic()
        return {
            "sent": sent,
            "start": start,
            "duration": emitted_by - start,
            "flushed_after": flushed - start,
            "sent_rate": sent / (flushed - start),
            "cpu": time.process_time() - cpu0,
            "emits": emits,
        }

    async def live_bulk(self, name: str, variant: int) -> dict[str, Any]:
        """Push a bulk update in which every service changed (no reconnect)."""
        driven = self.servers[name]
        before = len(driven.bulks)
        driven.server.set_services(driven.flipped(variant))
        await driven.server.flush()
        return {"bulks": driven.bulks[before:], "flushed": time.monotonic()}

    async def live_list(self, name: str, step: str, count: int = 0) -> dict[str, Any]:
        """One step of the live cycle, pushed as one bulk update:

        "add": `count` new services after those listed; "down": every service
        down; "keep_one": only the first service; "replace": `count` new
        services instead of those listed.
        """
        driven = self.servers[name]
        listed = list(driven.server._catalog.services.values())
        if step == "add":
            services = listed + driven.new_services(count)
        elif step == "down":
            stamp = now_stamp()
            services = [
                {**s, "status": "down", "responseTime": None, "lastCheckAt": stamp}
                for s in listed
            ]
        elif step == "keep_one":
            services = listed[:1]
        elif step == "replace":
            services = driven.new_services(count)
        else:
            raise ValueError(f"unknown step {step!r}")
        before = len(driven.bulks)
        driven.publish(services)
        await driven.server.flush()
        bulks = driven.bulks[before:]
        return {
            "services": len(services),
            "emitted": bulks[-1]["t"] if bulks else None,
            "bytes": bulks[-1]["bytes"] if bulks else 0,
            "flushed": time.monotonic(),
        }

    async def heartbeat(self, name: str, after: float) -> dict[str, Any]:
        """Wait for a pong received after `after` (at most one ping cycle)."""
        links = self.servers[name].links

        def answered() -> bool:
            return bool(links.pongs) and links.pongs[-1] > after

        ok = await poll(answered, PING_INTERVAL + PING_TIMEOUT + 5.0, 0.05)
        return {"ok": ok, "pong": links.pongs[-1] if ok else None}

    async def links(self, name: str, since: float) -> dict[str, Any]:
        """Connections accepted, pongs and disconnections since `since`."""
        driven = self.servers[name]
        accepted = [
            a.at
            for a in driven.server.connection_attempts
            if a.accepted and a.at >= since
        ]
        return {"accepted": accepted, **driven.links.since(since)}

    async def drop_and_change(self, name: str, variant: int) -> dict[str, Any]:
        """Change every service, then reset every connection."""
        driven = self.servers[name]
        driven.replace(variant)
        dropped = time.monotonic()
        await driven.server.drop_all()
        return {"dropped": dropped}

    async def stop(self, name: str) -> dict[str, Any]:
        await self.servers[name].server.stop()
        return {"stopped": time.monotonic()}

    async def restart(self, name: str) -> dict[str, Any]:
        """Listen again on the same port; returns when accepting."""
        await self.servers[name].start()
        return {"accepting": time.monotonic()}

    async def bulk_log(self, name: str) -> list[dict[str, float]]:
        """Every bulk update sent so far (emit time, bytes)."""
        return self.servers[name].bulks

    async def close(self, name: str) -> None:
        driven = self.servers.pop(name, None)
        if driven is not None:
            await driven.server.stop()

    def handlers(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "stream": self.stream,
            "live_bulk": self.live_bulk,
            "drop_and_change": self.drop_and_change,
            "live_list": self.live_list,
            "heartbeat": self.heartbeat,
            "links": self.links,
            "stop": self.stop,
            "restart": self.restart,
            "bulk_log": self.bulk_log,
            "close": self.close,
        }


async def main() -> None:
    quiet_logging()
    driver = Driver()
    try:
        await serve(driver.handlers())
    finally:
        for name in list(driver.servers):
            await driver.close(name)


if __name__ == "__main__":
    asyncio.run(main(), debug=False)
