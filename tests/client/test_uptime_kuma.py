"""Uptime Kuma's socket events read into services, as a user would see them.

The payloads follow what Uptime Kuma sends: `Monitor.toJSON`
(server/model/monitor.js, 2.x and 1.23), heartbeat rows and
`Heartbeat.toJSON` (server/client.js, server/model/heartbeat.js), and
`Monitor.sendStats`.
"""

from __future__ import annotations

from datetime import UTC, datetime
import json
import pickle
from typing import Any

import pytest

from custom_components.status_dashboard.client.models import (
    BulkUpdate,
    Service,
    Status,
)
from custom_components.status_dashboard.client.parse import (
    MAX_TEXT_LENGTH,
    InvalidPayload,
)
from custom_components.status_dashboard.client.uptime_kuma import (
    KumaSession,
    can_check_now,
    monitor_number,
)
from custom_components.status_dashboard.client.view import ServiceView

SECRET = "s3cr3t-M4RK3R"

# Every field `Monitor.toJSON` sends that the client does not read (2.x and
# 1.23, `includeSensitiveData` included), each holding the marker.
UNREAD_FIELDS = (  # noqa: SIM905
    "description path pathName childrenIDs wsIgnoreSecWebsocketAcceptHeader "
    "wsSubprotocol method hostname port location protocol maxretries weight "
    "subtype timeout interval retryInterval retryOnlyOnStatusCodeFailure "
    "resendInterval keyword invertKeyword expiryNotification "
    "domainExpiryNotification ignoreTls upsideDown packetSize maxredirects "
    "accepted_statuscodes dns_resolve_type dns_resolve_server dns_last_result "
    "docker_container docker_host proxyId notificationIDList mqttTopic "
    "mqttSuccessMessage mqttCheckType databaseQuery authMethod grpcUrl "
    "grpcProtobuf grpcMethod grpcServiceName grpcEnableTls "
    "radiusCalledStationId radiusCallingStationId game gamedigGivenPortOnly "
    "httpBodyEncoding jsonPath expectedValue system_service_name "
    "kafkaProducerTopic kafkaProducerBrokers kafkaProducerSsl "
    "kafkaProducerAllowAutoTopicCreation kafkaProducerMessage screenshot "
    "cacheBust remote_browser screenshot_delay snmpOid jsonPathOperator "
    "snmpVersion smtpSecurity rabbitmqNodes conditions ntpStratumThreshold "
    "ntpTimeOffsetThreshold ntpRootDispersionThreshold ipFamily "
    "expectedTlsAlert ping_numeric ping_count ping_per_request_timeout "
    "saveResponse saveErrorResponse responseMaxLength includeSensitiveData "
    # includeSensitiveData
    "headers body grpcBody grpcMetadata basic_auth_user basic_auth_pass "
    "oauth_client_id oauth_client_secret oauth_token_url oauth_scopes "
    "oauth_audience oauth_auth_method bearer_token gamedigToken pushToken "
    "databaseConnectionString radiusUsername radiusPassword radiusSecret "
    "mqttUsername mqttPassword mqttWebsocketPath authWorkstation authDomain "
    "tlsCa tlsCert tlsKey kafkaProducerSaslOptions rabbitmqUsername "
    "rabbitmqPassword"
).split()


def monitor(monitor_id: int, **fields: Any) -> dict[str, Any]:
    """A monitor as `monitorList` sends it, secrets and all."""
    item: dict[str, Any] = {key: f"{SECRET}-{key}" for key in UNREAD_FIELDS}
    item["kafkaProducerSaslOptions"] = {"mechanism": "plain", "password": SECRET}
    item["conditions"] = [{"value": SECRET}]
    item["headers"] = json.dumps({"Authorization": f"Bearer {SECRET}"})
    item.update(
        id=monitor_id,
        name=f"Monitor {monitor_id}",
        parent=None,
        active=True,
        forceInactive=False,
        type="http",
        url=f"https://site{monitor_id}.example.com/health",
        tags=[],
        maintenance=False,
    )
    item.update(fields)
    return item


def listing(*monitors: dict[str, Any]) -> dict[str, Any]:
    """`monitorList`'s payload: monitors by id (JSON object keys: strings)."""
    return {str(item["id"]): item for item in monitors}


def row(status: int, time: str, msg: str = "", ping: float | None = 40) -> dict:
    """A `heartbeatList` row: the database's columns, snake_case."""
    return {
        "id": 1,
        "monitor_id": 1,
        "status": status,
        "time": time,
        "msg": msg,
        "ping": ping,
        "important": 0,
        "duration": 60,
        "down_count": 0,
        "end_time": time,
        "retries": 0,
        "response": f"{SECRET}-saved-body",
    }


def beat(
    monitor_id: int, status: int, time: str, msg: str = "", ping: float | None = 40
) -> dict[str, Any]:
    """A live `heartbeat` (`Heartbeat.toJSON`)."""
    return {
        "monitorID": monitor_id,
        "status": status,
        "time": time,
        "msg": msg,
        "ping": ping,
        "important": False,
        "duration": 60,
        "retries": 0,
        "response": f"{SECRET}-saved-body",
    }


def cert(days: int, *, valid: bool = True) -> str:
    """`certInfo`'s payload: the stored TLS check, a JSON string."""
    return json.dumps(
        {
            "valid": valid,
            "certInfo": {
                "subject": {"CN": "example.com"},
                "daysRemaining": days,
                "certType": "server",
                "raw": {"type": "Buffer", "data": [48, 130, 5]},
                "issuerCertificate": {"daysRemaining": 900, "certType": "root CA"},
            },
        }
    )


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def logged_in(*monitors: dict[str, Any]) -> KumaSession:
    session = KumaSession()
    session.monitor_list(listing(*monitors))
    return session


def by_id(bulk: BulkUpdate) -> dict[str, Service]:
    return {service.id: service for service in bulk.services}


# ------------------------------------------------------------- the list


def test_monitor_list_makes_one_service_per_monitor_in_the_servers_order() -> None:
    session = KumaSession()

    bulk = session.monitor_list(
        listing(monitor(7, name=" Web "), monitor(3, name="Mail"))
    )

    assert [(s.id, s.name) for s in bulk.services] == [("7", "Web"), ("3", "Mail")]
    assert bulk.invalid_items == 0
    assert bulk.kept_ids == frozenset()
    assert session.listed


def test_a_monitor_without_checks_yet_has_no_status() -> None:
    service = logged_in(monitor(1)).bulk().services[0]

    assert service.status is None
    assert service.response_time is None
    assert service.last_check is None
    assert service.details == {"monitor_type": "http"}


def test_group_is_the_parent_monitors_name() -> None:
    session = logged_in(
        monitor(1, name="Home", type="group", url="https://"),
        monitor(2, name="Router", parent=1, type="ping"),
        monitor(3, name="Orphan", parent=99),
    )

    services = by_id(session.bulk())

    assert services["2"].group == "Home"
    assert services["1"].group is None
    assert services["3"].group is None
    assert services["1"].details == {"monitor_type": "group"}


def test_url_is_kept_without_credentials_query_or_fragment() -> None:
    session = logged_in(
        monitor(
            1, url=f"https://admin:{SECRET}@nas.example.com:5001/x?k={SECRET}#{SECRET}"
        )
    )

    assert session.bulk().services[0].url == "https://nas.example.com:5001/x"


@pytest.mark.parametrize(
    ("monitor_type", "url"),
    [
        ("ping", "https://left-over.example.com/"),
        ("http", "https://"),  # Uptime Kuma's default for a new monitor
        ("http", "ftp://files.example.com/"),
        ("http", None),
        ("keyword", "https://user:password@/no-host"),
    ],
)
def test_no_url_when_the_monitor_does_not_check_an_address(
    monitor_type: str, url: str | None
) -> None:
    session = logged_in(monitor(1, type=monitor_type, url=url))

    assert session.bulk().services[0].url is None


def test_tags_show_as_name_or_name_and_value() -> None:
    tags = [
        {"tag_id": 1, "monitor_id": 1, "name": "prod", "value": "", "color": SECRET},
        {"tag_id": 2, "monitor_id": 1, "name": "room", "value": "attic"},
        {"name": 5},
        "junk",
    ]

    details = logged_in(monitor(1, tags=tags)).bulk().services[0].details

    assert details["tags"] == ["prod", "room:attic"]


def test_invalid_monitors_are_counted_and_a_known_one_keeps_its_state() -> None:
    session = logged_in(monitor(1, name="Kept"), monitor(2))
    session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000"))

    bulk = session.monitor_list(
        {
            "1": monitor(1, active="yes"),  # unreadable: the state stays
            "2": monitor(3),  # another id inside
            "4": "not a monitor",
            "abc": monitor(5),  # not an id: no monitor of ours
            "6": monitor(6),
        }
    )

    assert bulk.invalid_items == 4
    services = by_id(bulk)
    assert list(services) == ["1", "2", "6"]
    assert services["1"].name == "Kept"
    assert services["1"].status is Status.UP
    # Not known here: the view keeps what it has (from an earlier session).
    assert bulk.kept_ids == {"4"}


def test_a_list_that_is_not_an_object_is_refused_and_changes_nothing() -> None:
    session = logged_in(monitor(1))

    with pytest.raises(InvalidPayload):
        session.monitor_list([monitor(2)])

    assert [s.id for s in session.bulk().services] == ["1"]


def test_a_full_list_again_keeps_checks_and_figures_as_1_23_resends_it() -> None:
    session = logged_in(monitor(1, name="Old"), monitor(2))
    session.heartbeat(beat(1, 0, "2026-12-06 18:00:00.000", "timeout"))
    session.uptime(1, 24, 0.5)

    bulk = session.monitor_list(listing(monitor(1, name="New")))

    service = bulk.services[0]
    assert (service.name, service.status, service.uptime_24h) == (
        "New",
        Status.DOWN,
        50.0,
    )
    assert service.details["message"] == "timeout"
    assert [s.id for s in bulk.services] == ["1"]


def test_updates_and_deletes_return_the_whole_view_for_the_diff() -> None:
    session = logged_in(monitor(1, name="Web"), monitor(2, name="DB"))
    view = ServiceView()
    view.replace(session.bulk())

    renamed = view.replace(
        session.update_monitor_into_list(listing(monitor(1, name="Website")))
    )
    added = view.replace(session.update_monitor_into_list(listing(monitor(3))))
    deleted = view.replace(session.delete_monitor_from_list(2))

    assert renamed.relabeled == ("1",)
    assert renamed.removed == renamed.added == ()
    assert added.added == ("3",)
    assert deleted.removed == ("2",)
    assert [s.name for s in view.services.values()] == ["Website", "Monitor 3"]


def test_deleting_a_monitor_forgets_its_checks() -> None:
    session = logged_in(monitor(1))
    session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000"))
    session.delete_monitor_from_list("1")

    session.update_monitor_into_list(listing(monitor(1)))

    assert session.bulk().services[0].status is None


def test_an_unreadable_update_keeps_the_monitor_as_it_was() -> None:
    session = logged_in(monitor(1, name="Web"))

    bulk = session.update_monitor_into_list({"1": {"id": 1, "name": "x"}, "9": []})

    assert bulk.invalid_items == 2
    assert by_id(bulk)["1"].name == "Web"
    assert bulk.kept_ids == {"9"}


@pytest.mark.parametrize("monitor_id", [None, "x", True, -1, 1.5, "1" * 40])
def test_deleting_an_unreadable_id_is_refused(monitor_id: object) -> None:
    with pytest.raises(InvalidPayload):
        logged_in(monitor(1)).delete_monitor_from_list(monitor_id)


# ------------------------------------------------------------ the checks


@pytest.mark.parametrize(
    ("kuma_status", "status"),
    [(0, Status.DOWN), (1, Status.UP), (2, Status.PENDING), (3, Status.MAINTENANCE)],
)
def test_heartbeat_status_is_the_services_status(
    kuma_status: int, status: Status
) -> None:
    session = logged_in(monitor(1))

    update = session.heartbeat(beat(1, kuma_status, "2026-12-06 18:00:00.000"))

    assert update is not None
    assert update.status is status


def test_live_heartbeat_is_a_whole_check_with_time_ping_and_reason() -> None:
    session = logged_in(monitor(1))
    session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000", "200 - OK", 35))

    update = session.heartbeat(
        beat(1, 0, "2026-12-06 18:01:00.067", "connect ECONNREFUSED", None)
    )

    assert update is not None
    assert update.service_id == "1"
    assert update.timestamp == datetime(2026, 12, 6, 18, 1, 0, 67000, tzinfo=UTC)
    assert update.status is Status.DOWN
    assert update.response_time is None
    assert update.details == {
        "message": "connect ECONNREFUSED",
        "monitor_type": "http",
    }
    assert update.whole


def test_a_check_replaces_the_previous_reason_in_the_view() -> None:
    session = logged_in(monitor(1))
    view = ServiceView()
    view.replace(session.bulk())
    down = session.heartbeat(beat(1, 0, "2026-12-06 18:00:00.000", "timeout"))
    up = session.heartbeat(beat(1, 1, "2026-12-06 18:01:00.000", ""))
    assert down is not None
    assert up is not None

    view.apply(down)
    applied = view.apply(up)

    assert applied is not None
    assert applied.service.status is Status.UP
    assert "message" not in applied.service.details


def test_heartbeat_list_gives_the_newest_valid_row() -> None:
    session = logged_in(monitor(1))

    update = session.heartbeat_list(
        "1",  # 1.23 sends the id as the monitor list's key
        [
            row(0, "2026-12-06 17:58:00.000", "down"),
            row(1, "2026-12-06 17:59:00", "200 - OK", 51.5),  # MariaDB: no ms
            row(7, "2026-12-06 18:00:00.000"),
            {"status": 1, "time": "yesterday"},
            "junk",
        ],
    )

    assert update is not None
    assert (update.status, update.response_time) == (Status.UP, 51.5)
    assert update.timestamp == utc("2026-12-06T17:59:00")
    assert update.details == {"message": "200 - OK", "monitor_type": "http"}


def test_heartbeat_list_older_than_the_live_heartbeat_changes_nothing() -> None:
    session = logged_in(monitor(1))
    session.heartbeat(beat(1, 0, "2026-12-06 18:01:00.000", "timeout"))

    update = session.heartbeat_list(1, [row(1, "2026-12-06 18:00:00.000")], True)

    assert update is None
    assert session.bulk().services[0].status is Status.DOWN


def test_an_empty_heartbeat_list_keeps_the_last_check() -> None:
    session = logged_in(monitor(1))
    session.heartbeat(beat(1, 1, "2026-12-06 18:01:00.000"))

    assert session.heartbeat_list(1, [], True) is None
    assert session.bulk().services[0].status is Status.UP


def test_checks_of_unknown_monitors_are_dropped() -> None:
    session = logged_in(monitor(1))

    assert session.heartbeat(beat(2, 0, "2026-12-06 18:00:00.000")) is None
    assert session.heartbeat_list(2, [row(0, "2026-12-06 18:00:00.000")]) is None
    assert session.uptime(2, 24, 1) is None
    assert session.avg_ping(2, 40) is None
    assert session.cert_info(2, cert(30)) is None
    assert [s.id for s in session.bulk().services] == ["1"]


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        {"status": 1, "time": "2026-12-06 18:00:00.000"},
        beat(1, 4, "2026-12-06 18:00:00.000"),
        beat(1, True, "2026-12-06 18:00:00.000"),  # type: ignore[arg-type]
        beat(1, 1, "yesterday"),
        beat(1, 1, "2099-01-01 00:00:00.000"),
        {**beat(1, 1, "2026-12-06 18:00:00.000"), "time": None},
    ],
    ids=[
        "null",
        "list",
        "no-id",
        "unknown-status",
        "boolean-status",
        "bad-time",
        "far-future",
        "no-time",
    ],
)
def test_a_wrong_heartbeat_is_refused_and_the_state_stays(payload: object) -> None:
    session = logged_in(monitor(1))
    session.heartbeat(beat(1, 1, "2026-12-06 17:00:00.000"))

    with pytest.raises(InvalidPayload):
        session.heartbeat(payload)

    assert session.bulk().services[0].status is Status.UP


def test_a_wrong_ping_or_message_drops_only_that_field() -> None:
    session = logged_in(monitor(1))

    update = session.heartbeat(
        {**beat(1, 1, "2026-12-06 18:00:00.000"), "ping": "fast", "msg": 5}
    )

    assert update is not None
    assert (update.status, update.response_time) == (Status.UP, None)
    assert "message" not in update.details  # type: ignore[operator]


def test_the_reason_is_bounded() -> None:
    session = logged_in(monitor(1))

    update = session.heartbeat(beat(1, 0, "2026-12-06 18:00:00.000", "x" * 5000))

    assert update is not None
    assert update.details["message"] == "x" * MAX_TEXT_LENGTH  # type: ignore[index]


# ---------------------------------------------------- paused, maintenance


def test_a_paused_monitor_is_paused_whatever_its_checks_say() -> None:
    session = logged_in(monitor(1, active=False))

    update = session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000"))

    assert update is not None
    assert update.status is Status.PAUSED
    assert session.bulk().services[0].status is Status.PAUSED


def test_resuming_shows_the_checks_status_again() -> None:
    session = logged_in(monitor(1, active=False))
    session.heartbeat(beat(1, 0, "2026-12-06 18:00:00.000"))

    bulk = session.update_monitor_into_list(listing(monitor(1, active=True)))

    assert bulk.services[0].status is Status.DOWN


def test_monitors_in_a_paused_group_follow_the_group() -> None:
    # As 2.x sends it once the group is paused: the child inactive because of
    # its group (`forceInactive`); on resume only the group is sent again.
    session = logged_in(
        monitor(1, type="group", active=False),
        monitor(2, parent=1, active=False, forceInactive=True),
        monitor(3, parent=2, active=False, forceInactive=True),
    )
    session.heartbeat(beat(3, 1, "2026-12-06 18:00:00.000"))
    assert {s.status for s in session.bulk().services} == {Status.PAUSED}

    bulk = session.update_monitor_into_list(
        listing(monitor(1, type="group", active=True))
    )

    assert [s.status for s in bulk.services] == [None, None, Status.UP]


def test_a_parent_loop_ends_the_walk() -> None:
    session = logged_in(
        monitor(1, parent=2), monitor(2, parent=1), monitor(3, parent=3)
    )

    assert [s.status for s in session.bulk().services] == [None, None, None]
    assert by_id(session.bulk())["3"].group is None


def test_maintenance_from_the_list_holds_until_the_next_check() -> None:
    session = logged_in(monitor(1, maintenance=True))
    session.heartbeat_list(1, [row(1, "2026-12-06 18:00:00.000")])
    assert session.bulk().services[0].status is Status.MAINTENANCE

    update = session.heartbeat(beat(1, 1, "2026-12-06 18:01:00.000"))

    assert update is not None
    assert update.status is Status.UP


def test_a_paused_monitor_under_maintenance_is_paused() -> None:
    session = logged_in(monitor(1, active=False, maintenance=True))

    assert session.bulk().services[0].status is Status.PAUSED


# ------------------------------------------------------------ the figures


@pytest.mark.parametrize(
    ("period", "field"),
    [(24, "uptime_24h"), (720, "uptime_30d"), ("1y", "uptime_1y")],
)
def test_uptime_ratio_becomes_a_percentage(period: object, field: str) -> None:
    session = logged_in(monitor(1))
    session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000"))

    update = session.uptime(1, period, 0.99861)

    assert update is not None
    assert getattr(update, field) == 99.861


def test_figures_before_the_first_check_wait_for_the_list() -> None:
    session = logged_in(monitor(1))

    assert session.uptime("1", 24, 1) is None
    assert session.avg_ping("1", 41.25) is None
    assert session.cert_info("1", cert(30)) is None

    service = session.bulk().services[0]
    assert (service.uptime_24h, service.average_response_time) == (100.0, 41.25)
    assert service.cert_days_left == 30


def test_figures_ride_along_with_each_check() -> None:
    session = logged_in(monitor(1))
    session.uptime(1, 720, 0.5)
    session.avg_ping(1, 12)

    update = session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000"))

    assert update is not None
    assert (update.uptime_30d, update.average_response_time) == (50.0, 12.0)
    assert update.uptime_24h is None


def test_figures_keep_the_check_time_so_the_view_takes_them() -> None:
    session = logged_in(monitor(1))
    view = ServiceView()
    view.replace(session.bulk())
    first = session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000"))
    assert first is not None
    view.apply(first)

    update = session.uptime(1, "1y", 0.9)
    assert update is not None
    applied = view.apply(update)

    assert applied is not None
    assert applied.service.uptime_1y == 90.0
    assert applied.service.last_check == first.timestamp
    assert applied.gained_figure


def test_an_unknown_uptime_period_is_ignored() -> None:
    session = logged_in(monitor(1))
    session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000"))

    assert session.uptime(1, 168, 0.5) is None
    assert session.uptime(1, True, 0.5) is None


@pytest.mark.parametrize("value", [1.5, -0.1, "1", float("nan"), True])
def test_an_uptime_that_is_no_ratio_is_refused(value: object) -> None:
    session = logged_in(monitor(1))

    with pytest.raises(InvalidPayload):
        session.uptime(1, 24, value)


def test_average_response_time_can_be_cleared() -> None:
    session = logged_in(monitor(1))
    session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000"))
    session.avg_ping(1, 40)

    update = session.avg_ping(1, None)  # 1.23's parseInt of nothing: NaN, null

    assert update is not None
    assert update.average_response_time is None


def test_certificate_days_left_and_trust() -> None:
    session = logged_in(monitor(1))
    session.heartbeat(beat(1, 1, "2026-12-06 18:00:00.000"))

    update = session.cert_info(1, cert(-3, valid=False))

    assert update is not None
    assert update.cert_days_left == -3
    assert update.details["certificate_valid"] is False  # type: ignore[index]


def test_certificate_info_without_days_clears_them() -> None:
    session = logged_in(monitor(1))
    session.cert_info(1, cert(30))

    session.cert_info(1, json.dumps({"valid": True, "certInfo": {}}))

    assert session.bulk().services[0].cert_days_left is None


@pytest.mark.parametrize(
    "payload",
    [
        {"valid": True},
        "not json",
        "[" * 100_000,  # deeper than the JSON decoder's recursion
        "null",
        " " * 2_000_000,
    ],
    ids=["object", "not-json", "deep", "null", "huge"],
)
def test_wrong_certificate_info_is_refused(payload: object) -> None:
    session = logged_in(monitor(1))

    with pytest.raises(InvalidPayload):
        session.cert_info(1, payload)


# ---------------------------------------------------------------- secrets


def test_no_secret_of_a_monitor_is_kept_or_returned() -> None:
    item = monitor(
        1,
        name="Web",
        url=f"https://{SECRET}:{SECRET}@web.example.com/?token={SECRET}#{SECRET}",
        tags=[{"name": "prod", "value": "", "color": SECRET, "tag_id": 1}],
    )
    session = KumaSession()
    returned: list[object] = [session.monitor_list(listing(item, monitor(2)))]
    returned.append(session.heartbeat_list(1, [row(0, "2026-12-06 18:00:00.000")]))
    returned.append(session.heartbeat(beat(1, 1, "2026-12-06 18:01:00.000", "OK")))
    returned.append(session.uptime(1, 24, 1))
    returned.append(session.cert_info(1, cert(30)))
    returned.append(session.update_monitor_into_list(listing(item)))
    returned.append(session.delete_monitor_from_list(2))
    returned.append(session.bulk())

    assert all(SECRET not in repr(value) for value in returned)
    assert SECRET.encode() not in pickle.dumps(session)
    # What the user does see is there.
    service = session.bulk().services[0]
    assert (service.name, service.url) == ("Web", "https://web.example.com/")


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.monitor_list(SECRET),
        lambda s: s.update_monitor_into_list([SECRET]),
        lambda s: s.delete_monitor_from_list(SECRET),
        lambda s: s.heartbeat({"monitorID": SECRET, "status": 1}),
        lambda s: s.heartbeat({"monitorID": 1, "status": SECRET, "time": SECRET}),
        lambda s: s.heartbeat_list(1, SECRET),
        lambda s: s.uptime(1, 24, SECRET),
        lambda s: s.avg_ping(1, SECRET),
        lambda s: s.cert_info(1, SECRET),
        lambda s: s.cert_info(1, json.dumps([SECRET])),
    ],
)
def test_refusals_never_quote_the_payload(call: Any) -> None:
    with pytest.raises(InvalidPayload) as refused:
        call(logged_in(monitor(1)))

    assert SECRET not in str(refused.value)


# ------------------------------------------------------------ commands


def test_check_now_is_offered_where_a_restart_checks_at_once() -> None:
    session = logged_in(monitor(1), monitor(2, type="push"), monitor(3, active=False))

    services = by_id(session.bulk())

    assert can_check_now(services["1"])
    assert not can_check_now(services["2"])
    assert not can_check_now(services["3"])
    assert monitor_number(services["1"].id) == 1
