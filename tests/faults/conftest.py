"""Fixtures of the fault tests: short backoff and attempt bounds, patched into
the integration's connection timing where it is read."""

from __future__ import annotations

from collections.abc import Callable
import dataclasses
from typing import Any

import pytest

import custom_components.status_dashboard as integration
from custom_components.status_dashboard import config_flow
from custom_components.status_dashboard.client.backoff import Backoff

from ..hass_fixtures import (  # noqa: F401  (fixtures: pytest finds them here)
    _home_assistant_with_this_integration,
    config_entry,
    frame_reports,
    loaded_entry,
)

type SetAttemptTimeout = Callable[[float], None]


def _set_timing(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> None:
    timing = dataclasses.replace(integration.CONNECTION_TIMING, **changes)
    for module in (integration, config_flow):
        monkeypatch.setattr(module, "CONNECTION_TIMING", timing)


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> Backoff:
    """Retries after 50 ms doubling to 200 ms instead of 1 s doubling to 30 s."""
    fast = Backoff(initial=0.05, cap=0.2)
    _set_timing(monkeypatch, backoff=fast)
    return fast


@pytest.fixture
def attempt_timeout(monkeypatch: pytest.MonkeyPatch) -> SetAttemptTimeout:
    """Set the bound of one connection attempt, for entries set up after."""

    def set_timeout(seconds: float) -> None:
        _set_timing(monkeypatch, attempt_timeout=seconds)

    return set_timeout
