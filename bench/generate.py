"""Synthetic sites for the benchmark: N realistic reports, and the floors they are compared with.

``generate(out, n, seed, corpus)`` writes, under ``out``:

- ``site/``: the example site's configuration (mkdocs.yml, mkdocs.public.yml, docs/,
  public-docs/, overrides/ copied from the repository), a 14-service catalogue and N
  valid reports with full front-matter (8 timeline entries, 3 actions, 2 updates), spread
  over eight years: every severity, some maintenance, some exercises. Two corpora
  (``CORPORA``): ``long``, about 1,300 words a report (a 600-word body, long fields),
  about a third internal; ``short``, about 500 words, a typical postmortem, a fifth internal;
- ``floor/``: a plain Material build of the same text: N ordinary Markdown pages (not in
  the nav; each report's body, plus its front-matter written out as lists and tables)
  beside the example's own pages and navigation, with the example's theme features;
- ``public-floor/``: the same for the public build's own text (the public reports'
  public projection) beside the public configuration's pages and navigation.

Everything is deterministic from ``seed``. Run ``python bench/generate.py 1000 --out DIR [--corpus short]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from incident_reports.cli.site import load_site
from incident_reports.core.archive import Archive, load_archive
from incident_reports.core.model import Record
from incident_reports.core.public import public_archive
from incident_reports.core.timestamps import utc_from_epoch

REPO = Path(__file__).resolve().parents[1]
#: The fixed "now" every benchmark build runs at (the example's: 2026-11-26T12:00:00Z).
EPOCH = 1795694400
NOW = utc_from_epoch(EPOCH)
#: Reports are spread from here to a week before now.
SPAN_START = datetime(2019, 1, 1, tzinfo=UTC)
SPAN_END = NOW - timedelta(days=6)
#: The parts of the example site every synthetic site shares (configuration, pages, theme overrides).
SITE_PARTS = ("mkdocs.yml", "mkdocs.public.yml", "docs", "public-docs", "overrides", "CHANGELOG.md")

# The catalogue: 14 services, one internal group member, one retired.
SERVICES: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Public services", (
        ("apply-online", "Apply online", ""),
        ("renew-licence", "Renew a licence", ""),
        ("payments", "Card payments", ""),
        ("sign-in", "Sign in", ""),
        ("account-dashboard", "Your account", ""),
        ("refunds", "Refunds", ""),
    )),
    ("Notifications and APIs", (
        ("notifications", "Email and text messages", ""),
        ("licence-check-api", "Licence checking API", ""),
        ("document-upload", "Document upload", ""),
        ("partner-api", "Partner API", ""),
        ("open-data", "Open data downloads", ""),
    )),
    ("Staff tools", (
        ("caseworker-tool", "Caseworker tool", "internal"),
        ("reporting", "Management reporting", "internal"),
        ("legacy-paper-forms", "Paper form scanning", "retired"),
    )),
)
PUBLIC_SERVICES = [s for _, group in SERVICES for s, _, kind in group if kind != "internal"]
INTERNAL_SERVICES = [s for _, group in SERVICES for s, _, kind in group if kind == "internal"]
RETIRED_ON = date(2026, 6, 30)
NAMES = (
    "Priya Raman", "Tom Hughes", "Callum Reid", "Fiona MacLeod", "Eleanor Shaw", "Marcus Doyle", "Aisha Okafor",
    "Gareth Evans", "Siobhan Kelly", "Daniel Novak", "Mei Chen", "Oluwaseun Adeyemi", "Hannah Fischer",
    "Rhys Morgan", "Grace Lindqvist", "Imran Siddiqui",
)
SEVERITIES = (("P1", 0.1), ("P2", 0.25), ("P3", 0.35), ("P4", 0.3))
CATEGORIES = ("availability", "performance", "security", "data", "other")
POLICY_LEAD = "Head of Digital Operations"
POLICY_SECURITY = "Senior Information Risk Owner"

# Words for prose: realistic enough for Markdown, search indexing and page weight.
SUBJECTS = (
    "the on-call engineer", "the payment provider", "our monitoring", "the database cluster", "the load balancer",
    "the deployment pipeline", "the identity provider", "the message queue", "the contact centre", "the caseworkers",
    "the storage service", "the search index", "the release team", "the content delivery network", "the API gateway",
)
VERBS = (
    "noticed", "reported", "rolled back", "restarted", "scaled up", "reconfigured", "paused", "investigated",
    "confirmed", "escalated", "patched", "drained", "replayed", "throttled", "isolated",
)
OBJECTS = (
    "the failing requests", "the connection pool", "the background jobs", "the renewal reminders",
    "the certificate chain", "the cache nodes", "the slow queries", "the payment callbacks", "the upload workers",
    "the licence records", "the error budget", "the feature flag", "the retry settings", "the health checks",
    "the session tokens",
)
CLAUSES = (
    "because the alert threshold was set too high", "after a configuration change earlier that day",
    "while traffic was at its seasonal peak", "once the dashboards showed the pattern clearly",
    "so that no further applications were lost", "before any customer had contacted us",
    "which took longer than the runbook suggested", "with help from the supplier's support desk",
    "as the queue kept growing every minute", "without needing to take the service offline",
    "although the logs were incomplete at first", "so that the contact centre could answer calls",
)
ACTIONS = (
    "Add an alert on {o}", "Document how to recover {o}", "Automate the check of {o}", "Review the limits of {o}",
    "Load test {o} before the season opens", "Remove the manual step around {o}", "Agree a runbook for {o}",
)
TITLES = (
    "{s} slow for some users", "{s} unavailable", "Errors when using {s}", "{s} failing intermittently",
    "Delays in {s}", "{s} showing out of date information", "{s} timing out during peak hours",
)
MAINTENANCE_TITLES = ("{s} database upgrade", "{s} moving to new hosting", "{s} certificate rotation", "{s} planned patching")


@dataclass(frozen=True)
class Corpus:
    """The shape of a generated report: how many sentences each prose field has, its body, how many are public."""

    name: str
    #: Sentences after the summary's first words, in each update, and in the Markdown fields.
    summary: int
    update: int
    user_impact: int
    trigger: int
    root_cause: int
    resolution: int
    review_notes: int
    #: The body's sections: (heading, paragraphs as sentence counts, bullets).
    body: tuple[tuple[str, tuple[int, ...], int], ...]
    #: The share of incidents that are public (exercises are always internal; 80 % of maintenance is public).
    public_incidents: float


CORPORA = {
    # About 1,300 words a report: three times a typical postmortem (the corpus of 0.1.0 and 0.2.0).
    "long": Corpus(
        "long", summary=2, update=2, user_impact=3, trigger=2, root_cause=3, resolution=2, review_notes=2,
        body=(("What happened", (6, 7), 0), ("What went well", (), 4), ("What went wrong", (6,), 3),
              ("What we learned", (7, 5), 0)),
        public_incidents=0.65,
    ),
    # About 500 words a report: a typical postmortem, a fifth of the reports internal.
    "short": Corpus(
        "short", summary=1, update=1, user_impact=1, trigger=1, root_cause=2, resolution=1, review_notes=1,
        body=(("What happened", (3,), 0), ("What went well", (), 2), ("What we learned", (2,), 0)),
        public_incidents=0.84,
    ),
}


@dataclass(frozen=True)
class GeneratedSite:
    """Where the generated site and its floors are, and what is in them."""

    root: Path
    site: Path
    floor: Path
    public_floor: Path
    reports: int
    public_reports: int
    #: A report to edit in the serve measurement: its file and id.
    edit_file: Path
    edit_id: str


def generate(out: Path, n: int, seed: int = 1, corpus: str = "long") -> GeneratedSite:
    """Write a synthetic site of ``n`` reports of ``corpus``'s shape and its two floors under ``out`` (replacing it)."""
    shape = CORPORA[corpus]
    if out.exists():
        shutil.rmtree(out)
    site = out / "site"
    site.mkdir(parents=True)
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, site / part)
        else:
            shutil.copy2(source, site / part)
    (site / "status").mkdir()
    (site / "status" / "services.yml").write_text(_catalogue_yaml(), encoding="utf-8")
    incidents = site / "incidents"
    incidents.mkdir()
    ids: list[str] = []
    for index in range(n):
        report_id, text = _report(shape, index, n, seed, ids)
        ids.append(report_id)
        (incidents / f"{report_id}.md").write_text(text, encoding="utf-8")
    archive = _validated_archive(site)
    public = public_archive(archive)
    floor = _write_floor(out / "floor", archive.records, site, "mkdocs.yml")
    public_floor = _write_floor(out / "public-floor", public.records, site, "mkdocs.public.yml")
    edit = _edit_target(archive.records)
    return GeneratedSite(out, site, floor, public_floor, n, len(public.records), site / edit.source, edit.id)


def _edit_target(records: tuple[Record, ...]) -> Record:
    """The report the serve measurement edits: a resolved public incident in the middle of the archive."""
    candidates = [r for r in records if r.kind == "incident" and r.public and not r.active]
    return candidates[len(candidates) // 2]


def _validated_archive(site: Path) -> Archive:
    """The generated archive as the plugin loads it; a generated report with any problem is a generator bug."""
    settings = load_site(str(site / "mkdocs.yml")).settings
    archive = load_archive(site, settings, NOW)
    if archive.problems:
        listed = "\n".join(str(p) for p in archive.problems[:20])
        raise RuntimeError(f"the generator wrote reports with {len(archive.problems)} problems:\n{listed}")
    return archive


def _catalogue_yaml() -> str:
    """``status/services.yml`` with the 14 services, in display order."""
    lines = ["# Synthetic catalogue for the benchmark: 14 services in three groups.", "groups:"]
    for group, services in SERVICES:
        lines += [f"  - name: {group}", "    services:"]
        for service_id, name, kind in services:
            lines += [
                f"      - id: {service_id}", f"        name: {name}",
                f"        description: {json.dumps(f'{name}: the part of the service that users rely on for it.')}",
                "        since: 2018-06-01",
            ]
            if kind == "internal":
                lines.append("        visibility: internal")
            if kind == "retired":
                lines.append(f"        retired: {RETIRED_ON.isoformat()}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- one report


def _report(shape: Corpus, index: int, n: int, seed: int, earlier: list[str]) -> tuple[str, str]:
    """The id and file text of report ``index`` of ``n``: front-matter, then a body."""
    rng = random.Random(f"{seed}:{index}")
    if index == n - 1 and n > 2:
        return _active_incident(shape, rng, index)
    if index == n - 2 and n > 2:
        return _maintenance(shape, rng, index, NOW + timedelta(days=7, hours=rng.randrange(0, 8)), upcoming=True)
    span = (SPAN_END - SPAN_START).total_seconds()
    started = SPAN_START + timedelta(seconds=span * (index + rng.random()) / n)
    started = started.replace(second=0, microsecond=0)
    roll = rng.random()
    if roll < 0.08:
        return _maintenance(shape, rng, index, started, upcoming=False)
    kind = "exercise" if roll < 0.12 else "incident"
    return _incident(shape, rng, index, started, kind, earlier)


def _incident(
    shape: Corpus, rng: random.Random, index: int, started: datetime, kind: str, earlier: list[str]
) -> tuple[str, str]:
    severity = rng.choices([s for s, _ in SEVERITIES], [w for _, w in SEVERITIES])[0]
    category = rng.choice(CATEGORIES)
    public = kind == "incident" and rng.random() < shape.public_incidents
    services = _services(rng, started, public)
    title = rng.choice(TITLES).format(s=_service_name(services[0]))
    if kind == "exercise":
        title = f"Game day: {title[0].lower()}{title[1:]}"
    report_id = f"{started:%Y-%m-%d}-{_slug(title)}-{index:05d}"
    detected = started + timedelta(minutes=rng.randrange(1, 15))
    mitigated = detected + timedelta(minutes=rng.randrange(20, 300))
    resolved = mitigated + timedelta(minutes=rng.randrange(10, 120))
    people = rng.sample(NAMES, 6)
    stage = rng.choices(["reviewed", "final", "initial"], [0.6, 0.3, 0.1])[0]
    fm: list[str] = [
        "---", f"id: {report_id}", f"title: {json.dumps(title)}", f"kind: {kind}", f"severity: {severity}",
        f"category: {category}", "status: resolved", f"stage: {stage}",
        f"visibility: {'public' if public else 'internal'}",
    ]
    if public and category != "security" and rng.random() < 0.5:
        fm.append("report_public: true")
    if rng.random() < 0.4:
        levels = ("degraded_performance", "partial_outage", "major_outage")
        fm.append("services:")
        fm += [f"  {s}: {rng.choice(levels)}" for s in services]
    else:
        fm.append(f"services: [{', '.join(services)}]")
    fm += [
        f"started: {_ts(started)}", f"detected: {_ts(detected)}",
        f"detected_by: {rng.choice(['alert', 'user', 'staff', 'supplier'])}",
        f"mitigated: {_ts(mitigated)}", f"resolved: {_ts(resolved)}",
        f"summary: {json.dumps(_summary(shape, rng, services))}",
        "updates:",
        f"  - at: {_ts(detected + timedelta(minutes=4))}", "    status: investigating",
        f"    message: {json.dumps(_sentences(rng, shape.update))}",
        f"  - at: {_ts(resolved)}", "    status: resolved",
        f"    message: {json.dumps(_sentences(rng, shape.update))}",
        f"lead: {people[0]}", f"comms_lead: {people[1]}",
        f"responders: [{', '.join(people[:4])}]", f"authors: [{', '.join(people[:2])}]",
    ]
    told = [POLICY_LEAD] if severity in ("P1", "P2") else []
    told += [POLICY_SECURITY] if category == "security" else []
    told.append("Contact centre team leader")
    if kind == "incident":
        fm.append("notified:")
        for offset, who in enumerate(told):
            fm += [f"  - who: {who}", f"    at: {_ts(detected + timedelta(minutes=10 + offset))}"]
    fm += [f"users_affected: {rng.randrange(10, 20000)}", "user_impact: |", *_block(rng, shape.user_impact)]
    fm += _timeline(rng, detected, resolved, people)
    fm += [
        "trigger: |", *_block(rng, shape.trigger), "root_cause: |", *_block(rng, shape.root_cause),
        "resolution: |", *_block(rng, shape.resolution),
    ]
    fm += ["contributing_factors:", f"  - {json.dumps(_sentences(rng, 1))}", f"  - {json.dumps(_sentences(rng, 1))}"]
    fm += _actions(rng, resolved, people)
    if stage == "reviewed":
        fm += [
            "review:", f"  date: {(resolved + timedelta(days=7)).date().isoformat()}", f"  facilitator: {people[5]}",
            f"  attendees: [{', '.join(people[:5])}]", "  notes: |", *_block(rng, shape.review_notes, indent=4),
        ]
    if earlier and rng.random() < 0.2:
        fm.append(f"related: [{rng.choice(earlier[-50:])}]")
    tags = rng.sample(['supplier', 'database', 'release', 'network', 'capacity', 'security', 'seasonal'], 2)
    fm += [f"tags: [{', '.join(tags)}]"]
    fm += ["extra:", f"  chat_channel: {json.dumps('#inc-' + report_id[:40])}", f"  epic: RIV-{1000 + index}"]
    return report_id, "\n".join(fm) + "\n---\n\n" + _body(shape, rng, index) + "\n"


def _active_incident(shape: Corpus, rng: random.Random, index: int) -> tuple[str, str]:
    """An ongoing P2 incident this morning, so that the status page has something to show."""
    started = NOW - timedelta(hours=3)
    report_id = f"{started:%Y-%m-%d}-card-payments-failing-{index:05d}"
    people = rng.sample(NAMES, 4)
    fm = [
        "---", f"id: {report_id}", 'title: "Card payments failing for some users"', "severity: P2", "category: availability",
        "stage: initial", "visibility: public", "services: [payments, renew-licence]", f"started: {_ts(started)}",
        f"summary: {json.dumps(_summary(shape, rng, ['payments']))}", "updates:",
        f"  - at: {_ts(started + timedelta(minutes=10))}", "    status: investigating",
        f"    message: {json.dumps(_sentences(rng, shape.update))}",
        f"  - at: {_ts(started + timedelta(minutes=50))}", "    status: identified",
        f"    message: {json.dumps(_sentences(rng, shape.update))}",
        f"lead: {people[0]}", f"comms_lead: {people[1]}", "notified:",
        f"  - who: {POLICY_LEAD}", f"    at: {_ts(started + timedelta(minutes=15))}",
        "user_impact: |", *_block(rng, max(shape.user_impact - 1, 1)),
    ]
    fm += _timeline(rng, started, started + timedelta(minutes=150), people)
    return report_id, "\n".join(fm) + "\n---\n\n" + _body(shape, rng, index) + "\n"


def _maintenance(shape: Corpus, rng: random.Random, index: int, start: datetime, upcoming: bool) -> tuple[str, str]:
    start = start.replace(minute=0, second=0, microsecond=0)
    services = _services(rng, start, public=True)
    title = rng.choice(MAINTENANCE_TITLES).format(s=_service_name(services[0]))
    report_id = f"{start:%Y-%m-%d}-{_slug(title)}-{index:05d}"
    until = start + timedelta(hours=rng.randrange(1, 5))
    announced = min(start - timedelta(days=7), NOW - timedelta(days=1))
    public = rng.random() < 0.8
    fm = [
        "---", f"id: {report_id}", f"title: {json.dumps(title)}", "kind: maintenance",
        f"visibility: {'public' if public else 'internal'}", f"services: [{', '.join(services)}]",
        f"scheduled_for: {_ts(start)}", f"scheduled_until: {_ts(until)}",
    ]
    if not upcoming:
        fm += ["status: completed", f"started: {_ts(start)}", f"resolved: {_ts(until - timedelta(minutes=15))}"]
    fm += [
        f"summary: {json.dumps(_summary(shape, rng, services))}", "updates:",
        f"  - at: {_ts(announced)}", "    status: scheduled", f"    message: {json.dumps(_sentences(rng, shape.update))}",
    ]
    if not upcoming:
        fm += [
            f"  - at: {_ts(until - timedelta(minutes=15))}", "    status: completed",
            f"    message: {json.dumps(_sentences(rng, shape.update))}",
        ]
    people = rng.sample(NAMES, 4)
    fm.append(f"lead: {people[0]}")
    if not upcoming:
        fm += _timeline(rng, start, until, people)
    fm += ["tags: [maintenance]", "extra:", f"  change_ticket: https://tracker.example.gov.uk/RIV-{5000 + index}"]
    return report_id, "\n".join(fm) + "\n---\n\n" + _body(shape, rng, index) + "\n"


def _services(rng: random.Random, when: datetime, public: bool) -> list[str]:
    """One to three services; a public report lists only public ones; retired ones only before retirement."""
    pool = list(PUBLIC_SERVICES) + ([] if public else list(INTERNAL_SERVICES))
    if when.date() >= RETIRED_ON:
        pool.remove("legacy-paper-forms")
    return rng.sample(pool, rng.choice((1, 1, 2, 3)))


def _service_name(service_id: str) -> str:
    return next(name for _, group in SERVICES for s, name, _ in group if s == service_id)


def _timeline(rng: random.Random, first: datetime, last: datetime, people: list[str]) -> list[str]:
    """Eight chronological entries between ``first`` and ``last``."""
    step = (last - first) / 8
    lines = ["timeline:"]
    for i in range(8):
        lines += [f"  - at: {_ts(first + step * i)}", f"    event: {json.dumps(_sentences(rng, 1))}"]
        if i % 2 == 0:
            lines.append(f"    by: {rng.choice(people)}")
    return lines


def _actions(rng: random.Random, resolved: datetime, people: list[str]) -> list[str]:
    """Three follow-up actions: done, open with a due date, and dropped or in progress."""
    lines = ["actions:"]
    for i, status in enumerate(("done", "open", rng.choice(("wont_do", "in_progress")))):
        lines += [
            f"  - title: {json.dumps(rng.choice(ACTIONS).format(o=rng.choice(OBJECTS)))}",
            f"    owner: {people[i + 1]}", f"    status: {status}",
            f"    type: {rng.choice(('technical', 'organisational'))}",
            f"    ticket: https://tracker.example.gov.uk/RIV-{rng.randrange(1000, 99999)}",
        ]
        if status in ("open", "in_progress", "done"):
            lines.append(f"    due: {(resolved + timedelta(days=30 + 10 * i)).date().isoformat()}")
        if status == "done":
            lines.append(f"    done_on: {(resolved + timedelta(days=20)).date().isoformat()}")
    return lines


def _summary(shape: Corpus, rng: random.Random, services: list[str]) -> str:
    names = " and ".join(_service_name(s) for s in services[:2])
    return f"Some users of {names} were affected. " + _sentences(rng, shape.summary)


def _sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}"
    return text[0].upper() + text[1:] + "."


def _sentences(rng: random.Random, count: int) -> str:
    return " ".join(_sentence(rng) for _ in range(count))


def _block(rng: random.Random, count: int, indent: int = 2) -> list[str]:
    """A Markdown paragraph as the lines of a YAML block scalar."""
    return [" " * indent + _sentences(rng, count)]


def _body(shape: Corpus, rng: random.Random, index: int) -> str:
    """The body in Markdown (about 600 words in the long corpus, 120 in the short one): its sections, the first
    paragraph starting with the report's unique log reference."""
    parts: list[str] = []
    for heading, paragraphs, bullets in shape.body:
        parts.append(f"## {heading}")
        for count in paragraphs:
            lead = "" if len(parts) > 1 else f"The incident log for this report is kept under reference LOG-{index:06d}. "
            parts.append(lead + _sentences(rng, count))
        if bullets:
            parts.append("\n".join(f"- {_sentence(rng)}" for _ in range(bullets)))
    return "\n\n".join(parts)


def _ts(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "-".join(words[:6])


# ---------------------------------------------------------------- the floors


def _write_floor(out: Path, records: tuple[Record, ...], site: Path, config_name: str) -> Path:
    """A plain Material site of one ordinary page per record (its text as lists and tables), none in the nav,
    beside the pages, navigation and theme features of the site's configuration ``config_name``.

    The pages the plugin generates that the nav lists or the site's pages link to (status page, archive,
    actions, insights) are short pages here.
    """
    config = _site_config(site, config_name)
    docs = out / "docs"
    shutil.copytree(site / config.get("docs_dir", "docs"), docs)
    (docs / "reports").mkdir()
    for record in records:
        (docs / "reports" / f"{record.id}.md").write_text(floor_page(record), encoding="utf-8")
    # The status page is linked from the example's pages in both builds (the public home page repeats it).
    for title, path in [*_nav_pages(config["nav"]), ("Status", "status/index.md")]:
        page = docs / path
        if not page.exists():
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# {title}\n\nIn the plugin's build, a page it generates.\n", encoding="utf-8")
    config["plugins"] = {"search": {}}
    config["docs_dir"] = "docs"
    config["not_in_nav"] = "/reports/"
    config["site_dir"] = "site"
    config.pop("edit_uri", None)
    config["theme"]["custom_dir"] = "overrides"
    shutil.copytree(site / "overrides", out / "overrides")
    # The handbook's changelog page includes it.
    shutil.copy2(site / "CHANGELOG.md", out / "CHANGELOG.md")
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def _site_config(site: Path, name: str) -> dict[str, Any]:
    """A configuration of the site with the file it inherits merged in (top-level keys; plugins are the floor's own)."""
    config: dict[str, Any] = yaml.safe_load((site / name).read_text(encoding="utf-8"))
    parent = config.pop("INHERIT", None)
    if parent:
        config = {**_site_config(site, parent), **config}
    return config


def _nav_pages(nav: Any, title: str = "") -> list[tuple[str, str]]:
    """Each page of a ``nav`` setting with its title."""
    if isinstance(nav, str):
        return [(title or nav, nav)]
    if isinstance(nav, dict):
        return [page for key, value in nav.items() for page in _nav_pages(value, key)]
    return [page for item in nav for page in _nav_pages(item)]


def floor_page(record: Record) -> str:
    """A report as an ordinary Markdown page: title, summary, a table of fields, lists and tables, then the body."""
    data = record.report.model_dump(exclude_none=True, exclude_defaults=True)
    title = data.pop("title")
    summary = data.pop("summary", "")
    parts = [f"# {title}", summary]
    scalars = {k: v for k, v in data.items() if not isinstance(v, (list, dict)) and not _is_markdown(v)}
    parts.append(_table(["Field", "Value"], [[k, _plain(v)] for k, v in scalars.items()]))
    for key, value in data.items():
        if key in scalars:
            continue
        heading = f"## {key.replace('_', ' ').capitalize()}"
        if isinstance(value, list) and value and isinstance(value[0], dict):
            columns = list(dict.fromkeys(c for item in value for c in item))
            parts += [heading, _table(columns, [[_plain(item.get(c, "")) for c in columns] for item in value])]
        elif isinstance(value, list):
            parts += [heading, "\n".join(f"- {_plain(item)}" for item in value)]
        elif isinstance(value, dict):
            parts += [heading, _table(["Key", "Value"], [[k, _plain(v)] for k, v in value.items()])]
        else:
            parts += [heading, str(value).strip()]
    parts.append(record.body.strip())
    return "\n\n".join(p for p in parts if p) + "\n"


def _is_markdown(value: Any) -> bool:
    """Long text (the Markdown fields) gets a section of its own rather than a table cell."""
    return isinstance(value, str) and (len(value) > 80 or "\n" in value.strip())


def _plain(value: Any) -> str:
    if isinstance(value, datetime):
        return _ts(value)
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(columns: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return ""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", type=int, help="how many reports")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="long", help="the reports' shape (default long)")
    args = parser.parse_args()
    made = generate(args.out, args.reports, args.seed, args.corpus)
    print(f"{made.reports} reports ({made.public_reports} public) in {made.site}; floors in {made.floor} and {made.public_floor}")


if __name__ == "__main__":
    main()
