"""``incidents import statuspage``: a realistic Statuspage export goes in, both sites build, and the API says
what the export said.

The fixture (tests/fixtures/statuspage) is written in Statuspage's documented shapes with
the quirks of real pages: incidents without components, ``<br />`` and links in update
text, two updates in the same second, a backfilled incident, an update without text, a
``postmortem`` update, a finished and an upcoming maintenance; ``newer/`` is the same page
later (one incident resolved, one new). The second (tests/fixtures/statuspage-2017) is an
older page's: "no components" written the way Statuspage wrote it in 2016-17 (an entry without
a code), times with the page's own UTC offset, ``affected_components: null``, an impact milder
than its component's worst, and components degraded or under maintenance by hand, with no
incident or window naming them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from conftest import REPO, build_env, copy_site, run_build, run_cli

EXPORT = REPO / "tests" / "fixtures" / "statuspage"
EXPORT_2017 = REPO / "tests" / "fixtures" / "statuspage-2017"
#: Statuspage statuses the report format names otherwise.
STATUS = {"postmortem": "resolved"}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of the site's sources (not its builds), by path."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.relative_to(site).parts[0].startswith("site")
    }


class _Text(HTMLParser):
    """Statuspage's update text as a reader sees it: words, line breaks, and each link's address after its words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.href.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "ul", "ol"):
            self.parts.append("\n\n")
        elif tag == "a":
            self.parts.append(f" ({self.href.pop()})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def normalised(text: str) -> str:
    """Text compared word for word: whitespace (spaces, line breaks, blank lines) collapsed."""
    return " ".join(text.split())


def export_text(body: str, status: str) -> str:
    """What an export's update body says, read as Statuspage shows it (an empty body: the status in words)."""
    if not body.strip():
        return f"{STATUS.get(status, status).replace('_', ' ').capitalize()}."
    # A '<' that opens no tag is text on Statuspage's page, as in 'use <your email>'.
    escaped = re.sub(r"<(?!/?(?:br|a|p|ul|ol|li|strong|em|b|i)\b)", "&lt;", body.replace("\n", "<br>"))
    parser = _Text()
    parser.feed(escaped)
    return normalised("".join(parser.parts))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The example site with the fixture export imported, built both ways, and what the import printed."""
    site = copy_site(tmp_path_factory.mktemp("statuspage"))
    first = run_cli(site, "import", "statuspage", str(EXPORT))
    assert first.returncode == 0, first.stderr
    validate = run_cli(site, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    builds = {}
    for config in ("mkdocs.yml", "mkdocs.public.yml"):
        # Imported P1/P2 incidents record nobody notified: the example's policy warns, so not --strict.
        result = run_build(site, config, strict=False)
        assert result.returncode == 0, result.stderr
        builds[config] = site / ("site-public" if config == "mkdocs.public.yml" else "site")
    return {"site": site, "output": first.stdout, "internal": builds["mkdocs.yml"], "public": builds["mkdocs.public.yml"]}


def export_incidents() -> list[dict]:
    return load(EXPORT / "incidents.json")["incidents"]


def export_maintenances() -> list[dict]:
    return load(EXPORT / "scheduled-maintenances.json")["scheduled_maintenances"]


@pytest.mark.parametrize("build", ["internal", "public"])
def test_the_api_holds_every_incident_update_time_text_and_id_of_the_export(imported: dict, build: str) -> None:
    api = imported[build] / "api" / "v2"
    published = {i["name"]: i for i in load(api / "incidents.json")["incidents"]}
    published |= {m["name"]: m for m in load(api / "scheduled-maintenances.json")["scheduled_maintenances"]}
    for incident in export_incidents() + export_maintenances():
        ours = published[incident["name"]]
        # Statuspage's ids are kept: a client that tracks incidents by id sees the same incidents.
        assert ours["id"] == incident["id"]
        assert {u["incident_id"] for u in ours["incident_updates"]} == {incident["id"]}
        assert ours["status"] == incident["status"]
        if incident["impact"] == "maintenance":
            assert (at(ours["scheduled_for"]), at(ours["scheduled_until"])) == (
                at(incident["scheduled_for"]),
                at(incident["scheduled_until"]),
            )
        theirs = sorted(incident["incident_updates"], key=lambda u: (at(u["display_at"]), u["created_at"]))
        mine = list(reversed(ours["incident_updates"]))
        assert [u["id"] for u in mine] == [u["id"] for u in theirs], incident["name"]
        for update, original in zip(mine, theirs, strict=True):
            assert update["status"] == STATUS.get(original["status"], original["status"])
            assert at(update["display_at"]) == at(original["display_at"])
            assert normalised(update["body"]) == export_text(original["body"], original["status"]), original["id"]


def test_two_updates_in_one_second_keep_two_ids_and_their_order(imported: dict) -> None:
    incident = next(
        i for i in load(imported["public"] / "api/v2/incidents.json")["incidents"] if i["name"] == "Sign in unavailable"
    )
    ids = [u["id"] for u in incident["incident_updates"]]
    assert ids[1:3] == ["g4j6k8l0z2x1", "b5n7m9q1w3e4"] and len(set(ids)) == len(ids)


def test_an_incident_without_components_lists_none_and_sets_its_own_impact(imported: dict) -> None:
    incident = next(
        i for i in load(imported["public"] / "api/v2/incidents.json")["incidents"] if i["name"] == "Delays to confirmation emails"
    )
    assert incident["components"] == [] and incident["impact"] == "minor"
    assert all(u["affected_components"] == [] for u in incident["incident_updates"])
    report = (imported["site"] / "incidents" / "2026-11-12-delays-to-confirmation-emails.md").read_text()
    assert "services:" not in report and "impact: degraded_performance" in report


def test_an_incident_with_back_dated_updates_starts_at_its_earliest_time_and_the_quirk_says_which(imported: dict) -> None:
    report = (imported["site"] / "incidents" / "2026-10-01-intermittent-timeouts-on-the-licence-api.md").read_text()
    assert "started: 2026-10-01T16:00:00Z" in report
    assert (
        "  - Intermittent timeouts on the licence API: 1 update was back-dated on Statuspage (o3p2a1s9d8f7 written "
        "2026-10-02T09:05:12.489Z, shown as 2026-10-01T16:00:00Z), to before the incident's started_at, "
        "2026-10-02T09:00:00Z; the report keeps the times shown and starts at the earliest, 2026-10-01T16:00:00Z\n"
    ) in imported["output"]


def test_the_summary_lists_each_quirk(imported: dict) -> None:
    out = imported["output"]
    assert "Imported from 5 incidents and 2 maintenance windows: 7 new reports" in out
    for words in ("names no component", "'postmortem', imported as 'resolved'", "has no text", "same second", "back-dated"):
        assert words in out, words
    # Apply online is degraded on the page, and the unresolved incident that names it explains it.
    assert "on Statuspage but no incident names it" not in out


def test_services_and_groups_are_merged_into_the_catalogue_keeping_its_text(imported: dict) -> None:
    before = (REPO / "status" / "services.yml").read_text()
    after = (imported["site"] / "status" / "services.yml").read_text()
    # Every line the team wrote is still there, in order; the import only added lines.
    kept = iter(after.splitlines())
    assert all(line in kept for line in before.splitlines())
    assert "      - id: card-payments\n        name: Card payments\n" in after
    assert "  - id: licence-api\n    name: Licence API\n" in after
    assert "  - name: Messaging\n    services:\n      - id: confirmation-emails\n" in after
    components = {c["id"]: c for c in load(imported["public"] / "api/v2/components.json")["components"]}
    assert components["licence-api"]["group_id"] is None
    assert components["confirmation-emails"]["group_id"] == "group-messaging"


def test_importing_the_same_export_again_changes_nothing(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    assert run_cli(site, "import", "statuspage", str(EXPORT)).returncode == 0
    before = snapshot(site)
    again = run_cli(
        site,
        "import",
        "statuspage",
        str(EXPORT / "incidents.json"),
        str(EXPORT / "summary.json"),
        str(EXPORT / "scheduled-maintenances.json"),
    )
    assert again.returncode == 0, again.stderr
    assert "Nothing new" in again.stdout
    assert snapshot(site) == before


def test_a_report_whose_file_has_the_new_reports_name_is_never_replaced(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    # A report whose id differs from its file name still holds that file name.
    mine = site / "incidents" / "2026-11-26-slow-licence-lookups.md"
    text = (site / "incidents" / "2026-11-25-sign-in-failures.md").read_text(encoding="utf-8")
    mine.write_text(text.replace("id: 2026-11-25-sign-in-failures", "id: my-own-report", 1), encoding="utf-8")
    before = mine.read_bytes()
    result = run_cli(site, "import", "statuspage", str(EXPORT))
    assert result.returncode == 0, result.stderr
    assert mine.read_bytes() == before
    assert (site / "incidents" / "2026-11-26-slow-licence-lookups-2.md").is_file()


def test_a_newer_export_adds_unseen_incidents_and_updates_and_edits_nothing_else(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    assert run_cli(site, "import", "statuspage", str(EXPORT)).returncode == 0
    before = snapshot(site)
    newer = run_cli(site, "import", "statuspage", str(EXPORT / "newer" / "incidents.json"), str(EXPORT / "summary.json"))
    assert newer.returncode == 0, newer.stderr
    after = snapshot(site)
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed == {"incidents/2026-11-26-slow-licence-lookups.md", "incidents/2026-11-26-renewal-reminders-not-sent.md"}
    grown = after["incidents/2026-11-26-slow-licence-lookups.md"].decode()
    old = before["incidents/2026-11-26-slow-licence-lookups.md"].decode()
    # The old text is all still there: the resolved update went in before extra.
    assert (
        grown.replace(
            "  - id: m1n2b3v4c5x6\n    at: 2026-11-26T11:30:00Z\n    status: resolved\n    message: |-\n"
            "      Lookups are back to normal.\n    impact:\n      apply-online: none\n",
            "",
        )
        == old
    )
    assert run_cli(site, "validate").returncode == 0


def test_dry_run_prints_what_it_would_write_and_writes_nothing(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    before = snapshot(site)
    result = run_cli(site, "import", "statuspage", "--dry-run", str(EXPORT))
    assert result.returncode == 0, result.stderr
    assert snapshot(site) == before
    assert "--- would write incidents/2026-11-19-sign-in-unavailable.md ---" in result.stdout
    assert "--- would write status/services.yml ---" in result.stdout
    assert "Would import from 5 incidents" in result.stdout


@pytest.mark.parametrize(
    "content, where, words",
    [
        ('{"incidents": [\n  {"id": "a",\n', "incidents.json:3: ", "is not JSON"),
        ("[1, 2]\n", "incidents.json:1: ", "is not a Statuspage export"),
        (
            '{"incidents": [\n  {\n    "id": "a",\n    "name": "Down",\n    "status": "resolved",\n'
            '    "created_at": "2026-11-01T10:00:00Z",\n'
            '    "incident_updates": [\n      {\n        "id": "u1",\n        "status": "resolved",\n'
            '        "created_at": "yesterday"\n      }\n    ]\n  }\n]}\n',
            "incidents.json:11: incidents[0].incident_updates[0].created_at: ",
            'like 2026-11-03T14:07:41.218Z (got "yesterday")',
        ),
        ('{"incidents": [\n  {\n    "name": "Down"\n  }\n]}\n', "incidents.json:2: incidents[0].id: ", "is required"),
        ('<feed xmlns="http://www.w3.org/2005/Atom">\n  <entry>\n</feed>\n', "incidents.json:3: ", "is not XML"),
    ],
)
def test_bad_input_is_refused_on_its_line_and_nothing_is_written(tmp_path: Path, content: str, where: str, words: str) -> None:
    site = copy_site(tmp_path / "site")
    bad = tmp_path / "incidents.json"
    bad.write_text(content, encoding="utf-8")
    before = snapshot(site)
    result = run_cli(site, "import", "statuspage", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = next(line for line in result.stderr.splitlines() if where in line)
    assert words in line
    assert snapshot(site) == before


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words.append(data)


def shown_words(fragment: str) -> str:
    """What a feed reader shows of an entry's HTML: its text, entities decoded once."""
    parser = _Words()
    parser.feed(fragment)
    return "".join(parser.words)


@pytest.mark.parametrize("build", ["internal", "public"])
def test_feeds_parse_and_show_no_literal_markup(imported: dict, build: str) -> None:
    folder = imported[build]
    feeds = ["feed.xml", "atom.xml", "updates.xml"]
    for name in feeds:
        parsed = feedparser.parse((folder / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.entries
        for entry in parsed.entries:
            for content in [c.value for c in entry.get("content", [])] + [entry.get("summary", "")]:
                text = shown_words(content)
                assert "<br" not in text and "&lt;" not in text and "&amp;" not in text, (name, entry.id, text[:200])
    updates = feedparser.parse((folder / "updates.xml").read_bytes())
    # updates.xml is RSS: each entry's HTML is its description.
    html_of = {e.id.rsplit("/", 1)[-1]: e.summary for e in updates.entries}
    assert "<br" in html_of["f3s7tm4kq9ra"] and "<p>" in html_of["f3s7tm4kq9ra"]
    link = html_of["w2b0y7jx5c4h"]
    assert '<a href="https://status.payments.example/incidents/abc"' in link and "<strong>3-D Secure</strong>" in link
    assert "use &lt;your email&gt; and" in html_of["v6qy2k9p7e4w"]


def test_reports_keep_their_entry_ids_from_the_pages_atom_feed(imported: dict) -> None:
    report = (imported["site"] / "incidents" / "2026-11-19-sign-in-unavailable.md").read_text()
    assert "feed_id: tag:status.rivers-licensing.example,2005:Incident/28544107\n" in report
    for build in ("internal", "public"):
        for name in ("atom.xml", "feed.xml"):
            entries = {e.title: e.id for e in feedparser.parse((imported[build] / name).read_bytes()).entries}
            assert entries["Sign in unavailable"] == "tag:status.rivers-licensing.example,2005:Incident/28544107"
            assert entries["Delays to confirmation emails"].endswith(":incident/2026-11-12-delays-to-confirmation-emails")


def test_update_guids_never_repeat(imported: dict) -> None:
    for build in ("internal", "public"):
        ids = [e.id for e in feedparser.parse((imported[build] / "updates.xml").read_bytes()).entries]
        assert len(ids) == len(set(ids))


def test_the_pages_show_update_text_as_markdown(imported: dict) -> None:
    page = (imported["public"] / "incidents" / "2026-11-03-elevated-error-rates-on-card-payments" / "index.html").read_text()
    assert "We are investigating reports of failed card payments.<br>" in page
    assert '<a href="https://rivers-licensing.example/blog/payments-review" rel="noopener noreferrer">read the review</a>' in page
    assert "<li>No card was charged twice.</li>" in page
    assert "&lt;br" not in page


def test_a_site_without_a_catalogue_gets_one_with_the_pages_groups_and_lone_services(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "incidents").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: Rivers Licensing\nplugins:\n  - incidents\n", encoding="utf-8")
    result = run_cli(site, "import", "statuspage", str(EXPORT))
    assert result.returncode == 0, result.stderr
    catalogue = (site / "status" / "services.yml").read_text(encoding="utf-8")
    assert catalogue.endswith(
        "groups:\n"
        "  - name: Public services\n    services:\n"
        "      - id: apply-online\n        name: Apply online\n"
        "        description: Apply for a fishing rod licence online.\n        since: 2024-01-15\n"
        "      - id: card-payments\n        name: Card payments\n"
        "        description: Pay by debit or credit card.\n        since: 2024-03-04\n"
        "  - id: licence-api\n    name: Licence API\n"
        "    description: The API fisheries use to check licences.\n    since: 2024-06-10\n"
        "  - name: Messaging\n    services:\n      - id: confirmation-emails\n        name: Confirmation emails\n"
    )
    assert len(list((site / "incidents").glob("*.md"))) == 7
    validate = run_cli(site, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr


def test_reports_keep_statuspage_ids_in_their_own_field(imported: dict) -> None:
    report = (imported["site"] / "incidents" / "2026-11-19-sign-in-unavailable.md").read_text()
    assert "\nstatuspage_id: s8f2b1nw0a7k\nextra:\n  statuspage_shortlink: https://stspg.io/s8f2b\n" in report
    published = load(imported["public"] / "api/v2/incidents.json")["incidents"]
    kept = {i["name"]: i["id"] for i in published if i["name"] in {e["name"] for e in export_incidents()}}
    assert kept == {e["name"]: e["id"] for e in export_incidents()}


def test_a_report_imported_with_its_id_under_extra_is_found_again(tmp_path: Path) -> None:
    """Reports imported before statuspage_id was a field of its own kept the id under extra."""
    site = copy_site(tmp_path / "site")
    assert run_cli(site, "import", "statuspage", str(EXPORT)).returncode == 0
    for report in (site / "incidents").glob("*.md"):
        text = report.read_text(encoding="utf-8")
        kept = re.search(r"\nstatuspage_id: (\S+)\n", text)
        if kept:
            text = text.replace(kept.group(0), "\n").replace("\nextra:\n", f"\nextra:\n  statuspage_id: {kept.group(1)}\n")
            report.write_text(text, encoding="utf-8")
    before = snapshot(site)
    again = run_cli(site, "import", "statuspage", str(EXPORT))
    assert again.returncode == 0, again.stderr
    assert "Nothing new" in again.stdout and snapshot(site) == before


# --- An older page: 2017-19 ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imported_2017(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The example site with the 2017 page's export imported, validated and built (public build)."""
    site = copy_site(tmp_path_factory.mktemp("statuspage-2017"))
    result = run_cli(site, "import", "statuspage", str(EXPORT_2017))
    assert result.returncode == 0, result.stdout + result.stderr
    validate = run_cli(site, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    build = run_build(site, "mkdocs.public.yml", strict=False)
    assert build.returncode == 0, build.stderr
    return {"site": site, "output": result.stdout, "public": site / "site-public"}


def test_an_older_export_with_no_components_written_the_old_way_is_imported(imported_2017: dict) -> None:
    out = imported_2017["output"]
    assert "Imported from 4 incidents and 0 maintenance windows: 4 new reports" in out
    assert (
        "  - Booking site slow: updates s5d6f7g8h9j0, k9j8h7g6f5d4 list 'No components were affected by this update.' "
        "as a component without a code, as Statuspage wrote \"no component\" in 2016-17; read as naming no component\n"
    ) in out
    assert "  - Payments declined: update i1o2p3a4s5d6 lists 'No components were affected by this update.'" in out
    assert "  - Booking site slow: names no component; imported as affecting the service as a whole\n" in out
    assert (
        "  - Payments declined: Statuspage's impact is 'major', its components' worst is 'major_outage'; the report keeps "
        "both (impact, and each service's impact); the API's impact is Statuspage's, as before, and each service's row "
        "follows its components'\n"
    ) in out
    catalogue = (imported_2017["site"] / "status" / "services.yml").read_text(encoding="utf-8")
    assert "No components were affected" not in catalogue


def test_components_degraded_with_no_incident_naming_them_are_quirks_that_say_what_to_do(imported_2017: dict) -> None:
    out = imported_2017["output"]
    assert (
        "  - Ticket payments is degraded_performance on Statuspage but no incident names it: write a report for it, "
        "or it will show as operational\n"
    ) in out
    assert (
        "  - Harbour webcams is under_maintenance on Statuspage but no maintenance in progress names it: write a "
        "maintenance report for it, or it will show as operational\n"
    ) in out
    # The ferry tracker's partial outage comes from an unresolved incident, which the site shows too.
    assert "Ferry tracker is" not in out
    components = {c["name"]: c for c in load(imported_2017["public"] / "api/v2/components.json")["components"]}
    assert components["Ferry tracker"]["status"] == "partial_outage"
    assert components["Ticket payments"]["status"] == "operational"


def test_the_built_api_says_what_the_older_export_said(imported_2017: dict) -> None:
    """Ids kept, each update's id, status, time and text, and the components each incident and update names."""
    api = load(imported_2017["public"] / "api/v2/incidents.json")["incidents"]
    ours = {i["id"]: i for i in api}
    export = load(EXPORT_2017 / "incidents.json")["incidents"]
    names = {c["id"]: c["name"] for c in load(EXPORT_2017 / "components.json")["components"]}
    for incident in export:
        mine = ours[incident["id"]]
        assert (mine["name"], mine["status"], mine["impact"]) == (incident["name"], incident["status"], incident["impact"])
        assert [c["name"] for c in mine["components"]] == [names[c["id"]] for c in incident["components"]]
        theirs = sorted(incident["incident_updates"], key=lambda u: at(u["display_at"]))
        updates = list(reversed(mine["incident_updates"]))
        assert [u["id"] for u in updates] == [u["id"] for u in theirs]
        for update, original in zip(updates, theirs, strict=True):
            assert update["incident_id"] == incident["id"]
            assert (update["status"], at(update["display_at"])) == (original["status"], at(original["display_at"]))
            assert normalised(update["body"]) == export_text(original["body"], original["status"])
            named = {names[a["code"]]: a["new_status"] for a in original["affected_components"] or [] if "code" in a}
            published = {a["name"]: a["new_status"] for a in update["affected_components"]}
            # An update that names components has their statuses; "no component" the old way names none.
            assert named.items() <= published.items(), original["id"]
    booking = ours["x0c9v8b7n6m5"]
    assert booking["components"] == [] and all(u["affected_components"] == [] for u in booking["incident_updates"])


# --- The export is untrusted -------------------------------------------------------------------------------


def components_export(*names_and_ids: tuple[str, str]) -> dict:
    """A components.json holding these components (name, id)."""
    return {"components": [{"id": component_id, "name": name} for name, component_id in names_and_ids]}


def import_file(site: Path, tmp_path: Path, data: dict | str, name: str = "components.json") -> subprocess.CompletedProcess[str]:
    export = tmp_path / name
    export.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return run_cli(site, "import", "statuspage", str(export))


def test_ids_from_the_export_are_made_to_fit_the_id_rule(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    long_name = "Licence " * 20
    result = import_file(site, tmp_path, components_export(
        ("Payments API", "a"), ("Payments API", "a b/../x"), ("CON", "c1"),
        # Three components with one long name: each its own id, and the numbering ends.
        (long_name, "l1"), (long_name, "l2"), (long_name, "l3"),
    ))
    assert result.returncode == 0, result.stderr
    validate = run_cli(site, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    catalogue = (site / "status" / "services.yml").read_text(encoding="utf-8")
    ids = re.findall(r"- id: (\S+)", catalogue)
    added = ids[-6:]
    assert added[:3] == ["payments-api", "payments-api-a-b-x", "con-component"], added
    assert len(set(added)) == 6 and all(len(made) <= 100 for made in added), added


@pytest.mark.parametrize(
    "text, words",
    [
        ('{"components": [\n  {"id": "a", "name": "Pay\\u202ements"}\n]}\n', "holds U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ('{"components": [\n  {"id": "a", "name": "Pay\u202ements"}\n]}\n', "holds U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ('{"components": [\n  {"id": "a", "name": "Down\\u001b[2J"}\n]}\n', "holds U+001B (ESCAPE)"),
        ('{"components": [\n  {"id": "a", "name": "Half \\ud800 a pair"}\n]}\n', "holds U+D800"),
    ],
    ids=["bidi override escaped", "bidi override", "ESC", "lone surrogate"],
)
def test_characters_no_report_may_hold_are_refused_on_their_line(tmp_path: Path, text: str, words: str) -> None:
    site = copy_site(tmp_path / "site")
    before = snapshot(site)
    result = import_file(site, tmp_path, text)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"components.json:2: components[0].name: {words}" in result.stderr, result.stderr
    assert snapshot(site) == before


def test_times_out_of_range_are_refused_on_their_line(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    text = (
        '{"incidents": [\n  {"id": "a", "name": "Down", "status": "resolved",\n'
        '   "created_at": "9999-12-31T23:59:59-23:59"}\n]}\n'
    )
    result = import_file(site, tmp_path, text, "incidents.json")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert 'incidents.json:3: incidents[0].created_at: "9999-12-31T23:59:59-23:59" is outside the years 1970 to 2999' in (
        result.stderr
    )


def test_json_nested_past_the_cap_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    result = import_file(site, tmp_path, '{"components":\n' + "[" * 200_000 + "]" * 200_000 + "}")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "components.json:2: nests lists and objects more than 32 levels deep here" in result.stderr


def test_a_named_pipe_is_refused_unread(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    fifo = tmp_path / "incidents.json"
    os.mkfifo(fifo)
    result = run_cli(site, "import", "statuspage", str(fifo))
    assert result.returncode == 1 and "incidents.json:1: is not a regular file" in result.stderr, result.stderr


def test_what_the_import_writes_is_validated_with_the_catalogue_and_the_other_reports(tmp_path: Path) -> None:
    """An update id the site already uses is refused before anything is written, as validate would refuse it."""
    site = copy_site(tmp_path / "site")
    incidents = load(EXPORT / "incidents.json")
    taken = next(p for p in (site / "incidents").glob("*.md") if "\nupdates:" in p.read_text(encoding="utf-8"))
    report = taken.read_text(encoding="utf-8")
    first_update = report.index("\n  - at:", report.index("\nupdates:"))
    taken.write_text(report[:first_update] + "\n  - id: g4j6k8l0z2x1" + report[first_update:].replace("  - at:", "    at:", 1),
                     encoding="utf-8")
    assert run_cli(site, "validate").returncode == 0
    before = snapshot(site)
    result = import_file(site, tmp_path, incidents, "incidents.json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the site would not validate" in result.stderr and "'g4j6k8l0z2x1' is already the id of an update" in result.stderr
    assert snapshot(site) == before


#: Makes the process's writes of matching data fail as a full disk does (ENOSPC), on any system.
FULL_DISK = """\
import errno, os
_write = os.write
def _full(fd, data):
    if {marker!r} in bytes(data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return _write(fd, data)
os.write = _full
"""


@pytest.mark.parametrize(
    "marker, named",
    [(b"\ngroups:", "status/services.yml"), (b"title: Sign in unavailable", "incidents/2026-11-19-sign-in-unavailable.md")],
    ids=["the catalogue", "a report"],
)
def test_a_full_disk_leaves_the_repository_as_it_was_and_names_the_file(tmp_path: Path, marker: bytes, named: str) -> None:
    """The write fails in the command's own process (its ``os.write``, patched by a ``sitecustomize``): every file
    is written beside its place first and moved in only when all are written."""
    site = copy_site(tmp_path / "site")
    patch = tmp_path / "full-disk"
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(FULL_DISK.format(marker=marker), encoding="utf-8")
    env = build_env(PYTHONPATH=os.pathsep.join([str(patch), os.environ.get("PYTHONPATH", "")]))
    before = snapshot(site)
    result = run_cli(site, "import", "statuspage", str(EXPORT), env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"incidents: {named}: No space left on device" in result.stderr.splitlines(), result.stderr
    assert snapshot(site) == before
    assert not [p for p in site.rglob("*.tmp")], "a new file was left behind"
