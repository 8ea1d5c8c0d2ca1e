"""The status board's websocket commands: the board once, or as it changes."""

from __future__ import annotations

from typing import Any

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.core import HomeAssistant, callback
import probatio as vol

from .board import Board, BoardWatch, async_board

BOARD = "status_dashboard/board"
SUBSCRIBE_BOARD = "status_dashboard/board/subscribe"


@callback
def async_register_board_commands(hass: HomeAssistant) -> None:
    """Make both commands available on Home Assistant's websocket API."""
    async_register_command(hass, websocket_board)
    async_register_command(hass, websocket_subscribe_board)


@websocket_command({vol.Required("type"): BOARD})
@callback
def websocket_board(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """The board as it is now (what the dashboard strategy builds views from)."""
    connection.send_result(msg["id"], async_board(hass))


@websocket_command({vol.Required("type"): SUBSCRIBE_BOARD})
@callback
def websocket_subscribe_board(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """The board now as an event, then again whenever it changes."""

    @callback
    def send(board: Board) -> None:
        connection.send_message(event_message(msg["id"], board))

    watch = BoardWatch(hass, send)
    connection.subscriptions[msg["id"]] = watch.async_stop
    connection.send_result(msg["id"])
    watch.async_start()
