"""Big data: a 10,000-service bulk update and a megabyte of details."""

from __future__ import annotations

import asyncio
import gc
import json
import time
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.entity_platform import MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
import psutil
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_dashboard.client.parse import (
    DETAILS_MAX_KEYS,
    MAX_TEXT_LENGTH,
)
from custom_components.status_dashboard.const import DOMAIN
from custom_components.status_dashboard.health import capacity_issue_id
from reference_server import StatusServer

from ..helpers import wait_until
from .probes import LoopWatch, figure

SERVICES = 10_000
API = "binary_sensor.api"
API_STATUS = "sensor.api_status"
CONNECTION = "binary_sensor.127_0_0_1_alice_connection"


def big_catalog(status: str = "up") -> list[dict[str, Any]]:
    """10,000 services, about 560 bytes each on the wire: over aiohttp's 4 MiB."""
    return [
        {
            "id": f"svc-{n:05d}",
            "name": f"Service {n:05d}",
            "status": status,
            "responseTime": n % 500,
            "lastCheckAt": "2026-11-26T08:00:00.000Z",
            "details": {"pad": "x" * 400, "n": n},
            "group": "Load",
        }
        for n in range(SERVICES)
    ]


def rss() -> int:
    gc.collect()
    return int(psutil.Process().memory_info().rss)


async def test_megabyte_of_details_is_capped_not_stored(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: StatusServer
) -> None:
    """1 MB of details, as 10,000 keys or as one string: the attribute stays small."""
    connection = loaded_entry.runtime_data.connection
    many_keys = {f"key-{n:05d}": "y" * 100 for n in range(10_000)}
    one_string = {"blob": "z" * 1_000_000}
    wire = [len(json.dumps(details)) for details in (many_keys, one_string)]
    assert min(wire) > 1_000_000

    server.update_service("api", details=many_keys)
    await wait_until(
        lambda: any(
            key.startswith("key-")
            for key in hass.states.get(API_STATUS).attributes["details"]
        )
    )
    many = hass.states.get(API_STATUS).attributes["details"]
    server.update_service("db", details=one_string)
    await wait_until(
        lambda: (
            "blob" in hass.states.get("sensor.database_status").attributes["details"]
        )
    )
    one = hass.states.get("sensor.database_status").attributes["details"]
    kept = loaded_entry.runtime_data.view.services

    assert len(many) == DETAILS_MAX_KEYS  # the newest keys of the merge
    assert len(one["blob"]) == MAX_TEXT_LENGTH
    assert dict(kept["api"].details) == many  # the view holds no more than shown
    many_json, one_json = len(json.dumps(many)), len(json.dumps(one))
    figure(
        "details_1mb",
        wire_bytes=wire,
        attr_json_bytes_many_keys=many_json,
        attr_json_bytes_one_string=one_json,
        connects=connection.stats.connects,
    )
    assert many_json < 16_384  # the recorder's limit for attributes, for scale
    assert one_json < 16_384
    assert connection.stats.connects == 1
    assert connection.stats.disconnects == 0


async def test_ten_thousand_services_in_one_bulk(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: StatusServer,
    entity_registry: er.EntityRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A bulk of several MB lands without a reconnect; memory is bounded.

    Home Assistant 2026.10 enables at most 10,000 entities per config entry
    (MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY). Four entities per service and five
    for the server: 10,000 services hit that cap. The binary sensors (each
    service's main entity) take the free slots first, and a repair issue says
    how many services fit. The client's view holds every service.
    """
    loop = asyncio.get_running_loop()
    loop.set_debug(False)  # debug mode multiplies the cost of every task
    connection = loaded_entry.runtime_data.connection
    view = loaded_entry.runtime_data.view
    services = big_catalog()
    wire_bytes = len(json.dumps(services, separators=(",", ":")))
    rss_before = rss()
    probe = LoopWatch()
    probe.start()

    started = time.monotonic()
    server.set_services(services)
    await wait_until(lambda: len(view.services) == SERVICES, timeout=60)
    await wait_until(
        lambda: (
            len(
                er.async_entries_for_config_entry(
                    entity_registry, loaded_entry.entry_id
                )
            )
            >= MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
        ),
        timeout=120,
    )
    await hass.async_block_till_done()
    applied_s = time.monotonic() - started
    await probe.stop()
    rss_after = rss()

    assert connection.stats.connects == 1
    assert connection.stats.disconnects == 0
    assert connection.stats.invalid == {}
    assert hass.states.get(CONNECTION).state == "on"
    entities = er.async_entries_for_config_entry(entity_registry, loaded_entry.entry_id)
    per_platform = {
        platform: sum(1 for entry in entities if entry.domain == platform)
        for platform in ("binary_sensor", "sensor", "button")
    }
    binary_sensors = per_platform["binary_sensor"] - 1  # minus the connection
    capped = "Reached the maximum of" in caplog.text

    # A second full bulk (every status flipped) is applied, memory barely grows.
    started = time.monotonic()
    server.set_services(big_catalog("down"))
    await wait_until(
        lambda: all(
            s.status is not None and s.status.value == "down"
            for s in view.services.values()
        ),
        timeout=60,
    )
    await hass.async_block_till_done()
    second_s = time.monotonic() - started
    rss_second = rss()
    shown = [
        hass.states.get(entry.entity_id)
        for entry in entities
        if entry.entity_id.startswith(("binary_sensor.service_", "sensor.service_"))
        and not entry.entity_id.endswith("_response_time")
    ]
    assert {state.state for state in shown if state is not None} == {"off"}
    assert connection.stats.connects == 1
    assert connection.stats.disconnects == 0

    growth = rss_after - rss_before
    figure(
        "big_data",
        services=SERVICES,
        bulk_wire_mb=round(wire_bytes / 1e6, 2),
        first_bulk_applied_s=round(applied_s, 2),
        second_bulk_applied_s=round(second_s, 2),
        view_services=len(view.services),
        entry_entities=len(entities),
        service_binary_sensors=binary_sensors,
        sensors=per_platform["sensor"],
        buttons=per_platform["button"],
        ha_entity_cap_hit=capped,
        rss_growth_mb=round(growth / 1e6, 1),
        rss_per_service_kb=round(growth / SERVICES / 1000, 2),
        rss_second_bulk_mb=round((rss_second - rss_after) / 1e6, 1),
        connects=connection.stats.connects,
        disconnects=connection.stats.disconnects,
        **{f"loop_{key}": value for key, value in probe.summary().items()},
    )
    assert len(entities) <= MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY
    assert binary_sensors == MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY - 5
    assert ir.async_get(hass).async_get_issue(DOMAIN, capacity_issue_id(loaded_entry))
    assert growth / SERVICES < 100_000  # under 100 kB per service, entities included
    assert rss_second - rss_after < growth / 2
