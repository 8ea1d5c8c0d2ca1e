"""Merge rules: a bulk update replaces the view, a partial update merges into it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custom_components.status_dashboard.client.models import (
    UNSET,
    BulkUpdate,
    Service,
    ServiceUpdate,
    Status,
)
from custom_components.status_dashboard.client.parse import DETAILS_MAX_KEYS
from custom_components.status_dashboard.client.view import BulkChange, ServiceView

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def service(service_id: str, **fields: Any) -> Service:
    values: dict[str, Any] = {
        "id": service_id,
        "name": service_id.upper(),
        "status": Status.UP,
        "response_time": 10.0,
        "last_check": T0,
        "details": {"region": "eu"},
    }
    values.update(fields)
    return Service(**values)


def bulk(*services: Service, kept: set[str] | None = None) -> BulkUpdate:
    return BulkUpdate(tuple(services), frozenset(kept or ()), len(kept or ()))


def view_of(*services: Service) -> ServiceView:
    view = ServiceView()
    view.replace(bulk(*services))
    return view


# ------------------------------------------------------------------- bulk


def test_first_bulk_adds_every_service() -> None:
    view = ServiceView()

    change = view.replace(bulk(service("api"), service("db")))

    assert change == BulkChange(added=("api", "db"), removed=(), changed=())
    assert set(view.services) == {"api", "db"}


def test_bulk_replaces_the_view_and_reports_added_removed_and_changed() -> None:
    view = view_of(service("api"), service("db"), service("mail"))

    change = view.replace(
        bulk(service("api"), service("db", status=Status.DOWN), service("web"))
    )

    assert change.added == ("web",)
    assert change.removed == ("mail",)
    assert change.changed == ("db",)
    assert "api" not in change.changed
    assert set(view.services) == {"api", "db", "web"}
    assert view.services["db"].status is Status.DOWN


def test_identical_bulk_changes_nothing() -> None:
    view = view_of(service("api"), service("db"))

    change = view.replace(bulk(service("api"), service("db")))

    assert change == BulkChange((), (), ())


def test_empty_bulk_removes_everything() -> None:
    view = view_of(service("api"), service("db"))

    change = view.replace(bulk())

    assert change == BulkChange(added=(), removed=("api", "db"), changed=())
    assert view.services == {}


def test_bulk_kept_id_keeps_its_previous_state() -> None:
    old_db = service("db", status=Status.DEGRADED)
    view = view_of(service("api"), old_db)

    change = view.replace(bulk(service("api", status=Status.DOWN), kept={"db"}))

    assert view.services["db"] == old_db
    assert "db" not in change.removed
    assert change.changed == ("api",)


def test_bulk_kept_id_that_was_never_seen_does_not_appear() -> None:
    view = view_of(service("api"))

    change = view.replace(bulk(service("api"), kept={"ghost"}))

    assert "ghost" not in view.services
    assert change == BulkChange((), (), ())


def test_kept_service_still_refuses_updates_older_than_its_state() -> None:
    view = view_of(service("db", last_check=at(60)))
    view.replace(bulk(kept={"db"}))

    assert view.apply(ServiceUpdate("db", at(30), status=Status.DOWN)) is None
    assert view.apply(ServiceUpdate("db", at(90), status=Status.DOWN)) is not None


def test_later_bulk_wins_even_with_an_older_last_check() -> None:
    view = view_of(service("api", status=Status.UP, last_check=at(100)))
    view.apply(ServiceUpdate("api", at(200), status=Status.DEGRADED))

    snapshot = service("api", status=Status.DOWN, last_check=at(50))
    change = view.replace(bulk(snapshot))

    assert view.services["api"] == snapshot
    assert change.changed == ("api",)


def test_after_a_bulk_updates_are_judged_against_the_bulks_time() -> None:
    view = view_of(service("api", last_check=at(100)))
    view.apply(ServiceUpdate("api", at(200), status=Status.DEGRADED))
    view.replace(bulk(service("api", last_check=at(50))))

    applied = view.apply(ServiceUpdate("api", at(60), status=Status.DOWN))

    assert applied is not None
    assert view.services["api"].status is Status.DOWN


def test_service_that_left_and_came_back_accepts_any_newer_update() -> None:
    view = view_of(service("api", last_check=at(100)))
    view.replace(bulk())
    view.replace(bulk(service("api", last_check=None)))

    applied = view.apply(ServiceUpdate("api", at(1), status=Status.DOWN))

    assert applied is not None
    assert view.services["api"].last_check == at(1)


# --------------------------------------------------------- partial update


def test_update_absent_fields_stay_unchanged() -> None:
    view = view_of(service("api", response_time=10.0, details={"region": "eu"}))

    applied = view.apply(ServiceUpdate("api", at(1), status=Status.DOWN))

    assert applied is not None
    assert applied.service == service(
        "api",
        status=Status.DOWN,
        response_time=10.0,
        last_check=at(1),
        details={"region": "eu"},
    )
    assert view.services["api"] == applied.service


def test_update_null_fields_are_cleared() -> None:
    view = view_of(service("api"))

    applied = view.apply(
        ServiceUpdate("api", at(1), status=None, response_time=None, details=None)
    )

    assert applied is not None
    assert applied.service.status is None
    assert applied.service.response_time is None
    assert applied.service.details == {}


def test_update_details_are_merged_not_replaced() -> None:
    view = view_of(service("api", details={"region": "eu", "statusCode": 200}))

    view.apply(ServiceUpdate("api", at(1), details={"statusCode": 503, "error": "x"}))

    assert view.services["api"].details == {
        "region": "eu",
        "statusCode": 503,
        "error": "x",
    }


def test_update_details_null_clears_them() -> None:
    view = view_of(service("api", details={"region": "eu"}))

    view.apply(ServiceUpdate("api", at(1), details=None))

    assert view.services["api"].details == {}


def test_merged_details_keep_the_newest_keys_within_the_bound() -> None:
    old = {f"old{n}": n for n in range(DETAILS_MAX_KEYS)}
    view = view_of(service("api", details=old))

    view.apply(ServiceUpdate("api", at(1), details={"new": 1, "old0": -1}))

    details = view.services["api"].details
    assert len(details) == DETAILS_MAX_KEYS
    assert details["new"] == 1
    assert details["old0"] == -1
    assert "old1" not in details


def test_merging_details_does_not_touch_the_previous_service() -> None:
    before = service("api", details={"region": "eu"})
    view = view_of(before)

    view.apply(ServiceUpdate("api", at(1), details={"region": "us"}))

    assert before.details == {"region": "eu"}


def test_update_advances_the_last_check() -> None:
    view = view_of(service("api"))

    applied = view.apply(ServiceUpdate("api", at(5)))

    assert applied is not None
    assert applied.service.last_check == at(5)
    assert applied.status_changed is False


def test_status_changed_is_set_only_when_the_status_changed() -> None:
    view = view_of(service("api", status=Status.UP))

    to_down = view.apply(ServiceUpdate("api", at(1), status=Status.DOWN))
    same = view.apply(ServiceUpdate("api", at(2), status=Status.DOWN))
    timing = view.apply(ServiceUpdate("api", at(3), response_time=99.0))
    cleared = view.apply(ServiceUpdate("api", at(4), status=None))

    assert to_down is not None
    assert to_down.status_changed is True
    assert same is not None
    assert same.status_changed is False
    assert timing is not None
    assert timing.status_changed is False
    assert cleared is not None
    assert cleared.status_changed is True


def test_update_for_an_unknown_service_is_ignored() -> None:
    view = view_of(service("api"))

    assert view.apply(ServiceUpdate("ghost", at(1), status=Status.DOWN)) is None
    assert set(view.services) == {"api"}


def test_update_for_an_unknown_service_does_not_block_its_later_bulk() -> None:
    view = view_of(service("api"))
    view.apply(ServiceUpdate("web", at(500), status=Status.DOWN))

    view.replace(bulk(service("api"), service("web", last_check=at(1))))

    assert view.apply(ServiceUpdate("web", at(2), status=Status.DEGRADED)) is not None


def test_older_update_is_ignored() -> None:
    view = view_of(service("api", last_check=at(10)))
    view.apply(ServiceUpdate("api", at(20), status=Status.DOWN))

    stale = view.apply(ServiceUpdate("api", at(15), status=Status.UP))

    assert stale is None
    assert view.services["api"].status is Status.DOWN
    assert view.services["api"].last_check == at(20)


def test_update_older_than_the_bulk_state_is_ignored() -> None:
    view = view_of(service("api", status=Status.UP, last_check=at(10)))

    assert view.apply(ServiceUpdate("api", at(9), status=Status.DOWN)) is None
    assert view.services["api"].status is Status.UP


def test_duplicate_update_is_no_change() -> None:
    view = view_of(service("api"))
    update = ServiceUpdate("api", at(1), status=Status.DOWN, details={"e": 1})

    first = view.apply(update)
    second = view.apply(update)

    assert first is not None
    assert second is None
    assert view.services["api"] == first.service


def test_equal_timestamp_with_the_same_values_is_no_change() -> None:
    view = view_of(service("api", status=Status.UP, last_check=at(10)))

    assert view.apply(ServiceUpdate("api", at(10), status=Status.UP)) is None


def test_unset_fields_compare_as_no_change() -> None:
    view = view_of(service("api", last_check=at(10)))

    assert view.apply(ServiceUpdate("api", at(10))) is None
    assert ServiceUpdate("api", at(10)).status is UNSET


def test_out_of_order_burst_ends_in_the_newest_state() -> None:
    view = view_of(service("api", last_check=at(0)))
    updates = [
        ServiceUpdate("api", at(n), response_time=float(n)) for n in range(1, 101)
    ]
    shuffled = updates[::2][::-1] + updates[1::2]

    for update in shuffled:
        view.apply(update)

    assert view.services["api"].response_time == 100.0
    assert view.services["api"].last_check == at(100)


# ------------------------------------------------------- whole updates


def test_whole_update_replaces_the_details_instead_of_merging() -> None:
    view = view_of(
        service("api", details={"message": "Service not configured", "region": "eu"})
    )

    applied = view.apply(
        ServiceUpdate("api", at(1), Status.DOWN, None, {"message": "502"}, whole=True)
    )

    assert applied is not None
    assert view.services["api"].details == {"message": "502"}


def test_whole_update_without_a_message_clears_the_old_one() -> None:
    view = view_of(
        service(
            "api", status=Status.DOWN, details={"message": "Service not configured"}
        )
    )

    applied = view.apply(ServiceUpdate("api", at(1), Status.UP, 20.0, {}, whole=True))

    assert applied is not None
    assert applied.status_changed is True
    assert view.services["api"].details == {}


def test_partial_update_with_the_same_details_still_merges() -> None:
    view = view_of(service("api", details={"message": "old", "region": "eu"}))

    view.apply(ServiceUpdate("api", at(1), details={"message": "new"}))

    assert view.services["api"].details == {"message": "new", "region": "eu"}


# ----------------------------------------------------------------- uptime


def test_bulk_carries_uptime() -> None:
    view = view_of(service("api", uptime_24h=99.9, uptime_30d=99.5))

    assert view.services["api"].uptime_24h == 99.9
    assert view.services["api"].uptime_30d == 99.5


def test_update_changes_uptime_and_leaves_it_when_absent() -> None:
    view = view_of(service("api", uptime_24h=99.9, uptime_30d=99.5))

    changed = view.apply(ServiceUpdate("api", at(1), uptime_24h=98.0))
    kept = view.apply(ServiceUpdate("api", at(2), status=Status.DOWN))

    assert changed is not None
    assert (changed.service.uptime_24h, changed.service.uptime_30d) == (98.0, 99.5)
    assert kept is not None
    assert (kept.service.uptime_24h, kept.service.uptime_30d) == (98.0, 99.5)


def test_update_with_null_uptime_clears_it() -> None:
    view = view_of(service("api", uptime_24h=99.9, uptime_30d=99.5))

    applied = view.apply(
        ServiceUpdate("api", at(1), uptime_24h=None, uptime_30d=None, whole=True)
    )

    assert applied is not None
    assert applied.service.uptime_24h is None
    assert applied.service.uptime_30d is None
    assert applied.gained_figure is False


def test_only_an_uptime_change_is_a_change() -> None:
    view = view_of(service("api", last_check=at(10), uptime_24h=99.9))

    applied = view.apply(ServiceUpdate("api", at(10), uptime_24h=99.8))

    assert applied is not None
    assert applied.status_changed is False
    assert view.apply(ServiceUpdate("api", at(10), uptime_24h=99.8)) is None


def test_bulk_reports_services_that_gain_an_uptime() -> None:
    view = view_of(service("api"), service("db"), service("mail", uptime_24h=99.0))

    change = view.replace(
        bulk(
            service("api", uptime_24h=99.9),
            service("db", uptime_30d=97.0),
            service("mail", uptime_24h=98.0, uptime_30d=99.0),
        )
    )

    # mail had a 24-hour uptime already and gains its 30-day one.
    assert change.gained_figures == ("api", "db", "mail")
    assert change.changed == ("api", "db", "mail")


def test_bulk_that_only_changes_or_drops_uptime_gains_none() -> None:
    view = view_of(
        service("api", uptime_24h=99.9, uptime_30d=99.5), service("db", uptime_24h=1.0)
    )

    change = view.replace(
        bulk(service("api", uptime_24h=98.0, uptime_30d=99.0), service("db"))
    )

    assert change.changed == ("api", "db")
    assert change.gained_figures == ()


def test_new_service_with_uptime_is_added_not_gained() -> None:
    view = view_of(service("api"))

    change = view.replace(bulk(service("api"), service("web", uptime_24h=99.0)))

    assert change.added == ("web",)
    assert change.gained_figures == ()
    assert view.services["web"].uptime_24h == 99.0


def test_update_that_first_brings_an_uptime_gains_it() -> None:
    view = view_of(service("api"))

    first = view.apply(ServiceUpdate("api", at(1), uptime_24h=99.9))
    again = view.apply(ServiceUpdate("api", at(2), uptime_24h=99.8))
    thirty = view.apply(ServiceUpdate("api", at(3), uptime_30d=99.0))
    other = view.apply(ServiceUpdate("api", at(4), status=Status.DOWN))

    assert first is not None
    assert first.gained_figure is True
    assert again is not None
    assert again.gained_figure is False
    assert thirty is not None
    assert thirty.gained_figure is True
    assert other is not None
    assert other.gained_figure is False


def test_update_with_null_uptime_gains_none() -> None:
    view = view_of(service("api"))

    applied = view.apply(
        ServiceUpdate("api", at(1), Status.DOWN, None, {}, None, None, whole=True)
    )

    assert applied is not None
    assert applied.gained_figure is False


# Figures only some servers give: they merge and are gained like uptime.
MORE_FIGURES = {"uptime_1y": 99.7, "average_response_time": 41.5, "cert_days_left": -2}


@pytest.mark.parametrize(("figure", "value"), MORE_FIGURES.items())
def test_update_that_first_brings_another_figure_gains_it(
    figure: str, value: float
) -> None:
    view = view_of(service("api"))

    first = view.apply(ServiceUpdate("api", at(1), **{figure: value}))
    absent = view.apply(ServiceUpdate("api", at(2), status=Status.DOWN))
    cleared = view.apply(ServiceUpdate("api", at(3), **{figure: None}))

    assert first is not None
    assert first.gained_figure is True
    assert getattr(first.service, figure) == value
    assert absent is not None
    assert absent.gained_figure is False
    assert getattr(absent.service, figure) == value
    assert cleared is not None
    assert getattr(cleared.service, figure) is None


@pytest.mark.parametrize(("figure", "value"), MORE_FIGURES.items())
def test_only_another_figures_change_is_a_change(figure: str, value: float) -> None:
    view = view_of(service("api", last_check=at(10), **{figure: value}))

    assert view.apply(ServiceUpdate("api", at(10), **{figure: value})) is None
    assert view.apply(ServiceUpdate("api", at(10), **{figure: value + 1})) is not None


def test_bulk_reports_services_that_gain_another_figure() -> None:
    view = view_of(service("api"), service("db", cert_days_left=30))

    change = view.replace(
        bulk(service("api", average_response_time=12.0), service("db"))
    )

    assert change.gained_figures == ("api",)
    assert change.changed == ("api", "db")


def test_bulk_reports_services_whose_name_group_or_url_changed() -> None:
    view = view_of(
        service("api", group="Core", url="https://api.example.com"),
        service("db"),
        service("mail"),
        service("web"),
        service("cdn", group="Edge"),
    )

    change = view.replace(
        bulk(
            service("api", name="API v2", group="Core", url="https://api.example.com"),
            service("db", group="Storage"),
            service("mail", url="https://mail.example.com"),
            service("web", status=Status.DOWN, response_time=None),
            service("cdn"),
        )
    )

    # web changed its status only: nothing its device shows.
    assert change.relabeled == ("api", "db", "mail", "cdn")
    assert change.changed == ("api", "db", "mail", "web", "cdn")


def test_kept_and_new_services_are_not_relabeled() -> None:
    view = view_of(service("api"))

    change = view.replace(bulk(service("db", name="Database"), kept={"api"}))

    assert change.added == ("db",)
    assert change.relabeled == ()
