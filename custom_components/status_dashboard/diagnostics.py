"""Config entry diagnostics: the connection, its counters and the services."""

from __future__ import annotations

from datetime import UTC, datetime
import time
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from yarl import URL

from .coordinator import StatusDashboardConfigEntry, StatusDashboardCoordinator
from .entity import service_check

TO_REDACT = {
    CONF_TOKEN,
    "token",
    "access_token",
    "refresh_token",
    "unique_id",
    "title",
    "sub",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: StatusDashboardConfigEntry
) -> dict[str, Any]:
    """What support needs, without the token or credentials."""
    coordinator = entry.runtime_data
    connection = coordinator.connection
    stats = connection.stats
    entry_data = async_redact_data(entry.as_dict(), TO_REDACT)
    entry_data["data"][CONF_URL] = _redact_url(entry.data[CONF_URL])
    expires_at = coordinator.token_info.expires_at
    renewal = coordinator.renewal
    if renewal is not None:
        expires_at = renewal.expires_at
    return {
        "entry": entry_data,
        "token": {
            "has_subject": coordinator.token_info.subject is not None,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
        "sign_in": _sign_in(coordinator),
        "connection": {
            "server_dialect": connection.dialect_name,
            "connected": coordinator.connected,
            "stale": coordinator.stale,
            "transport": connection.transport,
            "latency_ms": connection.latency,
            "reconnect_attempt": coordinator.reconnect_attempt,
            "connected_for_s": round(time.monotonic() - stats.connected_since, 1)
            if stats.connected_since is not None
            else None,
        },
        "counters": {
            "messages": dict(stats.messages),
            "invalid_payloads": dict(stats.invalid),
            "attempts": stats.attempts,
            "connects": stats.connects,
            "reconnects": max(0, stats.connects - 1),
            "disconnects": stats.disconnects,
            "last_error": stats.last_error,
        },
        "services": [
            {
                "id": service.id,
                "name": service.name,
                "group": service.group,
                **service_check(service),
                "uptime_24h": service.uptime_24h,
                "uptime_30d": service.uptime_30d,
                "uptime_1y": service.uptime_1y,
                "average_response_time": service.average_response_time,
                "cert_days_left": service.cert_days_left,
            }
            for service in coordinator.view.services.values()
        ],
    }


def _sign_in(coordinator: StatusDashboardCoordinator) -> dict[str, Any]:
    """How the entry signs in and, when it renews its tokens, how that goes."""
    renewal = coordinator.renewal
    if renewal is None:
        return {"method": "token"}
    stats = renewal.stats
    handovers = sorted(coordinator.connection.stats.handover_times)
    return {
        "method": "password",
        "access_token_expires_at": renewal.expires_at.isoformat(),
        "next_renewal_at": renewal.renews_at.isoformat(),
        "last_renewed_at": _iso(stats.last_renewed_at),
        "renewals": stats.renewals,
        "failures": stats.failures,
        "failing_since": _iso(stats.failing_since),
        "last_error": stats.last_error,
        "handovers": coordinator.connection.stats.handovers,
        "handover_max_ms": round(handovers[-1] * 1000, 1) if handovers else None,
    }


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


def _redact_url(url: str) -> str:
    parsed = URL(url)
    if parsed.user is None and parsed.password is None:
        return url
    return str(parsed.with_user("**REDACTED**").with_password(None))
