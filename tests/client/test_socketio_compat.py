"""The library workarounds: each on where the installed library allows it, and
the library's own behaviour, with one warning, where a release lacks what it needs."""

from __future__ import annotations

from dataclasses import fields
import logging
from types import SimpleNamespace
from typing import Any

import pytest
import socketio

from custom_components.status_dashboard.client.models import Status
from custom_components.status_dashboard.client.socketio_compat import (
    SUPPORTED,
    Workarounds,
    detect,
)
from reference_server import StatusServer

from ..helpers import wait_until
from .conftest import Listener, MakeConnection, client_tasks

ALL_OFF = Workarounds(
    malformed_packets=False,
    binary_attachments=False,
    reserved_events=False,
    frozen_server=False,
    transport_state=False,
)


class RewrittenClient:
    """A client class with the public API only: none of the internals."""

    def __init__(self, **options: Any) -> None:
        self.eio = SimpleNamespace()


class ClientWithoutBinaryState(socketio.AsyncClient):  # type: ignore[misc]
    """A release that keeps no waiting binary packet on the client."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        del self._binary_packet


def compat_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING and "workarounds" in record.getMessage()
    ]


def test_the_installed_library_allows_every_workaround(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)

    assert detect() == SUPPORTED == Workarounds()
    assert compat_warnings(caplog) == []


def test_a_library_without_the_internals_turns_every_workaround_off_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)

    found = detect(RewrittenClient, SimpleNamespace())

    assert found == ALL_OFF
    [warning] = compat_warnings(caplog)
    for name in (
        "malformed_packets",
        "binary_attachments",
        "reserved_events",
        "frozen_server",
        "transport_state",
    ):
        assert name in warning


@pytest.mark.parametrize(
    ("client_class", "engineio_clients", "off"),
    [
        pytest.param(
            socketio.AsyncClient,
            SimpleNamespace(),
            {"frozen_server"},
            id="no-connected-clients-list",
        ),
        pytest.param(
            ClientWithoutBinaryState,
            None,
            {"binary_attachments"},
            id="no-binary-packet-state",
        ),
    ],
)
def test_only_the_workaround_whose_internals_are_missing_is_off(
    client_class: type[Any],
    engineio_clients: object,
    off: set[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    kwargs = {} if engineio_clients is None else {"engineio_clients": engineio_clients}

    found = detect(client_class, **kwargs)

    assert {f.name for f in fields(found) if not getattr(found, f.name)} == off
    [warning] = compat_warnings(caplog)
    assert ", ".join(sorted(off)) in warning


async def test_with_every_workaround_off_the_client_still_streams_and_closes_cleanly(
    server: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    connections = [
        make_connection(server.url, server.token(user), workarounds=ALL_OFF)
        for user in ("alice", "bob")
    ]
    for connection in connections:
        await connection.connect()
    await wait_until(lambda: server.subscriber_count == 2)

    server.update_service("api", status="down")
    await wait_until(lambda: len(listener.updates) == 2)
    for connection in connections:
        await connection.close()
    await wait_until(lambda: not server.connected_sids)

    assert [update.status for update in listener.updates] == [Status.DOWN] * 2
    assert client_tasks() == set()
    assert compat_warnings(caplog) == []  # warned once at import, not per link


async def test_with_reserved_events_off_the_library_handles_them_itself(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = make_connection(
        server.url,
        server.token("alice"),
        workarounds=Workarounds(reserved_events=False),
    )
    await connection.connect()
    await wait_until(lambda: server.subscriber_count == 1)

    server.push_raw("disconnect", "transport close")
    await wait_until(lambda: not connection.connected)

    assert listener.of("disconnected") == ["transport close"]
    assert connection.stats.invalid["packet"] == 0


async def test_with_binary_attachments_off_a_dangling_header_eats_the_next_event(
    server: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = make_connection(
        server.url,
        server.token("alice"),
        workarounds=Workarounds(binary_attachments=False),
    )
    await connection.connect()
    await wait_until(lambda: server.subscriber_count == 1)

    server.push_raw_packet('51-["service:status",{"_placeholder":true,"num":0}]')
    server.update_service("api", status="down")
    server.update_service("db", status="down")
    await wait_until(lambda: len(listener.updates) == 1)

    # The library took the first update as the header's attachment.
    assert [update.service_id for update in listener.updates] == ["db"]
    assert connection.connected
