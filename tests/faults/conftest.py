"""Fixtures of the fault tests: short backoff and attempt bounds, set through the
integration's own module globals."""

from __future__ import annotations

from collections.abc import Callable
import functools

import pytest

import custom_components.status_dashboard as integration
from custom_components.status_dashboard import config_flow, coordinator
from custom_components.status_dashboard.client import connection
from custom_components.status_dashboard.client.backoff import Backoff

type SetAttemptTimeout = Callable[[float], None]


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> Backoff:
    """Retries after 50 ms doubling to 200 ms instead of 1 s doubling to 30 s.

    StatusConnection builds `Backoff()` when not given one (the coordinator
    gives none), so the module's `Backoff` is the seam.
    """
    fast = Backoff(initial=0.05, cap=0.2)
    monkeypatch.setattr(
        connection, "Backoff", functools.partial(Backoff, initial=0.05, cap=0.2)
    )
    return fast


@pytest.fixture
def attempt_timeout(monkeypatch: pytest.MonkeyPatch) -> SetAttemptTimeout:
    """Set the bound of one connection attempt where each module imported it."""

    def set_timeout(seconds: float) -> None:
        for module in (coordinator, integration, config_flow):
            monkeypatch.setattr(module, "ATTEMPT_TIMEOUT", seconds)

    return set_timeout
