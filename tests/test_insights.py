"""The insights page (insights/): every figure against hand-computed values; internal build only.

Built with mkdocs from the fixture archive (tests/insights_fixture.py, where
the table of dates is). The exercise and the maintenance in it would change
the months, the P1 timings, the detection shares, the actions and the
hygiene counts if they were counted; they are not.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from incident_reports.core.archive import Archive, load_archive
from incident_reports.core.catalogue import Catalogue
from incident_reports.core.settings import Settings
from incident_reports.views import action_register, insights
from incident_reports.views.context import SiteContext
from incident_reports.views.renderer import Renderer

from insights_fixture import NOW, Table, built_fixture, tables

HIDDEN = "not shown (n < 10)"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_fixture(tmp_path_factory)


@pytest.fixture(scope="module")
def page(site: Path) -> Path:
    return site / "site" / "insights" / "index.html"


@pytest.fixture(scope="module")
def found(page: Path) -> dict[str, Table]:
    return tables(page)


def text_of(page: Path) -> str:
    """The page's text with tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split())


def test_incidents_per_month_by_severity(found: dict[str, Table]) -> None:
    table = found["Incidents per month by severity"]
    # 00:30 on 1 July in London is 23:30 on 30 June in UTC: the month is July. No month of 2025:
    # the exercise (Nov 2025) and the maintenance (Dec 2025) are not incidents.
    assert table.rows == [
        ["Month", "P1", "P2", "P3", "P4", "Total"],
        ["Jan 2026", "0", "0", "2", "0", "2"],
        ["Feb 2026", "0", "0", "1", "0", "1"],
        ["Mar 2026", "0", "1", "0", "0", "1"],
        ["Apr 2026", "0", "0", "1", "0", "1"],
        ["May 2026", "0", "0", "1", "0", "1"],
        ["Jun 2026", "0", "0", "0", "0", "0"],
        ["Jul 2026", "0", "0", "1", "0", "1"],
        ["Aug 2026", "0", "0", "1", "0", "1"],
        ["Sep 2026", "0", "1", "0", "0", "1"],
        ["Oct 2026", "0", "0", "1", "0", "1"],
        ["Nov 2026", "1", "0", "2", "0", "3"],
        ["Total", "1", "2", "10", "0", "13"],
    ]


def test_incidents_per_month_by_service(found: dict[str, Table]) -> None:
    table = found["Incidents per month by service"]
    # Catalogue order; an incident counts for each service it lists; the exercise's licence API and
    # the maintenance's document upload are absent.
    assert table.rows[0] == [
        "Month", "Apply online", "Renew a licence", "Card payments", "Sign in", "Email and text messages",
        "Caseworker tool",
    ]
    assert table.row("Jan 2026") == ["Jan 2026", "2", "0", "1", "0", "0", "0"]
    assert table.row("Nov 2026") == ["Nov 2026", "2", "0", "1", "1", "0", "0"]
    assert table.row("Total") == ["Total", "5", "1", "4", "3", "1", "1"]


def timing_rows(table: Table) -> dict[tuple[str, str], list[str]]:
    """(group, measure) -> [n, median, p90]; the group heading spans its three rows."""
    rows, group = {}, ""
    for row in table.body():
        if len(row) == 5:
            group, row = row[0], row[1:]
        rows[(group, row[0])] = row[1:]
    return rows


def test_times_by_severity_with_n_median_and_p90_hidden_below_ten(found: dict[str, Table]) -> None:
    table = found["Time to detect, mitigate and resolve by severity"]
    assert table.rows[0] == ["Group", "Measure", "n", "Median", "90th percentile"]
    assert timing_rows(table) == {
        # The P1 exercise, detected after 1000 minutes, is not in P1.
        ("P1", "Time to detect"): ["1", "4 min", HIDDEN],
        ("P1", "Time to mitigate"): ["1", "30 min", HIDDEN],
        ("P1", "Time to resolve"): ["1", "45 min", HIDDEN],
        ("P2", "Time to detect"): ["2", "16 min", HIDDEN],
        ("P2", "Time to mitigate"): ["2", "1 h 20 min", HIDDEN],
        ("P2", "Time to resolve"): ["2", "2 h 40 min", HIDDEN],
        # 0 (detected 3 minutes early), 2, 4, 4, 6, 6, 8, 8, 10, 30: median 6, p90 the 9th value, 10.
        ("P3", "Time to detect"): ["10", "6 min", "10 min"],
        # 10 .. 90 (I4 falls back to its resolution, 40; I10 has neither): the 5th of 9.
        ("P3", "Time to mitigate"): ["9", "50 min", HIDDEN],
        # 15, 25, 35, 40, 60, 65, 75, 601: (40 + 60) / 2.
        ("P3", "Time to resolve"): ["8", "50 min", HIDDEN],
        ("P4", "Time to detect"): ["0", "—", "—"],
        ("P4", "Time to mitigate"): ["0", "—", "—"],
        ("P4", "Time to resolve"): ["0", "—", "—"],
    }


def test_times_by_quarter(found: dict[str, Table]) -> None:
    rows = timing_rows(found["Time to detect, mitigate and resolve by quarter"])
    assert sorted({group for group, _ in rows}) == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    assert rows[("2026 Q1", "Time to detect")] == ["4", "3 min", HIDDEN]  # 0, 2, 4, 12
    assert rows[("2026 Q2", "Time to mitigate")] == ["2", "45 min", HIDDEN]  # 40, 50
    assert rows[("2026 Q3", "Time to resolve")] == ["3", "1 h 15 min", HIDDEN]  # 65, 75, 200
    assert rows[("2026 Q4", "Time to detect")] == ["4", "9 min", HIDDEN]  # 4, 8, 10, 30
    assert rows[("2026 Q4", "Time to resolve")] == ["2", "5 h 23 min", HIDDEN]  # 45, 601


def test_share_detected_by_users(page: Path, found: dict[str, Table]) -> None:
    assert found["Who detected incidents first"].rows == [
        ["Detected by", "Incidents", "Share"],
        ["Alert", "4", "36%"], ["Users", "4", "36%"], ["Staff", "1", "9%"], ["Supplier", "1", "9%"],
        ["Other", "1", "9%"], ["Total", "11", "100%"],
    ]
    text = text_of(page)
    assert "Users noticed first in 4 of the 11 incidents that record who detected them (36%)." in text
    assert "2 incidents do not record it." in text
    assert "1 incident was detected before user impact started; it counts as detected after 0 minutes." in text


def test_action_completion_and_age_of_open_actions(page: Path, found: dict[str, Table]) -> None:
    # The exercise's overdue action is not here.
    assert found["Follow-up actions by outcome"].rows == [
        ["Outcome", "Actions"],
        ["Done by the due date", "1"], ["Done after the due date", "1"], ["Done, due or done date not recorded", "1"],
        ["Overdue", "2"], ["Open, not yet due", "4"], ["Won't do", "1"], ["Total", "10"],
    ]
    assert "Of the 4 actions due so far, 1 (25%) was done by the due date." in text_of(page)
    # 310, 294, 261, 261, 6, 6 days: median (261 + 261) / 2.
    assert found["Age of open actions"].rows == [
        ["Actions", "n", "Median age", "90th percentile"], ["Open or in progress", "6", "261 days", HIDDEN],
    ]


def test_report_hygiene_per_severity(found: dict[str, Table]) -> None:
    assert found["Unfinished reports by severity"].rows == [
        ["Severity", "Reports"], ["P1", "0"], ["P2", "2"], ["P3", "5"], ["P4", "0"], ["Total", "7"],
    ]
    listed = found["Unfinished reports, longest waiting first"]
    assert [(row[0], row[2], row[4]) for row in listed.body()] == [
        ("Some payments taken twice", "Draft", "310"),
        ("Card payments slow", "Initial", "294"),
        ("Card payments down", "Draft", "261"),
        ("Sign in slow", "Draft", "225"),
        ("Confirmation emails late", "Draft", "148"),
        ("Renewals failing", "Draft", "77"),
        ("Caseworker tool down", "Draft", "55"),
    ]
    assert listed.links[1][0] == ["../incidents/2026-01-20-payments-double-charge/"]


def test_exercises_are_counted_apart(page: Path, found: dict[str, Table]) -> None:
    assert found["Exercises, newest first"].body() == [[
        "Game Day on the licence API", "15 Nov 2025", "P1", "16 h 40 min", "18 h 20 min", "20 h", "0 of 1",
    ]]
    assert "Figures from 13 incidents started from Jan 2026 to 26 Nov 2026" in text_of(page)


class Charts(HTMLParser):
    """Each chart's SVG attributes, the ids of its title and desc, and its value labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.charts: list[dict] = []
        self.inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "svg" and values.get("class") == "incidents-chart":
            self.charts.append({"attrs": values, "ids": {}, "values": []})
        elif self.charts and tag in ("title", "desc") and values.get("id"):
            self.charts[-1]["ids"][values["id"]] = tag
        elif self.charts and tag == "text" and values.get("class") == "incidents-chart__value":
            self.inside = "value"

    def handle_endtag(self, tag: str) -> None:
        if tag == "text":
            self.inside = None

    def handle_data(self, data: str) -> None:
        if self.inside == "value":
            self.charts[-1]["values"].append(data)


def test_charts_are_labelled_images_beside_their_tables(page: Path) -> None:
    reader = Charts()
    reader.feed(page.read_text(encoding="utf-8"))
    assert len(reader.charts) == 7
    for chart in reader.charts:
        assert chart["attrs"]["role"] == "img"
        labels = chart["attrs"]["aria-labelledby"].split()
        assert [chart["ids"].get(i) for i in labels] == ["title", "desc"]
    per_month = reader.charts[0]["values"]
    assert per_month[0] == "2 (P3: 2)" and per_month[-1] == "3 (P1: 1, P3: 2)" and per_month[5] == "0"
    assert reader.charts[1]["values"] == ["5", "1", "4", "3", "1", "1"]
    # The fixture's incidents name no category: they all count as uncategorised.
    assert len(reader.charts[2]["values"]) == 1
    html = page.read_text(encoding="utf-8")
    # Each chart's figure holds its table, so the figures are readable without the picture.
    for chart_id in ("per-month-severity", "per-service", "per-category", "timings-severity", "timings-quarter", "detected-by",
                     "action-outcomes"):
        start = html.index(f'<div class="incidents-figure" id="{chart_id}">')
        end = html.find('<div class="incidents-figure"', start + 1)
        figure = html[start:end if end > 0 else None]
        assert 0 < figure.index("<svg") < figure.index("<table"), chart_id


def test_tables_have_captions_and_scoped_headings(found: dict[str, Table]) -> None:
    assert len(found) == 11
    for caption, table in found.items():
        assert caption
        assert all(scope in ("col", "row", "rowgroup") for _, scope in table.headings), caption


def test_no_insights_in_the_public_build(site: Path) -> None:
    public = site / "site-public"
    assert not (public / "insights").exists()
    for file in (public / "sitemap.xml", public / "search" / "search_index.json"):
        text = file.read_text(encoding="utf-8")
        assert "insights/" not in text and "actions/" not in text


def test_an_archive_without_incidents_still_has_a_page() -> None:
    ctx = SiteContext(Archive((), Catalogue(())), Settings(), NOW, Renderer(Settings(), "internal"))
    [output] = insights.render(ctx)
    assert output.path == "insights/index.md"
    assert "No incidents have been recorded yet" in output.content
    assert "No exercises have been recorded." in output.content
    register = {o.path: o.content for o in action_register.render(ctx)}
    assert sorted(register) == [
        "actions/index.md", "actions/status/done/index.md", "actions/status/in-progress/index.md",
        "actions/status/open/index.md", "actions/status/overdue/index.md", "actions/status/wont-do/index.md",
        "actions/type/organisational/index.md", "actions/type/technical/index.md",
    ]
    assert "No actions here." in register["actions/index.md"]


def test_generated_pages_are_one_html_block_for_markdown(site: Path) -> None:
    """No blank line and no line indented by four spaces, so Python-Markdown keeps the HTML as it is."""
    archive = load_archive(site, Settings(timezone="Europe/London"), NOW)
    settings = Settings(timezone="Europe/London")
    ctx = SiteContext(archive, settings, NOW, Renderer(settings, "internal"))
    for output in insights.render(ctx) + action_register.render(ctx):
        body = str(output.content).split("---\n", 2)[2]
        lines = body.rstrip("\n").split("\n")
        assert all(line.strip() and not line.startswith("    ") for line in lines), output.path
