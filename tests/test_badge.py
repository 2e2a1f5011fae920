"""The status badge (badge.svg): valid SVG whose text and colour follow the overall status."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from incident_reports.core.archive import Archive
from incident_reports.core.catalogue import Catalogue, Group, Service
from incident_reports.core.model import build_record
from incident_reports.core.schema import Report
from incident_reports.core.settings import Settings
from incident_reports.views.badge import COLOURS, badge_svg, render
from incident_reports.views.context import SiteContext
from incident_reports.views.renderer import Renderer

SVG = "{http://www.w3.org/2000/svg}"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SETTINGS = Settings(timezone="Europe/London")
CATALOGUE = Catalogue((Group(name="Public", services=[
    Service(id="apply", name="Apply", since=date(2024, 1, 1)),
    Service(id="paper", name="Paper forms", since=date(2024, 1, 1), retired=date(2026, 6, 30)),
]),))


def parsed(svg: str | bytes) -> ET.Element:
    """The badge as XML; anything but well-formed SVG fails the test."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    """The visible text of the badge, label then message."""
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def badge_for(*reports: dict[str, Any]) -> str:
    """The badge rendered for these reports at the fixed now."""
    records = tuple(
        build_record(Report.model_validate({"visibility": "public", "summary": "s", **r}), "x.md", "", SETTINGS, NOW)
        for r in reports
    )
    ctx = SiteContext(Archive(records, CATALOGUE), SETTINGS, NOW, Renderer(SETTINGS, "public"))
    [output] = render(ctx)
    assert output.path == "badge.svg"
    assert isinstance(output.content, str)
    return output.content


@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_the_example_badge_says_partial_outage(build: str, request: pytest.FixtureRequest) -> None:
    folder: Path = request.getfixturevalue(build)
    root = parsed((folder / "badge.svg").read_bytes())
    assert root.get("role") == "img"
    assert root.get("aria-label") == "status: Partial outage"
    assert root.findtext(f"{SVG}title") == "status: Partial outage"
    assert texts(root) == ["status", "Partial outage"]
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert COLOURS["major"] in fills


def test_both_builds_publish_the_same_badge(internal_build: Path, public_build: Path) -> None:
    # The internal build also counts the internal caseworker tool, whose partial outage is no worse than payments'.
    assert (internal_build / "badge.svg").read_bytes() == (public_build / "badge.svg").read_bytes()


@pytest.mark.parametrize(("reports", "indicator", "message"), [
    ([], "none", "Operational"),
    ([{"id": "slow", "title": "Slow", "severity": "P3", "status": "investigating", "services": ["apply"],
       "started": "2026-11-26T09:00:00Z"}], "minor", "Degraded performance"),
    ([{"id": "down", "title": "Down", "severity": "P1", "status": "identified", "services": ["apply"],
       "started": "2026-11-26T09:00:00Z"}], "critical", "Major outage"),
    ([{"id": "move", "title": "Move", "kind": "maintenance", "services": ["apply"],
       "scheduled_for": "2026-11-26T10:00:00Z", "scheduled_until": "2026-11-26T14:00:00Z"}],
     "maintenance", "Under maintenance"),
    # A window still to come, and an outage on a retired service, change nothing.
    ([{"id": "later", "title": "Later", "kind": "maintenance", "services": ["apply"],
       "scheduled_for": "2026-12-03T20:00:00Z", "scheduled_until": "2026-12-03T23:00:00Z"},
      {"id": "old", "title": "Old", "severity": "P1", "status": "investigating", "services": ["paper"],
       "started": "2026-11-26T09:00:00Z"}], "none", "Operational"),
])
def test_the_badge_follows_the_overall_status(reports: list[dict[str, Any]], indicator: str, message: str) -> None:
    svg = badge_for(*reports)
    root = parsed(svg)
    assert texts(root) == ["status", message]
    assert root.get("aria-label") == f"status: {message}"
    assert root.findtext(f"{SVG}title") == f"status: {message}"
    assert COLOURS[indicator] in [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert badge_for(*reports) == svg, "the same status gives the same bytes"


def test_each_half_is_wide_enough_for_its_text() -> None:
    root = parsed(badge_svg("status", "Degraded performance", COLOURS["minor"]))
    width = int(root.get("width") or 0)
    label_rect, message_rect = list(root.iter(f"{SVG}rect"))[1:]
    assert int(label_rect.get("width") or 0) + int(message_rect.get("width") or 0) == width
    assert int(message_rect.get("x") or 0) == int(label_rect.get("width") or 0)
    for text, rect in zip(root.iter(f"{SVG}text"), (label_rect, message_rect), strict=True):
        left = int(rect.get("x") or 0)
        assert int(text.get("textLength") or 0) < int(rect.get("width") or 0)
        assert left < float(text.get("x") or 0) < left + int(rect.get("width") or 0)


def test_text_is_escaped() -> None:
    root = parsed(badge_svg("a<b", 'x & "y"', "#000000"))
    assert texts(root) == ["a<b", 'x & "y"']
    assert root.get("aria-label") == 'a<b: x & "y"'
