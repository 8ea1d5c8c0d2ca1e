"""One socket to an Uptime Kuma server: its events into a `KumaSession`, the
login with the stored token, and the commands the server answers.

Every new socket starts logged out. The server sends `info` once it listens
for a login (2.x then says `loginRequired`, or `autoLogin` when its
authentication is off); `loginByToken` logs in. Uptime
Kuma 2.x sends the monitor list, every heartbeat list and the figures before
it answers the login, 1.23 answers first: so nothing is delivered before the
answer, the session's whole view is delivered with it when the list came
first, and otherwise the list is delivered when it comes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from socketio import exceptions as sio_exceptions

from .errors import AuthenticationFailed, NotConnected, ServerRefused
from .models import BulkUpdate, ServiceUpdate
from .parse import InvalidPayload, read_list
from .socketio_compat import GuardedClient
from .uptime_kuma import (
    AUTO_LOGIN_EVENT,
    AVG_PING_EVENT,
    CERT_INFO_EVENT,
    DELETE_MONITOR_FROM_LIST_EVENT,
    HEARTBEAT_EVENT,
    HEARTBEAT_LIST_EVENT,
    INFO_EVENT,
    LOGIN_BY_TOKEN_COMMAND,
    LOGIN_REQUIRED_EVENT,
    MONITOR_LIST_EVENT,
    QUIET_EVENTS,
    RESUME_MONITOR_COMMAND,
    UPDATE_MONITOR_INTO_LIST_EVENT,
    UPTIME_EVENT,
    KumaSession,
    can_check_now,
    monitor_number,
)
from .uptime_kuma_answers import (
    CommandAnswer,
    LoginOutcome,
    LoginRefusal,
    read_command_answer,
    read_token_login_answer,
)

# A refused token, in the protocol's codes: the user must log in again.
_REAUTH_CODES = {
    LoginRefusal.INVALID_TOKEN: "invalid_token",
    LoginRefusal.USER_INACTIVE: "user_inactive",
    LoginRefusal.INCORRECT_CREDENTIALS: "invalid_credentials",
}
KUMA_EVENTS = frozenset(
    {
        AUTO_LOGIN_EVENT,
        LOGIN_REQUIRED_EVENT,
        MONITOR_LIST_EVENT,
        UPDATE_MONITOR_INTO_LIST_EVENT,
        DELETE_MONITOR_FROM_LIST_EVENT,
        HEARTBEAT_LIST_EVENT,
        INFO_EVENT,
        HEARTBEAT_EVENT,
        UPTIME_EVENT,
        AVG_PING_EVENT,
        CERT_INFO_EVENT,
        *QUIET_EVENTS,
    }
)


class CannotCheckNow(NotConnected):
    """The server has no way to check this service now (a paused or a push
    monitor in Uptime Kuma)."""


class KumaLink:
    """Feeds one socket's events to its session and delivers the results
    once logged in; `retired()` says whether the socket still speaks for
    the server."""

    def __init__(
        self,
        deliver_list: Callable[[BulkUpdate], None],
        deliver_update: Callable[[ServiceUpdate], None],
        invalid: Callable[[str, InvalidPayload], None],
        count: Callable[[str], None],
        retired: Callable[[], bool],
    ) -> None:
        self.session = KumaSession()
        self._deliver_list = deliver_list
        self._deliver_update = deliver_update
        self._invalid = invalid
        self._count = count
        self._retired = retired
        self._prompted = asyncio.Event()
        self._auto_login = False
        self._logged_in = False

    def register(self, client: GuardedClient) -> None:
        """Listen for the server's events on `client`."""
        session = self.session
        client.on(INFO_EVENT, self._on_info)
        client.on(LOGIN_REQUIRED_EVENT, self._on_prompt)
        client.on(AUTO_LOGIN_EVENT, self._on_auto_login)
        lists = {
            MONITOR_LIST_EVENT: session.monitor_list,
            UPDATE_MONITOR_INTO_LIST_EVENT: session.update_monitor_into_list,
            DELETE_MONITOR_FROM_LIST_EVENT: session.delete_monitor_from_list,
        }
        for event, read in lists.items():
            client.on(event, self._list_handler(event, read))
        updates: dict[str, Callable[..., ServiceUpdate | None]] = {
            HEARTBEAT_EVENT: session.heartbeat,
            HEARTBEAT_LIST_EVENT: session.heartbeat_list,
            UPTIME_EVENT: session.uptime,
            AVG_PING_EVENT: session.avg_ping,
            CERT_INFO_EVENT: session.cert_info,
        }
        for event, read_update in updates.items():
            client.on(event, self._update_handler(event, read_update))

    async def log_in(self, client: GuardedClient, token: str, timeout: float) -> None:
        """Wait for the server's prompt, log in with `token`, deliver the list.

        Raises `AuthenticationFailed` for a refused token, `ServerRefused` for
        any other refusal; the caller bounds the time.
        """
        await self._prompted.wait()
        if not self._auto_login:
            answer = await client.call(LOGIN_BY_TOKEN_COMMAND, token, timeout=timeout)
            try:
                login = read_token_login_answer(answer)
            except InvalidPayload as err:
                raise ServerRefused(f"unreadable login answer: {err.reason}") from err
            if login.outcome is not LoginOutcome.SIGNED_IN:
                assert login.refusal is not None
                code = _REAUTH_CODES.get(login.refusal)
                if code is not None:
                    raise AuthenticationFailed(code)
                raise ServerRefused(login.message or login.refusal.value)
        self._logged_in = True
        if self.session.listed:
            self._deliver_list(self.session.bulk())

    async def check_now(self, client: GuardedClient, service_id: str) -> None:
        """Make the monitor check at once: `resumeMonitor` restarts an active
        one. Raises `CannotCheckNow` for a paused or push monitor."""
        service = self.session.service(service_id)
        if service is None or not can_check_now(service):
            raise CannotCheckNow(service_id)
        answer = await command(
            client, RESUME_MONITOR_COMMAND, monitor_number(service_id)
        )
        if not answer.ok:
            raise CannotCheckNow(answer.message)

    @property
    def _delivers(self) -> bool:
        """Logged in, and the socket still speaks for the server."""
        return self._logged_in and not self._retired()

    def _on_info(self, *_: Any) -> None:
        self._count(INFO_EVENT)
        self._prompted.set()

    def _on_prompt(self, *_: Any) -> None:
        self._count(LOGIN_REQUIRED_EVENT)
        self._prompted.set()

    def _on_auto_login(self, *_: Any) -> None:
        self._count(AUTO_LOGIN_EVENT)
        self._auto_login = True
        self._prompted.set()

    def _list_handler(
        self, event: str, read: Callable[[Any], BulkUpdate]
    ) -> Callable[..., None]:
        def on_list(payload: Any = None, *_: Any) -> None:
            self._count(event)
            bulk = read_list(event, read, payload, self._invalid)
            if bulk is not None and self._delivers:
                self._deliver_list(bulk)

        return on_list

    def _update_handler(
        self, event: str, read_update: Callable[..., ServiceUpdate | None]
    ) -> Callable[..., None]:
        def on_update(*args: Any) -> None:
            self._count(event)
            try:
                update = read_update(*args)
            except (InvalidPayload, TypeError) as err:
                # TypeError: fewer or more arguments than the event has.
                reason = (
                    err
                    if isinstance(err, InvalidPayload)
                    else InvalidPayload("unexpected arguments")
                )
                self._invalid(event, reason)
                return
            if update is not None and self._delivers:
                self._deliver_update(update)

        return on_update


async def command(
    client: GuardedClient, event: str, *args: Any, timeout: float = 10.0
) -> CommandAnswer:
    """Send a command and read its answer; `NotConnected` when it cannot be
    sent or is not answered in time."""
    try:
        answer = await client.call(
            event, args if len(args) != 1 else args[0], timeout=timeout
        )
    except sio_exceptions.SocketIOError as err:
        raise NotConnected from err
    try:
        return read_command_answer(answer)
    except InvalidPayload as err:
        return CommandAnswer(ok=False, message=err.reason)
