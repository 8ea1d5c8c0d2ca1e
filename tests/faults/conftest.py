"""Fixtures of the fault tests: short backoff and attempt bounds, given to the
integration as its connection timing."""

from __future__ import annotations

from collections.abc import Callable
import dataclasses

from homeassistant.core import HomeAssistant
import pytest

from custom_components.status_dashboard.client.backoff import Backoff
from custom_components.status_dashboard.const import (
    CONNECTION_TIMING,
    connection_timing,
)

from ..hass_fixtures import (  # noqa: F401  (fixtures: pytest finds them here)
    _home_assistant_with_this_integration,
    config_entry,
    frame_reports,
    loaded_entry,
)

type SetAttemptTimeout = Callable[[float], None]


@pytest.fixture
def fast_backoff(hass: HomeAssistant) -> Backoff:
    """Retries after 50 ms doubling to 200 ms instead of 1 s doubling to 30 s."""
    fast = Backoff(initial=0.05, cap=0.2)
    hass.data[CONNECTION_TIMING] = dataclasses.replace(
        connection_timing(hass), backoff=fast
    )
    return fast


@pytest.fixture
def attempt_timeout(hass: HomeAssistant) -> SetAttemptTimeout:
    """Set the bound of one connection attempt, for entries set up after."""

    def set_timeout(seconds: float) -> None:
        hass.data[CONNECTION_TIMING] = dataclasses.replace(
            connection_timing(hass), attempt_timeout=seconds
        )

    return set_timeout
