"""One task that runs the server's sends and disconnects in order.

Control calls are synchronous (``update_service`` returns None) but sending
is async; queueing every send here keeps them in the order they were made,
which per-call tasks would not guarantee.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import logging

_LOGGER = logging.getLogger(__name__)

type Job = Callable[[], Awaitable[None]]


class Outbox:
    """A FIFO of async jobs, run one at a time by a single task."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[tuple[Job, asyncio.Future[None] | None]] = (
            asyncio.Queue()
        )
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the runner task (needs a running loop)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name="reference_server outbox"
            )

    def put(self, job: Job) -> None:
        """Queue ``job``; it runs after every job queued before it.

        Dropped when the outbox is not running (nobody to send to).
        """
        if self._task is not None:
            self._queue.put_nowait((job, None))

    async def run(self, job: Job) -> None:
        """Queue ``job`` and wait until it has run (dropped when not running)."""
        if self._task is None:
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((job, done))
        await done

    async def flush(self) -> None:
        """Wait until every job queued so far has run."""

        async def nothing() -> None:
            return None

        await self.run(nothing)

    async def close(self) -> None:
        """Stop the runner; jobs still queued are dropped."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if current is not None and current.cancelling():
                    raise
        self._drop_queued()

    def _drop_queued(self) -> None:
        while not self._queue.empty():
            _, done = self._queue.get_nowait()
            if done is not None and not done.done():
                done.cancel()

    async def _run(self) -> None:
        while True:
            job, done = await self._queue.get()
            try:
                await job()
            except asyncio.CancelledError:
                if done is not None and not done.done():
                    done.cancel()
                raise
            except Exception:
                _LOGGER.exception("reference server job failed")
            if done is not None and not done.done():
                done.set_result(None)
