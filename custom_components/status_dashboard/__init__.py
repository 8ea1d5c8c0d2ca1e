"""Status Dashboard: live service status from a Socket.IO status server."""

from __future__ import annotations

import aiohttp
from homeassistant.const import CONF_TOKEN, EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    issue_registry as ir,
)
from homeassistant.helpers.aiohttp_client import async_create_clientsession
from homeassistant.helpers.typing import ConfigType

from .board_assets import async_register_board_assets
from .board_websocket import async_register_board_commands
from .client.errors import AuthenticationFailed, CannotConnect
from .const import (
    CONF_VERIFY_SSL,
    CONNECTION_TIMING,
    DOMAIN,
    PLATFORMS,
    speaks_uptime_kuma,
)
from .coordinator import StatusDashboardConfigEntry, StatusDashboardCoordinator
from .entity import server_device_info
from .health import (
    capacity_issue_id,
    renewal_issue_id,
    storm_issue_id,
    token_issue_id,
)
from .kuma_token import async_load_kuma_token
from .renewal import TokenRenewal, async_forget_tokens, renews_itself
from .services import async_setup_services

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Once per Home Assistant: the status board's card, dashboard and data,
    and the actions on Uptime Kuma monitors."""
    async_register_board_commands(hass)
    async_setup_services(hass)
    await async_register_board_assets(hass)
    return True


async def async_setup_entry(
    hass: HomeAssistant, entry: StatusDashboardConfigEntry
) -> bool:
    """Connect, wait for the first bulk update, then create the entities."""
    timing = CONNECTION_TIMING
    # The entry's own session: its timeout bounds the WebSocket handshake, and
    # TLS verification is turned off (when the user asked) only through it.
    # `close` lets it go once the connection has closed: the helper's own
    # cleanup would run at unload while the close is still under way, and the
    # polling transport would then say goodbye through a session of its own
    # that nobody closes.
    session = async_create_clientsession(
        hass,
        verify_ssl=entry.data.get(CONF_VERIFY_SSL, True),
        timeout=aiohttp.ClientTimeout(total=timing.attempt_timeout),
        auto_cleanup=False,
    )
    renewal: TokenRenewal | None = None
    coordinator: StatusDashboardCoordinator | None = None

    async def close() -> None:
        if renewal is not None:
            await renewal.async_stop()
        if coordinator is not None:
            await coordinator.async_shutdown()
        session.detach()

    try:
        if renews_itself(entry):
            renewal = TokenRenewal(
                hass,
                entry,
                session,
                backoff=timing.backoff,
                timeout=timing.attempt_timeout,
            )
            await renewal.async_load()
            token = renewal.token
        elif speaks_uptime_kuma(entry.data):
            token = await async_load_kuma_token(hass, entry)
        else:
            token = entry.data[CONF_TOKEN]
        coordinator = StatusDashboardCoordinator(
            hass, entry, session, timing, token, renewal=renewal
        )
        await coordinator.connection.connect()
    except AuthenticationFailed as err:
        await close()
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN,
            translation_key="invalid_auth",
            translation_placeholders={"code": err.code or "unknown"},
        ) from err
    except CannotConnect as err:
        await close()
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"error": str(err)},
        ) from err
    except Exception:
        await close()
        raise
    entry.async_on_unload(close)
    entry.runtime_data = coordinator
    coordinator.server_device_id = (
        dr.async_get(hass)
        .async_get_or_create(
            config_entry_id=entry.entry_id, **server_device_info(coordinator)
        )
        .id
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    _async_close_at_stop(hass, entry, coordinator)
    coordinator.async_start()
    if renewal is not None:
        renewal.async_start(coordinator.connection.handover)
    return True


@callback
def _async_close_at_stop(
    hass: HomeAssistant,
    entry: StatusDashboardConfigEntry,
    coordinator: StatusDashboardCoordinator,
) -> None:
    """Home Assistant stops: close the connection before the loop ends."""
    remove: CALLBACK_TYPE | None = None

    async def on_stop(_event: Event) -> None:
        nonlocal remove
        remove = None  # a listener that fired is gone: removing it is an error
        await coordinator.async_shutdown()

    @callback
    def unload() -> None:
        if remove is not None:
            remove()

    remove = hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, on_stop)
    entry.async_on_unload(unload)


async def async_unload_entry(
    hass: HomeAssistant, entry: StatusDashboardConfigEntry
) -> bool:
    """Unload the platforms; the connection closes through async_on_unload."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(
    hass: HomeAssistant, entry: StatusDashboardConfigEntry
) -> None:
    """The entry is deleted: its repair issues go with it."""
    ir.async_delete_issue(hass, DOMAIN, token_issue_id(entry))
    ir.async_delete_issue(hass, DOMAIN, storm_issue_id(entry))
    ir.async_delete_issue(hass, DOMAIN, capacity_issue_id(entry))
    ir.async_delete_issue(hass, DOMAIN, renewal_issue_id(entry))
    await async_forget_tokens(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: StatusDashboardConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow removing a service's device once the server no longer lists it."""
    coordinator = entry.runtime_data
    prefix = f"{entry.entry_id}_"
    return not any(
        identifier[1].removeprefix(prefix) in coordinator.view.services
        or identifier[1] == entry.entry_id
        for identifier in device.identifiers
    )
