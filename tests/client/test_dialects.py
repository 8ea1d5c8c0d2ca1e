"""Server dialects: MediaNest's lists, updates and refusals read as the protocol's.

The unit tests feed `dialects` what MediaNest sends (see MEDIANEST.md); the
connection tests run `StatusConnection` against the reference server speaking
MediaNest on 127.0.0.1.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from custom_components.status_dashboard.client.dialects import (
    LIST_EVENTS,
    MEDIANEST,
    STATUS_DASHBOARD,
    Refusal,
    parse_medianest_item,
    parse_medianest_update,
    read_refusal,
)
from custom_components.status_dashboard.client.errors import (
    AuthenticationFailed,
    CannotConnect,
    ServerRefused,
)
from custom_components.status_dashboard.client.models import (
    UNSET,
    Service,
    ServiceUpdate,
    Status,
)
from custom_components.status_dashboard.client.parse import (
    MAX_TEXT_LENGTH,
    InvalidPayload,
)
from reference_server import StatusServer

from ..conftest import StartServer
from ..helpers import wait_until
from .conftest import Listener, MakeConnection, StartRun

# Test secrets are short on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

NOW = datetime(2026, 12, 6, 18, 30, tzinfo=UTC)
STAMP = "2026-12-06T18:27:00.067Z"
CHECKED = datetime(2026, 12, 6, 18, 27, 0, 67000, tzinfo=UTC)


def item(**fields: Any) -> dict[str, Any]:
    """A MediaNest list item as observed on the wire, with `fields` changed."""
    return {
        "name": "plex",
        "displayName": "Plex",
        "status": "up",
        "responseTime": 96,
        "uptime24h": 99.9,
        "uptime30d": 99.5,
        "lastCheck": STAMP,
        **fields,
    }


def without(payload: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if key not in keys}


# ---------------------------------------------------------------- refusals


def test_protocol_refusal_is_an_auth_refusal_with_its_code() -> None:
    refusal = read_refusal(
        {"message": "unauthorized", "data": {"code": "token_expired"}}
    )

    assert refusal == Refusal("unauthorized", "token_expired")


@pytest.mark.parametrize(
    "rejection",
    [
        {"message": "unauthorized"},
        {"message": "unauthorized", "data": None},
        {"message": "unauthorized", "data": {"code": 42}},
        {"message": "unauthorized", "data": "token_expired"},
    ],
    ids=["no-data", "null-data", "numeric-code", "data-not-an-object"],
)
def test_protocol_refusal_without_a_readable_code_is_still_an_auth_refusal(
    rejection: dict[str, Any],
) -> None:
    assert read_refusal(rejection) == Refusal("unauthorized", "")


def test_protocol_refusal_code_is_bounded() -> None:
    refusal = read_refusal({"message": "unauthorized", "data": {"code": "x" * 500}})

    assert refusal is not None
    assert refusal.auth_code == "x" * 64


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("Authentication required", "missing_token"),
        ("Authentication failed", "invalid_token"),
        ("User not found or inactive", "user_inactive"),
    ],
)
def test_medianests_refusals_are_auth_refusals_named_with_protocol_codes(
    message: str, code: str
) -> None:
    assert read_refusal({"message": message}) == Refusal(message, code)


@pytest.mark.parametrize(
    "message", ["Rate limit exceeded", "CORS: Origin not allowed", "Invalid namespace"]
)
def test_other_refusals_are_not_about_the_token(message: str) -> None:
    assert read_refusal({"message": message}) == Refusal(message, None)


def test_a_near_miss_of_an_auth_message_is_not_an_auth_refusal() -> None:
    refusal = read_refusal({"message": "authentication failed"})

    assert refusal is not None
    assert refusal.auth_code is None


def test_long_refusal_message_is_bounded() -> None:
    refusal = read_refusal({"message": "x" * 10_000})

    assert refusal is not None
    assert len(refusal.message) == MAX_TEXT_LENGTH


@pytest.mark.parametrize(
    "rejection",
    [
        None,
        "Connection refused by the server",
        ["Authentication failed"],
        {},
        {"message": None},
        {"message": 401},
        {"message": {"text": "Authentication failed"}},
    ],
    ids=[
        "none",
        "bare-string",
        "list",
        "empty",
        "null-message",
        "numeric-message",
        "object-message",
    ],
)
def test_what_is_not_a_servers_refusal_reads_as_none(rejection: object) -> None:
    assert read_refusal(rejection) is None


# ------------------------------------------------------------------ items


def test_medianest_item_becomes_a_service_keyed_by_name() -> None:
    service = parse_medianest_item(item(), NOW)

    assert service == Service(
        id="plex",
        name="Plex",
        status=Status.UP,
        response_time=96.0,
        last_check=CHECKED,
        details={},
        uptime_24h=99.9,
        uptime_30d=99.5,
    )


@pytest.mark.parametrize(
    "display_name", [None, "", "   ", 42], ids=["absent", "empty", "blank", "number"]
)
def test_missing_display_name_falls_back_to_the_name(display_name: object) -> None:
    raw = item(displayName=display_name)
    if display_name is None:
        raw = without(raw, "displayName")

    assert parse_medianest_item(raw, NOW).name == "plex"


def test_display_name_is_trimmed() -> None:
    assert parse_medianest_item(item(displayName="  Plex  "), NOW).name == "Plex"


def test_absent_optional_fields_are_none() -> None:
    raw = {"name": "medianest", "status": "down"}

    service = parse_medianest_item(raw, NOW)

    assert service.response_time is None
    assert service.last_check is None
    assert service.uptime_24h is None
    assert service.uptime_30d is None
    assert service.details == {}


def test_message_and_unknown_fields_go_to_details_message_first() -> None:
    raw = {
        "name": "medianest",
        "extra": {"hint": "configure it"},
        "displayName": "Medianest",
        "status": "down",
        "version": 2,
        "message": "Service not configured",
        "lastCheck": STAMP,
    }

    service = parse_medianest_item(raw, NOW)

    assert service.details == {
        "message": "Service not configured",
        "extra": {"hint": "configure it"},
        "version": 2,
    }
    assert list(service.details) == ["message", "extra", "version"]
    assert service.name == "Medianest"


def test_null_message_is_left_out_of_the_details() -> None:
    assert parse_medianest_item(item(message=None), NOW).details == {}


def test_long_message_is_bounded() -> None:
    service = parse_medianest_item(item(message="x" * 10_000), NOW)

    assert len(service.details["message"]) == MAX_TEXT_LENGTH


@pytest.mark.parametrize("uptime", [0, 0.0, 50, 100, 100.0])
def test_uptime_from_0_to_100_is_accepted(uptime: float) -> None:
    service = parse_medianest_item(item(uptime24h=uptime, uptime30d=uptime), NOW)

    assert service.uptime_24h == float(uptime)
    assert service.uptime_30d == float(uptime)


@pytest.mark.parametrize("field", ["uptime24h", "uptime30d"])
@pytest.mark.parametrize(
    "uptime", [-0.1, 100.01, 10**400, float("nan"), float("inf"), "99.9", True]
)
def test_uptime_outside_0_to_100_makes_the_item_invalid(
    field: str, uptime: object
) -> None:
    with pytest.raises(InvalidPayload):
        parse_medianest_item(item(**{field: uptime}), NOW)


@pytest.mark.parametrize(
    "raw",
    [
        "plex",
        None,
        ["plex"],
        without(item(), "name"),
        item(name=""),
        item(name=42),
        item(name="x" * 257),
        item(status="sideways"),
        item(responseTime="fast"),
        item(responseTime=-1),
        item(lastCheck="yesterday"),
        item(lastCheck="2999-01-01T00:00:00Z"),
    ],
    ids=[
        "string",
        "null",
        "list",
        "no-name",
        "empty-name",
        "numeric-name",
        "long-name",
        "unknown-status",
        "text-response-time",
        "negative-response-time",
        "bad-last-check",
        "far-future-last-check",
    ],
)
def test_bad_item_raises_invalid_payload(raw: object) -> None:
    with pytest.raises(InvalidPayload):
        parse_medianest_item(raw, NOW)


def test_protocol_item_is_not_a_medianest_item() -> None:
    # The protocol's `id` is not MediaNest's key.
    with pytest.raises(InvalidPayload):
        parse_medianest_item({"id": "api", "name": "", "status": "up"}, NOW)


# ------------------------------------------------------------------ lists


def test_list_keeps_a_bad_items_service_by_its_name() -> None:
    bulk = MEDIANEST.parse_list(
        [
            item(),
            item(name="overseerr", status="sideways"),
            {"displayName": "Nameless", "status": "up"},
        ]
    )

    assert [service.id for service in bulk.services] == ["plex"]
    assert bulk.kept_ids == {"overseerr"}
    assert bulk.invalid_items == 2
    assert bulk.unidentified_items == 1


def test_list_with_a_protocol_id_only_is_unidentified() -> None:
    bulk = MEDIANEST.parse_list([{"id": "api", "status": "sideways"}])

    assert bulk.services == ()
    assert bulk.kept_ids == frozenset()
    assert bulk.unidentified_items == 1


def test_list_that_is_not_a_list_is_invalid() -> None:
    with pytest.raises(InvalidPayload):
        MEDIANEST.parse_list({"plex": item()})


def test_both_medianest_list_events_belong_to_medianest() -> None:
    assert LIST_EVENTS == {
        "service:bulk-update": STATUS_DASHBOARD,
        "status:current": MEDIANEST,
        "service:status:all": MEDIANEST,
    }
    assert "connection:established" in MEDIANEST.quiet_events


# ---------------------------------------------------------------- updates


def test_refresh_answer_is_a_partial_update() -> None:
    update = parse_medianest_update(
        {"serviceId": "plex", "status": "up", "responseTime": 77, "timestamp": STAMP},
        NOW,
    )

    assert update == ServiceUpdate("plex", CHECKED, Status.UP, 77.0)
    assert update.details is UNSET
    assert update.uptime_24h is UNSET
    assert update.whole is False


def test_refresh_answer_without_response_time_clears_it() -> None:
    # MediaNest leaves responseTime out when it measured none (a down service).
    update = parse_medianest_update(
        {"serviceId": "nope", "status": "down", "timestamp": STAMP}, NOW
    )

    assert update.response_time is None
    assert update.status is Status.DOWN


def test_refresh_answer_without_timestamp_is_invalid() -> None:
    with pytest.raises(InvalidPayload):
        parse_medianest_update({"serviceId": "plex", "status": "up"}, NOW)


def test_item_shaped_update_is_a_whole_check() -> None:
    update = parse_medianest_update(
        item(status="degraded", responseTime=800, message="slow"), NOW
    )

    assert update == ServiceUpdate(
        "plex",
        CHECKED,
        Status.DEGRADED,
        800.0,
        {"message": "slow"},
        99.9,
        99.5,
        whole=True,
    )


def test_item_shaped_update_without_optional_fields_clears_them() -> None:
    update = parse_medianest_update({"name": "plex", "status": "up"}, NOW)

    # Stamped now; nothing measured, no message, no uptime: all cleared.
    assert update == ServiceUpdate(
        "plex", NOW, Status.UP, None, {}, None, None, whole=True
    )


def test_item_shaped_update_without_last_check_is_stamped_now_by_default() -> None:
    before = datetime.now(UTC)

    update = parse_medianest_update({"name": "plex", "status": "up"})

    assert before <= update.timestamp <= datetime.now(UTC)


@pytest.mark.parametrize(
    "payload",
    [
        "plex is down",
        None,
        [item()],
        {"status": "up"},
        item(status="sideways"),
        item(uptime24h=101),
        {"serviceId": 7, "timestamp": STAMP},
    ],
    ids=[
        "string",
        "null",
        "list",
        "no-key",
        "bad-item-status",
        "bad-item-uptime",
        "bad-service-id",
    ],
)
def test_bad_update_raises_invalid_payload(payload: object) -> None:
    with pytest.raises(InvalidPayload):
        parse_medianest_update(payload, NOW)


# --------------------------------------------------- against the server


def catalog() -> list[dict[str, Any]]:
    """MediaNest's services, in the reference server's catalog form."""
    return [
        {
            "id": "plex",
            "name": "Plex",
            "status": "up",
            "responseTime": 96,
            "uptime24h": 99.9,
            "uptime30d": 99.5,
            "lastCheckAt": STAMP,
        },
        {
            "id": "medianest",
            "name": "Medianest",
            "status": "down",
            "lastCheckAt": STAMP,
            "details": {"message": "Service not configured"},
        },
    ]


@pytest.fixture
async def medianest(start_server: StartServer) -> StatusServer:
    """The reference server speaking MediaNest."""
    return await start_server(dialect="medianest", services=catalog())


async def test_connect_returns_medianests_first_list_and_learns_the_dialect(
    medianest: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = make_connection(medianest.url, medianest.token("alice"))
    assert connection.dialect is None

    bulk = await connection.connect()

    assert connection.dialect is MEDIANEST
    assert listener.kinds == ["bulk", "connected"]
    assert listener.bulks == [bulk]
    plex, configured = bulk.services
    assert (plex.id, plex.name, plex.status, plex.response_time) == (
        "plex",
        "Plex",
        Status.UP,
        96.0,
    )
    assert (plex.uptime_24h, plex.uptime_30d) == (99.9, 99.5)
    assert configured.id == "medianest"
    assert configured.status is Status.DOWN
    assert configured.details == {"message": "Service not configured"}
    assert bulk.invalid_items == 0
    assert connection.stats.invalid == {}


async def test_connection_established_is_counted_by_name_not_as_other(
    medianest: StatusServer, make_connection: MakeConnection
) -> None:
    connection = make_connection(medianest.url, medianest.token("alice"))

    await connection.connect()

    messages = connection.stats.messages
    assert messages["connection:established"] == 1
    assert messages["status:current"] == 1
    assert not [name for name in messages if name.startswith("other:")]


async def test_protocol_server_is_read_as_the_protocol(
    server: StatusServer, make_connection: MakeConnection
) -> None:
    connection = make_connection(server.url, server.token("alice"))

    await connection.connect()

    assert connection.dialect is STATUS_DASHBOARD


async def test_both_shapes_of_service_status_reach_the_listener(
    medianest: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = make_connection(medianest.url, medianest.token("alice"))
    await connection.connect()

    # Uptime Kuma's path: the whole item, no serviceId.
    medianest.update_service("plex", status="down", responseTime=None)
    await wait_until(lambda: len(listener.updates) == 1)
    # A re-check: {serviceId, status, responseTime?, timestamp}.
    medianest.refresh_hook = lambda _id, _current: {"status": "up", "responseTime": 5}
    await connection.request_refresh("plex")
    await wait_until(lambda: len(listener.updates) == 2)

    whole, answer = listener.updates
    assert whole.service_id == "plex"
    assert whole.whole is True
    assert (whole.status, whole.response_time) == (Status.DOWN, None)
    assert (whole.uptime_24h, whole.uptime_30d) == (99.9, 99.5)
    assert answer.service_id == "plex"
    assert answer.whole is False
    assert (answer.status, answer.response_time) == (Status.UP, 5.0)
    assert answer.timestamp > whole.timestamp
    assert connection.stats.invalid == {}


async def test_refresh_of_an_unknown_id_comes_back_down_without_an_error(
    medianest: StatusServer, make_connection: MakeConnection, listener: Listener
) -> None:
    connection = make_connection(medianest.url, medianest.token("alice"))
    await connection.connect()

    await connection.request_refresh("nope")
    await wait_until(lambda: len(listener.updates) == 1)

    [update] = listener.updates
    assert (update.service_id, update.status, update.response_time) == (
        "nope",
        Status.DOWN,
        None,
    )
    assert listener.of("server_error") == []


async def test_periodic_full_list_reaches_the_listener_as_a_bulk(
    start_server: StartServer, make_connection: MakeConnection, listener: Listener
) -> None:
    server = await start_server(
        dialect="medianest", services=catalog(), full_list_interval=0.2
    )
    connection = make_connection(server.url, server.token("alice"))
    await connection.connect()

    server.set_services(catalog()[:1])
    await wait_until(lambda: [s.id for s in listener.bulks[-1].services] == ["plex"])
    await wait_until(lambda: connection.stats.messages["service:status:all"] >= 3)

    assert connection.dialect is MEDIANEST
    assert connection.connected
    assert connection.stats.invalid == {}


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("", "missing_token"),
        ("garbage", "invalid_token"),
        (None, "invalid_token"),  # expired, made below
    ],
    ids=["missing", "garbage", "expired"],
)
async def test_refused_token_raises_authentication_failed(
    medianest: StatusServer,
    make_connection: MakeConnection,
    token: str | None,
    code: str,
) -> None:
    if token is None:
        token = medianest.token("alice", expires_in=-10)
    connection = make_connection(medianest.url, token)

    with pytest.raises(AuthenticationFailed) as caught:
        await connection.connect()

    assert caught.value.code == code
    assert connection.stats.last_error == f"token refused: {code}"
    assert not connection.connected


async def test_inactive_user_raises_authentication_failed_user_inactive(
    medianest: StatusServer, make_connection: MakeConnection
) -> None:
    medianest.inactive_users.add("eve")
    connection = make_connection(medianest.url, medianest.token("eve"))

    with pytest.raises(AuthenticationFailed) as caught:
        await connection.connect()

    assert caught.value.code == "user_inactive"


async def test_run_with_a_refused_medianest_token_stops_and_says_so(
    medianest: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    connection = make_connection(medianest.url, "garbage")

    task = start_run(connection)
    await wait_until(task.done)

    [error] = listener.of("auth_failed")
    assert error.code == "invalid_token"
    assert listener.of("attempt_failed") == []
    assert len(medianest.connection_attempts) == 1


async def test_rate_limit_refusal_raises_server_refused(
    medianest: StatusServer, make_connection: MakeConnection
) -> None:
    medianest.refuse_with = "Rate limit exceeded"
    connection = make_connection(medianest.url, medianest.token("alice"))

    with pytest.raises(ServerRefused) as caught:
        await connection.connect()

    assert isinstance(caught.value, CannotConnect)
    assert not isinstance(caught.value, AuthenticationFailed)
    assert caught.value.message == "Rate limit exceeded"
    assert connection.stats.last_error == "refused: Rate limit exceeded"


async def test_run_retries_a_rate_limit_refusal_until_it_lifts(
    medianest: StatusServer,
    make_connection: MakeConnection,
    listener: Listener,
    start_run: StartRun,
) -> None:
    medianest.refuse_with = "Rate limit exceeded"
    connection = make_connection(medianest.url, medianest.token("alice"))

    start_run(connection)
    await wait_until(lambda: len(listener.of("attempt_failed")) >= 2)
    medianest.refuse_with = None
    await wait_until(lambda: connection.connected)

    errors = [error for error, _attempt, _retry in listener.of("attempt_failed")]
    assert all(isinstance(error, ServerRefused) for error in errors)
    assert listener.of("auth_failed") == []
    assert connection.dialect is MEDIANEST
