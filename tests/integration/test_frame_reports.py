"""The harness fails a test when Home Assistant's frame helper reports this
integration: a use of Home Assistant's API that is deprecated or will break."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import frame
import pytest

from ..hass_fixtures import FrameReports


def report_from(path: str) -> None:
    """Call the frame helper from code that lives at `path`, as an integration's
    module would (the helper finds the integration from the calling frame)."""
    code = compile("frame.report_usage('calls a retired helper')", path, "exec")
    exec(code, {"frame": frame})


async def test_a_report_naming_this_integration_fails_the_test(
    hass: HomeAssistant, frame_reports: FrameReports
) -> None:
    report_from("/srv/config/custom_components/status_dashboard/coordinator.py")

    assert len(frame_reports.reports) == 1
    assert "calls a retired helper" in frame_reports.reports[0]
    with pytest.raises(pytest.fail.Exception, match="calls a retired helper"):
        frame_reports.check()
    frame_reports.reports.clear()  # the report this test provoked on purpose


async def test_a_report_naming_another_integration_is_not_ours(
    hass: HomeAssistant, frame_reports: FrameReports, caplog: pytest.LogCaptureFixture
) -> None:
    report_from("/srv/config/custom_components/other_dashboard/sensor.py")

    assert "Detected that custom integration 'other_dashboard'" in caplog.text
    assert frame_reports.reports == []
