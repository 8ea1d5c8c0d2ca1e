"""Runs the test harness on a newer Home Assistant than the one it pins.

Load it first, with ``-p tests.ha_compat`` (scripts/test does so for
.venv-next). It does nothing when the installed Home Assistant is the one
pytest-homeassistant-custom-component pins: delete it once the harness has
caught up with the newest release. What it bridges, for Home Assistant
2026.11 under the harness of 2026.10:

- ``homeassistant/__init__.py`` aliases ``httpx`` to ``httpx2`` and refuses
  once ``httpx`` is imported, but the harness imports ``respx`` (and so
  ``httpx``) before ``homeassistant``: import ``homeassistant`` first.
- ``_clear_logger_overwrites`` moved from ``homeassistant.components.logger``
  to its ``helpers`` module, where the harness does not look.
- Entity registry entries gained fields the pinned release lacks; snapshots
  leave them out, so one snapshot set holds for both releases.
"""

from __future__ import annotations

from importlib.metadata import requires, version
import re
from typing import Any

HARNESS = "pytest-homeassistant-custom-component"
# Registry entry fields of releases newer than the harness's, not in snapshots.
NEWER_ENTITY_REGISTRY_FIELDS = ("compat_name",)


def harness_home_assistant() -> str:
    """The Home Assistant version the harness pins."""
    for requirement in requires(HARNESS) or []:
        if match := re.fullmatch(r"homeassistant==(\S+)", requirement.strip()):
            return match[1]
    raise LookupError(f"{HARNESS} pins no homeassistant version")


HARNESS_LAGS = version("homeassistant") != harness_home_assistant()

if HARNESS_LAGS:
    import homeassistant  # noqa: F401  # before the harness imports httpx
    from homeassistant.components import logger

    if not hasattr(logger, "_clear_logger_overwrites"):
        from homeassistant.components.logger.helpers import _clear_logger_overwrites

        logger._clear_logger_overwrites = _clear_logger_overwrites  # type: ignore[attr-defined]


def pytest_configure() -> None:
    """Leave newer registry fields out of snapshots (the harness is loaded now)."""
    if not HARNESS_LAGS:
        return
    from pytest_homeassistant_custom_component.syrupy import (
        HomeAssistantSnapshotSerializer as Serializer,
    )

    serialize = Serializer._serializable_entity_registry_entry.__func__

    def without_newer_fields(cls: type[Serializer], data: Any) -> Any:
        serialized = serialize(cls, data)
        for name in NEWER_ENTITY_REGISTRY_FIELDS:
            serialized.pop(name, None)
        return serialized

    Serializer._serializable_entity_registry_entry = classmethod(without_newer_fields)
