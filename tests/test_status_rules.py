"""The status rules (docs/handbook/report-format.md, "Status rules") as pure functions: no files, no build."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from incident_reports.core.catalogue import Catalogue, Group, Service
from incident_reports.core.model import Record, build_record
from incident_reports.core.schema import Report
from incident_reports.core.settings import Settings
from incident_reports.core.status import (
    active_incidents,
    availability,
    history,
    maintenance_in_progress,
    overall,
    period_availability,
    service_statuses,
    shown_statuses,
    upcoming_maintenance,
)

LONDON = ZoneInfo("Europe/London")
SETTINGS = Settings(timezone="Europe/London")
#: The example site's "now": Thursday 26 November 2026, 12:00 GMT.
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
CATALOGUE = Catalogue((
    Group(name="Public", services=[
        Service(id="apply", name="Apply", since=date(2024, 1, 1)),
        Service(id="pay", name="Pay", since=date(2024, 1, 1)),
    ]),
    Group(name="Old", services=[
        Service(id="paper", name="Paper forms", since=date(2024, 1, 1), retired=date(2026, 6, 30)),
    ]),
))


def record(now: datetime = NOW, settings: Settings = SETTINGS, **fields: Any) -> Record:
    """A report built from front-matter fields, as the loader would after validation."""
    report = Report.model_validate({"visibility": "public", "summary": "Something happened.", **fields})
    return build_record(report, f"incidents/{report.id}.md", "", settings, now)


def incident(report_id: str, services: Any, started: str, resolved: str | None = None, **fields: Any) -> Record:
    """An incident, resolved when ``resolved`` is given, else still investigating."""
    status = {"status": "resolved", "resolved": resolved} if resolved else {"status": "investigating"}
    return record(
        id=report_id, title=report_id, severity=fields.pop("severity", "P2"), services=services, started=started,
        **status, **fields,
    )


def maintenance(report_id: str, services: list[str], start: str, end: str, **fields: Any) -> Record:
    """A maintenance window, its status derived from the window and now unless given."""
    return record(
        id=report_id, title=report_id, kind="maintenance", services=services,
        scheduled_for=start, scheduled_until=end, **fields,
    )


def day_of(service_id: str, records: list[Record], day: date, *, now: datetime = NOW,
           settings: Settings = SETTINGS) -> Any:
    """One day of a service's availability bar."""
    service = CATALOGUE.services[service_id]
    return next(d for d in availability(service, records, settings, now) if d.day == day)


# --- each service's status -------------------------------------------------


def test_overlapping_incidents_take_the_worst_current_impact() -> None:
    records = [
        incident("slow", {"pay": "degraded_performance"}, "2026-11-26T09:00:00Z"),
        incident("failing", {"pay": "partial_outage"}, "2026-11-26T10:00:00Z"),
    ]
    assert service_statuses(records, CATALOGUE, NOW) == {"apply": "operational", "pay": "partial_outage",
                                                         "paper": "operational"}


def test_a_resolved_incident_and_a_near_miss_change_no_status() -> None:
    records = [
        incident("fixed", ["pay"], "2026-11-26T09:00:00Z", "2026-11-26T10:00:00Z", severity="P1"),
        incident("near-miss", ["apply"], "2026-11-26T09:00:00Z", impact="none"),
    ]
    assert set(service_statuses(records, CATALOGUE, NOW).values()) == {"operational"}


def test_an_update_lowers_the_impact_from_its_time() -> None:
    records = [incident(
        "easing", ["pay"], "2026-11-26T09:00:00Z", impact="partial_outage",
        updates=[
            {"at": "2026-11-26T09:10:00Z", "status": "investigating", "message": "Looking."},
            {"at": "2026-11-26T11:00:00Z", "status": "monitoring", "message": "Better.",
             "impact": "degraded_performance"},
        ],
    )]
    assert service_statuses(records, CATALOGUE, NOW)["pay"] == "degraded_performance"


def test_an_exercise_never_changes_a_status() -> None:
    game_day = record(
        id="game-day", title="Game day", kind="exercise", severity="P1", status="investigating",
        visibility="internal", services=["pay"], started="2026-11-26T09:00:00Z",
    )
    assert service_statuses([game_day], CATALOGUE, NOW)["pay"] == "operational"
    assert active_incidents([game_day]) == []
    assert day_of("pay", [game_day], date(2026, 11, 26)).availability == 1.0


def test_maintenance_in_its_window_puts_its_services_under_maintenance() -> None:
    window = maintenance("move", ["apply"], "2026-11-26T10:00:00Z", "2026-11-26T14:00:00Z")
    assert window.status == "in_progress"
    assert service_statuses([window], CATALOGUE, NOW)["apply"] == "under_maintenance"


def test_an_incident_outranks_maintenance_on_the_same_service() -> None:
    records = [
        maintenance("move", ["apply"], "2026-11-26T10:00:00Z", "2026-11-26T14:00:00Z"),
        incident("slow", {"apply": "degraded_performance"}, "2026-11-26T11:00:00Z"),
    ]
    assert service_statuses(records, CATALOGUE, NOW)["apply"] == "degraded_performance"


def test_a_future_window_never_changes_todays_status() -> None:
    later_today = maintenance("tonight", ["pay"], "2026-11-26T20:00:00Z", "2026-11-26T22:00:00Z")
    next_week = maintenance("upgrade", ["apply"], "2026-12-03T20:00:00Z", "2026-12-03T23:00:00Z")
    assert later_today.status == next_week.status == "scheduled"
    statuses = service_statuses([later_today, next_week], CATALOGUE, NOW)
    assert set(statuses.values()) == {"operational"}
    assert overall(statuses) == ("none", "All Systems Operational")
    assert maintenance_in_progress([later_today, next_week]) == []


def test_maintenance_is_completed_once_its_window_has_ended_unless_cancelled() -> None:
    done = maintenance("done", ["pay"], "2026-11-26T08:00:00Z", "2026-11-26T09:00:00Z")
    overrunning = maintenance("overrun", ["apply"], "2026-11-26T08:00:00Z", "2026-11-26T09:00:00Z",
                              status="in_progress")
    cancelled = maintenance("cancelled", ["pay"], "2026-11-26T10:00:00Z", "2026-11-26T14:00:00Z",
                            status="cancelled")
    assert (done.status, overrunning.status, cancelled.status) == ("completed", "completed", "cancelled")
    statuses = service_statuses([done, overrunning, cancelled], CATALOGUE, NOW)
    assert set(statuses.values()) == {"operational"}


def test_verifying_counts_as_maintenance_only_within_the_window() -> None:
    within = maintenance("within", ["apply"], "2026-11-26T10:00:00Z", "2026-11-26T14:00:00Z", status="verifying")
    after = maintenance("after", ["pay"], "2026-11-19T19:00:00Z", "2026-11-19T22:00:00Z", status="verifying")
    statuses = service_statuses([within, after], CATALOGUE, NOW)
    assert (statuses["apply"], statuses["pay"]) == ("under_maintenance", "operational")
    assert after.status == "completed"
    assert maintenance_in_progress([after, within]) == [within]


# --- the overall indicator --------------------------------------------------


@pytest.mark.parametrize(("statuses", "expected"), [
    ({}, ("none", "All Systems Operational")),
    ({"a": "operational", "b": "operational"}, ("none", "All Systems Operational")),
    ({"a": "operational", "b": "under_maintenance"}, ("maintenance", "Service Under Maintenance")),
    ({"a": "under_maintenance", "b": "degraded_performance"}, ("minor", "Minor Service Outage")),
    ({"a": "partial_outage", "b": "degraded_performance"}, ("major", "Partial System Outage")),
    ({"a": "partial_outage", "b": "major_outage"}, ("critical", "Major Service Outage")),
])
def test_the_overall_indicator_is_the_worst_status(statuses: dict[str, str], expected: tuple[str, str]) -> None:
    assert overall(statuses) == expected


def test_a_retired_service_no_longer_counts_towards_the_overall_status() -> None:
    statuses = {"apply": "operational", "pay": "operational", "paper": "major_outage"}
    shown = shown_statuses(statuses, CATALOGUE, NOW.date())
    assert shown == {"apply": "operational", "pay": "operational"}
    assert overall(shown)[0] == "none"
    before_retirement = shown_statuses(statuses, CATALOGUE, date(2026, 6, 29))
    assert overall(before_retirement)[0] == "critical"


# --- availability -------------------------------------------------------------


def test_availability_covers_the_configured_days_oldest_first() -> None:
    days = availability(CATALOGUE.services["pay"], [], SETTINGS, NOW)
    assert len(days) == 90
    assert (days[0].day, days[-1].day) == (date(2026, 8, 29), date(2026, 11, 26))
    assert all(d.availability == 1.0 and d.worst is None for d in days)
    assert period_availability(days) == 1.0


def test_overlapping_incidents_count_the_worst_impact_at_each_instant() -> None:
    records = [
        # 10:00 to 11:00 major outage, overlapping 10:30 to 12:00 partial outage (GMT = UTC in November).
        incident("down", {"pay": "major_outage"}, "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z"),
        incident("partly", {"pay": "partial_outage"}, "2026-11-20T10:30:00Z", "2026-11-20T12:00:00Z"),
    ]
    day = day_of("pay", records, date(2026, 11, 20))
    lost_hours = 1.0 * 1.0 + 1.0 * 0.3  # the overlap counts once, at the worse impact
    assert day.availability == pytest.approx(1 - lost_hours / 24)
    assert day.worst == "major_outage"
    assert set(day.incidents) == {"down", "partly"}


def test_weights_come_from_the_settings() -> None:
    records = [incident("slow", {"pay": "degraded_performance"}, "2026-11-20T10:00:00Z", "2026-11-20T12:00:00Z")]
    default = day_of("pay", records, date(2026, 11, 20))
    assert default.availability == 1.0 and default.worst == "degraded_performance"
    weighted = Settings(timezone="Europe/London", availability_weights={
        "major_outage": 1.0, "partial_outage": 0.5, "degraded_performance": 0.25,
    })
    day = day_of("pay", records, date(2026, 11, 20), settings=weighted)
    assert day.availability == pytest.approx(1 - 2 * 0.25 / 24)


def test_days_before_since_have_no_data_and_do_not_count() -> None:
    new = Catalogue((Group(name="New", services=[Service(id="new", name="New", since=date(2026, 11, 20))]),))
    records = [incident("down", {"new": "major_outage"}, "2026-11-21T00:00:00Z", "2026-11-21T12:00:00Z",
                        severity="P1")]
    days = availability(new.services["new"], records, SETTINGS, NOW)
    assert [d.availability for d in days[:-7]] == [None] * 83
    assert days[-7].day == date(2026, 11, 20) and days[-7].availability == 1.0
    assert days[-6].availability == pytest.approx(0.5)
    assert period_availability(days) == pytest.approx((6 + 0.5) / 7)


@pytest.mark.parametrize(("day", "hours"), [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25)])
def test_a_day_when_the_clocks_change_has_its_real_length(day: date, hours: int) -> None:
    # One hour of major outage from 06:00 local time (after the change on both days).
    start = datetime.combine(day, datetime.min.time().replace(hour=6), LONDON).astimezone(UTC)
    end = start + timedelta(hours=1)
    records = [incident("hour", {"pay": "major_outage"}, start.isoformat(), end.isoformat())]
    now = datetime(day.year, day.month, day.day + 1, 12, tzinfo=UTC)
    assert day_of("pay", records, day, now=now).availability == pytest.approx(1 - 1 / hours)


def test_an_outage_all_day_on_a_clock_change_day_is_zero() -> None:
    # 25 October 2026 in London runs from 00:00 BST (23:00 UTC the day before) for 25 hours.
    records = [incident("all-day", {"pay": "major_outage"}, "2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z")]
    now = datetime(2026, 10, 27, 12, tzinfo=UTC)
    assert day_of("pay", records, date(2026, 10, 25), now=now).availability == 0.0
    assert day_of("pay", records, date(2026, 10, 24), now=now).availability == 1.0


def test_today_counts_only_up_to_now() -> None:
    records = [incident("since-midnight", {"pay": "major_outage"}, "2026-11-26T00:00:00Z")]
    today = day_of("pay", records, date(2026, 11, 26))
    assert today.availability == 0.0  # down for all of today so far, however short
    half = [incident("morning", {"pay": "major_outage"}, "2026-11-26T06:00:00Z")]
    assert day_of("pay", half, date(2026, 11, 26)).availability == pytest.approx(0.5)


def test_maintenance_never_counts_as_downtime() -> None:
    all_day = maintenance("long", ["pay"], "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z",
                          started="2026-11-20T00:00:00Z", resolved="2026-11-21T00:00:00Z")
    day = day_of("pay", [all_day], date(2026, 11, 20))
    assert (day.availability, day.worst, day.incidents) == (1.0, None, ())


def test_a_future_window_changes_no_availability() -> None:
    upcoming = maintenance("tonight", ["pay"], "2026-11-26T20:00:00Z", "2026-11-26T22:00:00Z")
    assert day_of("pay", [upcoming], date(2026, 11, 26)).availability == 1.0


# --- what the status page lists ----------------------------------------------


def test_active_incidents_are_unresolved_incidents_newest_first() -> None:
    older = incident("older", ["pay"], "2026-11-25T10:00:00Z")
    newer = incident("newer", ["apply"], "2026-11-26T10:00:00Z")
    fixed = incident("fixed", ["pay"], "2026-11-26T09:00:00Z", "2026-11-26T09:30:00Z")
    window = maintenance("move", ["apply"], "2026-11-26T10:00:00Z", "2026-11-26T14:00:00Z")
    assert active_incidents([older, fixed, window, newer]) == [newer, older]


def test_upcoming_maintenance_is_scheduled_and_not_yet_over_soonest_first() -> None:
    later = maintenance("later", ["pay"], "2026-12-03T20:00:00Z", "2026-12-03T23:00:00Z")
    sooner = maintenance("sooner", ["apply"], "2026-11-27T20:00:00Z", "2026-11-27T23:00:00Z")
    stale = maintenance("forgotten", ["pay"], "2026-11-20T20:00:00Z", "2026-11-20T23:00:00Z", status="scheduled")
    cancelled = maintenance("called-off", ["pay"], "2026-11-28T20:00:00Z", "2026-11-28T23:00:00Z",
                            status="cancelled")
    now_on = maintenance("now-on", ["apply"], "2026-11-26T10:00:00Z", "2026-11-26T14:00:00Z")
    assert upcoming_maintenance([later, stale, cancelled, now_on, sooner], NOW) == [sooner, later]


def test_history_lists_every_recent_day_with_what_began_on_it() -> None:
    records = [
        incident("today", ["pay"], "2026-11-26T09:00:00Z"),
        # London is on GMT in November, so 23:30 UTC is still the 25th there.
        incident("late", ["pay"], "2026-11-25T23:30:00Z", "2026-11-26T00:30:00Z"),
        maintenance("window", ["apply"], "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z"),
        maintenance("upcoming", ["apply"], "2026-11-26T20:00:00Z", "2026-11-26T22:00:00Z"),
        incident("too-old", ["pay"], "2026-11-01T09:00:00Z", "2026-11-01T10:00:00Z"),
        record(id="drill", title="Drill", kind="exercise", severity="P1", status="investigating",
               visibility="internal", services=["pay"], started="2026-11-24T09:00:00Z"),
    ]
    days = history(records, LONDON, NOW, 14)
    assert [day for day, _ in days] == [date(2026, 11, 26) - timedelta(days=n) for n in range(14)]
    found = {day: [r.id for r in reports] for day, reports in days if reports}
    assert found == {date(2026, 11, 26): ["today"], date(2026, 11, 25): ["late"], date(2026, 11, 20): ["window"]}


def test_history_puts_a_report_on_its_local_day() -> None:
    # 23:30 UTC on 14 July is 00:30 BST on the 15th.
    summer_now = datetime(2026, 7, 20, 12, tzinfo=UTC)
    late = incident("late", ["pay"], "2026-07-14T23:30:00Z", "2026-07-15T00:30:00Z")
    found = {day: [r.id for r in reports] for day, reports in history([late], LONDON, summer_now, 14) if reports}
    assert found == {date(2026, 7, 15): ["late"]}


# --- an incident's own impact (the API's) ---------------------------------------------


def test_an_incidents_own_impact_is_the_one_its_report_writes_else_the_worst_its_services_reached() -> None:
    from incident_reports.core.status import INCIDENT_IMPACT, incident_impact

    # The report says major outage; its one service is only degraded: the report's word stands.
    written = incident("written", {"pay": "degraded_performance"}, "2026-11-26T09:00:00Z", impact="major_outage")
    assert written.peak_impact == "degraded_performance"
    assert INCIDENT_IMPACT[incident_impact(written)] == "critical"
    # An update that eases it does not change it either.
    eased = record(
        id="eased", title="Eased", severity="P1", services=["pay"], impact="partial_outage", started="2026-11-26T09:00:00Z",
        updates=[{"at": "2026-11-26T10:00:00Z", "status": "monitoring", "message": "Better.", "impact": "degraded_performance"}],
    )
    assert INCIDENT_IMPACT[incident_impact(eased)] == "major"
    # Without a written impact: the worst its services reached, not where they are now.
    mapped = record(
        id="mapped", title="Mapped", severity="P3", services={"pay": "major_outage", "apply": "degraded_performance"},
        started="2026-11-26T09:00:00Z",
        updates=[{"at": "2026-11-26T10:00:00Z", "status": "monitoring", "message": "Better.", "impact": "degraded_performance"}],
    )
    assert incident_impact(mapped) == "major_outage"
