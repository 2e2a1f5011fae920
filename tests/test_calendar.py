"""The maintenance calendar, parsed with icalendar."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import built

AUTHORITY = "status.rivers.example.gov.uk"
UPGRADE = "2026-12-03-licence-check-api-database-upgrade"
#: Every maintenance window of the example, all public.
WINDOWS = {
    UPGRADE: ("2026-12-03T20:00:00Z", "2026-12-03T23:00:00Z", "CONFIRMED"),
    "2026-11-26-document-upload-storage-migration": ("2026-11-26T10:00:00Z", "2026-11-26T14:00:00Z", "CONFIRMED"),
    "2026-11-19-renew-licence-reminder-changes": ("2026-11-19T19:00:00Z", "2026-11-19T22:00:00Z", "CONFIRMED"),
    "2026-11-12-payments-provider-certificate-rotation": ("2026-11-12T21:00:00Z", "2026-11-12T23:00:00Z", "CANCELLED"),
    # Written with +01:00 in the report: published in UTC.
    "2026-10-14-sign-in-identity-provider-upgrade": ("2026-10-14T19:00:00Z", "2026-10-14T22:00:00Z", "CONFIRMED"),
}


def events(site: Path) -> dict[str, object]:
    """The calendar's events by UID."""
    calendar = Calendar.from_ical((site / "maintenance.ics").read_bytes())
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "two events share a UID"
    return found


def utc(event, key: str) -> datetime:
    moment = event.decoded(key)
    assert moment.utcoffset().total_seconds() == 0, f"{key} is not in UTC"
    return moment.astimezone(UTC)


@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_one_event_per_window_in_utc_with_stable_uids(build: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(build)
    found = events(site)
    assert set(found) == {f"{report_id}@{AUTHORITY}" for report_id in WINDOWS}
    raw = (site / "maintenance.ics").read_text(encoding="utf-8")
    # Every time in the file is written in UTC (a trailing Z), never with a TZID.
    assert "TZID" not in raw
    for report_id, (start, end, status) in WINDOWS.items():
        event = found[f"{report_id}@{AUTHORITY}"]
        assert str(event["STATUS"]) == status
        assert utc(event, "DTSTART") == datetime.fromisoformat(start)
        assert utc(event, "DTEND") == datetime.fromisoformat(end)
        assert str(event["URL"]).endswith(f"/incidents/{report_id}/")
        assert str(event["URL"]) in str(event["DESCRIPTION"])
        assert str(event["SUMMARY"])
    upgrade = found[f"{UPGRADE}@{AUTHORITY}"]
    assert str(upgrade["SUMMARY"]) == "Licence checking API database upgrade"
    assert "We are upgrading the database behind the Licence checking API" in str(upgrade["DESCRIPTION"])
    assert "Licence checking API" in str(upgrade["DESCRIPTION"])
    # DTSTAMP is the newest public update (24 Nov), not the build time or the future window.
    assert utc(upgrade, "DTSTAMP") == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def test_internal_windows_stay_out_of_the_public_calendar_and_api(site_copy: Path) -> None:
    report = site_copy / "incidents" / f"{UPGRADE}.md"
    report.write_text(report.read_text(encoding="utf-8").replace("visibility: public", "visibility: internal"))
    public = built(site_copy, "mkdocs.public.yml")
    internal = built(site_copy, "mkdocs.yml")
    assert f"{UPGRADE}@{AUTHORITY}" not in events(public)
    assert UPGRADE not in (public / "maintenance.ics").read_text(encoding="utf-8")
    assert f"{UPGRADE}@{AUTHORITY}" in events(internal)
    # The API is the public one in both builds: no upcoming window left in either.
    for site in (public, internal):
        upcoming = json.loads((site / "api" / "v2" / "scheduled-maintenances" / "upcoming.json").read_text())
        assert upcoming["scheduled_maintenances"] == []
