"""The status page (status/) of the example, both builds, read from the built HTML as a browser would get it.

The example's fixed now is 26 Nov 2026 12:00 GMT: card payments have a partial
outage, sign in is degraded, document upload is under maintenance, the licence
checking API has a window next week, the internal caseworker tool has an
incident of its own, and paper form scanning was retired on 30 June.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import open_page, serve
from conftest import EXAMPLE_EPOCH, built, copy_site
from html_tree import Element, parse

BUILT = datetime.fromtimestamp(EXAMPLE_EPOCH, UTC)
#: Every public service in catalogue order, with the words its status must be shown in.
PUBLIC_STATUSES = {
    "apply-online": "Operational",
    "renew-licence": "Operational",
    "payments": "Partial outage",
    "sign-in": "Degraded performance",
    "notifications": "Operational",
    "licence-check-api": "Operational",
    "document-upload": "Under maintenance",
}
INTERNAL_STATUSES = {**PUBLIC_STATUSES, "caseworker-tool": "Partial outage"}
EXPECTED = {"internal": INTERNAL_STATUSES, "public": PUBLIC_STATUSES}
ACTIVE = {
    "internal": ["2026-11-26-card-payments-failing", "2026-11-26-caseworker-search-unavailable",
                 "2026-11-25-sign-in-failures"],
    "public": ["2026-11-26-card-payments-failing", "2026-11-25-sign-in-failures"],
}
BUILDS = ("internal", "public")


# --- fixtures -----------------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(internal_build: Path, public_build: Path) -> dict[str, Path]:
    """Both builds' output folders by audience."""
    return {"internal": internal_build, "public": public_build}


@pytest.fixture(scope="module")
def pages(outputs: dict[str, Path]) -> dict[str, Element]:
    """The status page's own content (inside the theme) in each build."""
    return {build: parse(folder / "status" / "index.html").one("div", "incidents-status-page")
            for build, folder in outputs.items()}


def services(page: Element) -> list[Element]:
    """Every service entry on the page, in page order."""
    return page.all("li", "incidents-service")


def service(page: Element, service_id: str) -> Element:
    """One service's entry."""
    return page.one("li", "incidents-service", data_service=service_id)


def section(page: Element, name: str) -> Element:
    """A section of the page by its heading's id."""
    return page.one("section", aria_labelledby=name)


# --- services and their status ---------------------------------------------------


@pytest.mark.parametrize("build", BUILDS)
def test_each_service_shows_its_status_in_icon_and_words(pages: dict[str, Element], build: str) -> None:
    page = pages[build]
    shown = {entry.attrs["data-service"]: entry for entry in services(page)}
    assert list(shown) == list(EXPECTED[build]), "services are listed in catalogue order, current ones only"
    for service_id, words in EXPECTED[build].items():
        status = shown[service_id].one("div", "incidents-service__row").one("span", "incidents-status")
        assert status.text.endswith(words), f"{service_id}: {status.text!r}"
        icon = status.one("svg", "incidents-icon", aria_hidden="true")
        # Drawn from the page's one definition of each icon.
        symbol = icon.one("use").attrs["href"] or ""
        drawn = page.one("svg", "incidents-icon-sprite").one("symbol", id=symbol.removeprefix("#"))
        assert drawn.one("path").attrs["fill"] == "currentColor", f"{service_id} has no icon beside its words"


@pytest.mark.parametrize("build", BUILDS)
def test_services_are_grouped_under_their_group_names(pages: dict[str, Element], build: str) -> None:
    groups = [h.text for h in section(pages[build], "services").all("h3", "incidents-group")]
    expected = ["Public services", "Notifications and APIs"] + (["Staff tools"] if build == "internal" else [])
    assert groups == expected


def test_the_internal_service_is_never_on_the_public_page(outputs: dict[str, Path]) -> None:
    text = (outputs["public"] / "status" / "index.html").read_text(encoding="utf-8")
    for needle in ("caseworker", "Caseworker", "Staff tools", "internal status page"):
        assert needle not in text


@pytest.mark.parametrize("build", BUILDS)
def test_a_retired_service_is_off_the_page(outputs: dict[str, Path], build: str) -> None:
    text = (outputs[build] / "status" / "index.html").read_text(encoding="utf-8")
    assert "legacy-paper-forms" not in text and "Paper form scanning" not in text


@pytest.mark.parametrize("build", BUILDS)
def test_the_banner_says_what_is_affected_what_works_and_what_to_do(pages: dict[str, Element], build: str) -> None:
    banner = pages[build].one("div", "incidents-banner")
    assert banner.attrs["data-indicator"] == "major"
    assert "incidents-banner--partial_outage" in banner.attrs["class"]
    heading = banner.one("h2")
    affected = "Card payments and Sign in" if build == "public" else "Card payments, Sign in and Caseworker tool"
    assert heading.text.strip() == f"Problems with {affected}"
    assert heading.one("svg", "incidents-icon", aria_hidden="true")
    text = banner.text
    # What to do first, in the report's own words (what_to_do).
    advice = banner.one("section", "incidents-banner__advice").text
    assert advice == (
        "What to do: If your payment fails, wait an hour before you try again. You are not charged for a failed payment."
    )
    assert "Affected: Card payments (partial outage), Sign in (degraded performance)" in text
    assert "Document upload (under maintenance)" in text
    assert "Working normally: Apply online, Renew a licence, Email and text messages and Licence checking API." in text
    # Statuspage's wording stays in the API.
    assert "System Outage" not in pages[build].text


@pytest.mark.parametrize("build", BUILDS)
def test_each_active_report_in_the_banner_says_when_it_was_last_updated_and_what_that_update_said(
    pages: dict[str, Element], build: str,
) -> None:
    notices = pages[build].one("div", "incidents-banner").one("ul", "incidents-notices").all("li", "incidents-notice")
    heads = [" ".join(n.one("p", "incidents-notice__head").text.split()) for n in notices]
    expected = [
        "Card payments failing for some users — Identified, updated 26 Nov 2026 10:30 GMT",
        "Case search not returning results in the caseworker tool — Investigating, updated 26 Nov 2026 10:15 GMT",
        "Security codes not arriving, so some people cannot sign in — Monitoring, updated 26 Nov 2026 08:30 GMT",
        "Document upload moving to new storage — In progress, updated 26 Nov 2026 10:02 GMT",
    ]
    # The worst impact now first (partial outage before degraded performance), then maintenance.
    assert heads == [head for head in expected if build == "internal" or "caseworker" not in head]
    payments = notices[0]
    assert payments.one("a").attrs["href"] == "../incidents/2026-11-26-card-payments-failing/"
    assert payments.one("time").attrs == {"datetime": "2026-11-26T10:30:00Z", "data-incidents-ago": None}
    # The latest update's words, not the summary (the first statement): its first sentences, the rest behind "More".
    assert payments.one("p", "incidents-notice__preview").text == (
        "Payments are failing for some cards that need an extra security check from your bank. Other cards are working."
    )
    more = payments.one("details", "incidents-notice__more")
    assert more.one("summary").text == "More: the latest update on Card payments failing for some users"
    assert "Your application is saved for 7 days." in more.text
    assert "Please do not try to pay more than twice." not in pages[build].one("div", "incidents-banner").text


# --- incidents and maintenance ----------------------------------------------------


@pytest.mark.parametrize("build", BUILDS)
def test_active_incidents_are_listed_newest_first_with_their_updates_newest_first(
    pages: dict[str, Element], build: str,
) -> None:
    reports = section(pages[build], "active-incidents").all("article", "incidents-report")
    ids = [report.attrs["aria-labelledby"].removeprefix("report-") for report in reports]
    assert ids == ACTIVE[build]
    for report_id, report in zip(ids, reports, strict=True):
        link = report.one("h3").one("a")
        assert link.attrs["href"] == f"../incidents/{report_id}/"
        times = [t.attrs["datetime"] for t in report.all("li", "incidents-update") for t in t.all("time")]
        assert times and times == sorted(times, reverse=True), f"{report_id}: updates not newest first"
    sign_in = reports[-1]
    latest = sign_in.all("ol", "incidents-updates")[0]
    assert [p.text for p in latest.all("p", "incidents-update__meta")] == ["Monitoring 26 Nov 2026 08:30 GMT"]
    # The earlier updates are behind a control.
    earlier = sign_in.one("details", "incidents-earlier")
    assert earlier.one("summary").text == "Earlier updates (3)"
    assert len(earlier.all("li", "incidents-update")) == 3
    # Its impact has changed since it began: the page says which is now and which was the worst.
    facts = sign_in.one("dl", "incidents-report__facts").text
    assert "Impact now Degraded performance" in " ".join(facts.split())
    assert "Worst impact Partial outage" in " ".join(facts.split())
    payments = reports[0].one("dl", "incidents-report__facts").text
    assert "Partial outage" in payments and "Identified" in payments and "26 Nov 2026 09:40 GMT" in payments


@pytest.mark.parametrize("build", BUILDS)
def test_maintenance_in_progress_and_upcoming_with_windows_in_the_site_timezone(
    pages: dict[str, Element], build: str,
) -> None:
    maintenance = section(pages[build], "maintenance")
    headings = maintenance.all("h3")
    assert [h.text for h in headings] == ["In progress", "Upcoming"]
    reports = maintenance.all("article", "incidents-report")
    titles = [report.one("h4").text for report in reports]
    # The renewal update's window ended on 19 Nov: it is over, not still in progress.
    assert titles == ["Document upload moving to new storage", "Licence checking API database upgrade"]
    facts = [report.one("dl").text for report in reports]
    assert "26 Nov 2026 10:00 to 14:00 GMT" in facts[0] and "In progress" in facts[0]
    assert "3 Dec 2026 20:00 to 23:00 GMT" in facts[1] and "Scheduled" in facts[1]
    assert "Licence checking API" in facts[1]
    # The upcoming window changes nothing today.
    assert service(pages[build], "licence-check-api").attrs["data-status"] == "operational"


# --- availability ------------------------------------------------------------------


def codes(entry: Element) -> str:
    """A service's bar as one letter per day (o no impact, d, p, m the impact, n no data)."""
    return entry.one("div", "incidents-bar").attrs["data-days"]


@pytest.mark.parametrize("build", BUILDS)
def test_each_service_has_a_90_day_bar_that_is_no_tab_stop_without_javascript(
    pages: dict[str, Element], build: str,
) -> None:
    for entry in services(pages[build]):
        history = entry.one("details", "incidents-service__history")
        assert re.fullmatch(r"Last 90 days: (100|\d{2}\.\d{2})% available", history.one("summary").text)
        bar = history.one("div", "incidents-bar")
        assert bar.attrs["role"] == "img" and "available over the last 90 days" in bar.attrs["aria-label"]
        assert re.fullmatch(r"[odpmn]{90}", codes(entry))
        # Without JavaScript the bar is drawn as runs of days of one colour.
        runs = [c for c in bar.children if isinstance(c, Element)]
        assert sum(int(run.attrs["style"].removeprefix("flex-grow:")) for run in runs) == 90
        assert not [e for e in bar.iter() if e.tag in ("a", "button") or "tabindex" in e.attrs]


@pytest.mark.parametrize("build", BUILDS)
def test_each_service_row_links_its_own_feed(pages: dict[str, Element], build: str) -> None:
    for entry in services(pages[build]):
        link = entry.one("div", "incidents-service__row").one("a", "incidents-service__feed")
        assert link.attrs["href"] == f"../services/{entry.attrs['data-service']}/feed.xml"
        assert link.text.strip().startswith("Feed of incidents affecting ")


@pytest.mark.parametrize("build", BUILDS)
def test_a_days_details_are_in_the_table_the_bar_points_at(pages: dict[str, Element], build: str) -> None:
    payments = service(pages[build], "payments")
    assert codes(payments) == "o" * 89 + "p"
    # 09:40 to 12:00 of a day counted up to now (12 hours) at partial outage's weight 0.3.
    row = payments.one("tr", data_day="89")
    assert [td.text for td in row.all("td")] == [
        "26 Nov 2026", "94.16% (partial outage)", "Card payments failing for some users",
    ]
    section_words = section(pages[build], "services").attrs
    assert section_words["data-day-ok"] == "{date}: 100% available, no incidents"
    assert section_words["data-day-none"] == "{date}: no data"


@pytest.mark.parametrize("build", BUILDS)
def test_each_service_has_a_text_summary_and_a_table_of_days_with_impact(
    pages: dict[str, Element], build: str,
) -> None:
    for entry in services(pages[build]):
        name = entry.one("h4").text
        summary = entry.one("p", "incidents-service__summary").text
        assert re.match(r"(100|\d{2}\.\d{2})% available over the last 90 days\.", summary), summary
        impact_days = [index for index, code in enumerate(codes(entry)) if code not in "on"]
        tables = entry.all("table", "incidents-days")
        if not impact_days:
            assert not tables and "No incidents in this period." in summary
            continue
        assert f"{len(impact_days)} day" in summary
        table = tables[0]
        assert table.one("caption").text == f"Days with impact on {name}"
        headers = [th.text for th in table.all("th")]
        assert headers == ["Date", "Availability", "Incidents"]
        rows = table.one("tbody").all("tr")
        assert sorted(int(row.attrs["data-day"]) for row in rows) == impact_days
        for row in rows:
            assert all(link.attrs["href"].startswith("../incidents/") for link in row.all("a"))
            assert row.all("a"), f"{name}: a day with impact names no incident"


@pytest.mark.parametrize("build", BUILDS)
def test_the_sign_in_table_lists_each_day_with_impact_newest_first(pages: dict[str, Element], build: str) -> None:
    rows = service(pages[build], "sign-in").one("details").one("tbody").all("tr")
    cells = [[td.text for td in row.all("td")] for row in rows]
    assert cells == [
        ["26 Nov 2026", "100% (degraded performance)", "Security codes not arriving, so some people cannot sign in"],
        ["25 Nov 2026", "96.45% (partial outage)", "Security codes not arriving, so some people cannot sign in"],
        ["25 Oct 2026", "99.30% (partial outage)", "Sign in failing overnight when the clocks went back"],
    ]
    assert service(pages[build], "payments").one("p", "incidents-service__summary").text.startswith("99.93% ")


# --- history, subscriptions, build time ------------------------------------------------


@pytest.mark.parametrize("build", BUILDS)
def test_recent_history_lists_the_last_14_days(pages: dict[str, Element], build: str) -> None:
    history = section(pages[build], "history")
    days = [h.one("time").attrs["datetime"] for h in history.all("h3", "incidents-history__day")]
    assert days == ["2026-11-26", "2026-11-25", "2026-11-19", "2026-11-17"]
    # Days with nothing to report: one line per run of them, so the 14 days are all accounted for.
    quiet = [" ".join(p.text.split()) for p in history.all("p", "incidents-history__none")]
    assert quiet == [
        "No incidents or maintenance from 20 Nov 2026 to 24 Nov 2026.",
        "No incidents or maintenance on 18 Nov 2026.",
        "No incidents or maintenance from 13 Nov 2026 to 16 Nov 2026.",
    ]
    links = [a.attrs["href"] for a in history.all("a") if a.attrs["href"] != "../incidents/"]
    expected = {
        "../incidents/2026-11-26-document-upload-storage-migration/",
        "../incidents/2026-11-26-card-payments-failing/",
        "../incidents/2026-11-25-sign-in-failures/",
        "../incidents/2026-11-19-renew-licence-reminder-changes/",
        "../incidents/2026-11-17-uploaded-documents-not-attached/",
    }
    if build == "internal":
        expected.add("../incidents/2026-11-26-caseworker-search-unavailable/")
    assert set(links) == expected
    assert "2026-12-03-licence-check-api-database-upgrade" not in history.text


def test_runs_of_quiet_days_are_joined_newest_first() -> None:
    from datetime import date

    from incident_reports.views.status_page import quiet_runs_joined

    day = date(2026, 11, 26)
    found = object()
    days = [(day - timedelta(days=n), [found] if n in (0, 3) else []) for n in range(7)]
    assert quiet_runs_joined(days) == [  # type: ignore[arg-type]
        (day, day, [found]), (date(2026, 11, 25), date(2026, 11, 24), []), (date(2026, 11, 23), date(2026, 11, 23), [found]),
        (date(2026, 11, 22), date(2026, 11, 20), []),
    ]


@pytest.mark.parametrize("build", BUILDS)
def test_get_updates_offers_the_channels_first_and_the_feeds_calendar_and_api_behind_a_disclosure(
    pages: dict[str, Element], build: str,
) -> None:
    follow = section(pages[build], "subscribe")
    per_service = [f"../services/{service_id}/feed.xml" for service_id in EXPECTED[build]]
    # The team's own channel (the example's subscribe_channels), a primary button.
    channel = follow.one("ul", "incidents-follow__channels").one("a")
    assert (channel.attrs["href"], channel.text) == ("https://alerts.rivers.example.gov.uk/subscribe", "Email alerts")
    assert "md-button--primary" in channel.attrs["class"]
    more = follow.one("details", "incidents-follow__more")
    assert more.one("summary").text == "Feeds, calendar and API"
    assert [a.attrs["href"] for a in more.all("a")] == [
        "../feed.xml",
        "../atom.xml",
        "../updates.xml",
        "../maintenance.ics",
        *per_service,
        "../api/v2/summary.json",
    ]
    # The service's own address and help stay under the heading.
    top = [(a.attrs["href"], a.text.strip()) for a in pages[build].one("ul", "incidents-links").all("a")]
    assert top == [
        ("https://fishing-licence.rivers.example.gov.uk/", "Go to the service"),
        ("https://fishing-licence.rivers.example.gov.uk/contact", "Get help"),
    ]


@pytest.mark.parametrize("build", BUILDS)
def test_the_page_says_when_it_was_built(pages: dict[str, Element], build: str) -> None:
    page = pages[build]
    assert page.attrs["data-incidents-built"] == "2026-11-26T12:00:00Z"
    assert page.attrs["data-incidents-stale-after"] == "30"
    built_at = page.one("p", "incidents-built")
    assert built_at.text == "Last updated 26 Nov 2026 12:00 GMT."
    assert built_at.one("time").attrs["datetime"] == "2026-11-26T12:00:00Z"
    # The out-of-date notice is hidden until the script finds the page old.
    assert "hidden" in page.one("div", "incidents-stale").attrs


def test_only_the_internal_page_says_it_is_internal(pages: dict[str, Element]) -> None:
    assert pages["internal"].all("p", "incidents-audience")
    assert not pages["public"].all("p", "incidents-audience")


# --- the footer and the public home ------------------------------------------------------


@pytest.mark.parametrize("build", BUILDS)
def test_every_page_links_the_accessibility_statement_in_its_footer(outputs: dict[str, Path], build: str) -> None:
    folder = outputs[build]
    assert (folder / "accessibility" / "index.html").is_file()
    for file in sorted(folder.rglob("*.html")):
        if file.name == "404.html":
            continue
        links = [a for a in parse(file).one("footer", "md-footer").all("a") if a.text == "Accessibility statement"]
        assert len(links) == 1, f"{file.relative_to(folder)} has no accessibility statement link"
        target = (file.parent / links[0].attrs["href"] / "index.html").resolve()
        assert target == (folder / "accessibility" / "index.html").resolve(), file


def test_the_public_home_page_is_the_status_page(outputs: dict[str, Path]) -> None:
    document = parse(outputs["public"] / "index.html")
    home = document.one("div", "incidents-status-page")
    assert home.one("div", "incidents-banner").one("h2").text.strip() == "Problems with Card payments and Sign in"
    assert [e.attrs["data-service"] for e in services(home)] == list(PUBLIC_STATUSES)
    # Its links lead from the site root; its canonical address stays status/.
    assert home.all("a", "incidents-service__feed")[0].attrs["href"] == "services/apply-online/feed.xml"
    assert any(a.attrs.get("href") == "incidents/" for a in home.all("a"))
    assert document.one("link", rel="canonical").attrs["href"] == "https://status.rivers.example.gov.uk/status/"
    # Search finds the status page at status/ only.
    index = json.loads((outputs["public"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert "status/" in locations and not [loc for loc in locations if loc == "" or loc.startswith("#")]
    # The internal build keeps its own home page.
    assert not parse(outputs["internal"] / "index.html").all("div", "incidents-status-page")


@pytest.mark.parametrize("build", BUILDS)
def test_the_title_says_the_overall_status(outputs: dict[str, Path], build: str) -> None:
    title = parse(outputs[build] / "status" / "index.html").one("title").text
    assert title.startswith("Problems with Card payments")
    assert title.endswith(" - Fishing rod licence service status")


# --- other settings ---------------------------------------------------------------------


def test_days_before_since_show_no_data_and_the_options_shape_the_page(site_copy: Path) -> None:
    config = site_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    options = "      timezone: Europe/London\n"
    assert options in text
    config.write_text(
        text.replace(options, options + ("      stale_after_minutes: 5\n      availability_days: 30\n      history_days: 7\n")),
        encoding="utf-8",
    )
    catalogue = site_copy / "status" / "services.yml"
    text = catalogue.read_text(encoding="utf-8")
    assert text.count("since: 2025-09-01") == text.count("since: 2024-10-01") == 1
    text = text.replace("since: 2025-09-01", "since: 2026-11-20").replace("since: 2024-10-01", "since: 2026-12-01")
    catalogue.write_text(text, encoding="utf-8")

    page = parse(built(site_copy, "mkdocs.yml") / "status" / "index.html").one("div", "incidents-status-page")
    assert page.attrs["data-incidents-stale-after"] == "5"
    history = section(page, "history")
    days = [h.one("time").attrs["datetime"] for h in history.all("h3", "incidents-history__day")]
    assert days == ["2026-11-26", "2026-11-25"]
    assert " ".join(history.one("p", "incidents-history__none").text.split()) == (
        "No incidents or maintenance from 20 Nov 2026 to 24 Nov 2026."
    )
    upload = service(page, "document-upload")
    assert codes(upload) == "n" * 23 + "o" * 7
    summary = upload.one("p", "incidents-service__summary").text
    assert summary.startswith("100% available over the last 30 days (no data before 20 Nov 2026).")
    not_yet = service(page, "licence-check-api")
    assert codes(not_yet) == "n" * 30
    assert not_yet.one("p", "incidents-service__summary").text == ("No availability data yet: it is counted from 1 Dec 2026.")


# --- in a browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(outputs: dict[str, Path]) -> Iterator[dict[str, str]]:
    """Both builds served on local ports."""
    with serve(outputs["internal"]) as internal, serve(outputs["public"]) as public:
        yield {"internal": internal, "public": public}


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("build", BUILDS)
def test_no_horizontal_scroll_at_320_css_pixels(browser: Browser, sites: dict[str, str], build: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        open_page(page, sites[build] + "status/")
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        # Widest state: every table of days open, the out-of-date notice shown.
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        page.evaluate("document.querySelector('.incidents-stale').hidden = false")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        overflowing = page.evaluate(
            "[...document.querySelectorAll('.incidents-status-page *')]"
            ".filter(e => e.getBoundingClientRect().right > 320.5).map(e => e.outerHTML.slice(0, 80))"
        )
        assert overflowing == []
    finally:
        context.close()


@pytest.mark.parametrize(("minutes", "shown"), [(5, False), (31, True), (60 * 26, True)])
def test_the_out_of_date_notice_follows_the_browsers_clock(
    browser: Browser, sites: dict[str, str], minutes: int, shown: bool
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.clock.set_fixed_time(BUILT + timedelta(minutes=minutes))
        open_page(page, sites["public"] + "status/")
        notice = page.locator(".incidents-stale")
        assert notice.is_visible() is shown
        if shown:
            age = "31 minutes" if minutes == 31 else "1 day"
            assert f"It was last updated {age} ago" in notice.inner_text()
    finally:
        context.close()


def test_a_page_left_open_warns_once_it_goes_out_of_date(browser: Browser, sites: dict[str, str]) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.clock.install(time=BUILT + timedelta(minutes=29))
        open_page(page, sites["public"] + "status/")
        notice = page.locator(".incidents-stale")
        assert not notice.is_visible()
        page.clock.run_for("02:00")
        assert notice.is_visible()
    finally:
        context.close()


def test_the_page_reads_fully_without_javascript(browser: Browser, sites: dict[str, str]) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        open_page(page, sites["public"] + "status/")
        assert page.locator(".incidents-banner h2").inner_text().strip() == "Problems with Card payments and Sign in"
        assert page.locator("#service-payments .incidents-status").inner_text().strip().endswith("Partial outage")
        assert page.locator(".incidents-built").inner_text() == "Last updated 26 Nov 2026 12:00 GMT."
        assert not page.locator(".incidents-stale").is_visible()
        page.locator("#service-sign-in summary").click()
        assert page.locator("#service-sign-in table").is_visible()
        assert page.locator("#service-sign-in .incidents-bar").get_attribute("role") == "img"
    finally:
        context.close()


def test_the_title_says_a_name_with_an_apostrophe_and_an_ampersand_as_written(tmp_path: Path) -> None:
    """The headline is HTML; the page's title is its text, never its escaped markup."""
    site = copy_site(tmp_path / "site")
    catalogue = site / "status" / "services.yml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("name: Card payments", 'name: "Members\' card & payments"', 1),
        encoding="utf-8",
    )
    title = re.search(
        r"<title>([^<]*)</title>", (built(site, "mkdocs.public.yml") / "status" / "index.html").read_text(encoding="utf-8")
    )
    assert title is not None
    assert title.group(1).startswith("Problems with Members' card ＆ payments and Sign in"), title.group(1)


def test_lists_and_blocks_in_the_banners_words_leave_search_whole(site_copy: Path) -> None:
    """Material's search leaves an element out by its tag name: a list in an update or a block in the advice,
    inside the parts it leaves out, must neither break the build nor put those words in the status page's entry."""
    report = site_copy / "incidents" / "2026-11-25-sign-in-failures.md"
    text = report.read_text(encoding="utf-8")
    payments = site_copy / "incidents" / "2026-11-26-card-payments-failing.md"
    advice = "what_to_do: |\n    <div>a block</div>\n\n    zqxadvice\n"
    payments.write_text(re.sub(r"what_to_do: >-\n(  .*\n)+", advice, payments.read_text(encoding="utf-8")), encoding="utf-8")
    latest = (
        "    message: >-\n      Codes are arriving normally for nearly everyone. We are keeping this\n"
        "      open while our supplier finishes their checks with the mobile networks.\n"
    )
    assert latest in text
    text = text.replace(latest, "    message: |-\n      Codes arrive normally:\n\n      - zqxlistone\n      - zqxlisttwo\n")
    report.write_text(text, encoding="utf-8")
    site = built(site_copy, "mkdocs.yml")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    status = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("status/"))
    assert "zqxlistone" not in status and "zqxadvice" not in status
    assert "zqxlistone" in (site / "status" / "index.html").read_text(encoding="utf-8")
