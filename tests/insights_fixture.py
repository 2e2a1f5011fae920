"""A small archive with known dates, for the action register and insights tests.

Thirteen incidents, one exercise and one maintenance, written into a copy of
the example site (its configuration and catalogue: timezone Europe/London,
"now" 2026-11-26T12:00:00Z, hygiene after 14 days). Every figure the tests
expect is worked out by hand in the comments below and in the tests.

Times are minutes after ``started``:

| report | sev | started (UTC)     | detect | by       | mitigate | resolve | stage   |
|--------|-----|-------------------|--------|----------|----------|---------|---------|
| I1     | P3  | 2026-01-10 10:00  | -3 (0) | alert    | 10       | 15      | final   |
| I2     | P3  | 2026-01-20 10:00  | 2      | alert    | 20       | 25      | draft   |
| I3     | P3  | 2026-02-05 10:00  | 4      | user     | 30       | 35      | initial |
| I4     | P3  | 2026-04-15 10:00  | 4      | user     | (40)     | 40      | draft   |
| I5     | P3  | 2026-05-03 10:00  | 6      | staff    | 50       | 60      | final   |
| I6     | P3  | 2026-06-30 23:30  | 6      | alert    | 60       | 65      | draft   |  (1 July in London)
| I7     | P3  | 2026-08-12 10:00  | 8      | supplier | 70       | 75      | final   |
| I8     | P3  | 2026-10-01 08:00  | 8      | user     | 80       | 601     | draft   |
| I9     | P3  | 2026-11-20 09:00  | 10     | -        | 90       | -       | draft   |  (monitoring)
| I10    | P3  | 2026-11-25 10:00  | 30     | -        | -        | -       | draft   |  (investigating)
| I11    | P2  | 2026-03-10 10:00  | 12     | alert    | 60       | 120     | draft   |
| I12    | P2  | 2026-09-09 10:00  | 20     | user     | 100      | 200     | draft   |
| I13    | P1  | 2026-11-20 14:00  | 4      | other    | 30       | 45      | draft   |

(I4 records no ``mitigated``: impact counts until ``resolved``, so its time
to mitigate is 40.) The exercise (P1, November 2025, detected by a user after
1000 minutes, resolved and still a draft, with an overdue action) and the
maintenance (December 2025, on document-upload) would each change several
figures if they were counted.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from conftest import built, copy_site

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _at(start: str, minutes: int | None) -> str | None:
    """``start`` plus some minutes, as an RFC 3339 UTC timestamp."""
    if minutes is None:
        return None
    moment = datetime.fromisoformat(start.replace("Z", "+00:00")) + timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def action(title: str, owner: str, status: str, *, due: str | None = None, done_on: str | None = None,
           type: str | None = None, ticket: str | None = None) -> dict[str, Any]:
    """An action entry (keys left out when empty)."""
    values = {"title": title, "owner": owner, "due": due, "status": status, "done_on": done_on, "type": type, "ticket": ticket}
    return {key: value for key, value in values.items() if value is not None}


def incident(
    report_id: str, title: str, severity: str, started: str, services: list[str], *,
    detect: int, detected_by: str | None = None, mitigate: int | None = None, resolve: int | None = None,
    stage: str = "draft", visibility: str = "internal", kind: str = "incident",
    actions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Front-matter of an incident or exercise, with what its stage requires."""
    status = "resolved" if resolve is not None else ("monitoring" if mitigate is not None else "investigating")
    front: dict[str, Any] = {
        "id": report_id, "title": title, "kind": kind, "severity": severity, "status": status, "stage": stage,
        "visibility": visibility, "services": services, "started": started,
        "detected": _at(started, detect), "detected_by": detected_by,
        "mitigated": _at(started, mitigate), "resolved": _at(started, resolve),
    }
    if visibility == "public":
        front["summary"] = f"{title}. This is a test report."
    if severity in ("P1", "P2"):
        # The example's notification policy wants the Head of Digital Operations told of every P1 and P2.
        front["notified"] = [{"who": "Head of Digital Operations", "at": _at(started, detect + 1)}]
    if stage in ("initial", "final"):
        front.update(
            lead="Priya Raman", user_impact="Some users could not finish.",
            timeline=[{"at": _at(started, detect), "event": "Alert fired."}],
        )
    if stage == "final":
        front.update(root_cause="A bad release.", resolution="Rolled back.")
        front["actions"] = actions or []
    elif actions is not None:
        front["actions"] = actions
    return {key: value for key, value in front.items() if value is not None}


#: The follow-up actions, named a..k as in the tests (today is 2026-11-26).
A = action("Lower the error alert threshold", "Aisha Okafor", "done", due="2026-02-01", done_on="2026-01-25",
           type="technical", ticket="https://tracker.example.com/RIV-1")                       # on time
B = action("Update the rollback runbook", "Ben Carter", "done", due="2026-02-01", done_on="2026-02-10",
           type="organisational")                                                              # late
C = action("Add a payments dashboard", "Aisha Okafor", "open", due="2026-03-01", type="technical",
           ticket="RIV-2")                                                                     # overdue 270 days
D = action("Review payment capacity", "Chloé Dubois", "in_progress", due="2027-01-15", type="technical")
E = action("Write a blog post", "Ben Carter", "wont_do", type="organisational")
F = action("Speed up sign-in sessions", "Aisha Okafor", "done", done_on="2026-05-01", type="technical")  # no due
G = action("Retry failed payments", "Dan Evans", "in_progress", due="2026-11-25", type="technical")  # overdue 1 day
H = action("Tell the contact centre", "Dan Evans", "open", due="2026-11-26", type="organisational")  # due today
I = action("Agree a P1 rota", "Ben Carter", "open", due="2026-12-01", type="organisational")  # noqa: E741 (actions are lettered A to K)
J = action("Find the root cause", "Aisha Okafor", "open")                                      # no due, no type
K = action("Run the API game day again", "Ben Carter", "open", due="2025-12-01", type="technical")  # exercise, overdue

REPORTS: dict[str, dict[str, Any]] = {
    "I1": incident("2026-01-10-apply-errors", "Apply online errors", "P3", "2026-01-10T10:00:00Z", ["apply-online"],
                   detect=-3, detected_by="alert", mitigate=10, resolve=15, stage="final", visibility="public",
                   actions=[A, B]),
    "I2": incident("2026-01-20-payments-double-charge", "Some payments taken twice", "P3", "2026-01-20T10:00:00Z",
                   ["apply-online", "payments"], detect=2, detected_by="alert", mitigate=20, resolve=25, actions=[C]),
    "I3": incident("2026-02-05-payments-slow", "Card payments slow", "P3", "2026-02-05T10:00:00Z", ["payments"],
                   detect=4, detected_by="user", mitigate=30, resolve=35, stage="initial", actions=[D, E]),
    "I4": incident("2026-04-15-sign-in-slow", "Sign in slow", "P3", "2026-04-15T10:00:00Z", ["sign-in"],
                   detect=4, detected_by="user", resolve=40, actions=[F]),
    "I5": incident("2026-05-03-apply-timeouts", "Apply online timing out", "P3", "2026-05-03T10:00:00Z",
                   ["apply-online"], detect=6, detected_by="staff", mitigate=50, resolve=60, stage="final",
                   visibility="public"),
    "I6": incident("2026-07-01-emails-late", "Confirmation emails late", "P3", "2026-06-30T23:30:00Z",
                   ["notifications"], detect=6, detected_by="alert", mitigate=60, resolve=65),
    "I7": incident("2026-08-12-sign-in-errors", "Sign in errors", "P3", "2026-08-12T10:00:00Z", ["sign-in"],
                   detect=8, detected_by="supplier", mitigate=70, resolve=75, stage="final"),
    "I8": incident("2026-10-01-caseworker-down", "Caseworker tool down", "P3", "2026-10-01T08:00:00Z",
                   ["caseworker-tool"], detect=8, detected_by="user", mitigate=80, resolve=601),
    "I9": incident("2026-11-20-payments-declined", "Payments declined", "P3", "2026-11-20T09:00:00Z", ["payments"],
                   detect=10, mitigate=90),
    "I10": incident("2026-11-25-apply-blank-page", "Apply online shows a blank page", "P3", "2026-11-25T10:00:00Z",
                    ["apply-online"], detect=30),
    "I11": incident("2026-03-10-payments-outage", "Card payments down", "P2", "2026-03-10T10:00:00Z", ["payments"],
                    detect=12, detected_by="alert", mitigate=60, resolve=120, actions=[G, H]),
    "I12": incident("2026-09-09-renewals-failing", "Renewals failing", "P2", "2026-09-09T10:00:00Z",
                    ["renew-licence"], detect=20, detected_by="user", mitigate=100, resolve=200),
    "I13": incident("2026-11-20-apply-and-sign-in-down", "Apply online and sign in down", "P1",
                    "2026-11-20T14:00:00Z", ["apply-online", "sign-in"], detect=4, detected_by="other", mitigate=30,
                    resolve=45, actions=[I, J]),
    "E1": incident("2025-11-15-game-day-api", "Game Day on the licence API", "P1", "2025-11-15T10:00:00Z",
                   ["licence-check-api"], detect=1000, detected_by="user", mitigate=1100, resolve=1200,
                   kind="exercise", actions=[K]),
    "M1": {
        "id": "2025-12-10-upload-maintenance", "title": "Document upload maintenance", "kind": "maintenance",
        "status": "completed", "visibility": "public", "services": ["document-upload"],
        "scheduled_for": "2025-12-10T08:00:00Z", "scheduled_until": "2025-12-10T10:00:00Z",
        "summary": "Document upload will be unavailable for two hours.",
    },
}


def report_text(front: dict[str, Any]) -> str:
    """A report file: the front-matter as YAML, and a short body."""
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\nA test report.\n"


def write_archive(folder: Path) -> Path:
    """Write every fixture report into ``folder`` (replacing what is there)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for front in REPORTS.values():
        (folder / f"{front['id']}.md").write_text(report_text(front), encoding="utf-8")
    return folder


def fixture_site(dest: Path) -> Path:
    """A copy of the example site whose incidents/ holds only the fixture reports."""
    site = copy_site(dest)
    write_archive(site / "incidents")
    return site


# --------------------------------------------------------------------- building and reading


_BUILT: dict[str, Path] = {}


def built_fixture(tmp_path_factory: Any) -> Path:
    """The fixture site built once per test session, internal (``site/``) and public (``site-public/``)."""
    if "site" not in _BUILT:
        site = fixture_site(tmp_path_factory.mktemp("insights-fixture"))
        built(site, "mkdocs.yml")
        built(site, "mkdocs.public.yml")
        _BUILT["site"] = site
    return _BUILT["site"]


@dataclass
class Table:
    """A table as a reader sees it: caption, then each row's cell texts and each cell's links."""

    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)
    links: list[list[list[str]]] = field(default_factory=list)
    #: (tag, scope) of every heading cell.
    headings: list[tuple[str, str | None]] = field(default_factory=list)

    def body(self) -> list[list[str]]:
        """The rows after the heading row."""
        return self.rows[1:]

    def row(self, heading: str) -> list[str]:
        """The row whose first cell is ``heading``."""
        return next(r for r in self.rows if r and r[0] == heading)


class TableReader(HTMLParser):
    """Reads every table of a page (tables are never nested in these pages)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.in_caption = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(Table())
        elif not self.tables:
            return
        table = self.tables[-1]
        if tag == "caption":
            self.in_caption = True
        elif tag == "tr":
            table.rows.append([])
            table.links.append([])
        elif tag in ("th", "td"):
            self.cell = []
            table.links[-1].append([])
            if tag == "th":
                table.headings.append((tag, dict(attrs).get("scope")))
        elif tag == "a" and self.cell is not None:
            table.links[-1][-1].append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self.in_caption = False
        elif tag in ("th", "td") and self.cell is not None:
            self.tables[-1].rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.in_caption:
            self.tables[-1].caption += data
        elif self.cell is not None:
            self.cell.append(data)


def tables(page: Path) -> dict[str, Table]:
    """The tables of a built page, by caption."""
    reader = TableReader()
    reader.feed(page.read_text(encoding="utf-8"))
    return {" ".join(t.caption.split()): t for t in reader.tables}
