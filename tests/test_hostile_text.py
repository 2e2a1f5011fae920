"""Hostile text: script tags and event-handler payloads in every text field never run.

A site whose every report field, service name and description holds payloads is
built both ways. Every generated page is loaded in headless Chromium; no payload
may run (``window.__pwned`` stays undefined, no dialog opens), the DOM may hold
no event-handler attribute and no ``javascript:`` link, and plain text (titles,
summaries, names) is shown as the very text that was written; Markdown (update messages too) is sanitised.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from playwright.sync_api import Browser, Page

from browser import open_page, page_paths, serve
from conftest import built, copy_site

#: Each payload sets window.__pwned (or opens a dialog) if it ever runs.
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "</title><script>window.__pwned=1</script>",
    "' onmouseover='window.__pwned=1' x='",
    '<iframe src="javascript:window.__pwned=1"></iframe>',
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:window.__pwned=1)",
    '<a href="javascript:window.__pwned=1">a link</a>',
    '{: onclick="window.__pwned=1" }',
    "{{ 7*7 }} {% raw %} *stars* `tick` &amp; &lt;b&gt;",
)
HOSTILE = " ".join(PAYLOADS)
#: A plain word in every text, for the search test.
WORD = "hostiletext"
#: Markdown fields and the body also try breaking out of an HTML block: blank lines and indented code.
MARKDOWN = f"{WORD} markdown {HOSTILE}\n\n    <script>window.__pwned=1</script>\n\n" + "\n\n".join(PAYLOADS)

#: Line breaks that would start a new calendar event if the calendar did not escape them.
CALENDAR_BREAKOUT = "\nEND:VEVENT\nBEGIN:VEVENT\nUID:injected\nSUMMARY:injected\nEND:VEVENT\nBEGIN:VEVENT\n"

#: Finds what must never be in a page built from report text: event handlers, script URLs, running payloads.
DOM_CHECK = """() => {
  const bad = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.trim().toLowerCase();
      if (name.startsWith('on')) bad.push(`${element.tagName} ${name}="${attribute.value}"`);
      if (/^(javascript|vbscript|data:text\\/html)/.test(value) && value !== 'javascript:void(0)')
        bad.push(`${element.tagName} ${name}="${attribute.value}"`);
    }
    const runs = element.tagName === 'SCRIPT' && (!element.type || /javascript|module/i.test(element.type));
    if (runs && element.textContent.includes('__pwned')) bad.push(`script: ${element.textContent.slice(0, 80)}`);
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE'].includes(element.tagName)) bad.push(element.outerHTML.slice(0, 120));
    if (element.tagName === 'META' && /refresh/i.test(element.httpEquiv)) bad.push(element.outerHTML);
  }
  return bad;
}"""


def text(label: str) -> str:
    """A plain-text value: a label, the search word and every payload, on one line."""
    return f"{WORD} {label} {HOSTILE}"


#: A summary that also tries to break out of its calendar event.
UPCOMING_SUMMARY = text("upcoming summary") + CALENDAR_BREAKOUT + "end of summary"


#: The configuration file of each build.
CONFIGS = {"internal": "mkdocs.yml", "public": "mkdocs.public.yml"}


# --- The hostile site --------------------------------------------------------------


def write_report(site: Path, name: str, front: dict[str, Any]) -> None:
    """A report with a hostile body; YAML dumped safely, so every payload stays valid text."""
    data = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    (site / "incidents" / f"{name}.md").write_text(f"---\n{data}---\n\n{MARKDOWN}\n", encoding="utf-8")


def write_catalogue(site: Path) -> None:
    """Services whose names, descriptions and group names are hostile (ids are slugs by rule)."""
    def service(sid: str, **more: Any) -> dict[str, Any]:
        return {"id": sid, "name": text(f"service {sid}"), "description": text(f"about {sid}"), "since": "2025-01-01", **more}

    catalogue = {"groups": [
        {"name": text("group one"), "services": [service("web"), service("payments")]},
        {"name": text("group two"), "services": [service("staff-tool", visibility="internal"), service("api")]},
    ]}
    (site / "status" / "services.yml").write_text(
        yaml.safe_dump(catalogue, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


def everything(label: str) -> dict[str, Any]:
    """Every internal text field of a reviewed incident, hostile."""
    return {
        "lead": text(f"{label} lead"),
        "comms_lead": text(f"{label} comms lead"),
        "responders": [text(f"{label} responder")],
        "authors": [text(f"{label} author")],
        "notified": [{"who": text(f"{label} notified"), "at": "2026-11-20T09:20:00Z"}],
        "user_impact": MARKDOWN,
        "users_affected": 12,
        "timeline": [{"at": "2026-11-20T09:05:00Z", "event": MARKDOWN, "by": text(f"{label} timeline by")}],
        "questions": [text(f"{label} question")],
        "trigger": MARKDOWN,
        "root_cause": MARKDOWN,
        "resolution": MARKDOWN,
        "contributing_factors": [MARKDOWN],
        "actions": [
            {
                "title": text(f"{label} action"),
                "owner": text(f"{label} owner"),
                "due": "2026-11-01",
                "status": "open",
                "type": "technical",
                "ticket": "javascript:window.__pwned=1",
            },
            {
                "title": text(f"{label} done action"),
                "owner": text(f"{label} owner"),
                "status": "done",
                "done_on": "2026-11-21",
                "ticket": text(f"{label} ticket"),
            },
        ],
        "review": {
            "date": "2026-11-24",
            "facilitator": text(f"{label} facilitator"),
            "attendees": [text(f"{label} attendee")],
            "notes": MARKDOWN,
        },
        "tags": [text(f"{label} tag"), "<script>window.__pwned=1</script>"],
        "extra": {"<script>window.__pwned=1</script>": text(f"{label} extra"), "nested": {"list": [HOSTILE]}},
    }


def update(at: str, status: str, label: str, **more: Any) -> dict[str, Any]:
    """A hostile public update."""
    return {"at": at, "status": status, "message": text(f"{label} update {status}"), **more}


def write_reports(site: Path) -> None:
    """Reports of every kind, audience and state, every text hostile."""
    for old in (site / "incidents").glob("*.md"):
        old.unlink()
    write_report(
        site,
        "hostile-reviewed",
        {
            "title": text("reviewed title"),
            "severity": "P3",
            "category": "other",
            "stage": "reviewed",
            "visibility": "public",
            "report_public": True,
            "services": {"web": "major_outage", "payments": "partial_outage"},
            "started": "2026-11-20T09:00:00Z",
            "detected": "2026-11-20T09:02:00Z",
            "mitigated": "2026-11-20T10:00:00Z",
            "summary": text("reviewed summary"),
            "updates": [
                update("2026-11-20T09:10:00Z", "investigating", "reviewed"),
                update("2026-11-20T10:30:00Z", "resolved", "reviewed"),
            ],
            **everything("reviewed"),
            "related": ["hostile-internal"],
        },
    )
    write_report(
        site,
        "hostile-active",
        {
            "title": text("active title"),
            "severity": "P4",
            "stage": "initial",
            "visibility": "public",
            "services": ["api"],
            "started": "2026-11-26T10:00:00Z",
            "summary": text("active summary"),
            "updates": [
                update("2026-11-26T10:10:00Z", "identified", "active", impact="partial_outage"),
                update("2026-11-26T11:00:00Z", "monitoring", "active", impact="degraded_performance"),
            ],
            "lead": text("active lead"),
            "user_impact": MARKDOWN,
            "timeline": [{"at": "2026-11-26T10:05:00Z", "event": MARKDOWN, "by": text("active timeline by")}],
        },
    )
    write_report(
        site,
        "hostile-maintenance",
        {
            "title": text("maintenance title"),
            "kind": "maintenance",
            "visibility": "public",
            "services": ["payments"],
            "scheduled_for": "2026-11-26T11:00:00Z",
            "scheduled_until": "2026-11-26T14:00:00Z",
            "summary": text("maintenance summary"),
            "updates": [update("2026-11-26T11:00:00Z", "in_progress", "maintenance")],
        },
    )
    write_report(
        site,
        "hostile-upcoming",
        {
            "title": text("upcoming title"),
            "kind": "maintenance",
            "visibility": "public",
            "services": ["web"],
            "scheduled_for": "2026-12-02T22:00:00Z",
            "scheduled_until": "2026-12-02T23:00:00Z",
            "summary": UPCOMING_SUMMARY,
        },
    )
    write_report(
        site,
        "hostile-internal",
        {
            "title": text("internal title"),
            "severity": "P3",
            "stage": "initial",
            "visibility": "internal",
            "services": ["staff-tool"],
            "started": "2026-11-26T09:00:00Z",
            "summary": text("internal summary"),
            "updates": [update("2026-11-26T09:10:00Z", "investigating", "internal")],
            "lead": text("internal lead"),
            "user_impact": MARKDOWN,
            "timeline": [{"at": "2026-11-26T09:05:00Z", "event": MARKDOWN}],
        },
    )
    write_report(
        site,
        "hostile-exercise",
        {
            "title": text("exercise title"),
            "kind": "exercise",
            "severity": "P4",
            "visibility": "internal",
            "services": ["web"],
            "started": "2026-11-10T09:00:00Z",
            "resolved": "2026-11-10T10:00:00Z",
            "status": "resolved",
            "summary": text("exercise summary"),
            "lead": text("exercise lead"),
        },
    )


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The example site's configuration with hostile reports and services; gives a build's output, built once."""
    site = copy_site(tmp_path_factory.mktemp("hostile"))
    write_catalogue(site)
    write_reports(site)
    outputs: dict[str, Path | AssertionError] = {}

    # A failed build fails every test that needs it, without building it again for each.
    def output(build: str) -> Path:
        if build not in outputs:
            try:
                outputs[build] = built(site, CONFIGS[build])
            except AssertionError as failure:
                outputs[build] = failure
        result = outputs[build]
        if isinstance(result, AssertionError):
            raise result
        return result

    return output


# --- In the browser ---------------------------------------------------------------


@dataclass
class Visit:
    """One browser page reused for many URLs, recording every dialog that opens."""

    page: Page
    dialogs: list[str]

    def load(self, url: str) -> list[str]:
        """Load ``url``; what ran or could run there."""
        self.dialogs.clear()
        open_page(self.page, url)
        return self.problems()

    def problems(self) -> list[str]:
        """What ran or could run on the page as it is now (an empty list when nothing did)."""
        found = [f"window.__pwned = {self.page.evaluate('window.__pwned')}"] if self.page.evaluate("'__pwned' in window") else []
        found += self.page.evaluate(DOM_CHECK)
        found += [f"dialog: {message}" for message in self.dialogs]
        return list(dict.fromkeys(found))


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    """A fresh browser page for one test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield Visit(page, dialogs)
    context.close()


def shown_text(page: Page) -> str:
    """The page's main content as a reader gets it, whitespace collapsed."""
    return page.evaluate("() => (document.querySelector('article') || document.body).textContent.replace(/\\s+/g, ' ')")


def flat(value: str) -> str:
    """Text with its whitespace collapsed, as it reads on a page."""
    return " ".join(value.split())


@pytest.mark.parametrize("build", ["internal", "public"])
def test_no_payload_runs_on_any_page(hostile_build: Callable[[str], Path], visit: Visit, build: str) -> None:
    """Every HTML page of the build loads without running anything from the reports or the catalogue."""
    folder = hostile_build(build)
    paths = page_paths(folder)
    assert "status/" in paths and "incidents/hostile-reviewed/" in paths
    with serve(folder) as base:
        failures = {path: problems for path in [*paths, "badge.svg"] if (problems := visit.load(base + path))}
    assert not failures, f"{build} build: payloads could run:\n" + "\n".join(
        f"{path}: {problems}" for path, problems in failures.items()
    )


def shown_as_written(build: str) -> dict[str, list[str]]:
    """The plain texts each page must show exactly as written, by page."""
    public = ["reviewed", "active", "maintenance", "upcoming"]
    reports = public + (["internal", "exercise"] if build == "internal" else [])
    pages = {f"incidents/hostile-{report}/": [text(f"{report} title"), text(f"{report} summary")] for report in reports}
    pages["incidents/hostile-upcoming/"][1] = UPCOMING_SUMMARY
    # Update messages are Markdown: their markup is sanitised (never run, as the test above checks),
    # and their words are shown.
    pages["incidents/hostile-reviewed/"] += [f"{WORD} reviewed update investigating", f"{WORD} reviewed update resolved"]
    pages["status/"] = [text(label) for label in ("service web", "group one", "active title", "maintenance title")]
    pages["status/"].append(f"{WORD} active update monitoring")
    if build == "internal":
        pages["incidents/hostile-reviewed/"] += [
            text(f"reviewed {label}")
            for label in (
                "lead",
                "comms lead",
                "responder",
                "author",
                "notified",
                "timeline by",
                "question",
                "action",
                "owner",
                "done action",
                "ticket",
                "facilitator",
                "attendee",
                "tag",
                "extra",
            )
        ]
        pages["status/"] += [text("service staff-tool"), text("internal title")]
        pages["actions/"] = [text("reviewed action"), text("reviewed owner")]
    return pages


@pytest.mark.parametrize("build", ["internal", "public"])
def test_plain_text_is_shown_as_written(hostile_build: Callable[[str], Path], visit: Visit, build: str) -> None:
    """Titles, summaries, updates, names and other plain text read exactly as written: escaped, never interpreted."""
    missing = []
    with serve(hostile_build(build)) as base:
        for path, texts in shown_as_written(build).items():
            open_page(visit.page, base + path)
            shown = shown_text(visit.page)
            missing += [f"{path}: '{expected[:60]}...'" for expected in texts if flat(expected) not in shown]
    assert not missing, f"{build} build: text not shown as written:\n" + "\n".join(missing)


@pytest.mark.parametrize("build", ["internal", "public"])
def test_search_results_run_nothing(hostile_build: Callable[[str], Path], visit: Visit, build: str) -> None:
    """Searching shows hostile titles and text as results without running them."""
    with serve(hostile_build(build)) as base:
        # The archive's page: the status page's search box searches there.
        assert not visit.load(base + "incidents/")
        # Typed key by key: Material searches on key presses, not on a programmatic value.
        visit.page.locator("input.md-search__input").press_sequentially(WORD)
        visit.page.wait_for_selector(".md-search-result__item", timeout=15_000)
        visit.page.hover(".md-search-result__item")
        problems = visit.problems()
    assert not problems, f"{build} search results: {problems}"


@pytest.mark.parametrize("build", ["internal", "public"])
def test_data_files_stay_well_formed(hostile_build: Callable[[str], Path], build: str) -> None:
    """Feeds, badge and API read as XML and JSON: hostile text never breaks out of its escaping."""
    folder = hostile_build(build)
    checked = 0
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder).as_posix()
        if relative.startswith("assets/"):
            continue
        if file.suffix in (".xml", ".svg"):
            ElementTree.parse(file)
            checked += 1
        elif file.suffix == ".json":
            json.loads(file.read_text(encoding="utf-8"))
            checked += 1
    assert checked >= 5, f"only {checked} feed, badge and API files were found in the {build} build"


@pytest.mark.parametrize("build", ["internal", "public"])
def test_calendar_holds_only_the_maintenance_windows(hostile_build: Callable[[str], Path], build: str) -> None:
    """Line breaks in a summary never start a calendar event of their own."""
    calendar = icalendar.Calendar.from_ical((hostile_build(build) / "maintenance.ics").read_bytes())
    uids = sorted(str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT"))
    assert uids == ["hostile-maintenance", "hostile-upcoming"], f"{build} calendar events: {uids}"
