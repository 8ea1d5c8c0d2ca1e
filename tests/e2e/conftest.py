"""The end-to-end test's fixtures: a real `hass` process with a fresh config."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
import shutil

import pytest

from .real_hass import REPO, HomeAssistantProcess, free_port

ARTIFACTS = REPO / "artifacts" / "e2e"


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker (deselect with -m 'not e2e')."""
    config.addinivalue_line(
        "markers", "e2e: a real Home Assistant process and a real browser (slow)"
    )


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots and the run's log go (ignored by git); emptied first."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.iterdir():
        if old.is_file():
            old.unlink()
    return ARTIFACTS


@pytest.fixture
def home_assistant(
    tmp_path: Path, artifacts: Path, socket_enabled: None
) -> Iterator[HomeAssistantProcess]:
    """`hass -c <fresh dir> --skip-pip` on a free port; killed at teardown if still up.

    Synchronous on purpose: files and the process are handled outside the
    event loop. The test itself waits for it to answer. Its log is copied to
    artifacts/e2e/ at teardown, pass or fail.
    """
    process = HomeAssistantProcess(tmp_path / "config", free_port())
    process.write_config()
    process.start()
    try:
        yield process
    finally:
        process.kill()
        for log in (process.log_file, process.console_log):
            if log.exists():
                shutil.copyfile(log, artifacts / log.name)
