"""The public build's guarantee: nothing internal reaches any public output.

A copy of the example site gets unique marker strings planted in every internal
field of public reports, in internal, exercise and internal-maintenance reports
(titles, summaries, file names), in internal services and a group of them, and
in the internal site's own docs folder. The public build must hold none of them,
in any file's name or contents (pages, search index, sitemap and its ``.gz``,
404 page, feeds, API, calendar, badge). The internal build must hold them, which
proves they were planted where a view would find them.

Markers are lowercase letters and digits, so HTML escaping, JSON, URL encoding
and slugging all leave them readable; the scan is case-insensitive.
"""

from __future__ import annotations

import functools
import gzip
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from incident_reports.announce.events import INCIDENT_UPDATED, Event
from incident_reports.announce.messages import MessageLanguage, message
from incident_reports.announce.sources import read_site
from incident_reports.views.i18n import Language

from conftest import built, copy_site, run_cli

PREFIX = "zqxleak"
TOKEN = re.compile(PREFIX + r"[a-z0-9]*")
#: The one marker that is a number (``users_affected`` holds only integers).
USERS_AFFECTED = 7305912846
#: The published JSON Schema lists the configured severities and categories by design (they are
#: configuration, not report data); a report's own severity or category may appear nowhere else.
SCHEMA_FILE = "schema/incident-report.schema.json"
#: Raw HTML (a comment, an attribute) in a body: the internal build need not show these either.
SANITISED = ("narrativebodycomment", "narrativebodyrawattribute", "closedbodycomment")
#: Text a browser never shows (comments, scripts, styles, templates) in published Markdown: no output of either
#: build holds it, as pages, feeds, the search index, the API's body and announcements all use one sanitiser.
HIDDEN = (
    "activeupdatecomment", "activeupdatescript", "activeupdatestyle", "activeupdatetemplate",
    "maintenanceupdatecomment", "maintenanceupdatescript", "narrativerootcausecomment", "narrativerootcausescript",
    "narrativeimpactnoscript", "activeadvicecomment",
)
#: The host images in published text come from: no page, feed or message may load anything from it.
REMOTE_HOST = "tracker.example.net"
#: An attribute or a style that makes a reader load what it names: an image, a frame, a video, a background.
REMOTE_RESOURCE = re.compile(
    r"""\b(?:src|srcset|poster|data|background|formaction)\s*=\s*\\?["']?\s*(?:https?:)?//|url\(\s*\\?["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)
#: Internal times, as they would read in any output: the closed report's ``detected`` and the
#: narrative report's action ``due`` (report_public publishes action titles and statuses, not dates).
INTERNAL_TIMES = {"detected": ("2026-11-20t08:47", "20 nov 2026 08:47"), "action due": ("2026-12-29", "29 dec 2026")}
#: An attribute of raw HTML in a ``report_public`` body: public narrative, but raw HTML is removed
#: (docs/handbook/public-and-internal.md).
RAW_HTML = PREFIX + "narrativebodyrawattribute"

PUBLIC_CLOSED = "leak-public-closed"
PUBLIC_NARRATIVE = "leak-public-narrative"
PUBLIC_ACTIVE = "leak-public-active"
PUBLIC_MAINTENANCE = "leak-public-maintenance"


@dataclass
class Markers:
    """Every planted marker, with where it was planted (for the failure message)."""

    planted: dict[str, str] = field(default_factory=dict)

    def __call__(self, where: str) -> str:
        """A new marker for ``where`` (a short description such as ``closed lead``)."""
        marker = PREFIX + re.sub(r"[^a-z0-9]", "", where.lower())
        clash = [known for known in self.planted if known.startswith(marker) or marker.startswith(known)]
        assert not clash, f"marker {marker} is not unique: {clash}"
        self.planted[marker] = where
        return marker

    def where(self, token: str) -> str:
        """Where a found token was planted (the longest marker it starts with)."""
        prefixes = [known for known in self.planted if token.startswith(known)]
        return self.planted[max(prefixes, key=len)] if prefixes else "unknown marker"


@dataclass(frozen=True)
class LeakSite:
    """The planted site, built both ways."""

    root: Path
    markers: Markers
    internal: Path
    public: Path


# --- Planting ------------------------------------------------------------------


def write_report(site: Path, name: str, front: dict[str, Any], body: str = "") -> None:
    """Write a report file: YAML front-matter dumped safely, then the Markdown body."""
    text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    (site / "incidents" / f"{name}.md").write_text(f"---\n{text}---\n\n{body}\n", encoding="utf-8")


def people(m: Markers, prefix: str) -> dict[str, Any]:
    """The name fields of a report, each a marker."""
    return {
        "lead": m(f"{prefix} lead"),
        "comms_lead": m(f"{prefix} comms lead"),
        "responders": [m(f"{prefix} responder one"), m(f"{prefix} responder two")],
        "authors": [m(f"{prefix} author")],
        "notified": [
            {"who": "Head of Digital Operations", "at": "2026-11-20T09:20:00Z"},
            {"who": m(f"{prefix} notified who"), "at": "2026-11-20T09:25:00Z"},
        ],
    }


def review(m: Markers, prefix: str) -> dict[str, Any]:
    """A postmortem meeting, every text a marker."""
    return {
        "date": "2026-11-24",
        "facilitator": m(f"{prefix} review facilitator"),
        "attendees": [m(f"{prefix} review attendee")],
        "notes": m(f"{prefix} review notes") + " were taken.",
    }


def extra(m: Markers, prefix: str) -> dict[str, Any]:
    """Custom data: markers in keys, values and nested values."""
    return {
        m(f"{prefix} extra key"): m(f"{prefix} extra value"),
        "nested": {"list": [m(f"{prefix} extra nested")]},
    }


def plant_public_closed(site: Path, m: Markers, internal_id: str) -> None:
    """A resolved, reviewed public report without ``report_public``: only its public fields may show."""
    front = {
        "id": PUBLIC_CLOSED,
        "title": "Renewal reminders sent twice",
        "kind": "incident",
        "severity": m("configured severity"),
        "category": m("configured category"),
        "status": "resolved",
        "stage": "reviewed",
        "visibility": "public",
        "services": ["notifications"],
        "impact": "degraded_performance",
        "started": "2026-11-20T09:00:00Z",
        "detected": "2026-11-20T08:47:00Z",
        "detected_by": "user",
        "mitigated": "2026-11-20T10:00:00Z",
        "resolved": "2026-11-20T10:30:00Z",
        "summary": "Some renewal reminders were sent twice. Nobody was charged twice.",
        "updates": [
            {"at": "2026-11-20T09:10:00Z", "status": "investigating", "message": "Some reminders are being sent twice."},
            {"at": "2026-11-20T10:30:00Z", "status": "resolved", "message": "Reminders are sent once again."},
        ],
        **people(m, "closed"),
        "users_affected": USERS_AFFECTED,
        "users_affected_text": m("closed users affected text") + " about 700",
        "timezone": "America/Los_Angeles",
        "lessons": {
            "went_well": m("closed lesson well") + " paging worked.",
            "went_wrong": [m("closed lesson wrong") + " no alert.", "A second point."],
            "got_lucky": m("closed lesson lucky") + " it was quiet.",
        },
        "user_impact": m("closed user impact") + " people got two emails.",
        "timeline": [
            {"at": "2026-11-20T09:05:00Z", "event": m("closed timeline event") + " noticed.", "by": m("closed timeline by")},
        ],
        "questions": [m("closed question") + " why twice?"],
        "trigger": m("closed trigger") + " fired.",
        "root_cause": m("closed root cause") + " was found.",
        "resolution": m("closed resolution") + " was applied.",
        "contributing_factors": [m("closed contributing factor") + " mattered."],
        "actions": [
            {
                "title": m("closed action title"),
                "owner": m("closed action owner"),
                "due": "2026-12-20",
                "status": "open",
                "type": "technical",
                "ticket": "https://tracker.example.gov.uk/" + m("closed action ticket"),
            },
        ],
        "review": review(m, "closed"),
        "related": [internal_id],
        "tags": [m("closed tag")],
        "extra": extra(m, "closed"),
    }
    body = f"## {m('closed body heading')}\n\n{m('closed body text')} went wrong.\n\n<!-- {m('closed body comment')} -->\n"
    write_report(site, PUBLIC_CLOSED, front, body)


def plant_public_narrative(site: Path, m: Markers) -> None:
    """A public report with ``report_public: true``: its narrative shows, names and tickets never do."""
    front = {
        "id": PUBLIC_NARRATIVE,
        "title": "Licence checks slow for fisheries",
        "severity": "P3",
        "category": "performance",
        "status": "resolved",
        "stage": "reviewed",
        "visibility": "public",
        "report_public": True,
        "services": ["licence-check-api"],
        "started": "2026-11-18T14:00:00Z",
        "resolved": "2026-11-18T15:00:00Z",
        "summary": "Licence checks took several seconds for an hour.",
        "updates": [
            {"at": "2026-11-18T14:10:00Z", "status": "identified", "message": "Licence checks are slow; we know why."},
            {"at": "2026-11-18T15:00:00Z", "status": "resolved", "message": "Licence checks are quick again."},
        ],
        **people(m, "narrative"),
        "users_affected": USERS_AFFECTED + 1,
        "users_affected_text": m("narrative users affected text") + " about 700",
        "lessons": {"went_well": ["Publicnarrativelesson: the rollback was quick."]},
        "user_impact": f"Publicnarrativeimpact: checks were slow.<noscript>{m('narrative impact noscript')}</noscript>",
        "timeline": [
            {"at": "2026-11-18T14:05:00Z", "event": "Publicnarrativeevent: alert fired.", "by": m("narrative timeline by")},
        ],
        "questions": [m("narrative question") + " remains open?"],
        "trigger": "Publicnarrativetrigger: a slow query.",
        "root_cause": (
            f"Publicnarrativecause: a missing index. <!-- {m('narrative root cause comment')} -->\n\n"
            f"<script>{m('narrative root cause script')}()</script>\n\n![query plan](https://{REMOTE_HOST}/plan.png)"
        ),
        "resolution": "Publicnarrativeresolution: the index was added.",
        "contributing_factors": ["Publicnarrativefactor: no load test."],
        "actions": [
            {
                "title": "Publicnarrativeaction: add a load test",
                "owner": m("narrative action owner"),
                "due": "2026-12-29",
                "status": "open",
                "type": "technical",
                "ticket": "https://tracker.example.gov.uk/" + m("narrative action ticket"),
            },
        ],
        "review": review(m, "narrative"),
        "tags": [m("narrative tag")],
        "extra": extra(m, "narrative"),
    }
    body = (
        "## Publicnarrativebody\n\nThe narrative is public.\n\n"
        f"<!-- {m('narrative body comment')} -->\n\n"
        f'<span title="{m("narrative body raw attribute")}">Raw HTML is removed.</span>\n'
    )
    write_report(site, PUBLIC_NARRATIVE, front, body)


def plant_public_active(site: Path, m: Markers) -> None:
    """An ongoing public incident (on the status page), internal fields marked."""
    front = {
        "id": PUBLIC_ACTIVE,
        "title": "Renewals slow to confirm",
        "severity": "P3",
        "status": "identified",
        "stage": "initial",
        "visibility": "public",
        "services": {"renew-licence": "degraded_performance"},
        "started": "2026-11-26T10:30:00Z",
        "summary": "Renewals take a few minutes to confirm.",
        # Public, like the summary: what people should do.
        "what_to_do": f"Wait for the publicactiveadvice email before renewing again.<!-- {m('active advice comment')} -->",
        "updates": [{"at": "2026-11-26T10:40:00Z", "status": "identified", "message": (
            f"Confirmations are delayed. <!-- {m('active update comment')} --> <script>{m('active update script')}()</script>"
            f"<style>.{m('active update style')}{{}}</style>\n\n<template>{m('active update template')}</template>\n\n"
            f"![status](https://{REMOTE_HOST}/pixel.gif) `<!-- shown as code -->`"
        )}],
        "lead": m("active lead"),
        "comms_lead": m("active comms lead"),
        "user_impact": m("active user impact") + " waited.",
        "timeline": [{"at": "2026-11-26T10:35:00Z", "event": m("active timeline event"), "by": m("active timeline by")}],
        "questions": [m("active question") + "?"],
        "tags": [m("active tag")],
        "extra": extra(m, "active"),
    }
    write_report(site, PUBLIC_ACTIVE, front, m("active body") + " notes.")


def plant_public_maintenance(site: Path, m: Markers) -> None:
    """Upcoming public maintenance (on the status page and in the calendar), internal fields marked."""
    front = {
        "id": PUBLIC_MAINTENANCE,
        "title": "Sign in provider maintenance",
        "kind": "maintenance",
        "visibility": "public",
        "services": ["sign-in"],
        "scheduled_for": "2026-12-05T22:00:00Z",
        "scheduled_until": "2026-12-05T23:00:00Z",
        "summary": "Sign in may be unavailable for up to an hour.",
        "updates": [{"at": "2026-11-25T09:30:00Z", "status": "scheduled", "message": (
            f"<!--\n{m('maintenance update comment')}\n-->\nPlanned.\n\n<SCRIPT>{m('maintenance update script')}</SCRIPT>"
            f'<img src="https://{REMOTE_HOST}/p.gif" alt="diagram">'
        )}],
        "lead": m("maintenance lead"),
        "timeline": [
            {"at": "2026-11-25T09:00:00Z", "event": m("maintenance timeline event"), "by": m("maintenance timeline by")}
        ],
        "tags": [m("maintenance tag")],
        "extra": extra(m, "maintenance"),
    }
    write_report(site, PUBLIC_MAINTENANCE, front, m("maintenance body") + " runbook.")


def internal_report(m: Markers, prefix: str, services: Any, **fields: Any) -> dict[str, Any]:
    """A report whose every text field, title and summary included, is a marker."""
    return {
        "title": m(f"{prefix} title"),
        "summary": m(f"{prefix} summary") + " for staff.",
        "services": services,
        **fields,
        "updates": [{"at": "2026-11-26T10:10:00Z", "status": "investigating", "message": m(f"{prefix} update")}],
        **people(m, prefix),
        "user_impact": m(f"{prefix} user impact"),
        "timeline": [{"at": "2026-11-26T10:05:00Z", "event": m(f"{prefix} timeline event"), "by": m(f"{prefix} timeline by")}],
        "questions": [m(f"{prefix} question")],
        "trigger": m(f"{prefix} trigger"),
        "tags": [m(f"{prefix} tag")],
        "extra": extra(m, prefix),
    }


def plant_internal(site: Path, m: Markers, internal_service: str) -> str:
    """Internal, exercise and internal-maintenance reports, file names included; returns the internal id."""
    incident_id = m("internal id")
    write_report(
        site,
        incident_id,
        internal_report(
            m,
            "internal",
            {"payments": "major_outage"},
            severity="P1",
            visibility="internal",
            stage="initial",
            started="2026-11-26T10:00:00Z",
        ),
        m("internal body"),
    )
    service_report = m("internal service report id")
    write_report(
        site,
        service_report,
        internal_report(
            m,
            "internal service report",
            [internal_service],
            severity="P3",
            visibility="internal",
            stage="initial",
            started="2026-11-26T10:00:00Z",
        ),
        m("internal service report body"),
    )
    exercise = m("exercise id")
    write_report(
        site,
        exercise,
        internal_report(
            m,
            "exercise",
            ["apply-online"],
            kind="exercise",
            severity="P2",
            visibility="internal",
            stage="initial",
            started="2026-11-26T10:00:00Z",
        ),
        m("exercise body"),
    )
    maintenance = m("internal maintenance id")
    write_report(
        site,
        maintenance,
        {
            "title": m("internal maintenance title"),
            "kind": "maintenance",
            "visibility": "internal",
            "services": ["payments"],
            "scheduled_for": "2026-12-07T22:00:00Z",
            "scheduled_until": "2026-12-07T23:00:00Z",
            "summary": m("internal maintenance summary"),
            "lead": m("internal maintenance lead"),
        },
        m("internal maintenance body"),
    )
    return incident_id


def plant_catalogue(site: Path, m: Markers) -> str:
    """An internal service in a public group, and a group holding only an internal service; returns the first's id."""
    file = site / "status" / "services.yml"
    catalogue = yaml.safe_load(file.read_text(encoding="utf-8"))
    service = m("internal service id")
    catalogue["groups"][0]["services"].append(
        {
            "id": service,
            "name": m("internal service name"),
            "description": m("internal service description"),
            "since": "2024-01-15",
            "visibility": "internal",
        }
    )
    catalogue["groups"].append(
        {
            "name": m("internal group name"),
            "services": [
                {
                    "id": m("grouped service id"),
                    "name": m("grouped service name"),
                    "description": m("grouped service description"),
                    "visibility": "internal",
                }
            ],
        }
    )
    file.write_text(yaml.safe_dump(catalogue, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return service


def plant_docs(site: Path, m: Markers) -> None:
    """A page of the internal site's docs folder, its file name a marker too, and a line on its home page."""
    page = m("docs page name")
    (site / "docs" / f"{page}.md").write_text(f"# {m('docs page title')}\n\n{m('docs page text')} runbook.\n", encoding="utf-8")
    with (site / "docs" / "index.md").open("a", encoding="utf-8") as home:
        home.write(f"\n{m('docs home text')} for staff only.\n")


def plant_config(site: Path, m: Markers) -> None:
    """Configure the marker severity and category (mkdocs.yml now inherits the example's configuration)."""
    (site / "mkdocs.yml").rename(site / "mkdocs.example.yml")
    config = {
        "INHERIT": "mkdocs.example.yml",
        "plugins": {
            "incidents": {
                "severities": ["P1", "P2", "P3", "P4", PREFIX + "configuredseverity"],
                "categories": ["availability", "performance", "security", "data", "other", PREFIX + "configuredcategory"],
            }
        },
    }
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def leak_site(tmp_path_factory: pytest.TempPathFactory) -> LeakSite:
    """The example site with markers planted everywhere internal, built both ways."""
    site = copy_site(tmp_path_factory.mktemp("leaks"))
    m = Markers()
    internal_id = plant_internal(site, m, plant_catalogue(site, m))
    plant_public_closed(site, m, internal_id)
    plant_public_narrative(site, m)
    plant_public_active(site, m)
    plant_public_maintenance(site, m)
    plant_docs(site, m)
    plant_config(site, m)
    return LeakSite(site, m, built(site, "mkdocs.yml"), built(site, "mkdocs.public.yml"))


# --- Scanning ------------------------------------------------------------------


def readable(file: Path) -> str:
    """A file's contents as searchable text: ``.gz`` decompressed, calendar lines unfolded, lowercased."""
    data = file.read_bytes()
    if file.suffix == ".gz":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    if file.suffix == ".ics":
        text = text.replace("\r\n ", "").replace("\r\n\t", "")
    return text.lower()


@functools.lru_cache(maxsize=2)
def output_texts(folder: Path) -> dict[str, str]:
    """Every output file, by path relative to the site folder, as searchable text (read once per folder)."""
    return {f.relative_to(folder).as_posix(): readable(f) for f in sorted(folder.rglob("*")) if f.is_file()}


def found_markers(folder: Path) -> dict[str, set[str]]:
    """Marker tokens in the output, by file (a marker in a file's name counts as in that file)."""
    found: dict[str, set[str]] = {}
    for path, text in output_texts(folder).items():
        tokens = set(TOKEN.findall(path.lower())) | set(TOKEN.findall(text))
        if str(USERS_AFFECTED) in text or str(USERS_AFFECTED + 1) in text:
            tokens.add(f"users_affected {USERS_AFFECTED}")
        if tokens:
            found[path] = tokens
    return found


def context_of(text: str, token: str) -> str:
    """The text around a token's first occurrence, for the failure message."""
    at = text.find(token)
    return text[max(0, at - 80) : at + len(token) + 80].replace("\n", " ") if at >= 0 else "(in the file name)"


# --- Tests -----------------------------------------------------------------------


def test_planted_site_is_valid(leak_site: LeakSite) -> None:
    """The markers keep every report valid: the command line agrees with the build."""
    result = run_cli(leak_site.root, "validate")
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_build_holds_no_marker(leak_site: LeakSite) -> None:
    """No internal byte in any public file's name or contents."""
    texts = output_texts(leak_site.public)
    allowed_in_schema = {PREFIX + "configuredseverity", PREFIX + "configuredcategory"}
    leaks = []
    for path, tokens in sorted(found_markers(leak_site.public).items()):
        for token in sorted(tokens):
            if (path == SCHEMA_FILE and token in allowed_in_schema) or token == RAW_HTML:
                continue
            where = leak_site.markers.where(token) if token.startswith(PREFIX) else "users_affected"
            leaks.append(f"{path}: {token} (planted in: {where})\n    ...{context_of(texts[path], token)}...")
    assert not leaks, f"{len(leaks)} internal marker(s) in the public build:\n" + "\n".join(leaks)


def test_public_build_holds_no_internal_time(leak_site: LeakSite) -> None:
    """Times and dates only internal fields hold (detection, action due dates) are not published."""
    found = [
        f"{path}: {moment} ({field})"
        for path, text in output_texts(leak_site.public).items()
        for field, moments in INTERNAL_TIMES.items()
        for moment in moments
        if moment in text
    ]
    assert not found, "internal times in the public build:\n" + "\n".join(found)


def test_public_build_removes_raw_html(leak_site: LeakSite) -> None:
    """Raw HTML in a published narrative is removed, its attributes included (docs/handbook/public-and-internal.md)."""
    holding = sorted(path for path, tokens in found_markers(leak_site.public).items() if RAW_HTML in tokens)
    assert not holding, f"raw HTML from a report_public body (a title attribute) is published in {holding}"


@pytest.mark.parametrize("build", ["internal", "public"])
def test_no_output_holds_hidden_text_or_loads_from_another_host(leak_site: LeakSite, build: str) -> None:
    """Comments, scripts, styles and templates in published Markdown reach no page, feed, search index, API body or
    calendar of either build; an image from another host is a link, never loaded (docs/handbook/public-and-internal.md)."""
    folder = leak_site.public if build == "public" else leak_site.internal
    hidden = {PREFIX + name for name in HIDDEN}
    # The internal data set holds the reports' text as written, for the team's own tools: it shows nothing.
    found = sorted(
        f"{path}: {token}" for path, tokens in found_markers(folder).items() for token in tokens & hidden
        if (build, path) != ("internal", "incidents.json")
    )
    assert not found, "hidden text published:\n" + "\n".join(found)
    loads = []
    for path, text in output_texts(folder).items():
        if (build, path) == ("internal", "incidents.json"):
            continue
        # Feeds and JSON hold HTML escaped once more.
        for shown in (text, html.unescape(text), html.unescape(html.unescape(text))):
            loads += [f"{path}: ...{shown[max(0, m.start() - 80) : m.end() + 80]}..." for m in REMOTE_RESOURCE.finditer(shown)]
    assert not loads, "outputs that load from another host:\n" + "\n".join(sorted(set(loads)))
    # The images became links: the words and the address stay.
    page = output_texts(folder)[f"incidents/{PUBLIC_ACTIVE}/index.html"]
    assert f'<a href="https://{REMOTE_HOST}/pixel.gif" rel="noopener noreferrer">status</a>' in page
    assert "&lt;!-- shown as code --&gt;" in page


def test_announcements_hold_no_hidden_text_and_load_nothing(leak_site: LeakSite) -> None:
    """Both parts of every announcement the public site could send (chat and plain text, email HTML) are made from
    the API's plain-text body: no hidden text, no image."""
    current = read_site(str(leak_site.public))
    items = [*current.incidents.values(), *current.maintenances.values()]
    events = [
        Event(INCIDENT_UPDATED, item, update, update["created_at"], current.page)
        for item in items for update in item["incident_updates"]
    ]
    assert len(events) >= 3
    hidden = {PREFIX + name for name in HIDDEN}
    # Every language an announcement may speak, together.
    languages = (MessageLanguage(Language.load("en")), MessageLanguage(Language.load("cy")))
    for event in events:
        sent = message(event, languages)
        for part in (sent.title, sent.text, sent.html):
            assert not set(TOKEN.findall(part.lower())) & hidden, part
            assert "<img" not in part and not REMOTE_RESOURCE.search(part), part
    texts = [message(event, languages).text for event in events if event.incident["id"] == PUBLIC_ACTIVE]
    assert any(f"status (https://{REMOTE_HOST}/pixel.gif)" in text for text in texts), texts


def test_public_scan_covers_every_kind_of_output(leak_site: LeakSite) -> None:
    """The scan is not vacuous: every kind of public output exists and was read, planted public reports included."""
    texts = output_texts(leak_site.public)
    expected = [
        "404.html",
        "sitemap.xml",
        "sitemap.xml.gz",
        "search/search_index.json",
        "status/index.html",
        "incidents/index.html",
        "feed.xml",
        "atom.xml",
        "updates.xml",
        "maintenance.ics",
        "badge.svg",
        "api/v2/summary.json",
        "api/v2/incidents.json",
        "api/v2/scheduled-maintenances.json",
        "services/notifications/feed.xml",
        "services/notifications/atom.xml",
        *(f"incidents/{rid}/index.html" for rid in (PUBLIC_CLOSED, PUBLIC_NARRATIVE, PUBLIC_ACTIVE, PUBLIC_MAINTENANCE)),
        # Each public report's own feeds.
        *(f"incidents/{rid}/{name}" for rid in (PUBLIC_CLOSED, PUBLIC_NARRATIVE, PUBLIC_ACTIVE, PUBLIC_MAINTENANCE)
          for name in ("feed.xml", "atom.xml")),
    ]
    missing = [path for path in expected if path not in texts]
    assert not missing, f"the public build lacks {missing}"
    # The planted public reports are published with their public fields...
    assert "renewal reminders sent twice" in texts[f"incidents/{PUBLIC_CLOSED}/index.html"]
    assert "renewals slow to confirm" in texts["status/index.html"]
    # what_to_do is public: the banner and the report's page show it; its feed has its updates.
    assert "publicactiveadvice" in texts["status/index.html"]
    assert "publicactiveadvice" in texts[f"incidents/{PUBLIC_ACTIVE}/index.html"]
    assert "confirmations are delayed" in texts[f"incidents/{PUBLIC_ACTIVE}/feed.xml"]
    assert "sign in provider maintenance" in texts["maintenance.ics"]
    # ...and report_public publishes the narrative, so the projection is not simply dropping everything.
    narrative = texts[f"incidents/{PUBLIC_NARRATIVE}/index.html"]
    for text in (
        "publicnarrativeimpact",
        "publicnarrativeevent",
        "publicnarrativecause",
        "publicnarrativeaction",
        "publicnarrativebody",
        "publicnarrativelesson",
    ):
        assert text in narrative, f"report_public: true should publish '{text}'"


def test_internal_build_holds_every_marker(leak_site: LeakSite) -> None:
    """The markers were planted where the internal build shows them, so their absence in public means something."""
    everywhere: set[str] = set().union(*found_markers(leak_site.internal).values())
    missing = [
        f"{marker} ({where})"
        for marker, where in leak_site.markers.planted.items()
        if marker not in everywhere
        and marker[len(PREFIX) :] not in SANITISED + HIDDEN
        and not any(token.startswith(marker) for token in everywhere)
    ]
    assert not missing, "the internal build does not show:\n" + "\n".join(missing)
    assert f"users_affected {USERS_AFFECTED}" in everywhere
    texts = output_texts(leak_site.internal).values()
    for name, moments in INTERNAL_TIMES.items():
        assert any(moment in text for text in texts for moment in moments), f"the internal build does not show the {name} time"
