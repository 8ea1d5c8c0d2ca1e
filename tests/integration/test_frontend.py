"""The status board's backend: the bundle served and loaded by the frontend,
and the board the card reads over the websocket API (from the registries,
never from entity names)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import json
from typing import Any

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.status_dashboard.board import Board
from custom_components.status_dashboard.board_assets import (
    BOARD_MODULE_URL,
    BUNDLE,
    BUNDLE_PATH,
)
from custom_components.status_dashboard.const import CONF_GRACE_PERIOD, DOMAIN
from reference_server import StatusServer

from ..hass_fixtures import entry_for
from ..helpers import set_up

MANIFEST = BUNDLE.parents[1] / "manifest.json"


async def test_the_bundle_is_served_and_loaded_on_every_page(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    config_entry: MockConfigEntry,
) -> None:
    """With the frontend running, the bundle is an extra module, once, with the
    integration's version and the bundle's digest in its URL; it is served."""
    assert await async_setup_component(hass, "frontend", {})
    await set_up(hass, config_entry)

    url = hass.data[BOARD_MODULE_URL]
    version = json.loads(MANIFEST.read_text(encoding="utf-8"))["version"]
    assert url.startswith(f"{BUNDLE_PATH}?v={version}-")
    assert ours(hass) == [url]

    client = await hass_client()
    response = await client.get(url)
    assert response.status == 200
    assert await response.read() == BUNDLE.read_bytes()
    assert "max-age" in response.headers.get("Cache-Control", "")

    # A reload of the entry registers nothing twice.
    assert await hass.config_entries.async_reload(config_entry.entry_id)
    await hass.async_block_till_done()
    assert ours(hass) == [url]


async def test_without_an_http_server_nothing_is_registered(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The harness's Home Assistant has no HTTP server: the entry still loads."""
    assert "http" not in hass.config.components
    assert BOARD_MODULE_URL not in hass.data


def ours(hass: HomeAssistant) -> list[str]:
    """The extra modules of the frontend that are the board's bundle."""
    urls = hass.data[DATA_EXTRA_MODULE_URL].urls
    return [u for u in urls if u.startswith(BUNDLE_PATH)]


async def receive(client: Any) -> dict[str, Any]:
    message: dict[str, Any] = await client.receive_json()
    return message


async def test_board_lists_each_service_with_its_entities(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    entity_registry: er.EntityRegistry,
) -> None:
    """Each service: its device, name, group and the entity of each part."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "status_dashboard/board"})
    reply = await receive(client)
    assert reply["success"], reply
    [entry] = reply["result"]["entries"]
    assert entry["entry_id"] == loaded_entry.entry_id
    assert entry["state"] == "loaded"
    assert entry["reauth"] is False
    assert entry["grace_period"] == 30
    assert entry["entities"] == {
        "connection": "binary_sensor.127_0_0_1_alice_connection",
        "latency": "sensor.127_0_0_1_alice_latency",
        "refresh_all": "button.127_0_0_1_alice_refresh_all",
    }
    services = {service["id"]: service for service in entry["services"]}
    assert list(services) == ["api", "db", "mail"]  # the server's order
    assert services["api"]["name"] == "API"
    assert services["api"]["group"] == "Core"
    assert services["db"]["group"] is None
    assert services["api"]["entities"] == {
        "status": "binary_sensor.api",
        "status_sensor": "sensor.api_status",
        "response_time": "sensor.api_response_time",
        "refresh": "button.api_refresh",
    }
    assert services["api"]["last_known"] is None  # connected: the states say it
    device = dr.async_get(hass).async_get(services["api"]["device_id"])
    assert device is not None
    assert (DOMAIN, f"{loaded_entry.entry_id}_api") in device.identifiers


async def test_board_follows_renamed_entities_and_devices(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A subscriber gets the board, then a new one when the user renames an
    entity (its id) or a device; nothing is read from names."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "status_dashboard/board/subscribe"})
    assert (await receive(client))["success"]
    first = (await receive(client))["event"]
    [api] = [s for s in first["entries"][0]["services"] if s["id"] == "api"]
    assert api["entities"]["status"] == "binary_sensor.api"

    entity_registry.async_update_entity(
        "binary_sensor.api", new_entity_id="binary_sensor.front_door_of_the_api"
    )
    device_registry.async_update_device(api["device_id"], name_by_user="Public API")
    await hass.async_block_till_done()
    board = (await receive(client))["event"]
    [api] = [s for s in board["entries"][0]["services"] if s["id"] == "api"]
    assert api["entities"]["status"] == "binary_sensor.front_door_of_the_api"
    assert api["name"] == "Public API"


async def test_board_says_when_the_token_was_refused(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    server: StatusServer,
) -> None:
    """The server revokes the token: the board's entry asks for re-authentication
    (what the card's "Signed out" header shows)."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "status_dashboard/board/subscribe"})
    assert (await receive(client))["success"]
    assert (await receive(client))["event"]["entries"][0]["reauth"] is False

    await server.revoke("alice")
    board = (await receive(client))["event"]
    while not board["entries"][0]["reauth"]:
        board = (await receive(client))["event"]
    assert board["entries"][0]["reauth"] is True


async def test_board_leaves_out_what_it_has_no_part_for(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """An entity of the entry of a kind the board does not know, on a service's
    device or on none, changes nothing; neither does another integration's."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "status_dashboard/board/subscribe"})
    assert (await receive(client))["success"]
    before = (await receive(client))["event"]
    api = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{loaded_entry.entry_id}_api"), loaded_entry.entry_id
    )
    assert api is not None
    for unique_id, device_id in (("api_uptime", api.id), ("orphan", None)):
        entity_registry.async_get_or_create(
            "sensor",
            DOMAIN,
            f"{loaded_entry.entry_id}_{unique_id}",
            config_entry=loaded_entry,
            device_id=device_id,
        )
    entity_registry.async_get_or_create("sensor", "other", "elsewhere")
    await hass.async_block_till_done()
    # The next board sent is the one of the next real change.
    device_registry.async_update_device(api.id, name_by_user="Public API")
    after = (await receive(client))["event"]
    assert after["entries"][0]["entities"] == before["entries"][0]["entities"]
    [service] = [s for s in after["entries"][0]["services"] if s["id"] == "api"]
    assert service["name"] == "Public API"
    assert "uptime" not in json.dumps(after)


async def test_board_follows_the_services_the_server_lists(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    server: StatusServer,
) -> None:
    """A service the server drops leaves the board; an unloaded entry keeps
    its services (from the registries) and says it is not loaded."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "status_dashboard/board/subscribe"})
    assert (await receive(client))["success"]
    await receive(client)

    server.set_services([s for s in server.services.values() if s["id"] != "mail"])
    board = (await receive(client))["event"]
    while len(board["entries"][0]["services"]) != 2:
        board = (await receive(client))["event"]
    assert [s["id"] for s in board["entries"][0]["services"]] == ["api", "db"]

    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    await client.send_json_auto_id({"type": "status_dashboard/board"})
    reply = await receive(client)
    while reply.get("type") != "result":
        reply = await receive(client)
    [entry] = reply["result"]["entries"]
    assert entry["state"] == "not_loaded"
    assert sorted(s["id"] for s in entry["services"]) == ["api", "db"]


async def next_board(client: Any, done: Callable[[dict[str, Any]], bool]) -> Board:
    """The next board pushed for which `done(entry)` holds (single entry)."""
    async with asyncio.timeout(10):
        while True:
            message = await receive(client)
            board: Board = message["event"]
            if done(board["entries"][0]):
                return board


def last_known(entry: dict[str, Any]) -> dict[str, Any]:
    """Each service's `last_known`, by service id."""
    return {service["id"]: service["last_known"] for service in entry["services"]}


async def test_board_says_what_was_last_known_once_the_grace_period_ran_out(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, server: StatusServer
) -> None:
    """Past the grace period the entities are unavailable, without attributes:
    the board pushes each service's last status and check time (the card's
    "Last seen down · 4 min ago"), and drops them when the server is back."""
    entry = entry_for(server, server.token("alice"), **{CONF_GRACE_PERIOD: 1})
    await set_up(hass, entry)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "status_dashboard/board/subscribe"})
    assert (await receive(client))["success"]
    first = (await receive(client))["event"]["entries"][0]
    assert set(last_known(first).values()) == {None}

    await server.stop()
    stale = await next_board(client, lambda e: any(last_known(e).values()))
    assert entry.runtime_data.stale
    assert hass.states.get("sensor.api_status").state == STATE_UNAVAILABLE
    checked = "2026-11-26T08:00:00+00:00"
    assert last_known(stale["entries"][0]) == {
        "api": {"status": "up", "last_check": checked},
        "db": {"status": "degraded", "last_check": checked},
        "mail": {"status": "down", "last_check": checked},
    }
    # The one-shot command says the same.
    await client.send_json_auto_id({"type": "status_dashboard/board"})
    reply = await receive(client)
    while reply.get("type") != "result":
        reply = await receive(client)
    assert reply["result"] == stale

    await server.start()
    back = await next_board(client, lambda e: not any(last_known(e).values()))
    assert not entry.runtime_data.stale
    assert [s["id"] for s in back["entries"][0]["services"]] == ["api", "db", "mail"]
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
