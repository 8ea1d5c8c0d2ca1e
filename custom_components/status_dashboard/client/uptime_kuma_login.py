"""Logging in to an Uptime Kuma server with a username and password, once:
what the configuration asks, to get the token every later socket logs in
with. The password is sent and forgotten, never kept or logged."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
import logging
from typing import Any

import aiohttp
from socketio import exceptions as sio_exceptions

from .errors import CannotConnect
from .parse import InvalidPayload
from .socketio_compat import GuardedClient
from .uptime_kuma import (
    AUTO_LOGIN_EVENT,
    INFO_EVENT,
    LOGIN_COMMAND,
    LOGIN_REQUIRED_EVENT,
)
from .uptime_kuma_answers import LoginAnswer, read_login_answer

_LOGGER = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def _prompted_socket(
    url: str, session: aiohttp.ClientSession, timeout: float
) -> AsyncIterator[tuple[GuardedClient, bool]]:
    """A socket to `url` once the server asked for a login (False) or logged
    it in by itself (True: authentication is off). `CannotConnect` when the
    server is no Uptime Kuma or cannot be reached."""
    prompt: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def answered(auto: bool) -> None:
        if not prompt.done():
            prompt.set_result(auto)

    quiet = _LOGGER.getChild("engineio")
    quiet.setLevel(logging.ERROR)
    client = GuardedClient(
        on_malformed=lambda _err: None,
        reconnection=False,
        handle_sigint=False,
        http_session=session,
        logger=quiet,
        engineio_logger=quiet,
        request_timeout=timeout,
    )
    client.on(INFO_EVENT, lambda *_: answered(False))
    client.on(LOGIN_REQUIRED_EVENT, lambda *_: answered(False))
    client.on(AUTO_LOGIN_EVENT, lambda *_: answered(True))
    try:
        async with asyncio.timeout(timeout):
            await client.connect(url, transports=["websocket"], wait_timeout=timeout)
            auto = await prompt
    except (
        TimeoutError,
        sio_exceptions.SocketIOError,
        aiohttp.ClientError,
        OSError,
    ) as err:
        await client.shut_down()
        raise CannotConnect(str(err) or type(err).__name__) from err
    try:
        yield client, auto
    finally:
        await client.shut_down()


async def is_uptime_kuma(
    url: str, session: aiohttp.ClientSession, timeout: float
) -> bool:
    """Whether `url` is an Uptime Kuma server: it asks a new socket to log in."""
    try:
        async with _prompted_socket(url, session, timeout):
            return True
    except CannotConnect:
        return False


async def log_in(
    url: str,
    session: aiohttp.ClientSession,
    username: str,
    password: str,
    *,
    code: str | None,
    timeout: float,
) -> LoginAnswer:
    """`login` with the user's credentials (and two-factor code): the token,
    a request for a code, or the server's refusal. `CannotConnect` when the
    server cannot be reached or gives no readable answer."""
    async with _prompted_socket(url, session, timeout) as (client, _auto):
        credentials: dict[str, Any] = {
            "username": username,
            "password": password,
            "token": code or "",
        }
        try:
            answer = await client.call(LOGIN_COMMAND, credentials, timeout=timeout)
        except sio_exceptions.SocketIOError as err:
            raise CannotConnect("no answer to the login") from err
        finally:
            credentials.clear()
        try:
            return read_login_answer(answer)
        except InvalidPayload as err:
            raise CannotConnect(f"unreadable login answer: {err.reason}") from err
