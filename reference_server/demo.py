"""Demo services whose state wanders over time, for trying a client out."""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
from typing import TYPE_CHECKING, Any

from .catalog import iso_millis

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .server import StatusServer

# id, name, url, group, type, typical response time (ms)
TEMPLATES: tuple[tuple[str, str, str, str, str, float], ...] = (
    (
        "api-gateway",
        "API Gateway",
        "https://api.example.com/health",
        "Core",
        "http",
        45,
    ),
    (
        "auth-service",
        "Authentication Service",
        "https://auth.example.com/healthz",
        "Core",
        "http",
        60,
    ),
    (
        "postgres-primary",
        "PostgreSQL Primary",
        "tcp://db-1.example.internal:5432",
        "Data",
        "tcp",
        6,
    ),
    (
        "redis-cache",
        "Redis Cache",
        "tcp://cache.example.internal:6379",
        "Data",
        "tcp",
        2,
    ),
    (
        "payments-api",
        "Payments API",
        "https://payments.example.com/status",
        "Business",
        "http",
        140,
    ),
    ("website", "Public Website", "https://www.example.com/", "Edge", "http", 220),
    (
        "search",
        "Search Service",
        "https://search.example.com/ping",
        "Business",
        "http",
        85,
    ),
    ("cdn-edge", "CDN Edge", "https://cdn.example.com/health", "Edge", "http", 25),
    (
        "message-queue",
        "Message Queue",
        "tcp://mq.example.internal:5672",
        "Data",
        "tcp",
        4,
    ),
    (
        "email-worker",
        "Email Worker",
        "https://mail.example.internal/health",
        "Workers",
        "http",
        95,
    ),
    (
        "object-storage",
        "Object Storage",
        "https://s3.example.com/minio/health/live",
        "Data",
        "http",
        35,
    ),
    ("dns", "DNS Resolver", "dns://ns1.example.com", "Edge", "dns", 12),
)


def demo_services(count: int = 6, *, uptime: bool = False) -> list[dict[str, Any]]:
    """``count`` services in wire form, all up (ids unique past the templates);
    with ``uptime``, each carries the server's 24-hour and 30-day uptime."""
    now = iso_millis(time.time_ns() // 1_000_000)
    services: list[dict[str, Any]] = []
    for index in range(count):
        sid, name, url, group, kind, typical = TEMPLATES[index % len(TEMPLATES)]
        round_ = index // len(TEMPLATES)
        if round_:
            sid, name = f"{sid}-{round_ + 1}", f"{name} {round_ + 1}"
        details: dict[str, Any] = {"checkType": kind}
        if kind == "http":
            details["statusCode"] = 200
        services.append(
            {
                "id": sid,
                "name": name,
                "url": url,
                "group": group,
                "type": kind,
                "status": "up",
                "responseTime": typical,
                "lastCheckAt": now,
                "details": details,
            }
        )
        if uptime:
            services[-1].update(uptime24h=100.0, uptime30d=99.95 - index * 0.1)
    return services


def wander(rng: random.Random, typical: float, base: float) -> float:
    """A random walk on a log scale from ``base``, pulled back towards the
    typical value."""
    drift = 0.2 * math.log(typical / base) if base > 0 else 0.0
    return base * math.exp(drift + rng.gauss(0.0, 0.15))


class PeriodicFeed:
    """Calls `step()` every ``interval`` seconds between `start` and `stop`."""

    def __init__(self, interval: float, rng: random.Random | None) -> None:
        self.interval = interval
        self.rng = rng or random.Random()
        self._task: asyncio.Task[None] | None = None

    def step(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        """Start stepping every ``interval`` seconds."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop stepping."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self.step()


class DemoFeed(PeriodicFeed):
    """Moves a server's services about: response times wander, and now and
    then a service degrades or goes down, then recovers."""

    def __init__(
        self,
        server: StatusServer,
        *,
        interval: float = 2.0,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(interval, rng)
        self.server = server
        self._typical = {
            sid: float(s["responseTime"])
            for sid, s in server.services.items()
            if isinstance(s.get("responseTime"), int | float)
        }

    def start(self) -> None:
        """Start changing services every ``interval`` seconds."""
        super().start()
        self.server.refresh_hook = self._refreshed

    async def stop(self) -> None:
        """Stop changing services."""
        await super().stop()
        self.server.refresh_hook = None

    def step(self) -> None:
        """Change one to three services once."""
        ids = list(self.server.services)
        if not ids:
            return
        for sid in self.rng.sample(ids, k=min(len(ids), self.rng.randint(1, 3))):
            service = self.server.services[sid]
            self.server.update_service(sid, **self._next_state(sid, service))

    def _refreshed(self, sid: str, service: Mapping[str, Any]) -> Mapping[str, Any]:
        if service.get("status") == "down":
            return {}
        return {"responseTime": self._wander(sid, service)}

    def _wander(self, sid: str, service: Mapping[str, Any]) -> float:
        typical = self._typical.setdefault(sid, 50.0)
        current = service.get("responseTime")
        base = float(current) if isinstance(current, int | float) else typical
        return round(min(max(wander(self.rng, typical, base), 0.5), 30_000.0), 1)

    def _next_state(self, sid: str, service: Mapping[str, Any]) -> dict[str, Any]:
        status = service.get("status")
        roll = self.rng.random()
        http = service.get("type") == "http"
        if status == "down":
            if roll < 0.5:
                return self._up(sid, service, http)
            return {}
        if status == "degraded" and roll < 0.4:
            return self._up(sid, service, http)
        if roll < 0.04:
            details: dict[str, Any] = {"error": "connection refused"}
            if http:
                details["statusCode"] = None
            return {"status": "down", "responseTime": None, "details": details}
        if roll < 0.12:
            slow = self._typical.get(sid, 50.0) * self.rng.uniform(4.0, 10.0)
            details = {"error": "slow responses"}
            if http:
                details["statusCode"] = 200
            return {
                "status": "degraded",
                "responseTime": round(slow, 1),
                "details": details,
            }
        return {"responseTime": self._wander(sid, service)}

    def _up(self, sid: str, service: Mapping[str, Any], http: bool) -> dict[str, Any]:
        details: dict[str, Any] = {"error": None}
        if http:
            details["statusCode"] = 200
        changes: dict[str, Any] = {"status": "up", "details": details}
        changes["responseTime"] = self._wander(sid, {**service, "responseTime": None})
        return changes
