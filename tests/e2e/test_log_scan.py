"""The end-to-end test's log check finds the integration's errors, and only those."""

from __future__ import annotations

from .real_hass import parse_log

LOG = """\
2026-11-26 09:20:15.137 WARNING (SyncWorker_0) [homeassistant.loader] We found a \
custom integration status_dashboard which has not been tested by Home Assistant.
2026-11-26 09:20:15.483 ERROR (MainThread) [haffmpeg.core] FFmpeg fails
Traceback (most recent call last):
  File "/venv/haffmpeg/core.py", line 130, in open
FileNotFoundError: [Errno 2] No such file or directory: 'ffmpeg'
2026-11-26 09:20:16.000 DEBUG (MainThread) [custom_components.status_dashboard] \
Refresh of api requested again too soon; ignored
2026-11-26 09:20:17.000 ERROR (MainThread) [homeassistant] Error doing job: Task \
exception was never retrieved
Traceback (most recent call last):
  File "/cfg/custom_components/status_dashboard/coordinator.py", line 1, in x
ValueError: boom
2026-11-26 09:20:18.000 ERROR (MainThread) \
[custom_components.status_dashboard.config_flow] Unexpected error while checking x
"""


def test_log_scan_attributes_records_and_tracebacks() -> None:
    records = parse_log(LOG)
    assert [(r.level, r.logger) for r in records] == [
        ("WARNING", "homeassistant.loader"),
        ("ERROR", "haffmpeg.core"),
        ("DEBUG", "custom_components.status_dashboard"),
        ("ERROR", "homeassistant"),
        ("ERROR", "custom_components.status_dashboard.config_flow"),
    ]
    ours = [r for r in records if r.ours]
    assert [r.logger for r in ours] == [
        "homeassistant.loader",  # names it, but a warning without traceback
        "custom_components.status_dashboard",
        "homeassistant",  # a traceback through the integration's code
        "custom_components.status_dashboard.config_flow",
    ]
    errors = [r for r in ours if r.is_error]
    assert [r.logger for r in errors] == [
        "homeassistant",
        "custom_components.status_dashboard.config_flow",
    ]
    assert "ValueError: boom" in errors[0].text
