"""The end-to-end test's log check: records attributed, both releases' formats
read, and a line it does not understand fails the test."""

from __future__ import annotations

import pytest

from .real_hass import UnparsedLogLine, parse_log

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


# Real lines of both releases: 2026.10 writes local time without an offset,
# 2026.11 writes the UTC offset.
LOG_2026_10 = """\
2026-12-01 21:36:44.619 WARNING (MainThread) [homeassistant.bootstrap] Skipping \
pip installation of required modules. This may cause issues
2026-12-01 21:36:57.213 DEBUG (MainThread) [custom_components.status_dashboard] \
Refresh of api-gateway requested again too soon; ignored
"""
LOG_2026_11 = """\
2026-12-01 21:34:43.094+00:00 WARNING (MainThread) [homeassistant.bootstrap] \
Skipping pip installation of required modules. This may cause issues
2026-12-01 21:34:43.188+00:00 WARNING (MainThread) [aiohttp_fast_zlib] zlib_ng \
and isal are not available, falling back to zlib, performance will be degraded.
2026-12-01 21:41:31.289+00:00 DEBUG (MainThread) \
[custom_components.status_dashboard] Connected to http://127.0.0.1:21991 over \
websocket and subscribed
"""


def test_log_scan_reads_both_releases_timestamps() -> None:
    assert [(r.level, r.logger) for r in parse_log(LOG_2026_10)] == [
        ("WARNING", "homeassistant.bootstrap"),
        ("DEBUG", "custom_components.status_dashboard"),
    ]
    assert [(r.level, r.logger) for r in parse_log(LOG_2026_11)] == [
        ("WARNING", "homeassistant.bootstrap"),
        ("WARNING", "aiohttp_fast_zlib"),
        ("DEBUG", "custom_components.status_dashboard"),
    ]


@pytest.mark.parametrize(
    ("log", "complaint"),
    [
        # Text before the first record: not a format the parser knows.
        ("garbage, not a log line\n" + LOG_2026_11, "line 1 is not a log record"),
        # A record start in a format it does not know (ISO "T", no thread).
        (
            LOG_2026_10 + "2026-12-01T21:37:07Z WARNING [homeassistant.core] x\n",
            "line 3 has an unknown format",
        ),
        (
            LOG_2026_11 + "2026-12-01 21:37:07.1+00:00 NOTICE (Main) [x] y\n",
            "line 4 has an unknown format",
        ),
    ],
)
def test_log_scan_fails_on_lines_it_does_not_understand(
    log: str, complaint: str
) -> None:
    with pytest.raises(UnparsedLogLine, match=complaint):
        parse_log(log)
