"""RSS and Atom feeds: parsed with feedparser, for the whole site, each service and each update."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from conftest import built

AUTHORITY = "status.rivers.example.gov.uk"
TAG = re.compile(rf"^tag:{re.escape(AUTHORITY)},2026:incident/(?P<id>[a-z0-9][a-z0-9-]*)$")
UPDATE_TAG = re.compile(
    rf"^tag:{re.escape(AUTHORITY)},2026:incident/(?P<id>[a-z0-9-]+)/update/(?P=id)-\d{{8}}T\d{{6}}Z$"
)
PUBLIC_SERVICES = {
    "apply-online", "renew-licence", "payments", "sign-in", "notifications", "licence-check-api",
    "document-upload", "legacy-paper-forms",
}
#: Reports of the example that never reach a public output.
INTERNAL_IDS = (
    "2026-11-26-caseworker-search-unavailable", "2025-11-04-paper-form-scans-duplicated",
    "2026-04-09-messaging-api-key-exposed", "2026-10-06-game-day-rollback-with-migration",
)
CARD_PAYMENTS = "2026-11-26-card-payments-failing"


def parse(path: Path) -> feedparser.FeedParserDict:
    """A feed parsed by feedparser; a malformed feed fails the test."""
    assert path.is_file(), f"{path} was not built"
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    return feed


def entry_ids(feed: feedparser.FeedParserDict) -> list[str]:
    """The report id of each entry, from its tag URI."""
    ids = []
    for entry in feed.entries:
        match = TAG.match(entry.id)
        assert match, f"entry id {entry.id!r} is not a tag URI of the form tag:{AUTHORITY},2026:incident/<id>"
        ids.append(match["id"])
    return ids


def times(feed: feedparser.FeedParserDict) -> list:
    """Each entry's time of last change: Atom's ``updated``, RSS's ``pubDate``."""
    key = "updated_parsed" if feed.version.startswith("atom") else "published_parsed"
    return [entry[key] for entry in feed.entries]


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_site_feeds_are_valid_newest_first_with_tag_ids(name: str, build: str, request: pytest.FixtureRequest) -> None:
    feed = parse(request.getfixturevalue(build) / name)
    ids = entry_ids(feed)
    assert ids[0] == CARD_PAYMENTS
    assert times(feed) == sorted(times(feed), reverse=True)
    assert len(ids) == len(set(ids))
    # Exercises never appear, in either build; internal reports only in the internal one.
    assert "2026-10-06-game-day-rollback-with-migration" not in ids
    if build == "public_build":
        assert not set(ids) & set(INTERNAL_IDS)
        assert len(ids) == 15
    else:
        assert "2026-11-26-caseworker-search-unavailable" in ids
    # The feed's own time is its newest entry's (a report time, never the clock).
    assert feed.feed.updated_parsed == times(feed)[0]
    # RSS marks the guid as not a link; the entry still links to the report's page.
    if name == "feed.xml":
        assert all(entry.guidislink is False for entry in feed.entries)
    for entry in feed.entries:
        assert entry.link.endswith(f"/incidents/{TAG.match(entry.id)['id']}/")


def test_entry_content_has_summary_status_services_and_every_update(public_build: Path) -> None:
    for name in ("feed.xml", "atom.xml"):
        entry = parse(public_build / name).entries[0]
        assert entry.title == "Card payments failing for some users"
        content = entry.content[0].value if name == "atom.xml" else entry.description
        assert "Some card payments are failing, mostly for cards" in content
        assert "Status:</strong> Identified" in content
        assert "Card payments (partial outage)" in content
        # Both updates, newest first, each with its time in the site's timezone.
        newest = content.index("26 Nov 2026 10:30 GMT")
        oldest = content.index("26 Nov 2026 09:52 GMT")
        assert newest < oldest
        assert "We are working with our payment provider on a fix" in content
        assert "You will not be charged for a failed payment" in content
    atom = parse(public_build / "atom.xml").entries[0]
    # Atom: updated is the newest update, published the first one.
    assert atom.updated == "2026-11-26T10:30:00+00:00"
    assert atom.published == "2026-11-26T09:52:00+00:00"
    assert atom.content[0].type == "text/html"
    rss = parse(public_build / "feed.xml").entries[0]
    assert rss.published == "Thu, 26 Nov 2026 10:30:00 +0000"


def test_times_given_with_an_offset_are_published_in_utc(public_build: Path) -> None:
    feed = parse(public_build / "atom.xml")
    entry = next(e for e in feed.entries if e.id.endswith("/2025-06-24-card-payments-provider-outage"))
    # started 17:12+01:00, first update 17:24+01:00, resolved 19:40+01:00.
    assert entry.published == "2025-06-24T16:24:00+00:00"
    assert entry.updated == "2025-06-24T18:40:00+00:00"
    assert "24 Jun 2025 17:24 BST" in entry.content[0].value


@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_every_service_has_both_feeds_listing_only_its_reports(build: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(build)
    built_services = {p.name for p in (site / "services").iterdir()}
    expected = PUBLIC_SERVICES | ({"caseworker-tool"} if build == "internal_build" else set())
    assert built_services == expected
    site_feed = entry_ids(parse(site / "atom.xml"))
    for service in sorted(expected):
        rss = parse(site / "services" / service / "feed.xml")
        atom = parse(site / "services" / service / "atom.xml")
        assert entry_ids(rss) == entry_ids(atom)
        ids = entry_ids(atom)
        # Same order as the site feed, and only reports that list the service.
        assert ids == [i for i in site_feed if i in ids]
        for entry in atom.entries:
            assert service in {tag.term for tag in entry.tags}
        assert times(atom) == sorted(times(atom), reverse=True)
    payments = entry_ids(parse(site / "services" / "payments" / "atom.xml"))
    assert payments == [
        CARD_PAYMENTS, "2026-11-12-payments-provider-certificate-rotation", "2025-06-24-card-payments-provider-outage",
    ]


def test_updates_feed_has_one_entry_per_public_update(public_build: Path) -> None:
    feed = parse(public_build / "updates.xml")
    ids = [entry.id for entry in feed.entries]
    for entry_id in ids:
        assert UPDATE_TAG.match(entry_id), entry_id
    assert len(ids) == len(set(ids))
    assert ids[0] == f"tag:{AUTHORITY},2026:incident/{CARD_PAYMENTS}/update/{CARD_PAYMENTS}-20261126T103000Z"
    assert ids[2] == f"tag:{AUTHORITY},2026:incident/{CARD_PAYMENTS}/update/{CARD_PAYMENTS}-20261126T095200Z"
    assert feed.entries[0].title == "Identified: Card payments failing for some users"
    assert "We are working with our payment provider on a fix" in feed.entries[0].description
    assert times(feed) == sorted(times(feed), reverse=True)
    # Every public update of every public report and maintenance window, as the API counts them.
    api = public_build / "api" / "v2"
    reports = json.loads((api / "incidents.json").read_text())["incidents"]
    reports += json.loads((api / "scheduled-maintenances.json").read_text())["scheduled_maintenances"]
    assert len(ids) == sum(len(r["incident_updates"]) for r in reports)
    assert not any(internal in entry_id for entry_id in ids for internal in INTERNAL_IDS)


@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_every_page_advertises_the_feeds(build: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(build)
    for page, up in (("index.html", ""), ("status/index.html", "../"), (f"incidents/{CARD_PAYMENTS}/index.html", "../../")):
        html = (site / page).read_text(encoding="utf-8")
        for kind, label, name in (("rss", "RSS", "feed.xml"), ("atom", "Atom", "atom.xml")):
            link = (
                f'<link rel="alternate" type="application/{kind}+xml" '
                f'title="Fishing rod licence service status ({label})" href="{up}{name}">'
            )
            assert link in html, f"{page} does not advertise {name}"


def test_report_entry_moves_up_when_an_update_is_added_and_ids_survive_a_move(site_copy: Path) -> None:
    report = site_copy / "incidents" / "2026-11-17-uploaded-documents-not-attached.md"
    text = report.read_text(encoding="utf-8")
    before = parse(built(site_copy, "mkdocs.public.yml") / "atom.xml")
    old = next(e for e in before.entries if e.id.endswith("/2026-11-17-uploaded-documents-not-attached"))
    # A new update (a resolved report may still get one), and the site moved to another address.
    update = (
        "  - at: 2026-11-26T11:45:00Z\n    status: resolved\n"
        "    message: 'A follow-up: <b>all</b> documents & \"evidence\" are now attached.'\n"
    )
    head, marker, rest = text.partition("updates:\n")
    following = re.search(r"^\S", rest, re.M)
    assert marker and following
    report.write_text(head + marker + rest[: following.start()] + update + rest[following.start() :], encoding="utf-8")
    config = site_copy / "mkdocs.public.yml"
    config.write_text(config.read_text().replace("https://status.rivers.example.gov.uk/", "https://moved.example.org/status/"))
    after_path = built(site_copy, "mkdocs.public.yml")
    after = parse(after_path / "atom.xml")
    entry = after.entries[0]
    assert entry.id == old.id
    assert entry.updated == "2026-11-26T11:45:00+00:00" != old.updated
    assert entry.link == "https://moved.example.org/status/incidents/2026-11-17-uploaded-documents-not-attached/"
    assert after.feed.updated == "2026-11-26T11:45:00+00:00"
    # An update's message is Markdown: the public build drops raw HTML in it and keeps the words,
    # and text is escaped once (the reader shows the ampersand and quotes as written).
    assert '<p>A follow-up: all documents &amp; "evidence" are now attached.</p>' in entry.content[0].value
    assert "<b>" not in entry.content[0].value and "&lt;b" not in entry.content[0].value
    raw = ElementTree.parse(after_path / "updates.xml").getroot()
    titles = [item.findtext("description") for item in raw.iter("item")]
    assert any('<p>A follow-up: all documents &amp; "evidence" are now attached.</p>' in (t or "") for t in titles)
    assert parse(after_path / "feed.xml").entries[0].id == old.id


def test_feeds_are_capped_by_feed_entries(site_copy: Path) -> None:
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("timezone: Europe/London", "timezone: Europe/London\n      feed_entries: 3"))
    site = built(site_copy, "mkdocs.public.yml")
    full = parse(site / "feed.xml")
    assert entry_ids(full) == [
        CARD_PAYMENTS,
        "2026-11-26-document-upload-storage-migration",
        "2026-11-25-sign-in-failures",
    ]
    assert len(parse(site / "updates.xml").entries) == 3
    for service in PUBLIC_SERVICES:
        assert len(parse(site / "services" / service / "atom.xml").entries) <= 3
    assert len(parse(site / "services" / "sign-in" / "atom.xml").entries) == 3


# --- one report's own feed ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_each_report_has_a_feed_of_its_updates_with_the_ids_of_updates_xml(
    name: str, build: str, request: pytest.FixtureRequest,
) -> None:
    site = request.getfixturevalue(build)
    feed = parse(site / "incidents" / CARD_PAYMENTS / name)
    if name == "atom.xml":
        assert feed.feed.id == f"tag:{AUTHORITY},2026:incident/{CARD_PAYMENTS}/updates"
    assert feed.feed.title == "Card payments failing for some users: Fishing rod licence service status"
    site_url = "https://status.rivers.example.gov.uk" + ("/internal" if build == "internal_build" else "")
    assert feed.feed.link == f"{site_url}/incidents/{CARD_PAYMENTS}/"
    # The report's two updates, newest first, with the ids they have in updates.xml.
    ids = [entry.id for entry in feed.entries]
    assert ids == [
        f"tag:{AUTHORITY},2026:incident/{CARD_PAYMENTS}/update/{CARD_PAYMENTS}-20261126T103000Z",
        f"tag:{AUTHORITY},2026:incident/{CARD_PAYMENTS}/update/{CARD_PAYMENTS}-20261126T095200Z",
    ]
    everything = {entry.id for entry in parse(site / "updates.xml").entries}
    assert set(ids) <= everything
    assert feed.entries[0].title == "Identified: Card payments failing for some users"
    assert "Other cards are working." in feed.entries[0].summary


def test_a_report_without_updates_has_its_summary_as_its_first_entry() -> None:
    from datetime import UTC, datetime

    from incident_reports.core.archive import Archive
    from incident_reports.core.catalogue import Catalogue
    from incident_reports.core.model import build_record
    from incident_reports.core.schema import Report
    from incident_reports.core.settings import Settings
    from incident_reports.views.context import SiteContext
    from incident_reports.views.incident_feeds import incident_feed
    from incident_reports.views.renderer import Renderer

    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    report = Report.model_validate({
        "id": "quiet", "title": "Quiet", "severity": "P3", "visibility": "public", "status": "investigating",
        "started": "2026-11-26T11:00:00Z", "summary": "Something is slow; we are looking.",
    })
    settings = Settings(id_authority=AUTHORITY)
    record = build_record(report, "incidents/quiet.md", "", settings, now)
    feed = incident_feed(SiteContext(Archive((record,), Catalogue(())), settings, now, Renderer(settings, "public")), record)
    [first] = feed.entries
    assert first.id == f"tag:{AUTHORITY},2026:incident/quiet/update/quiet-20261126T110000Z"
    assert (first.title, first.summary) == ("Investigating: Quiet", "Something is slow; we are looking.")


def test_only_public_reports_have_a_feed_in_the_public_build_and_no_exercise_has_one(
    internal_build: Path, public_build: Path,
) -> None:
    public = {path.parent.name for path in (public_build / "incidents").glob("*/feed.xml")}
    internal = {path.parent.name for path in (internal_build / "incidents").glob("*/feed.xml")}
    assert CARD_PAYMENTS in public and public < internal
    assert not public & set(INTERNAL_IDS)
    assert "2026-10-06-game-day-rollback-with-migration" not in internal  # an exercise
    assert {path.parent.name for path in (public_build / "incidents").glob("*/atom.xml")} == public


@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_a_reports_page_names_its_own_feeds_in_its_head(build: str, request: pytest.FixtureRequest) -> None:
    html = (request.getfixturevalue(build) / "incidents" / CARD_PAYMENTS / "index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    links = re.findall(r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">', head)
    assert ("application/rss+xml", "Updates on Card payments failing for some users (RSS)", "feed.xml") in links
    assert ("application/atom+xml", "Updates on Card payments failing for some users (Atom)", "atom.xml") in links
    # The site's feeds too, first.
    assert links[0][2] == "../../feed.xml"
