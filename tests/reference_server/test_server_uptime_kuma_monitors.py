"""KumaServer: monitors, heartbeats, pause and resume, maintenance.

As Uptime Kuma's code sends them: server/model/monitor.js (toJSON, beat,
sendStats), server/model/heartbeat.js, server/uptime-kuma-server.js (the
list updates), server/server.js (pause/resume), the maintenance handlers and
model. 2.x updates one monitor at a time; 1.23 sends the whole list again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from reference_server import DOWN, MAINTENANCE, UP, KumaServer, MaintenanceError

from ..conftest import StartKuma
from ..helpers import wait_until
from .conftest import MakeClient
from .kuma_steps import call, logged_in, names, settled

KUMA_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}")
UNDER = "Monitor under maintenance"


def maintenance(strategy: str = "manual", **changes: Any) -> dict[str, Any]:
    """What Uptime Kuma's maintenance form sends (EditMaintenance.vue)."""
    payload: dict[str, Any] = {
        "title": "Restarting Home Assistant",
        "description": "",
        "strategy": strategy,
        "active": True,
        "intervalDay": 1,
        "dateRange": [],
        "timeRange": [{"hours": 2, "minutes": 0}, {"hours": 3, "minutes": 0}],
        "weekdays": [],
        "daysOfMonth": [],
        "timezoneOption": "UTC",
    }
    payload.update(changes)
    return payload


def wall_time(offset: float, zone: str = "UTC") -> str:
    """A `dateRange` entry ``offset`` seconds from now, as wall time in ``zone``."""
    moment = datetime.now(UTC) + timedelta(seconds=offset)
    text = moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S.%f")
    return text[:-3]  # milliseconds, as dayjs reads them


def beats(client: Any, monitor_id: int) -> list[dict[str, Any]]:
    return [b for b in client.payloads("heartbeat") if b["monitorID"] == monitor_id]


# ----------------------------------------------------------------- the list


async def test_monitor_list_carries_what_uptime_kuma_shows_its_user_secrets_too(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)

    [listed] = client.payloads("monitorList")

    website, database, queue = listed["2"], listed["3"], listed["4"]
    assert website["basic_auth_pass"] == "hunter2"
    assert website["headers"] == '{"Authorization": "Bearer web-token"}'
    assert website["bearer_token"] == "bearer-secret"
    assert database["databaseConnectionString"] == "postgres://kuma:db-password@db/kuma"
    assert website["includeSensitiveData"] is True
    assert (website["path"], website["pathName"]) == (
        ["Core", "Website"],
        "Core / Website",
    )
    assert (website["parent"], listed["1"]["childrenIDs"]) == (1, [2])
    assert website["tags"] == [
        {
            "tag_id": 1,
            "monitor_id": 2,
            "value": "eu",
            "name": "prod",
            "color": "#ff0000",
        }
    ]
    assert (queue["active"], queue["forceInactive"], queue["type"]) == (
        False,
        False,
        "port",
    )
    assert website["maintenance"] is False
    assert kuma.monitors[2] == website


async def test_1_23_list_has_its_own_keys(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    legacy = await start_kuma(version="1.23", legacy_list_pause=0.01)
    client = await logged_in(make_client, legacy)
    await client.wait_event("monitorList")

    [listed] = client.payloads("monitorList")

    website = listed["2"]
    assert "path" not in website
    assert "bearer_token" not in website  # no bearer auth in 1.23
    assert website["basic_auth_pass"] == "hunter2"
    assert set(website["tags"][0]) == {
        "id",
        "tag_id",
        "monitor_id",
        "value",
        "name",
        "color",
    }


async def test_a_paused_group_shows_its_children_inactive_and_they_still_check(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)

    kuma.pause_monitor(1)
    beat = kuma.heartbeat(2, DOWN, "timeout")

    assert kuma.monitors[2]["active"] is False
    assert kuma.monitors[2]["forceInactive"] is True
    assert beat is not None  # pauseMonitor stops the group only
    [update] = await client.wait_event("updateMonitorIntoList")
    assert list(update) == ["1"]


# --------------------------------------------------------------- heartbeats


async def test_a_heartbeat_goes_to_every_logged_in_socket_then_the_stats(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    clients = [await logged_in(make_client, kuma) for _ in range(2)]
    await settled(kuma)
    befores = [len(client.received) for client in clients]

    sent = kuma.heartbeat(2, DOWN, "timeout of 48000ms exceeded")

    await settled(kuma)
    for client, before in zip(clients, befores, strict=True):
        assert names(client.received[before:]) == [
            "maintenanceList",  # an important beat (up -> down) sends it first
            "heartbeat",
            "avgPing",
            "uptime",
            "uptime",
            "uptime",
            "certInfo",
        ]
    [beat] = beats(clients[0], 2)
    assert beat == sent
    assert set(beat) == {"monitorID", "status", "time", "msg", "important", "retries"}
    assert (beat["monitorID"], beat["status"], beat["important"]) == (2, DOWN, True)
    assert beat["msg"] == "timeout of 48000ms exceeded"
    assert KUMA_TIME.fullmatch(beat["time"])
    # Live, the id is the monitor's number.
    assert clients[0].payloads("avgPing")[-1] == (2, 42.12)
    cert_id, info = clients[0].payloads("certInfo")[-1]
    assert (cert_id, json.loads(info)["valid"]) == (2, True)


async def test_a_beat_with_the_same_status_is_not_important_and_has_its_ping(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)

    kuma.heartbeat(2, UP, "200 - OK", 51.5)

    [beat] = await client.wait_event("heartbeat")
    assert (beat["important"], beat["ping"]) == (False, 51.5)
    assert "maintenanceList" not in names(client.received)[-6:]


async def test_1_23_heartbeat_has_duration_not_retries(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    legacy = await start_kuma(version="1.23", legacy_list_pause=0.01)
    client = await logged_in(make_client, legacy)

    legacy.heartbeat(3, UP, "", 3)

    [beat] = await client.wait_event("heartbeat")
    assert set(beat) == {
        "monitorID",
        "status",
        "time",
        "msg",
        "ping",
        "important",
        "duration",
    }
    assert beat["duration"] >= 0


async def test_a_paused_monitor_does_not_check(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)

    assert kuma.heartbeat(4, DOWN, "refused") is None

    await settled(kuma)
    assert client.payloads("heartbeat") == []
    with pytest.raises(ValueError, match="status"):
        kuma.heartbeat(2, 7)


async def test_stats_go_out_as_their_events(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    before = len(client.received)

    kuma.set_uptime(2, 720, 0.5)
    kuma.set_avg_ping(2, 0)
    kuma.set_cert_info(3, {"valid": False, "certInfo": {"daysRemaining": 3}})

    await settled(kuma)
    assert client.received[before:] == [
        ("uptime", (2, 720, 0.5)),
        ("avgPing", (2, None)),  # 2.x sends no average of 0
        ("certInfo", (3, '{"valid": false, "certInfo": {"daysRemaining": 3}}')),
    ]


# ------------------------------------------------------------ pause, resume


async def test_pause_and_resume_from_a_client(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    before = len(client.received)

    paused = await call(client, "pauseMonitor", 2)
    resumed = await call(client, "resumeMonitor", 2)
    [*_, beat] = await client.wait_event("heartbeat")
    await settled(kuma)

    assert paused == {"ok": True, "msg": "successPaused", "msgi18n": True}
    assert resumed == {"ok": True, "msg": "successResumed", "msgi18n": True}
    assert names(client.received[before:]) == [
        "updateMonitorIntoList",  # the update, then the answer
        "@pauseMonitor",
        "updateMonitorIntoList",
        "@resumeMonitor",
        "heartbeat",  # the resumed monitor checks at once, after the answer
        *["avgPing", "uptime", "uptime", "uptime", "certInfo"],
    ]
    first, second = client.payloads("updateMonitorIntoList")
    assert (first["2"]["active"], second["2"]["active"]) == (False, True)
    assert (beat["monitorID"], beat["status"]) == (2, UP)
    assert [e.payload for e in kuma.events if e.event.endswith("Monitor")] == [2, 2]


async def test_resuming_a_running_monitor_checks_it_now(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)

    await call(client, "resumeMonitor", 3)

    [beat] = await client.wait_event("heartbeat")
    assert (beat["monitorID"], beat["status"]) == (3, DOWN)


async def test_pausing_an_unknown_monitor_is_refused(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)

    for event in ("pauseMonitor", "resumeMonitor"):
        assert await call(client, event, 99) == {
            "ok": False,
            "msg": "You do not own this monitor.",
        }


async def test_1_23_pause_sends_the_whole_list(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    legacy = await start_kuma(version="1.23", legacy_list_pause=0.01)
    client = await logged_in(make_client, legacy)
    await client.wait_event("uptime", 8)

    answer = await call(client, "pauseMonitor", 2)

    assert answer == {"ok": True, "msg": "Paused Successfully."}
    lists = client.payloads("monitorList")
    assert len(lists) == 2
    assert lists[-1]["2"]["active"] is False
    assert client.payloads("updateMonitorIntoList") == []


# ------------------------------------------------- added, renamed, deleted


async def test_added_renamed_deleted_one_at_a_time_in_2x(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    before = len(client.received)

    added = kuma.add_monitor("Mail", type="smtp", parent=1, smtpSecurity="secure")
    kuma.edit_monitor(added, name="Mail server")
    kuma.delete_monitor(added)
    kuma.delete_monitor(1)  # a group: its child stays, without a group

    await settled(kuma)
    fresh = client.received[before:]
    updates = [p for n, p in fresh if n == "updateMonitorIntoList"]
    assert [list(u) for u in updates] == [["5"], ["5"], ["2"]]
    assert updates[0]["5"]["pathName"] == "Core / Mail"
    assert updates[0]["5"]["smtpSecurity"] == "secure"
    assert updates[1]["5"]["name"] == "Mail server"
    assert updates[2]["2"]["parent"] is None
    assert [p for n, p in fresh if n == "deleteMonitorFromList"] == [5, 1]
    assert "monitorList" not in names(fresh)
    # Added (startMonitor) and saved (restartMonitor): each checks at once.
    assert [b["monitorID"] for b in beats(client, 5)] == [5, 5]
    assert sorted(kuma.monitors) == [2, 3, 4]


async def test_added_renamed_deleted_as_whole_lists_in_1_23(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    legacy = await start_kuma(version="1.23", legacy_list_pause=0.01)
    client = await logged_in(make_client, legacy)
    await client.wait_event("uptime", 8)

    added = legacy.add_monitor("Mail")
    legacy.edit_monitor(added, name="Mail server")
    legacy.delete_monitor(added)

    await settled(legacy)
    lists = client.payloads("monitorList")[1:]
    assert [sorted(lst) for lst in lists] == [
        ["1", "2", "3", "4", "5"],
        ["1", "2", "3", "4", "5"],
        ["1", "2", "3", "4"],
    ]
    assert lists[1]["5"]["name"] == "Mail server"
    assert client.payloads("importantHeartbeatList")[-1] == (5, [], True)
    assert client.payloads("updateMonitorIntoList") == []


# -------------------------------------------------------------- maintenance


async def test_a_manual_maintenance_from_a_client_on_paused_resumed_deleted(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    before = len(client.received)

    added = await call(client, "addMaintenance", maintenance())
    maintenance_id = added["maintenanceID"]
    linked = await call(client, "addMonitorMaintenance", maintenance_id, [{"id": 2}])
    [under] = await wait_for_beats(client, 2, 1)
    await settled(kuma)

    assert added == {
        "ok": True,
        "msg": "successAdded",
        "msgi18n": True,
        "maintenanceID": maintenance_id,
    }
    assert names(client.received[before:]) == [
        "maintenanceList",
        "@addMaintenance",
        "@addMonitorMaintenance",  # links quietly; the monitor's check tells
        "maintenanceList",  # an important beat (up -> maintenance)
        "heartbeat",
        *["avgPing", "uptime", "uptime", "uptime", "certInfo"],
    ]
    listed = client.received[before][1]
    assert listed[str(maintenance_id)]["status"] == "under-maintenance"
    assert linked == {"ok": True, "msg": "successAdded", "msgi18n": True}
    assert (under["status"], under["msg"], under["important"]) == (
        MAINTENANCE,
        UNDER,
        True,
    )
    assert "ping" not in under
    assert kuma.under_maintenance(2)
    assert kuma.maintenance_monitors(maintenance_id) == [2]
    await call(client, "getMonitorList")
    assert client.payloads("monitorList")[-1]["2"]["maintenance"] is True

    assert await call(client, "pauseMaintenance", maintenance_id) == {
        "ok": True,
        "msg": "successPaused",
        "msgi18n": True,
    }
    back = (await wait_for_beats(client, 2, 2))[-1]
    assert back["status"] == UP
    assert client.payloads("maintenanceList")[-1][str(maintenance_id)]["status"] == (
        "inactive"
    )
    await call(client, "resumeMaintenance", maintenance_id)
    assert (await wait_for_beats(client, 2, 3))[-1]["status"] == MAINTENANCE
    assert (await call(client, "deleteMaintenance", maintenance_id))["ok"] is True
    assert (await wait_for_beats(client, 2, 4))[-1]["status"] == UP
    assert client.payloads("maintenanceList")[-1] == {}


async def wait_for_beats(
    client: Any, monitor_id: int, count: int
) -> list[dict[str, Any]]:
    await wait_until(lambda: len(beats(client, monitor_id)) >= count)
    return beats(client, monitor_id)


async def test_a_single_window_covers_its_monitors_until_it_ends(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    window = maintenance("single", dateRange=[wall_time(-60), wall_time(1.0)])

    added = await call(client, "addMaintenance", window)
    await call(
        client, "addMonitorMaintenance", added["maintenanceID"], [{"id": 2}, {"id": 3}]
    )
    await wait_for_beats(client, 3, 1)

    assert [b["status"] for b in beats(client, 2)] == [MAINTENANCE]
    await wait_until(lambda: len(beats(client, 2)) == 2, timeout=4)
    assert beats(client, 2)[-1]["status"] == UP
    assert beats(client, 3)[-1]["status"] == DOWN  # each back to what it finds
    assert kuma.maintenances[added["maintenanceID"]]["status"] == "ended"
    assert kuma.maintenances[added["maintenanceID"]]["timeslotList"] == [
        {"startDate": window["dateRange"][0], "endDate": window["dateRange"][1]}
    ]


async def test_a_single_window_later_starts_on_its_own(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    window = maintenance("single", dateRange=[wall_time(1.0), wall_time(2.0)])
    maintenance_id = kuma.add_maintenance(window, [2])
    assert kuma.maintenances[maintenance_id]["status"] == "scheduled"
    lists_before = len(client.payloads("maintenanceList"))

    [start] = await wait_for_beats(client, 2, 1)

    assert start["status"] == MAINTENANCE
    assert len(client.payloads("maintenanceList")) > lists_before
    assert (await wait_for_beats(client, 2, 2))[-1]["status"] == UP


async def test_a_window_is_wall_time_in_its_zone(kuma: KumaServer) -> None:
    berlin = maintenance(
        "single",
        dateRange=[wall_time(-60, "Europe/Berlin"), wall_time(3600, "Europe/Berlin")],
        timezoneOption="Europe/Berlin",
    )
    utc_read = maintenance(
        "single", dateRange=berlin["dateRange"], timezoneOption="UTC"
    )

    on = kuma.add_maintenance(berlin)
    other = kuma.add_maintenance(utc_read)

    assert kuma.maintenances[on]["status"] == "under-maintenance"
    assert kuma.maintenances[on]["timezone"] == "Europe/Berlin"
    # Berlin is ahead of UTC: the same wall time read as UTC starts later.
    assert kuma.maintenances[other]["status"] == "scheduled"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            maintenance(dateRange=None),
            "Cannot read properties of undefined (reading '0')",
        ),
        (maintenance("single", dateRange=["soon", None]), "Invalid start date"),
        (
            maintenance(description=None),
            "NOT NULL constraint failed: maintenance.description",
        ),
        (
            maintenance(strategy=None),
            "Cannot read properties of undefined (reading 'startsWith')",
        ),
        (
            maintenance(timezoneOption="Mars/Olympus"),
            "Invalid time zone specified: Mars/Olympus",
        ),
    ],
    ids=["no-range", "bad-date", "no-description", "no-strategy", "bad-zone"],
)
async def test_a_maintenance_uptime_kuma_refuses(
    kuma: KumaServer, make_client: MakeClient, payload: dict[str, Any], message: str
) -> None:
    client = await logged_in(make_client, kuma)

    assert await call(client, "addMaintenance", payload) == {
        "ok": False,
        "msg": message,
    }
    with pytest.raises(MaintenanceError, match=re.escape(message)):
        kuma.add_maintenance(payload)
    assert kuma.maintenances == {}


async def test_a_maintenance_sent_without_active_is_inactive(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    payload = maintenance()
    del payload["active"]

    added = await call(client, "addMaintenance", payload)
    await call(client, "addMonitorMaintenance", added["maintenanceID"], [{"id": 2}])

    await settled(kuma)
    assert kuma.maintenances[added["maintenanceID"]]["status"] == "inactive"
    assert not kuma.under_maintenance(2)
    assert client.payloads("heartbeat") == []


async def test_maintenance_commands_refused_as_uptime_kuma_does(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)
    maintenance_id = kuma.add_maintenance(maintenance())

    assert await call(client, "pauseMaintenance", 9) == {
        "ok": False,
        "msg": "Maintenance not found",
    }
    assert await call(
        client, "addMonitorMaintenance", maintenance_id, [{"id": 99}]
    ) == {
        "ok": False,
        "msg": "FOREIGN KEY constraint failed",
    }
    assert (await call(client, "deleteMaintenance", 9))["ok"] is True
    await call(client, "logout")
    assert await call(client, "addMaintenance", maintenance()) == {
        "ok": False,
        "msg": "You are not logged in.",
    }


async def test_a_maintenance_on_a_group_covers_its_monitors(
    kuma: KumaServer, make_client: MakeClient
) -> None:
    client = await logged_in(make_client, kuma)

    kuma.add_maintenance(maintenance(), [1])

    await wait_for_beats(client, 2, 1)
    assert beats(client, 2)[-1]["status"] == MAINTENANCE
    assert kuma.under_maintenance(2)
    assert not kuma.under_maintenance(3)


async def test_1_23_maintenance_answers(
    start_kuma: StartKuma, make_client: MakeClient
) -> None:
    legacy = await start_kuma(version="1.23", legacy_list_pause=0.01)
    client = await logged_in(make_client, legacy)

    added = await call(client, "addMaintenance", maintenance())
    maintenance_id = added["maintenanceID"]

    assert added == {
        "ok": True,
        "msg": "Added Successfully.",
        "maintenanceID": maintenance_id,
    }
    assert await call(client, "resumeMaintenance", maintenance_id) == {
        "ok": True,
        "msg": "Resume Successfully",
    }
