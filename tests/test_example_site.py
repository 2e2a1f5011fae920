"""The example site covers the whole report format, as the issue's matrix asks."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from incident_reports.cli.site import load_site
from incident_reports.core.archive import load_archive
from incident_reports.core.schema import INCIDENT_STATUSES, MAINTENANCE_STATUSES, STAGES

from conftest import REPO
from reports import NOW


def example():
    site = load_site(str(REPO / "mkdocs.yml"))
    archive = load_archive(site.root, site.settings, NOW)
    assert archive.problems == (), [str(p) for p in archive.problems]
    return archive


def test_the_example_covers_the_matrix():
    archive = example()
    records = archive.records
    incidents = [r for r in records if r.kind != "maintenance"]
    assert {r.kind for r in records} == {"incident", "maintenance", "exercise"}
    assert {r.report.stage for r in incidents} == set(STAGES)
    assert {r.status for r in records if r.kind == "incident"} == set(INCIDENT_STATUSES)
    # Verifying is a step of the renewal update's history: its window has ended, so it is now completed.
    maintenance = [r for r in records if r.kind == "maintenance"]
    shown = {r.status for r in maintenance} | {u.status for r in maintenance for u in r.report.updates}
    assert shown == set(MAINTENANCE_STATUSES)
    assert {r.report.visibility for r in records} == {"public", "internal"}
    assert any(r.report.report_public for r in records)
    assert any(isinstance(r.report.services, dict) for r in records)
    assert any(u.impact is not None for r in records for u in r.report.updates)
    assert {r.report.severity for r in incidents} == {"P1", "P2", "P3", "P4"}
    internal_services = {s.id for s in archive.catalogue.services.values() if not s.public}
    assert internal_services and any(set(r.services) & internal_services for r in records)
    assert any(s.retired for s in archive.catalogue.services.values())


def test_the_example_uses_offsets_and_a_day_when_clocks_change():
    texts = [p.read_text(encoding="utf-8") for p in (REPO / "incidents").glob("*.md")]
    assert any(re.search(r"T\d\d:\d\d(:\d\d)?\+01:00", t) for t in texts)
    london = ZoneInfo("Europe/London")
    # 25 October 2026: clocks go back, so the local day has 25 hours.
    day = datetime(2026, 10, 25, tzinfo=london)
    next_day = datetime(2026, 10, 26, tzinfo=london)
    assert (next_day.astimezone(UTC) - day.astimezone(UTC)).total_seconds() == 25 * 3600
    started = [r.report.started for r in example().records if r.report.started]
    assert any(s.astimezone(london).date() == day.date() for s in started)


def test_the_example_has_every_status_on_the_status_page_at_its_fixed_now():
    from incident_reports.core.status import service_statuses

    archive = example()
    statuses = service_statuses(archive.records, archive.catalogue, NOW)
    assert statuses["payments"] == "partial_outage"
    assert statuses["sign-in"] == "degraded_performance"
    assert statuses["document-upload"] == "under_maintenance"
    assert statuses["notifications"] == "operational"
    upcoming = [r for r in archive.records if r.kind == "maintenance" and r.status == "scheduled"]
    assert upcoming and all(r.report.scheduled_for > NOW for r in upcoming)
    assert NOW == datetime(2026, 11, 26, 12, tzinfo=UTC)


def test_a_maintenance_window_starts_and_ends_by_itself():
    from datetime import timedelta

    from incident_reports.core.archive import load_report
    from incident_reports.core.loader import parse_report
    from incident_reports.core.settings import Settings

    from reports import example_catalogue

    text = (REPO / "incidents/2026-12-03-licence-check-api-database-upgrade.md").read_bytes()
    source = parse_report(text, "incidents/x.md", "x")
    window_opens = datetime(2026, 12, 3, 20, tzinfo=UTC)
    expected = {NOW: "scheduled", window_opens + timedelta(hours=1): "in_progress",
                window_opens + timedelta(days=1): "completed"}
    for now, status in expected.items():
        record, checked = load_report(source, Settings(), example_catalogue(), now)
        assert record is not None, checked.problems
        assert record.status == status, now
