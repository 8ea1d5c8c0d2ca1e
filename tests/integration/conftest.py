"""Every test here runs Home Assistant with this integration (see hass_fixtures)."""

from __future__ import annotations

import pytest
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from ..hass_fixtures import (  # noqa: F401  (fixtures: pytest finds them here)
    _home_assistant_with_this_integration,
    config_entry,
    frame_reports,
    loaded_entry,
)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots serialised the way Home Assistant core's are."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)
