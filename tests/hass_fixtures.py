"""Fixtures of the tests that run Home Assistant in process (tests/integration,
tests/faults): this integration loadable, its config entry, and no frame-helper
report naming it. Their conftest files import these fixtures."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

# Import the project's package before the harness's own `custom_components`
# (its test config) can shadow it.
import custom_components.status_dashboard  # noqa: F401
from custom_components.status_dashboard.client.token import read_token
from custom_components.status_dashboard.config_flow import account_id
from custom_components.status_dashboard.const import CONF_VERIFY_SSL, DOMAIN
from reference_server import StatusServer

from .helpers import set_up

FRAME_LOGGER = "homeassistant.helpers.frame"
FRAME_REPORT = f"Detected that custom integration '{DOMAIN}'"


class FrameReports(logging.Handler):
    """Records what Home Assistant's frame helper reports about this integration:
    a deprecated or wrong use of Home Assistant's API, a future breakage."""

    def __init__(self) -> None:
        super().__init__()
        self.reports: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(FRAME_REPORT):
            self.reports.append(message)

    def check(self) -> None:
        """Fail the test if anything was reported."""
        if self.reports:
            pytest.fail(
                "Home Assistant's frame helper reported this integration:\n"
                + "\n".join(self.reports),
                pytrace=False,
            )


@pytest.fixture
def frame_reports() -> Iterator[FrameReports]:
    """Watches the frame helper's logger (beside caplog, which watches the root
    logger); the test fails at teardown if it reported this integration."""
    logger = logging.getLogger(FRAME_LOGGER)
    level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)  # a report is a warning
    reports = FrameReports()
    logger.addHandler(reports)
    yield reports
    logger.removeHandler(reports)
    logger.setLevel(level)
    reports.check()


@pytest.fixture(autouse=True)
def _home_assistant_with_this_integration(
    frame_reports: FrameReports, enable_custom_integrations: None
) -> None:
    """A Home Assistant that loads this custom integration.

    `frame_reports` comes first: set up before Home Assistant and torn down
    after it stopped, it also sees reports made while unloading.
    """


def entry_for(
    server: StatusServer,
    token: str,
    entry_id: str = "01JSTATUSDASHBOARDENTRY001",
    **options: Any,
) -> MockConfigEntry:
    """A config entry as the config flow would create it."""
    return MockConfigEntry(
        domain=DOMAIN,
        entry_id=entry_id,
        title="127.0.0.1 (alice)",
        unique_id=account_id(server.url, read_token(token)),
        data={CONF_URL: server.url, CONF_TOKEN: token, CONF_VERIFY_SSL: True},
        options=options,
    )


@pytest.fixture
def config_entry(server: StatusServer) -> MockConfigEntry:
    """An entry for user alice on the reference server."""
    return entry_for(server, server.token("alice"))


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> AsyncIterator[MockConfigEntry]:
    """The entry set up against the live server; unloaded at teardown."""
    await set_up(hass, config_entry)
    assert config_entry.state is ConfigEntryState.LOADED
    yield config_entry
    if config_entry.state is ConfigEntryState.LOADED:
        assert await hass.config_entries.async_unload(config_entry.entry_id)
        await hass.async_block_till_done()
