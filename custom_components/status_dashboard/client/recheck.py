"""Re-check requests: one queue, paced below the server's rate limit.

Every `request:refresh` the user causes goes through here, one press or all
services at once: a service asked for again within `repeat_after` seconds of
its last request is skipped, requests leave at `rate` per second after a burst
of `burst`, and at a quarter of that rate for a while once the server said the
client sends too much.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Iterable
import time
from typing import Any

from .errors import NotConnected

type StartTask = Callable[[Coroutine[Any, Any, None]], asyncio.Task[None]]


class RecheckQueue:
    """Sends `send(service_id)` for queued services, one at a time, paced."""

    def __init__(
        self,
        send: Callable[[str], Awaitable[None]],
        start_task: StartTask,
        *,
        rate: float = 4.0,
        burst: int = 5,
        repeat_after: float = 5.0,
        slow_spell: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._send = send
        self._start_task = start_task
        self._rate = rate
        self._burst = float(burst)
        self._repeat_after = repeat_after
        self._slow_spell = slow_spell
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._stamp = clock()
        self._slow_until = 0.0
        self._queued: dict[str, None] = {}
        self._sent_at: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None

    @property
    def rate(self) -> float:
        """Requests per second allowed now."""
        slow = self._clock() < self._slow_until
        return self._rate / 4 if slow else self._rate

    @property
    def idle(self) -> bool:
        """Nothing queued and nothing being sent."""
        return self._task is None or self._task.done()

    def request(self, service_ids: Iterable[str]) -> bool:
        """Queue these services; whether every one was (none skipped for being
        queued already or asked for recently)."""
        now = self._clock()
        queued_all = True
        for service_id in service_ids:
            sent_at = self._sent_at.get(service_id)
            if service_id in self._queued or (
                sent_at is not None and now - sent_at < self._repeat_after
            ):
                queued_all = False
                continue
            self._queued[service_id] = None
        if self._queued and self.idle:
            self._task = self._start_task(self._drain())
        return queued_all

    def slow_down(self) -> None:
        """The server said the client sends too much: slower for a while."""
        self._slow_until = self._clock() + self._slow_spell
        self._tokens = 0.0

    def forget(self, service_id: str) -> None:
        """The service is gone: drop what is queued or remembered for it."""
        self._queued.pop(service_id, None)
        self._sent_at.pop(service_id, None)

    def cancel(self) -> None:
        """Drop every queued request and stop sending."""
        self._queued.clear()
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _drain(self) -> None:
        while self._queued:
            await self._take_token()
            if not self._queued:
                return
            service_id = next(iter(self._queued))
            del self._queued[service_id]
            self._sent_at[service_id] = self._clock()
            try:
                await self._send(service_id)
            except NotConnected:
                # What was asked for while connected is dropped with the link.
                self._queued.clear()
                return

    async def _take_token(self) -> None:
        while True:
            now = self._clock()
            rate = self.rate
            self._tokens = min(self._burst, self._tokens + (now - self._stamp) * rate)
            self._stamp = now
            if self._tokens >= 1:
                self._tokens -= 1
                return
            await self._sleep((1 - self._tokens) / rate)
