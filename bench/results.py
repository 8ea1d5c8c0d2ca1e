"""Everything a run measured, by client ("ha", "bare")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Results:
    """Everything measured, by client ("ha", "bare"), in the order the JSON
    lists it."""

    machine: dict[str, Any] = field(default_factory=dict)
    setup: dict[str, dict[int, Any]] = field(
        default_factory=lambda: {"ha": {}, "bare": {}}
    )
    latency: dict[str, Any] = field(default_factory=dict)
    # The same stream again after the bulk updates and the live cycles.
    latency_after: dict[str, Any] = field(default_factory=dict)
    cpu_rounds: dict[str, Any] = field(default_factory=dict)
    sustained: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"ha": [], "bare": []}
    )
    status_ramp: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"ha": [], "bare": []}
    )
    garbage: dict[str, Any] = field(default_factory=dict)
    bulk: dict[str, dict[int, Any]] = field(
        default_factory=lambda: {"ha": {}, "bare": {}}
    )
    cycles: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"ha": [], "bare": []}
    )
    # Full collections per part of each scale: services, part, ha, bare.
    parts: list[dict[str, Any]] = field(default_factory=list)
    reconnect: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"ha": [], "bare": []}
    )
