"""Demo monitors for the Uptime Kuma mode, whose checks wander over time."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from .demo import TEMPLATES, PeriodicFeed, wander
from .kuma_monitors import DOWN, UP, cert_info

if TYPE_CHECKING:
    from .uptime_kuma import KumaServer

_KUMA_TYPES = {"http": "http", "tcp": "port", "dns": "dns"}
_FAILURES = (
    "timeout of 48000ms exceeded",
    "connect ECONNREFUSED",
    "Request failed with status code 503",
    "getaddrinfo ENOTFOUND",
)


def demo_monitors(count: int = 6) -> list[dict[str, Any]]:
    """``count`` monitors, all up, in group monitors (which come first);
    the HTTP ones carry a certificate, one carries credentials (a basic-auth
    password and a bearer token, as Uptime Kuma's monitor list shows them to
    the logged-in user)."""
    groups: dict[str, int] = {}
    monitors: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    for index in range(count):
        _sid, name, url, group, kind, typical = TEMPLATES[index % len(TEMPLATES)]
        round_ = index // len(TEMPLATES)
        if round_:
            name = f"{name} {round_ + 1}"
        if group not in groups:
            groups[group] = len(groups) + 1
            monitors.append({"id": groups[group], "name": group, "type": "group"})
        monitor: dict[str, Any] = {
            "name": name,
            "type": _KUMA_TYPES[kind],
            "url": url if kind == "http" else None,
            "parent": groups[group],
            "msg": "200 - OK" if kind == "http" else "",
            "ping": typical,
            "avg_ping": typical,
            "tags": [{"name": "demo", "color": "#059669"}],
        }
        if kind == "http":
            monitor["cert_info"] = cert_info(60 + 7 * index)
        else:
            monitor["hostname"] = url.split("//", 1)[-1].split(":")[0]
        members.append(monitor)
    if members:
        members[0]["basic_auth_user"] = "monitor"
        members[0]["basic_auth_pass"] = "demo-basic-auth-password"
        members[0]["headers"] = '{"Authorization": "Bearer demo-bearer-token"}'
    for offset, monitor in enumerate(members, start=len(groups) + 1):
        monitor["id"] = offset
    return monitors + members


class KumaDemoFeed(PeriodicFeed):
    """Checks the demo monitors now and then: response times wander, and
    once in a while a monitor goes down, then comes back."""

    def __init__(
        self,
        server: KumaServer,
        *,
        interval: float = 2.0,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(interval, rng)
        self.server = server
        self._typical = {
            mid: float(m["ping"])
            for mid, m in _checks(server).items()
            if isinstance(m.get("ping"), int | float)
        }
        self._average: dict[int, float] = {}

    def step(self) -> None:
        """One to three monitors check once."""
        checks = _checks(self.server)
        if not checks:
            return
        picked = self.rng.sample(
            sorted(checks), k=min(len(checks), self.rng.randint(1, 3))
        )
        for monitor_id in picked:
            status, msg, ping = self._next(monitor_id, checks[monitor_id])
            self.server.heartbeat(monitor_id, status, msg, ping)
            if ping is not None:
                average = self._average.get(monitor_id, ping)
                self._average[monitor_id] = round(0.9 * average + 0.1 * ping, 2)
                self.server.set_avg_ping(monitor_id, self._average[monitor_id])

    def _next(
        self, monitor_id: int, last: dict[str, Any]
    ) -> tuple[int, str, float | None]:
        roll = self.rng.random()
        was_down = last["status"] == DOWN
        up_next = roll < 0.5 if was_down else roll >= 0.05
        if up_next:
            typical = self._typical.setdefault(monitor_id, 50.0)
            base = float(last["ping"] or typical)
            ping = round(min(max(wander(self.rng, typical, base), 1), 30_000))
            return UP, "200 - OK" if last["type"] == "http" else "", ping
        if last["status"] == DOWN:
            return DOWN, last["msg"], None
        return DOWN, self.rng.choice(_FAILURES), None


def _checks(server: KumaServer) -> dict[int, dict[str, Any]]:
    """The last check of every monitor that is not a group."""
    checks: dict[int, dict[str, Any]] = {}
    for monitor_id, monitor in server.monitors.items():
        if monitor["type"] != "group":
            check = server.last_check(monitor_id)
            checks[monitor_id] = {
                "status": check.status,
                "msg": check.msg,
                "ping": check.ping,
                "type": monitor["type"],
            }
    return checks
