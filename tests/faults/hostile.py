"""Hostile payloads drawn with a seeded `random`: each one breaks the contract
(or is a valid update that must change nothing: unknown service, stale time)."""

from __future__ import annotations

from collections.abc import Callable
import random
from typing import Any

KNOWN_IDS = ("api", "db", "mail")
STALE = "2020-01-01T00:00:00Z"  # older than anything the server holds
NOW = "2026-11-26T08:00:00.000Z"

type Draw = Callable[[random.Random], Any]


def junk(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON value, sometimes big or strange."""
    kinds = ["none", "bool", "int", "float", "str", "list", "dict", "big"]
    if depth > 2:
        kinds = kinds[:5]
    kind = rng.choice(kinds)
    if kind == "none":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.choice([0, -1, 1, 2**53 + 1, -(2**63), 10**400, rng.randint(-9, 9)])
    if kind == "float":
        return rng.choice([0.5, -0.0, -1.5, 1e308, 5e-324, rng.uniform(-1e9, 1e9)])
    if kind == "str":
        return text(rng)
    if kind == "list":
        return [junk(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if kind == "dict":
        return {text(rng, 12): junk(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return rng.choice(
        [nested(rng, rng.randint(5, 200)), "x" * rng.randint(2_000, 200_000)]
    )


def text(rng: random.Random, limit: int = 40) -> str:
    alphabet = "aZ09 _-:/.%s{}\"'\\\n\t\u00e9\u4e2d\U0001f600\u202e\u0000\ufeff\ud800"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, limit)))


def nested(rng: random.Random, depth: int) -> Any:
    value: Any = rng.choice(["leaf", 1, None])
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    return value


def bad_id(rng: random.Random) -> Any:
    return rng.choice([None, 5, "", "x" * 300, ["api"], {"id": "api"}, True, 1.5])


def bad_timestamp(rng: random.Random) -> Any:
    return rng.choice(
        [
            "yesterday",
            "2026-13-45T99:99:99Z",
            "9999-12-31T23:59:59Z",  # far future
            "2099-01-01T00:00:00+00:00",
            1764144000,
            "",
            "2026-11-26T08:00:00Z" + " " * 100,
            ["2026-11-26"],
            text(rng),
        ]
    )


def bad_status(rng: random.Random) -> Any:
    return rng.choice(
        ["UP", "Down", "exploded", "", 1, True, ["up"], {"up": 1}, text(rng)]
    )


def bad_response_time(rng: random.Random) -> Any:
    return rng.choice([-1, -0.001, 86_400_001, 10**400, "42", True, [42], {"ms": 1}])


def bad_details(rng: random.Random) -> Any:
    return rng.choice(["details", 42, ["a", "b"], True])


def status_update(rng: random.Random) -> Any:
    """A `service:status` payload that must not change what is shown."""
    payload: dict[str, Any] = {
        "serviceId": rng.choice(KNOWN_IDS),
        "timestamp": NOW,
        "status": rng.choice(["up", "down", "degraded"]),
        "responseTime": rng.uniform(0, 1000),
        "details": {"note": text(rng)},
    }
    flaw = rng.choice(
        [
            "id",
            "no-id",
            "time",
            "no-time",
            "status",
            "rt",
            "details",
            "ghost",
            "stale",
            "type",
            "extra",
        ]
    )
    if flaw == "id":
        payload["serviceId"] = bad_id(rng)
    elif flaw == "no-id":
        del payload["serviceId"]
    elif flaw == "time":
        payload["timestamp"] = bad_timestamp(rng)
    elif flaw == "no-time":
        del payload["timestamp"]
    elif flaw == "status":
        payload["status"] = bad_status(rng)
    elif flaw == "rt":
        payload["responseTime"] = bad_response_time(rng)
    elif flaw == "details":
        payload["details"] = bad_details(rng)
    elif flaw == "ghost":
        payload["serviceId"] = "ghost-" + text(rng, 8)  # valid, but unknown
    elif flaw == "stale":
        payload["timestamp"] = STALE  # valid, but older than what is held
    elif flaw == "type":
        return junk(rng) if rng.random() < 0.7 else [payload]
    else:
        payload[text(rng, 10) or "k"] = junk(rng)
        payload["status"] = bad_status(rng)
    return payload


def bulk_item(rng: random.Random, service_id: str | None = None) -> Any:
    """An invalid item of a bulk update: for `service_id`, or without a
    readable id when None."""
    item: dict[str, Any] = {
        "id": service_id if service_id is not None else bad_id(rng),
        "name": text(rng),
        "status": "up",
        "lastCheckAt": NOW,
    }
    if service_id is None:
        if rng.random() < 0.3:
            return rng.choice([None, 5, "api", ["api"], True, junk(rng)])
        item["status"] = bad_status(rng)
        return item
    flaw = rng.choice(["status", "rt", "time", "details"])
    if flaw == "status":
        item["status"] = bad_status(rng)
    elif flaw == "rt":
        item["responseTime"] = bad_response_time(rng)
    elif flaw == "time":
        item["lastCheckAt"] = rng.choice(["yesterday", "9999-12-31T23:59:59Z", 5])
    else:
        item["details"] = bad_details(rng)
    return item


def bulk_update(rng: random.Random) -> Any:
    """A bulk that must change nothing: not a list; an invalid item for every
    known service (and some unknown ones); or only items without a readable id.

    (A list that leaves a known service out says that service is gone.)
    """
    roll = rng.random()
    if roll < 0.4:
        return rng.choice([{"api": {"id": "api"}}, "[]", None, 3, junk(rng)])
    if roll < 0.7:
        items = [bulk_item(rng, service_id) for service_id in KNOWN_IDS]
        items += [
            bulk_item(rng, "ghost-" + text(rng, 6)) for _ in range(rng.randint(0, 2))
        ]
        items += [bulk_item(rng) for _ in range(rng.randint(0, 2))]
        rng.shuffle(items)
        return items
    return [bulk_item(rng) for _ in range(rng.randint(1, 4))]


def connection_status(rng: random.Random) -> Any:
    payload = {"connected": rng.choice([None, "yes", 1, [True]]), "latency": 5}
    return payload if rng.random() < 0.5 else junk(rng)


def error(rng: random.Random) -> Any:
    if rng.random() < 0.5:
        return rng.choice([5, None, True, [1, 2], 1.5])
    return {"message": text(rng), "code": text(rng, 30)}


def raw_packet(rng: random.Random) -> str:
    """A Socket.IO packet text, malformed or strange."""
    return rng.choice(
        [
            '2["service:status",{"serviceId":',
            "2{{{{",
            "9junk",
            "2",
            "2[]",
            "2[{}]",
            "2[5]",
            '2["service:status",NaN]',
            '2["service:status",{"serviceId":"api","timestamp":"'
            + NOW
            + '","responseTime":NaN}]',
            '2["service:status",{"serviceId":"api","timestamp":"'
            + NOW
            + '","responseTime":Infinity}]',
            '2["service:status",{"serviceId":"api","timestamp":"'
            + NOW
            + '","responseTime":1'
            + "0" * 400
            + "}]",
            '2["service:status",' + "[" * 50_000 + "]" * 50_000 + "]",
            '2["service:status",{"serviceId":"api","timestamp":"'
            + NOW
            + '","status":"\\ud800"}]',
            '2/other,["service:status",{}]',
            '51-["service:status",{"_placeholder":true,"num":0}]',
        ]
    )


EVENTS: dict[str, Draw] = {
    "service:status": status_update,
    "service:bulk-update": bulk_update,
    "connection:status": connection_status,
    "error": error,
}


def draw(rng: random.Random) -> tuple[str, Any]:
    """One hostile (event, payload); event "packet" means a raw packet text."""
    roll = rng.random()
    if roll < 0.1:
        return "packet", raw_packet(rng)
    if roll < 0.15:
        return rng.choice(["mystery:event", "", "connect", "disconnect"]), junk(rng)
    event = rng.choice(list(EVENTS))
    return event, EVENTS[event](rng)
