"""Full (gen 2) collections of each client, part by part of a scale."""

from __future__ import annotations

from .processes import Child


class PartCollections:
    """Counts each client's full collections between `begin` and `end`."""

    def __init__(self, clients: dict[str, Child]) -> None:
        self._clients = clients
        self._counts: dict[str, int] = {}
        self.parts: list[dict[str, object]] = []

    def _now(self) -> dict[str, int]:
        return {
            name: int(child.call("gc_full")) for name, child in self._clients.items()
        }

    def begin(self) -> None:
        self._counts = self._now()

    def end(self, part: str) -> None:
        now = self._now()
        self.parts.append(
            {"part": part, **{name: now[name] - self._counts[name] for name in now}}
        )
        self._counts = now
