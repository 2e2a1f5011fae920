"""core/metrics.py, with no MkDocs: statistics, groupings, timings, actions and hygiene by hand-computed values.

The last tests load the fixture archive (tests/insights_fixture.py) with the
core alone and check every figure the insights page shows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from incident_reports.core import metrics
from incident_reports.core.archive import Archive, load_archive
from incident_reports.core.model import Record, build_record
from incident_reports.core.schema import Action, Report
from incident_reports.core.settings import Settings

from insights_fixture import NOW, REPORTS, fixture_site

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 26)
START = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


def record(**fields: Any) -> Record:
    """A record of an incident started at START, with ``fields`` over its defaults."""
    values: dict[str, Any] = {
        "id": "r", "title": "A test", "severity": "P3", "status": "investigating", "visibility": "internal",
        "services": ["payments"], "started": START,
    }
    values.update(fields)
    return build_record(Report.model_validate(values), "incidents/r.md", "", Settings(), NOW)


def minutes_after(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def act(status: str, due: date | None = None, done_on: date | None = None, **fields: Any) -> Action:
    return Action.model_validate({"title": "Do it", "owner": "Sam", "status": status, "due": due, "done_on": done_on, **fields})


# --------------------------------------------------------------------- statistics


@pytest.mark.parametrize(("values", "expected"), [
    ([], None), ([7], 7), ([1, 3], 2), ([3, 1, 2], 2), ([4, 1, 3, 2], 2.5), ([10, 0, 30, 2], 6),
])
def test_median_is_the_middle_value_or_the_mean_of_the_two_middle_values(values: list[float], expected: float | None) -> None:
    assert metrics.median(values) == expected


@pytest.mark.parametrize(("values", "percent", "expected"), [
    # The textbook example: 15, 20, 35, 40, 50.
    ([15, 20, 35, 40, 50], 30, 20), ([15, 20, 35, 40, 50], 40, 20), ([15, 20, 35, 40, 50], 50, 35),
    ([15, 20, 35, 40, 50], 100, 50), ([50, 15, 40, 20, 35], 5, 15),
    # p90 of 10 values is the 9th (ceil 9.0), of 11 the 10th (ceil 9.9), of 20 the 18th.
    (list(range(1, 11)), 90, 9), (list(range(1, 12)), 90, 10), (list(range(20, 0, -1)), 90, 18),
    ([], 90, None),
])
def test_nearest_rank_percentile(values: list[float], percent: int, expected: float | None) -> None:
    assert metrics.nearest_rank(values, percent) == expected


def test_the_90th_percentile_is_hidden_below_ten_values_and_shown_from_ten() -> None:
    assert metrics.summarise(range(1, 10)) == metrics.Summary(n=9, median=5, p90=None)
    assert metrics.summarise([30, 0, 2, 4, 4, 6, 6, 8, 8, 10]) == metrics.Summary(n=10, median=6, p90=10)
    assert metrics.summarise([]) == metrics.Summary(n=0, median=None, p90=None)


# --------------------------------------------------------------------- calendar


def test_months_and_quarters_are_counted_in_the_site_timezone() -> None:
    late_june = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July in London (BST)
    assert metrics.month_of(late_june, LONDON) == "2026-07"
    assert metrics.quarter_of(late_june, LONDON) == "2026 Q3"
    assert metrics.month_of(late_june, ZoneInfo("UTC")) == "2026-06"
    assert metrics.quarter_of(late_june, ZoneInfo("UTC")) == "2026 Q2"
    assert metrics.quarter_of(datetime(2026, 12, 31, 23, 0, tzinfo=UTC), LONDON) == "2026 Q4"


def test_months_between_crosses_the_year() -> None:
    assert metrics.months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert metrics.months_between("2026-03", "2026-03") == ["2026-03"]


def test_per_month_runs_from_the_first_report_to_this_month_with_empty_months() -> None:
    a = record(id="a", severity="P1", started=datetime(2026, 8, 31, 23, 30, tzinfo=UTC))  # 1 Sep in London
    b = record(id="b", severity="P3", services=["payments", "sign-in"], started=datetime(2026, 9, 2, 9, tzinfo=UTC))
    counts = metrics.per_month([a, b], LONDON, date(2026, 11, 3), metrics.by_severity)
    assert {month: dict(c) for month, c in counts.items()} == {
        "2026-09": {"P1": 1, "P3": 1}, "2026-10": {}, "2026-11": {},
    }
    by_service = metrics.per_month([a, b], LONDON, date(2026, 9, 3), metrics.by_service)
    assert {month: dict(c) for month, c in by_service.items()} == {"2026-09": {"payments": 2, "sign-in": 1}}
    assert metrics.per_month([], LONDON, TODAY, metrics.by_severity) == {}


# --------------------------------------------------------------------- timings


def test_time_to_detect_counts_detection_before_impact_as_zero() -> None:
    assert metrics.time_to_detect(record(detected=minutes_after(7))) == 7
    assert metrics.time_to_detect(record(detected=minutes_after(-15))) == 0
    assert metrics.time_to_detect(record()) is None
    early = [record(detected=minutes_after(-15)), record(detected=minutes_after(0)), record(detected=minutes_after(3))]
    assert metrics.detected_before_impact(early) == 1


def test_time_to_mitigate_falls_back_to_resolution_and_time_to_resolve_needs_it() -> None:
    mitigated = record(mitigated=minutes_after(30), resolved=minutes_after(90), status="resolved")
    only_resolved = record(resolved=minutes_after(40), status="resolved")
    ongoing = record(mitigated=minutes_after(20), status="monitoring")
    assert (metrics.time_to_mitigate(mitigated), metrics.time_to_resolve(mitigated)) == (30, 90)
    assert (metrics.time_to_mitigate(only_resolved), metrics.time_to_resolve(only_resolved)) == (40, 40)
    assert (metrics.time_to_mitigate(ongoing), metrics.time_to_resolve(ongoing)) == (20, None)
    assert metrics.time_to_mitigate(record()) is None


def test_timings_by_group_keep_the_groups_given_even_when_empty() -> None:
    p1 = record(id="a", severity="P1", detected=minutes_after(4), resolved=minutes_after(60), status="resolved")
    p3 = record(id="b", severity="P3", detected=minutes_after(10))
    found = metrics.timings_by([p1, p3], lambda r: r.report.severity or "", ["P1", "P2"])
    assert list(found) == ["P1", "P2", "P3"]
    assert found["P1"]["resolve"] == metrics.Summary(1, 60, None)
    assert found["P2"]["detect"] == metrics.Summary(0, None, None)
    assert found["P3"]["detect"] == metrics.Summary(1, 10, None)
    assert found["P3"]["resolve"] == metrics.Summary(0, None, None)


def test_detection_share_counts_only_reports_that_record_it() -> None:
    found = metrics.detection([
        record(detected_by="user"), record(detected_by="alert"), record(detected_by="user"), record(),
    ])
    assert found.counts == {"alert": 1, "user": 2, "staff": 0, "supplier": 0, "other": 0}
    assert (found.recorded, found.by_users, found.user_share) == (3, 2, 2 / 3)
    assert metrics.detection([record()]).user_share is None


# --------------------------------------------------------------------- actions


@pytest.mark.parametrize(("action", "state", "outcome"), [
    (act("done", date(2026, 2, 1), date(2026, 2, 1)), "done", "on_time"),
    (act("done", date(2026, 2, 1), date(2026, 2, 2)), "done", "late"),
    (act("done", None, date(2026, 2, 2)), "done", "done_undated"),
    (act("done", date(2026, 2, 1)), "done", "done_undated"),
    (act("open", date(2026, 11, 25)), "overdue", "overdue"),
    (act("in_progress", date(2026, 11, 25)), "overdue", "overdue"),
    (act("open", TODAY), "open", "pending"),  # due today is not overdue yet
    (act("in_progress"), "in_progress", "pending"),
    (act("wont_do", date(2020, 1, 1)), "wont_do", "wont_do"),
])
def test_each_action_has_one_state_and_one_outcome(action: Action, state: str, outcome: str) -> None:
    assert metrics.action_state(action, TODAY) == state
    assert metrics.action_outcome(action, TODAY) == outcome


def test_register_order_open_first_then_by_due_date_undated_last() -> None:
    first = record(id="a", actions=[
        act("done", date(2026, 1, 1), date(2026, 1, 1), title="done early"),
        act("open", title="open undated"),
        act("open", date(2026, 12, 1), title="open later"),
    ])
    second = record(id="b", actions=[
        act("wont_do", title="dropped undated"),
        act("in_progress", date(2026, 1, 1), title="overdue"),
        act("done", date(2025, 12, 1), date(2025, 12, 1), title="done earlier"),
    ])
    entries = metrics.action_entries([second, first], TODAY)
    assert [e.action.title for e in entries] == [
        "overdue", "open later", "open undated", "done earlier", "done early", "dropped undated",
    ]
    assert metrics.action_counts(entries) == metrics.ActionCounts(open=3, overdue=1, on_time=2, total=6)


def test_completion_share_and_age_of_open_actions() -> None:
    older = record(id="a", started=datetime(2026, 11, 1, 23, 30, tzinfo=UTC), actions=[  # 1 Nov in London
        act("open", date(2026, 11, 20)), act("done", date(2026, 11, 20), date(2026, 11, 19)),
    ])
    newer = record(id="b", started=datetime(2026, 11, 20, 9, tzinfo=UTC), actions=[
        act("in_progress", date(2026, 12, 20)), act("done", date(2026, 11, 21), date(2026, 11, 22)), act("wont_do"),
    ])
    completion = metrics.action_completion([older, newer], TODAY, LONDON)
    assert completion.outcomes == {"on_time": 1, "late": 1, "done_undated": 0, "overdue": 1, "pending": 1, "wont_do": 1}
    assert (completion.total, completion.due_so_far, completion.on_time_share) == (5, 3, 1 / 3)
    # 1 Nov to 26 Nov is 25 days; 20 Nov to 26 Nov is 6.
    assert completion.open_age_days == metrics.Summary(2, 15.5, None)


# --------------------------------------------------------------------- hygiene


def test_stale_reports_are_draft_or_initial_more_than_the_days_after_resolution() -> None:
    resolved_at = NOW - timedelta(days=14)
    exactly = record(id="exactly", stage="draft", status="resolved", resolved=resolved_at)
    over = record(id="over", stage="initial", status="resolved", resolved=resolved_at - timedelta(minutes=1))
    final = record(id="final", stage="final", status="resolved", resolved=resolved_at - timedelta(days=30),
                   lead="Sam", user_impact="x", timeline=[{"at": START, "event": "x"}], root_cause="x",
                   resolution="x", actions=[])
    unresolved = record(id="open", stage="draft")
    assert [r.id for r in metrics.stale_reports([exactly, over, final, unresolved], NOW, 14)] == ["over"]
    assert metrics.count_by_severity([over], ["P1", "P2"]) == {"P1": 0, "P2": 0, "P3": 1}


# --------------------------------------------------------------------- the fixture archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    site: Path = fixture_site(tmp_path_factory.mktemp("metrics"))
    loaded = load_archive(site, Settings(timezone="Europe/London"), NOW)
    assert not loaded.problems, [str(p) for p in loaded.problems]
    assert len(loaded.records) == len(REPORTS)
    return loaded


def test_fixture_figures_count_incidents_only(archive: Archive) -> None:
    incidents = metrics.incidents(archive.records)
    assert len(incidents) == 13
    assert [r.id for r in metrics.exercises(archive.records)] == ["2025-11-15-game-day-api"]
    counts = metrics.per_month(incidents, LONDON, TODAY, metrics.by_severity)
    # November 2025 (the exercise) and December 2025 (the maintenance) are not months of any incident.
    assert {m: dict(c) for m, c in counts.items()} == {
        "2026-01": {"P3": 2}, "2026-02": {"P3": 1}, "2026-03": {"P2": 1}, "2026-04": {"P3": 1},
        "2026-05": {"P3": 1}, "2026-06": {}, "2026-07": {"P3": 1}, "2026-08": {"P3": 1}, "2026-09": {"P2": 1},
        "2026-10": {"P3": 1}, "2026-11": {"P3": 2, "P1": 1},
    }


def test_fixture_timings_by_severity_and_quarter(archive: Archive) -> None:
    incidents = metrics.incidents(archive.records)
    by_severity = metrics.timings_by(incidents, lambda r: r.report.severity or "", ["P1", "P2", "P3", "P4"])
    S = metrics.Summary
    # P3 detect: 0 (detected 3 min early), 2, 4, 4, 6, 6, 8, 8, 10, 30 -> median (6+6)/2, p90 the 9th value.
    assert by_severity["P3"] == {"detect": S(10, 6, 10), "mitigate": S(9, 50, None), "resolve": S(8, 50, None)}
    assert by_severity["P2"] == {"detect": S(2, 16, None), "mitigate": S(2, 80, None), "resolve": S(2, 160, None)}
    # The P1 exercise (detected after 1000 min) is not here.
    assert by_severity["P1"] == {"detect": S(1, 4, None), "mitigate": S(1, 30, None), "resolve": S(1, 45, None)}
    assert by_severity["P4"] == {m: S(0, None, None) for m in metrics.TIMINGS}
    by_quarter = metrics.timings_by(incidents, lambda r: metrics.quarter_of(r.begins, LONDON))
    assert list(by_quarter) == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    assert by_quarter["2026 Q1"] == {"detect": S(4, 3, None), "mitigate": S(4, 25, None), "resolve": S(4, 30, None)}
    assert by_quarter["2026 Q2"] == {"detect": S(2, 5, None), "mitigate": S(2, 45, None), "resolve": S(2, 50, None)}
    assert by_quarter["2026 Q3"] == {"detect": S(3, 8, None), "mitigate": S(3, 70, None), "resolve": S(3, 75, None)}
    # Q4 resolve: 45 and 601 -> 323.
    assert by_quarter["2026 Q4"] == {"detect": S(4, 9, None), "mitigate": S(3, 80, None), "resolve": S(2, 323, None)}
    assert metrics.detected_before_impact(incidents) == 1


def test_fixture_detection_actions_and_hygiene(archive: Archive) -> None:
    incidents = metrics.incidents(archive.records)
    found = metrics.detection(incidents)
    assert found.counts == {"alert": 4, "user": 4, "staff": 1, "supplier": 1, "other": 1}
    assert (found.recorded, found.by_users) == (11, 4)
    completion = metrics.action_completion(incidents, TODAY, LONDON)
    assert completion.outcomes == {"on_time": 1, "late": 1, "done_undated": 1, "overdue": 2, "pending": 4, "wont_do": 1}
    assert completion.on_time_share == 1 / 4
    # Open since 20 Jan (310 days), 5 Feb (294), 10 Mar (261, twice) and 20 Nov (6, twice).
    assert completion.open_age_days == metrics.Summary(6, 261, None)
    stale = metrics.stale_reports(incidents, NOW, 14)
    assert [r.id for r in stale] == [
        "2026-01-20-payments-double-charge", "2026-02-05-payments-slow", "2026-03-10-payments-outage",
        "2026-04-15-sign-in-slow", "2026-07-01-emails-late", "2026-09-09-renewals-failing",
        "2026-10-01-caseworker-down",
    ]
    assert metrics.count_by_severity(stale, ["P1", "P2", "P3", "P4"]) == {"P1": 0, "P2": 2, "P3": 5, "P4": 0}


def test_a_report_counts_once_towards_each_category_it_names() -> None:
    both = record(categories=["availability", "data"])
    one = record(category="security")
    none = record()
    expected = [["availability", "data"], ["security"], [metrics.UNCATEGORISED]]
    assert [metrics.by_category(r) for r in (both, one, none)] == expected
