"""The archive (incidents/): index, filter pages, report pages, search and the filter index.

Checked on the example site built once per session, and on a small site built
here whose reports exercise pagination, the notification policy, escaping and
clashing filter slugs.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from playwright.sync_api import Browser

from incident_reports.cli.site import load_site
from incident_reports.core.archive import Archive, load_archive
from incident_reports.core.model import Record
from incident_reports.core.public import public_archive

from browser import open_page, serve
from conftest import EXAMPLE_EPOCH, run_build
from html_tree import Element, parse

OVERDUE_REPORT = "2026-09-08-email-confirmations-delayed"
REVIEWED_REPORT = "2026-09-22-apply-online-unavailable"
PRIVATE_PUBLIC_REPORT = "2026-11-26-card-payments-failing"
ZONE = ZoneInfo("Europe/London")


# --------------------------------------------------------------------- HTML


def page(build: Path, url: str) -> Element:
    """The parsed page served at ``url`` (a directory URL)."""
    return parse(build / url / "index.html")


def archive_part(doc: Element) -> Element:
    """The archive's own content: the block the plugin generated."""
    return doc.one("div", cls="incidents-archive")


def section(doc: Element, heading_id: str) -> list[Element | str]:
    """What follows the h2 with this id, up to the next h2."""
    part = archive_part(doc)
    heading = part.one("h2", id=heading_id)
    following = part.children[part.children.index(heading) + 1:]
    ends = [i for i, child in enumerate(following) if isinstance(child, Element) and child.tag == "h2"]
    return following[: ends[0]] if ends else following


def section_text(doc: Element, heading_id: str) -> str:
    """The text of the section under the h2 with this id, as a browser shows it."""
    return Element("div", {}, section(doc, heading_id)).text


def section_table(doc: Element, heading_id: str) -> Element:
    """The table in the section under the h2 with this id."""
    return Element("div", {}, section(doc, heading_id)).one("table")


def h2_ids(doc: Element) -> list[str]:
    return [h.attrs["id"] or "" for h in archive_part(doc).all("h2") if h.attrs.get("id")]


def resolve(url: str, href: str) -> str:
    """A relative link from the page at ``url`` as a site path (``incidents/x/``)."""
    joined = posixpath.normpath(posixpath.join(url, href))
    return "" if joined == "." else joined + ("/" if href.endswith("/") and joined != "." else "")


def listed_reports(build: Path, url: str) -> list[str]:
    """The report ids a list page and the pages after it list, in order (following "Next")."""
    ids: list[str] = []
    seen = set()
    while url not in seen:
        seen.add(url)
        part = archive_part(page(build, url))
        for entry in part.all("li", cls="incidents-entry"):
            link = entry.one("h3").one("a")
            ids.append(resolve(url, link.attrs["href"]).removeprefix("incidents/").rstrip("/"))
        following = part.all("a", rel="next")
        if not following:
            break
        url = resolve(url, following[0].attrs["href"])
    return ids


# --------------------------------------------------------------------- expectations


def example_archive(site: Path, public: bool = False) -> Archive:
    """The example's archive as the build read it, through the core (which has its own tests)."""
    settings = load_site(str(site / "mkdocs.yml")).settings
    archive = load_archive(site, settings, datetime.fromtimestamp(EXAMPLE_EPOCH, UTC))
    return public_archive(archive) if public else archive


def expected_values(record: Record) -> dict[str, list[str]]:
    """Every filter's value slugs for a report, worked out independently of the views."""
    report = record.report
    values = {
        "year": [str(record.begins.astimezone(ZONE).year)],
        "service": list(record.services),
        "impact": ["under-maintenance" if record.kind == "maintenance" else (record.peak_impact or "none").replace("_", "-")],
        "kind": [record.kind],
        "severity": [report.severity.lower()] if report.severity else [],
        "status": [record.status.replace("_", "-")],
        "stage": [] if record.kind == "maintenance" else [report.stage],
        "lead": [report.lead.lower().replace(" ", "-")] if report.lead else [],
    }
    return values


def front_matter(site: Path, report_id: str) -> dict:
    text = (site / "incidents" / f"{report_id}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def first_words(text: str, count: int = 5) -> str:
    """The first words of a field, without Markdown marks, as search would hold them."""
    return " ".join(re.sub(r"[*_`]", "", text).split()[:count])


# --------------------------------------------------------------------- the index


def test_index_lists_every_report_newest_first(example_site: Path, internal_build: Path) -> None:
    archive = example_archive(example_site)
    ids = listed_reports(internal_build, "incidents/")
    assert ids == [r.id for r in archive.records]
    assert len(ids) == len(list((example_site / "incidents").glob("*.md")))
    begins = [r.begins for r in archive.records]
    assert begins == sorted(begins, reverse=True)


def test_index_entries_show_the_facts_in_words(internal_build: Path, public_build: Path) -> None:
    entry = next(
        e for e in archive_part(page(internal_build, "incidents/")).all("li", cls="incidents-entry")
        if OVERDUE_REPORT in e.all("a")[0].attrs["href"]
    )
    text = entry.text
    for words in ("Licence confirmation emails delayed", "Date 8 Sep 2026", "Duration 4 h 30 min", "Kind Incident",
                  "Status Resolved", "Impact Degraded performance", "Services Email and text messages",
                  "Severity P3", "Stage Final", "Lead Hannah Whitfield", "1 overdue action"):
        assert words in text, f"{words!r} not in {text!r}"
    public_entry = next(
        e for e in archive_part(page(public_build, "incidents/")).all("li", cls="incidents-entry")
        if OVERDUE_REPORT in e.all("a")[0].attrs["href"]
    )
    public_text = public_entry.text
    assert "Resolved" in public_text and "Email and text messages" in public_text
    for hidden in ("Severity", "Stage", "Lead", "Hannah", "overdue"):
        assert hidden not in public_text


def test_index_offers_every_filter_with_counts(internal_build: Path, public_build: Path) -> None:
    internal = archive_part(page(internal_build, "incidents/")).one("section", cls="incidents-filters")
    headings = [h.text for h in internal.all("h3")][:8]
    assert headings == ["Year", "Service", "Impact", "Kind", "Severity", "Status", "Stage", "Lead"]
    public = archive_part(page(public_build, "incidents/")).one("section", cls="incidents-filters")
    assert [h.text for h in public.all("h3")][:4] == ["Year", "Service", "Impact", "Kind"]
    assert "Severity" not in public.text and "Lead" not in public.text
    year = internal.all("ul", cls="incidents-choices")[0]
    assert re.search(r"2026 \(\d+ ?reports?\)", year.text)


# --------------------------------------------------------------------- filters


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_every_filter_value_has_pages_with_the_right_reports(
    audience: str, example_site: Path, internal_build: Path, public_build: Path,
) -> None:
    build = internal_build if audience == "internal" else public_build
    archive = example_archive(example_site, public=audience == "public")
    facets = ("year", "service", "impact", "kind") + (("severity", "status", "stage", "lead") if audience == "internal" else ())
    expected: dict[tuple[str, str], list[str]] = {}
    for record in archive.records:
        for facet, slugs in expected_values(record).items():
            if facet in facets:
                for slug in slugs:
                    expected.setdefault((facet, slug), []).append(record.id)
    built_pages = {
        (p.parent.parent.name, p.parent.name)
        for p in (build / "incidents").glob("*/*/index.html") if p.parent.parent.name in facets
    }
    assert built_pages == set(expected)
    for (facet, slug), ids in expected.items():
        assert listed_reports(build, f"incidents/{facet}/{slug}/") == ids, f"{facet}/{slug}"
    for facet in ("severity", "status", "stage", "lead"):
        assert (audience == "internal") == (build / "incidents" / facet).is_dir()


def test_filter_index_is_small_and_public_safe(example_site: Path, public_build: Path, internal_build: Path) -> None:
    public = json.loads((public_build / "incidents" / "archive-index.json").read_text(encoding="utf-8"))
    archive = example_archive(example_site, public=True)
    assert [r["id"] for r in public["reports"]] == [r.id for r in archive.records]
    assert [f["name"] for f in public["filters"]] == ["year", "service", "impact", "kind"]
    for report in public["reports"]:
        assert set(report) == {"id", "title", "date", "kind", "status", "state", "values"}
        assert set(report["values"]) <= {"year", "service", "impact", "kind"}
    internal = json.loads((internal_build / "incidents" / "archive-index.json").read_text(encoding="utf-8"))
    names = [f["name"] for f in internal["filters"]]
    assert names == ["year", "service", "impact", "kind", "severity", "status", "stage", "lead"]
    by_id = {r["id"]: r for r in internal["reports"]}
    assert by_id[OVERDUE_REPORT]["values"]["severity"] == ["p3"]
    assert by_id[OVERDUE_REPORT]["values"]["lead"] == ["hannah-whitfield"]


# --------------------------------------------------------------------- report pages


def test_reviewed_report_page_shows_every_section(example_site: Path, internal_build: Path) -> None:
    doc = page(internal_build, f"incidents/{REVIEWED_REPORT}/")
    part = archive_part(doc)
    assert part.one("h1").text == "Apply online and renewals unavailable after a release"
    assert h2_ids(doc) == [
        "summary", "updates", "follow", "user-impact", "trigger", "root-cause", "resolution", "contributing-factors",
        "timeline", "actions", "details", "review", "people", "notifications", "related", "tags", "extra",
    ]
    header = part.one("dl", cls="incidents-report__header").text
    for words in ("Status Resolved", "Kind Incident", "Impact Major outage", "Severity P1",
                  "Category Availability", "Stage Reviewed", "Lead Priya Raman",
                  "Duration 22 Sep 2026 10:14 BST to 22 Sep 2026 11:02 BST (48 min)",
                  "Services Apply online, Renew a licence"):
        assert words in header, f"{words!r} not in {header!r}"
    data = front_matter(example_site, REVIEWED_REPORT)
    assert first_words(data["summary"]) in section_text(doc, "summary")
    updates = part.one("ol", cls="incidents-updates").all("li")
    assert [u.one("time").text for u in updates] == [
        "22 Sep 2026 11:45 BST", "22 Sep 2026 11:06 BST", "22 Sep 2026 10:38 BST", "22 Sep 2026 10:21 BST",
    ]
    assert "Monitoring" in updates[1].text and first_words(data["updates"][2]["message"]) in updates[1].text
    assert "Users affected: 2,650" in section_text(doc, "user-impact")
    for field, heading_id in (("user_impact", "user-impact"), ("trigger", "trigger"), ("root_cause", "root-cause"),
                              ("resolution", "resolution")):
        assert first_words(data[field]) in section_text(doc, heading_id), field
    assert first_words(data["contributing_factors"][0]) in section_text(doc, "contributing-factors")
    timeline = section_table(doc, "timeline")
    assert [th.text for th in timeline.one("thead").all("th")][:2] == ["Time", "Event"]
    assert all(th.attrs.get("scope") == "row" for th in timeline.one("tbody").all("th"))
    assert first_words(data["timeline"][0]["event"]) in section_text(doc, "timeline")
    actions = section_text(doc, "actions")
    for action in data["actions"]:
        assert first_words(action["title"]) in actions and action["owner"] in actions
    html = (internal_build / f"incidents/{REVIEWED_REPORT}/index.html").read_text()
    assert '<a href="https://tracker.example.gov.uk/RIV-1801">' in html
    assert "What went well" in section_text(doc, "details")
    review = section_text(doc, "review")
    assert "29 Sep 2026" in review and "Eleanor Shaw" in review and "Fiona MacLeod" in review
    assert first_words(data["review"]["notes"]) in review
    people = section_text(doc, "people")
    assert "Lead Priya Raman" in people and "Comms lead Tom Hughes" in people and "Aisha Okafor" in people
    notifications = section_text(doc, "notifications")
    assert "Head of Digital Operations Yes, for P1 or P2 incidents 22 Sep 2026 10:25 BST" in notifications
    assert "Service owner No" in notifications and "Missing" not in notifications
    links = Element("div", {}, section(doc, "related")).all("a")
    assert [resolve(f"incidents/{REVIEWED_REPORT}/", a.attrs["href"]) for a in links] == [
        "incidents/2026-10-06-game-day-rollback-with-migration/"
    ]
    assert section_text(doc, "tags") == "release rollback database-migration"
    extra = section_text(doc, "extra")
    assert "chat_channel #inc-2026-09-22-apply-down" in extra and "release 2026.38.2" in extra


def test_open_questions_are_listed(internal_build: Path) -> None:
    doc = page(internal_build, f"incidents/{PRIVATE_PUBLIC_REPORT}/")
    assert "Can we restore the old domain" in section_text(doc, "questions")
    assert section_text(doc, "root-cause") == "Not recorded yet."


def test_overdue_action_is_marked_in_words(internal_build: Path, public_build: Path) -> None:
    doc = page(internal_build, f"incidents/{OVERDUE_REPORT}/")
    rows = section_table(doc, "actions").all("tr")
    by_title = {row.one("th").text: row.text for row in rows[1:]}
    overdue = by_title["Ask the email supplier for dedicated sending addresses"]
    assert "1 Oct 2026" in overdue and "○ Open Overdue" in overdue
    assert [t for t, text in by_title.items() if "Overdue" in text] == ["Ask the email supplier for dedicated sending addresses"]
    assert "1 action is overdue." in archive_part(doc).text
    public = archive_part(page(public_build, f"incidents/{OVERDUE_REPORT}/")).text
    assert "Overdue" not in public and "overdue" not in public


def test_report_page_of_public_write_up_hides_people(public_build: Path) -> None:
    doc = page(public_build, f"incidents/{OVERDUE_REPORT}/")
    assert h2_ids(doc) == [
        "summary",
        "updates",
        "follow",
        "user-impact",
        "trigger",
        "root-cause",
        "resolution",
        "contributing-factors",
        "timeline",
        "actions",
        "details",
    ]
    html = (public_build / f"incidents/{OVERDUE_REPORT}/index.html").read_text(encoding="utf-8")
    for secret in (
        "Hannah Whitfield",
        "Marcus Doyle",
        "Sophie Turner",
        "Jamie Sinclair",
        "tracker.example.gov.uk",
        "#inc-2026-09-08",
        "MSG-20260908",
        "Users affected",
        "Severity",
        "P3",
        "Organisational",
        "Performance",
    ):
        assert secret not in html, secret
    actions = section_table(doc, "actions")
    assert [th.text for th in actions.one("thead").all("th")] == ["Action", "Status"]
    assert "Not recorded yet" not in archive_part(doc).text


def test_report_page_without_public_write_up_shows_public_fields_only(example_site: Path, public_build: Path) -> None:
    doc = page(public_build, f"incidents/{PRIVATE_PUBLIC_REPORT}/")
    # Ongoing: how to follow it and what to do come first.
    assert h2_ids(doc) == ["follow", "what-to-do", "summary", "updates"]
    header = archive_part(doc).one("dl", cls="incidents-report__header")
    assert [dt.text for dt in header.all("dt")] == ["Status", "Kind", "Impact", "Duration", "Services"]
    html = (public_build / f"incidents/{PRIVATE_PUBLIC_REPORT}/index.html").read_text(encoding="utf-8")
    data = front_matter(example_site, PRIVATE_PUBLIC_REPORT)
    for secret in (
        data["lead"],
        data["comms_lead"],
        "430",
        first_words(data["user_impact"]),
        first_words(data["timeline"][0]["event"]),
        "PSP-CASE",
        "Live document",
    ):
        assert secret not in html, secret


def test_no_public_page_names_an_internal_report(example_site: Path, public_build: Path) -> None:
    internal_ids = {r.id for r in example_archive(example_site).records} - {
        r.id for r in example_archive(example_site, public=True).records
    }
    assert internal_ids
    for path in (public_build / "incidents").rglob("*"):
        for report_id in internal_ids:
            assert report_id not in path.as_posix()
            if path.is_file():
                assert report_id not in path.read_text(encoding="utf-8"), (path, report_id)


# --------------------------------------------------------------------- links, nav, search


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_every_archive_link_leads_to_a_page(audience: str, internal_build: Path, public_build: Path) -> None:
    build = internal_build if audience == "internal" else public_build
    for html in (build / "incidents").rglob("index.html"):
        url = html.parent.relative_to(build).as_posix() + "/"
        for link in archive_part(parse(html)).all("a"):
            href = link.attrs.get("href") or ""
            if href.startswith(("http://", "https://", "#")):
                continue
            target = resolve(url, href)
            # A page, or a file (a report's own feeds).
            found = (build / target / "index.html").is_file() if href.endswith("/") else (build / target).is_file()
            assert found, f"{url}: {href} leads nowhere"


def test_reports_are_not_in_the_nav(example_site: Path, internal_build: Path) -> None:
    ids = {r.id for r in example_archive(example_site).records}
    for url in ("incidents/", f"incidents/{REVIEWED_REPORT}/", "incidents/year/2026/"):
        doc = page(internal_build, url)
        for nav in doc.all("nav", cls="md-nav--primary"):
            for link in nav.all("a"):
                target = resolve(url, link.attrs.get("href") or "")
                assert not any(f"incidents/{i}/" == target for i in ids), f"{target} is in the nav of {url}"


def _search_docs(build: Path) -> list[dict]:
    return json.loads((build / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_search_finds_a_report_by_its_words_once(example_site: Path, internal_build: Path) -> None:
    docs = _search_docs(internal_build)
    location = f"incidents/{REVIEWED_REPORT}/"
    own = " ".join(_plain(d["title"] + " " + d["text"]) for d in docs if d["location"].split("#")[0] == location)
    data = front_matter(example_site, REVIEWED_REPORT)
    phrases = [
        data["title"],
        first_words(data["summary"]),
        first_words(data["user_impact"]),
        first_words(data["root_cause"]),
        first_words(data["timeline"][1]["event"]),
        first_words(data["actions"][1]["title"]),
    ]
    for phrase in phrases:
        assert phrase in own, phrase
    # The report's words are indexed on its own page and nowhere else: list pages are not indexed.
    summary = first_words(data["summary"], 8)
    assert {d["location"].split("#")[0] for d in docs if summary in _plain(d["text"])} == {location}
    assert not [
        d for d in docs if re.match(r"incidents/(page|year|service|impact|kind|severity|status|stage|lead)/", d["location"])
    ]
    tags = {t for d in docs if d["location"].startswith(location) for t in d.get("tags", [])}
    assert {"Apply online", "Renew a licence", "P1", "release"} <= tags


def test_public_search_tags_never_hold_severity(public_build: Path) -> None:
    docs = _search_docs(public_build)
    own = [d for d in docs if d["location"].startswith(f"incidents/{REVIEWED_REPORT}/")]
    assert own
    assert {t for d in own for t in d.get("tags", [])} == {"Apply online", "Renew a licence"}
    assert not [d for d in docs if {"P1", "P2", "P3", "P4"} & set(d.get("tags", []))]


# --------------------------------------------------------------------- a small site of our own


SERVICES = """\
groups:
  - name: Everything
    services:
      - id: alpha
        name: Alpha service
        since: 2024-01-01
      - id: beta
        name: Beta service
        since: 2024-01-01
"""


def _incident(report_id: str, title: str, day: str, severity: str, services: str, lead: str, extra: str = "") -> str:
    return f"""---
id: {report_id}
title: {json.dumps(title)}
severity: {severity}
category: availability
status: resolved
visibility: public
services: {services}
started: {day}T09:00:00Z
resolved: {day}T10:30:00Z
summary: Something went wrong with {report_id} and was put right.
lead: {lead}
{extra}---

The story of {report_id}.
"""


#: A name far longer than a file name may be.
LONG_NAME = "Bo " + "Longname " * 40
SMALL_REPORTS = {
    "2026-05-01-first": _incident(
        "2026-05-01-first",
        'Alpha <script>alert("x")</script> & friends',
        "2026-05-01",
        "P2",
        "[alpha]",
        "Ann Marie",
        extra=(
            "notified:\n  - who: Head of Operations\n    at: 2026-05-01T09:20:00Z\n"
            "root_cause: |\n  The **cache** <img src=x onerror=alert(1)> expired.\n"
            "extra:\n  links: [one, two]\n  count: 3\n"
            "tags: ['<b>bold</b>']\n"
        ),
    ),
    "2026-04-01-second": _incident("2026-04-01-second", "Second", "2026-04-01", "P3", "[alpha]", "Ann-Marie"),
    "2026-03-01-third": _incident("2026-03-01-third", "Third", "2026-03-01", "P3", "[alpha, beta]", LONG_NAME),
    "2025-02-01-fourth": _incident("2025-02-01-fourth", "Fourth", "2025-02-01", "P4", "[alpha]", "Bo Chen"),
    "2026-06-01-window": """---
id: 2026-06-01-window
title: Beta upgrade
kind: maintenance
visibility: public
services: [beta]
scheduled_for: 2026-06-01T20:00:00Z
scheduled_until: 2026-06-01T22:00:00Z
summary: Beta is being upgraded.
---
""",
}
SMALL_ORDER = ["2026-06-01-window", "2026-05-01-first", "2026-04-01-second", "2026-03-01-third", "2025-02-01-fourth"]


def write_site(folder: Path, reports: dict[str, str], options: str = "") -> Path:
    """A minimal Material site with these reports and ``incidents`` plugin options (YAML, indented 6)."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (folder / "status").mkdir()
    (folder / "status" / "services.yml").write_text(SERVICES, encoding="utf-8")
    (folder / "incidents").mkdir()
    for report_id, text in reports.items():
        (folder / "incidents" / f"{report_id}.md").write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Small archive\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        "nav:\n  - Home: index.md\nplugins:\n  - search\n  - incidents:\n      enabled: true\n" + options,
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Five reports, two per page, and a notification policy one report does not meet."""
    site = write_site(
        tmp_path_factory.mktemp("small-archive"),
        SMALL_REPORTS,
        (
            "      page_size: 2\n      notification_policy:\n"
            "        - who: Head of Operations\n          severities: [P1, P2]\n"
            "        - who: Duty press officer\n          severities: [P2]\n"
            "        - who: Security officer\n          categories: [security]\n"
        ),
    )
    # The missing notification is a warning, which --strict would turn into a failure.
    result = run_build(site, "mkdocs.yml", strict=False)
    assert result.returncode == 0, result.stderr
    return site / "site", result.stderr


def test_an_empty_archive_says_so(tmp_path: Path) -> None:
    site = write_site(tmp_path / "empty", {})
    result = run_build(site, "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    part = archive_part(page(site / "site", "incidents/"))
    assert "There are no reports yet." in part.text
    assert not part.all("section", cls="incidents-filters")
    assert json.loads((site / "site/incidents/archive-index.json").read_text(encoding="utf-8")) == {"filters": [], "reports": []}


def test_small_site_index_is_paginated_newest_first(small_site: tuple[Path, str]) -> None:
    build, _ = small_site
    assert listed_reports(build, "incidents/") == SMALL_ORDER
    assert (build / "incidents/page/3/index.html").is_file()
    assert not (build / "incidents/page/4").exists()
    second = archive_part(page(build, "incidents/page/2/"))
    assert [resolve("incidents/page/2/", a.attrs["href"]) for a in second.all("h3")[0].all("a")] == [
        "incidents/2026-04-01-second/"
    ]
    assert second.one("h1").text == "Incident archive (page 2 of 3)"
    pager = second.one("nav", cls="incidents-pager")
    assert pager.one("a", rel="prev").attrs["href"] == "../../"
    assert pager.one("a", **{"aria-current": "page"}).attrs["href"] == "./"
    assert listed_reports(build, "incidents/service/alpha/") == SMALL_ORDER[1:]
    assert (build / "incidents/service/alpha/page/2/index.html").is_file()
    assert listed_reports(build, "incidents/year/2025/") == ["2025-02-01-fourth"]
    assert listed_reports(build, "incidents/impact/under-maintenance/") == ["2026-06-01-window"]


def test_leads_whose_names_share_a_slug_keep_their_own_pages(small_site: tuple[Path, str]) -> None:
    build, _ = small_site
    assert listed_reports(build, "incidents/lead/ann-marie/") == ["2026-05-01-first"]
    assert listed_reports(build, "incidents/lead/ann-marie-2/") == ["2026-04-01-second"]
    assert archive_part(page(build, "incidents/lead/ann-marie-2/")).one("h1").text == "Lead: Ann-Marie"
    long_pages = [p for p in (build / "incidents/lead").iterdir() if p.name.startswith("bo-longname")]
    assert len(long_pages) == 1 and len(long_pages[0].name) <= 60
    assert listed_reports(build, f"incidents/lead/{long_pages[0].name}/") == ["2026-03-01-third"]


def test_notification_policy_marks_who_is_missing(small_site: tuple[Path, str]) -> None:
    build, stderr = small_site
    assert "Duty press officer must be told" in stderr
    doc = page(build, "incidents/2026-05-01-first/")
    rows = {row.one("th").text: row.text for row in section_table(doc, "notifications").one("tbody").all("tr")}
    assert list(rows) == ["Head of Operations", "Duty press officer"]
    assert "1 May 2026 09:20 UTC" in rows["Head of Operations"]
    assert "Missing: not recorded as told" in rows["Duty press officer"]
    assert "names 1 person not recorded as told: Duty press officer" in section_text(doc, "notifications")
    assert "Missing" not in section_text(page(build, "incidents/2026-04-01-second/"), "notifications")


def test_text_is_escaped_and_markdown_sanitised(small_site: tuple[Path, str]) -> None:
    build, _ = small_site
    html = (build / "incidents/2026-05-01-first/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "onerror" not in html
    doc = page(build, "incidents/2026-05-01-first/")
    assert archive_part(doc).one("h1").text == 'Alpha <script>alert("x")</script> & friends'
    # The image became a link to its address (it has no description): no page loads it.
    assert "The cache x expired." in section_text(doc, "root-cause")
    assert '<a href="x" rel="noopener noreferrer">x</a>' in html and not archive_part(doc).all("img")
    assert "<strong>cache</strong>" in html
    assert section_text(doc, "extra") == 'links ["one", "two"] count 3'
    assert "<code>[&#34;one&#34;, &#34;two&#34;]</code>" in html
    index = (build / "incidents/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in index
    # Material's search shows tags as HTML: they never carry markup.
    tags = {t for d in _search_docs(build) if d["location"].startswith("incidents/2026-05-01-first/") for t in d.get("tags", [])}
    assert "‹b›bold‹/b›" in tags and not [t for t in tags if "<" in t or ">" in t]


# --------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def served(internal_build: Path) -> Iterator[str]:
    """The internal build over HTTP on 127.0.0.1."""
    with serve(internal_build) as url:
        yield url


def test_pages_reflow_at_320px_and_the_form_combines_filters(browser: Browser, served: str) -> None:
    view = browser.new_page(viewport={"width": 320, "height": 640})
    try:
        for url in ("incidents/", f"incidents/{REVIEWED_REPORT}/", "incidents/service/payments/"):
            open_page(view, served + url)
            assert view.evaluate("document.documentElement.scrollWidth") <= 320, url
        open_page(view, served + "incidents/")
        form = view.locator("form[data-incidents-archive]")
        assert form.is_visible()
        form.locator("select[name=service]").select_option("payments")
        form.locator("select[name=kind]").select_option("incident")
        form.get_by_role("button", name="Show matching reports").click()
        view.wait_for_function("document.querySelector('.incidents-combine__status').textContent.includes('match')")
        assert form.locator(".incidents-combine__status").inner_text() == "2 reports match the chosen filters."
        hrefs = form.locator(".incidents-combine__results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs == ["2026-11-26-card-payments-failing/", "2025-06-24-card-payments-provider-outage/"]
        form.get_by_role("button", name="Clear").click()
        assert form.locator(".incidents-combine__results").is_hidden()
    finally:
        view.close()


def test_without_javascript_the_form_stays_hidden_and_links_remain(browser: Browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        view = context.new_page()
        open_page(view, served + "incidents/")
        assert view.locator("form[data-incidents-archive]").is_hidden()
        view.locator(".incidents-filters").get_by_role("link", name="Card payments").click()
        assert view.url.endswith("/incidents/service/payments/")
        assert view.locator("h1").inner_text() == "Service: Card payments"
    finally:
        context.close()


# --------------------------------------------------------------------- following a report, and its times


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_a_resolved_reports_page_says_when_it_was_updated_and_its_times_in_words(
    audience: str, internal_build: Path, public_build: Path,
) -> None:
    build = internal_build if audience == "internal" else public_build
    part = archive_part(page(build, f"incidents/{REVIEWED_REPORT}/"))
    built_line = part.one("p", cls="incidents-built")
    assert built_line.text == "Last updated 22 Sep 2026 11:45 BST."
    assert built_line.one("time").attrs == {"datetime": "2026-09-22T10:45:00Z", "data-incidents-ago": None}
    # The out-of-date notice, hidden until status.js finds the page old.
    assert "hidden" in part.one("div", cls="incidents-stale").attrs
    assert part.attrs["data-incidents-built"] == "2026-11-26T12:00:00Z"
    # Why "48 min" beside "Resolved 11:45": the impact's window, its length and when it was closed...
    closing = part.one("div", cls="incidents-closing")
    assert closing.one("p", cls="incidents-closing__when").text == (
        "Users were affected from 10:14 to 11:02 BST on 22 Sep 2026 (48 min); resolved at 11:45 BST."
    )
    # ...and why, in the resolving update's own words.
    assert closing.one("section", cls="incidents-closing__why").text == (
        "Apply online and Renew a licence are working normally. If you could not finish earlier, you can start "
        "again now. Nobody was charged without receiving a licence."
    )
    follow = part.one("section", cls="incidents-follow")
    assert follow.one("h2").text == "Get updates about this incident"
    assert [a.attrs["href"] for a in follow.all("a")] == [
        "https://alerts.rivers.example.gov.uk/subscribe", "feed.xml", "atom.xml",
    ]


def test_an_ongoing_reports_page_offers_updates_and_what_to_do_first(public_build: Path) -> None:
    part = archive_part(page(public_build, f"incidents/{PRIVATE_PUBLIC_REPORT}/"))
    assert part.one("p", cls="incidents-built").text == "Last updated 26 Nov 2026 10:30 GMT."
    assert not part.all("div", cls="incidents-closing")
    assert part.one("div", cls="incidents-advice").text == (
        "If your payment fails, wait an hour before you try again. You are not charged for a failed payment."
    )


def test_times_in_words_across_days_without_impact_and_over_a_clock_change() -> None:
    from incident_reports.core.catalogue import Catalogue
    from incident_reports.core.model import build_record
    from incident_reports.core.schema import Report
    from incident_reports.core.settings import Settings
    from incident_reports.views.closing_words import closing_sentence
    from incident_reports.views.context import SiteContext
    from incident_reports.views.renderer import Renderer

    settings = Settings(timezone="Europe/London")
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)

    def words(**fields: object) -> str:
        report = Report.model_validate({
            "id": "r", "title": "R", "severity": "P2", "visibility": "public", "summary": "S.", "status": "resolved", **fields,
        })
        record = build_record(report, "incidents/r.md", "", settings, now)
        ctx = SiteContext(Archive((record,), Catalogue(())), settings, now, Renderer(settings, "public"))
        return closing_sentence(ctx, record)

    assert words(started="2026-09-22T22:30:00Z", mitigated="2026-09-23T00:10:00Z", resolved="2026-09-23T02:00:00Z") == (
        "Users were affected from 22 Sep 2026 23:30 BST to 23 Sep 2026 01:10 BST (1 h 40 min); resolved at 03:00 BST."
    )
    assert words(started="2026-09-22T10:00:00Z", resolved="2026-09-22T10:30:00Z", impact="none") == (
        "Users were not affected; it was resolved at 11:30 BST."
    )
    # The clocks went back at 02:00 BST on 25 October 2026: each end names its own zone.
    assert words(started="2026-10-25T00:30:00Z", resolved="2026-10-25T02:00:00Z") == (
        "Users were affected from 01:30 BST to 02:00 GMT on 25 Oct 2026 (1 h 30 min); resolved at 02:00 GMT."
    )
    assert words(started="2026-09-22T10:00:00Z", status="investigating") == ""


def test_the_combined_filters_stay_in_the_address_and_come_back_on_reload(browser: Browser, served: str) -> None:
    view = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        open_page(view, served + "incidents/")
        form = view.locator("form[data-incidents-archive]")
        form.locator("select[name=service]").select_option("payments")
        form.locator("select[name=kind]").select_option("incident")
        form.get_by_role("button", name="Show matching reports").click()
        view.wait_for_function("document.querySelector('.incidents-combine__status').textContent.includes('match')")
        assert view.url == served + "incidents/?service=payments&kind=incident"
        # Each status is drawn as its icon (an SVG or a symbol), never as markup written out.
        results = form.locator(".incidents-combine__results")
        assert "<svg" not in results.inner_text()
        resolved = results.locator("li").nth(1)
        assert resolved.locator(".incidents-status__icon svg").count() == 1
        assert resolved.inner_text().endswith("Resolved")
        # A shared or reloaded address shows the same reports at once.
        view.reload()
        view.wait_for_function("document.querySelector('.incidents-combine__status').textContent.includes('match')")
        assert form.locator("select[name=service]").input_value() == "payments"
        assert form.locator(".incidents-combine__status").inner_text() == "2 reports match the chosen filters."
        form.get_by_role("button", name="Clear").click()
        assert view.url == served + "incidents/"
    finally:
        view.close()


def test_service_pages_use_the_service_ids_unchanged(tmp_path: Path) -> None:
    """``a-b``, ``a--b`` and ``a-b-`` are three services with three pages, and each report links to its own."""
    ids = ("a-b", "a--b", "a-b-")
    site = write_site(tmp_path / "ids", {
        f"2026-05-0{n}-r{n}": _incident(f"2026-05-0{n}-r{n}", f"Report {n}", f"2026-05-0{n}", "P3", f"[{service}]", "Sam")
        for n, service in enumerate(ids, start=1)
    })
    services = "".join(f"      - id: {service}\n        name: Service {service}\n        since: 2024-01-01\n" for service in ids)
    (site / "status" / "services.yml").write_text("groups:\n  - name: Everything\n    services:\n" + services, encoding="utf-8")
    result = run_build(site, "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    build = site / "site"
    for n, service in enumerate(ids, start=1):
        assert listed_reports(build, f"incidents/service/{service}/") == [f"2026-05-0{n}-r{n}"]
        url = f"incidents/2026-05-0{n}-r{n}/"
        links = [resolve(url, a.attrs["href"]) for a in archive_part(page(build, url)).all("a") if "/service/" in a.attrs["href"]]
        assert links == [f"incidents/service/{service}/"], links
        assert (build / "services" / service / "feed.xml").is_file()
