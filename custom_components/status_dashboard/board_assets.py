"""The status board in the browser: Home Assistant serves the card and
dashboard strategy bundle and loads it on every page, no resource to add.

The module's URL carries the integration's version and the bundle's digest,
so a browser fetches it again after an upgrade (it is cached for a month).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

BUNDLE: Final = Path(__file__).parent / "frontend" / "status-dashboard.js"
BUNDLE_PATH: Final = f"/{DOMAIN}/status-dashboard.js"
# The module URL registered with the frontend, once per Home Assistant.
BOARD_MODULE_URL: Final[HassKey[str]] = HassKey(f"{DOMAIN}_board_module_url")


async def async_register_board_assets(hass: HomeAssistant) -> None:
    """Serve the bundle and add it to the frontend's extra modules.

    Without Home Assistant's HTTP server (or its frontend) there is nobody to
    serve it to: nothing is registered then.
    """
    if BOARD_MODULE_URL in hass.data or "http" not in hass.config.components:
        return
    integration = await async_get_integration(hass, DOMAIN)
    digest = await hass.async_add_executor_job(_digest, BUNDLE)
    url = f"{BUNDLE_PATH}?v={integration.version}-{digest}"
    hass.data[BOARD_MODULE_URL] = url
    await hass.http.async_register_static_paths(
        [StaticPathConfig(BUNDLE_PATH, str(BUNDLE), cache_headers=True)]
    )
    if "frontend" in hass.config.components:
        add_extra_js_url(hass, url)


def _digest(path: Path) -> str:
    """The first 12 hex digits of the file's SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
