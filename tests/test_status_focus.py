"""The status page read as a member of the public would, on a desktop (1280x900) and a phone (390x844).

The answer first: the banner, the services right under it, "Get updates" in the
first screen; one column without the navigation; a skip link; each bar one
control whose days show their details by tap and by keyboard; the public home
page is the status page; the page is light and the plugin's pages use no emoji.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

from browser import AXE, open_page, serve
from conftest import EXAMPLE_EPOCH, copy_site, run_build
from test_accessibility import PALETTES, WCAG_TAGS, described

BUILT = datetime.fromtimestamp(EXAMPLE_EPOCH, UTC)
#: Where the services list must begin, in screens: (viewport, screens).
SCREENS = {"desktop": ({"width": 1280, "height": 900}, 1.5), "phone": ({"width": 390, "height": 844}, 3)}
#: The most the status page's HTML may weigh for the example site.
MAX_BYTES = 50 * 1024
#: Code points that systems draw as emoji (an empty box where no emoji font is installed).
EMOJI = re.compile(
    "[\u231a-\u23ff\u2600-\u27bf\u2b00-\u2bff\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2934\u2935\u3030\u303d"
    "\u3297\u3299\ufe0f\U0001f000-\U0001faff]"
)


@pytest.fixture(scope="module")
def sites(internal_build: Path, public_build: Path) -> Iterator[dict[str, str]]:
    """Both builds of the example, each served on its own local port."""
    with serve(internal_build) as internal, serve(public_build) as public:
        yield {"internal": internal, "public": public}


def opened(browser: Browser, url: str, size: str = "desktop", **options: object) -> Page:
    """A fresh page at ``size`` whose clock is five minutes after the example's build, showing ``url``."""
    context = browser.new_context(viewport=SCREENS[size][0], **options)
    page = context.new_page()
    page.clock.set_fixed_time(BUILT + timedelta(minutes=5))
    open_page(page, url)
    return page


def top(page: Page, selector: str) -> float:
    """How far down the page an element begins, in CSS pixels."""
    return page.evaluate("s => document.querySelector(s).getBoundingClientRect().top + window.scrollY", selector)


def bottom(page: Page, selector: str) -> float:
    """How far down the page an element ends, in CSS pixels."""
    return page.evaluate("s => document.querySelector(s).getBoundingClientRect().bottom + window.scrollY", selector)


@pytest.mark.parametrize("size", SCREENS)
@pytest.mark.parametrize("path", ["status/", ""])
def test_the_answer_last_updated_and_get_updates_are_in_the_first_screen(
    browser: Browser, sites: dict[str, str], size: str, path: str,
) -> None:
    page = opened(browser, sites["public"] + path, size)
    try:
        viewport, screens = SCREENS[size]
        banner = page.locator(".incidents-banner h2")
        assert banner.inner_text().strip() == "Problems with Card payments and Sign in"
        # The banner, with what to do and every active report, then "Last updated", then the channels.
        assert 0 < top(page, ".incidents-banner") < bottom(page, ".incidents-banner") <= top(page, ".incidents-built")
        assert bottom(page, ".incidents-built") <= viewport["height"]
        email = page.get_by_role("link", name="Email alerts")
        box = email.bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport["height"] and box["height"] >= 44
        assert top(page, "#services") <= screens * viewport["height"]
        if size == "phone":
            # Quiet days are one line each, and the banner folds long updates: well under the 7.6 screens
            # the page took when every quiet day had a heading and a line.
            assert page.evaluate("document.documentElement.scrollHeight") <= 6.5 * viewport["height"]
    finally:
        page.context.close()


@pytest.mark.parametrize("size", SCREENS)
def test_each_report_in_the_banner_says_how_old_its_latest_update_is_and_more_shows_it_whole(
    browser: Browser, sites: dict[str, str], size: str,
) -> None:
    page = opened(browser, sites["public"] + "status/", size)
    try:
        notices = page.locator(".incidents-notice")
        assert [" ".join(text.split()) for text in notices.locator(".incidents-notice__meta").all_inner_texts()] == [
            "— Identified, updated 26 Nov 2026 10:30 GMT (1 hour ago)",
            "— Monitoring, updated 26 Nov 2026 08:30 GMT (3 hours ago)",
            "— In progress, updated 26 Nov 2026 10:02 GMT (2 hours ago)",
        ]
        payments = notices.first
        # A desktop shows the update's first sentences; a phone only "More", at the end of the title's line.
        assert payments.locator(".incidents-notice__preview").is_visible() == (size == "desktop")
        assert not payments.get_by_text("Your application is saved for 7 days.").is_visible()
        more = payments.locator("summary")
        assert more.evaluate("summary => summary.firstChild.textContent") == "More"
        box = more.bounding_box()
        assert box is not None and box["height"] >= 24
        more.click()
        assert payments.get_by_text("Your application is saved for 7 days.").is_visible()
        assert not payments.locator(".incidents-notice__preview").is_visible()
    finally:
        page.context.close()


#: What the status page may request as it loads: itself, the theme's and the plugin's styles and scripts, the icon.
PAGE_ASSETS = {
    "status/", "assets/stylesheets/main.css", "assets/stylesheets/palette.css", "assets/incidents/incidents.css",
    "assets/javascripts/bundle.js", "assets/incidents/incidents.js", "assets/images/favicon.png",
}


@pytest.mark.parametrize("size", SCREENS)
def test_the_status_page_loads_no_search_index_worker_or_sitemap(browser: Browser, sites: dict[str, str], size: str) -> None:
    context = browser.new_context(viewport=SCREENS[size][0])
    requested: list[str] = []
    # On the context: a worker's requests are recorded too.
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        open_page(page, sites["public"] + "status/")
        page.wait_for_load_state("networkidle")
        base = sites["public"]
        assert all(url.startswith(base) for url in requested), requested
        # Material's assets have a digest in their names (main.57a0d79d.min.css).
        names = {re.sub(r"\.[0-9a-f]{8}\.min\.", ".", url.removeprefix(base)) for url in requested}
        # The browser asks for the icon when it gets round to it.
        assert names - {"assets/images/favicon.png"} == PAGE_ASSETS - {"assets/images/favicon.png"}
    finally:
        context.close()


def test_the_status_pages_search_box_searches_on_the_history_page(browser: Browser, sites: dict[str, str]) -> None:
    page = opened(browser, sites["public"] + "status/")
    try:
        box = page.get_by_role("textbox", name="Search")
        box.fill("certificate")
        box.press("Enter")
        page.wait_for_url("**/incidents/?q=certificate")
        # There Material's search loads its index, opens with the words, and finds the report.
        page.wait_for_selector(".md-search-result__item")
        assert "certificate" in page.locator(".md-search-result").inner_text().lower()
    finally:
        page.context.close()


#: Where the focus is after a Tab: in a closed menu or hidden search results, or the closed search box.
FOCUSED = """() => {
    const focused = document.activeElement;
    const searchOpen = document.getElementById("__search").checked;
    return {
        name: (focused.getAttribute("aria-label") || focused.textContent || focused.tagName).trim().slice(0, 40),
        closedMenu: !!focused.closest("details.md-select:not([open])") && focused.tagName !== "SUMMARY",
        hiddenResults: !!focused.closest(".md-search__output") && !searchOpen,
        closedSearchBox: focused.matches(".md-search__input") && !searchOpen
            && !focused.checkVisibility({visibilityProperty: true}),
    };
}"""


@pytest.mark.parametrize("size", SCREENS)
@pytest.mark.parametrize("path", ["status/", "incidents/"])
def test_no_tab_stop_is_in_the_closed_language_menu_or_the_hidden_search_results(
    browser: Browser, sites: dict[str, str], size: str, path: str,
) -> None:
    # The archive's page has Material's search, its results hidden until a search opens.
    page = opened(browser, sites["public"] + path, size)
    try:
        stops = []
        for _ in range(12):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(FOCUSED))
        assert not [stop for stop in stops if stop["closedMenu"] or stop["hiddenResults"] or stop["closedSearchBox"]], stops
        names = [stop["name"] for stop in stops]
        assert "Select language" in names and "English" not in names and "Cymraeg" not in names
        if path == "incidents/":
            assert page.locator(".md-search__scrollwrap").count() == 1
    finally:
        page.context.close()


@pytest.mark.parametrize("size", SCREENS)
def test_the_language_menu_is_a_disclosure_that_a_keyboard_opens_and_escape_closes(
    browser: Browser, sites: dict[str, str], size: str,
) -> None:
    page = opened(browser, sites["public"] + "status/", size)
    try:
        menu = page.locator("details.incidents-languages")
        button = menu.locator("summary")
        assert button.get_attribute("aria-label") == "Select language"
        button.focus()
        page.keyboard.press("Enter")
        assert menu.evaluate("menu => menu.open")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "English"
        page.keyboard.press("Tab")
        welsh = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
        # The same page in Welsh, by a path on this host.
        assert welsh == ["Cymraeg", "/cy/status/"]
        page.keyboard.press("Escape")
        assert not menu.evaluate("menu => menu.open")
        assert page.evaluate("document.activeElement.matches('details.incidents-languages > summary')")
        # Closed, its links are not shown (nor reached by Tab, above).
        assert not page.get_by_role("link", name="Cymraeg").is_visible()
    finally:
        page.context.close()


#: The smallest text, and each control too small, in a page's content: every disclosure opened first.
SIZES = """() => {
    document.querySelectorAll("article details").forEach(d => { d.open = true; });
    const content = document.querySelector("article.md-content__inner");
    const shown = e => e.getClientRects().length > 0 && e.checkVisibility({visibilityProperty: true})
        && !e.closest(".incidents-visually-hidden, code, pre, kbd");
    const small = [];
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const parent = walker.currentNode.parentElement;
        const size = parseFloat(getComputedStyle(parent).fontSize);
        if (walker.currentNode.textContent.trim() && shown(parent) && size < 14) {
            small.push([walker.currentNode.textContent.trim().slice(0, 30), size]);
        }
    }
    // A link inside a sentence (its parent has words of its own) may be as tall as the line.
    const inSentence = e => e.tagName === "A" && [...e.parentElement.childNodes].some(
        node => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    const controls = [...content.querySelectorAll("a[href], button, summary, select, input, [tabindex]")]
        .filter(e => shown(e) && e.tabIndex >= 0);
    const tooSmall = controls.filter(e => !inSentence(e) && e.getBoundingClientRect().height < 24)
        .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height]);
    const primary = controls.filter(e => e.matches(".md-button--primary") && e.getBoundingClientRect().height < 44)
        .map(e => e.textContent.trim());
    return {body: parseFloat(getComputedStyle(content).fontSize), small, tooSmall, primary, controls: controls.length};
}"""


@pytest.mark.parametrize("size", SCREENS)
@pytest.mark.parametrize("path", ["status/", "incidents/", "incidents/2026-09-22-apply-online-unavailable/",
                                  "incidents/2026-11-26-card-payments-failing/"])
def test_text_is_14px_or_more_and_controls_24px_tall_or_more(
    browser: Browser, sites: dict[str, str], size: str, path: str,
) -> None:
    page = opened(browser, sites["public"] + path, size)
    try:
        found = page.evaluate(SIZES)
        assert found["body"] == 16
        assert found["controls"] > 2
        assert found["small"] == [], f"text under 14px: {found['small']}"
        assert found["tooSmall"] == [], f"controls under 24px tall: {found['tooSmall']}"
        assert found["primary"] == [], f"primary controls under 44px tall: {found['primary']}"
    finally:
        page.context.close()


def test_the_status_page_has_no_navigation_or_contents_column(browser: Browser, sites: dict[str, str]) -> None:
    page = opened(browser, sites["public"] + "status/")
    try:
        assert not page.locator(".md-sidebar--primary").is_visible()
        assert not page.locator(".md-sidebar--secondary").is_visible()
        assert page.locator("header.md-header").is_visible()
        # The column is the page's width, less the theme's margins.
        width = page.evaluate("document.querySelector('.incidents-status-page').getBoundingClientRect().width")
        assert width > 1000
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["status/", "incidents/", "incidents/2026-11-26-card-payments-failing/", ""])
def test_the_skip_link_leads_past_the_header_to_the_content(browser: Browser, sites: dict[str, str],
                                                            path: str) -> None:
    page = opened(browser, sites["public"] + path)
    try:
        page.keyboard.press("Tab")
        skip = page.locator("a.md-skip")
        assert page.evaluate("document.activeElement.classList.contains('md-skip')")
        assert skip.is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#incidents-content"
        page.keyboard.press("Tab")
        # The next tab stop is inside the page's content, not in the header or the navigation.
        assert page.evaluate("!!document.activeElement.closest('article.md-content__inner')")
    finally:
        page.context.close()


def detail(page: Page, service_id: str) -> str:
    """The details shown under a service's bar."""
    return page.locator(f"#service-{service_id} .incidents-bar__detail").inner_text().strip()


def test_a_keyboard_reaches_each_day_of_a_bar_from_one_tab_stop(browser: Browser, sites: dict[str, str]) -> None:
    page = opened(browser, sites["public"] + "status/")
    try:
        page.locator("#service-payments summary").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        bar = page.locator("#service-payments .incidents-bar")
        assert page.evaluate("document.activeElement.matches('#service-payments .incidents-bar')")
        assert bar.get_attribute("role") == "slider"
        assert detail(page, "payments") == "26 Nov 2026: 94.16% (partial outage). Card payments failing for some users"
        assert page.locator("#service-payments .incidents-bar__detail a").get_attribute("href") == (
            "../incidents/2026-11-26-card-payments-failing/"
        )
        page.keyboard.press("ArrowLeft")
        assert detail(page, "payments") == "25 Nov 2026: 100% available, no incidents"
        assert bar.get_attribute("aria-valuetext") == "25 Nov 2026: 100% available, no incidents"
        page.keyboard.press("Home")
        assert detail(page, "payments") == "29 Aug 2026: 100% available, no incidents"
        # One tab stop per bar: the next Tab leaves the bar.
        page.keyboard.press("Tab")
        assert not page.evaluate("!!document.activeElement.closest('.incidents-bar')")
    finally:
        page.context.close()


def test_a_finger_picks_a_week_of_the_bar_on_a_phone(browser: Browser, sites: dict[str, str]) -> None:
    page = opened(browser, sites["public"] + "status/", "phone", has_touch=True, is_mobile=True)
    try:
        page.locator("#service-sign-in summary").tap()
        bar = page.locator("#service-sign-in .incidents-bar")
        # 90 days in 13 cells: the last 12 weeks to today, and the 6 days before them.
        assert bar.get_attribute("aria-valuemax") == "13"
        cells = bar.locator(".incidents-bar__day")
        assert cells.count() == 13
        box = cells.nth(11).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert detail(page, "sign-in") == "13 Nov 2026 to 19 Nov 2026: 100% available, no incidents"
        last = cells.nth(12).bounding_box()
        assert last is not None
        page.touchscreen.tap(last["x"] + last["width"] / 2, last["y"] + last["height"] / 2)
        assert detail(page, "sign-in") == (
            "20 Nov 2026 to 26 Nov 2026: 26 Nov 2026: 100% (degraded performance). 25 Nov 2026: 96.45% (partial outage). "
            "Security codes not arriving, so some people cannot sign in"
        )
        # The arrow keys move a week at a time.
        page.keyboard.press("ArrowLeft")
        assert detail(page, "sign-in").startswith("13 Nov 2026 to 19 Nov 2026")
    finally:
        page.context.close()


@pytest.mark.parametrize("system", PALETTES.values())
@pytest.mark.parametrize("size", SCREENS)
def test_axe_finds_no_violation_with_every_history_open_and_a_day_chosen(
    browser: Browser, sites: dict[str, str], size: str, system: str,
) -> None:
    page = opened(browser, sites["public"] + "status/", size, color_scheme=system)
    try:
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        page.locator("#service-payments .incidents-bar").focus()
        page.keyboard.press("ArrowLeft")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
            ".then(result => result.violations)",
            WCAG_TAGS,
        )
        assert not violations, described(violations)
    finally:
        page.context.close()


def test_times_show_how_long_ago_they_were(browser: Browser, sites: dict[str, str]) -> None:
    page = opened(browser, sites["public"] + "status/")
    try:
        assert page.locator(".incidents-built").inner_text() == "Last updated 26 Nov 2026 12:00 GMT (5 minutes ago)."
        latest = page.locator("#report-2026-11-25-sign-in-failures").locator("xpath=..").locator(".incidents-update__meta")
        assert latest.first.inner_text() == "Monitoring 26 Nov 2026 08:30 GMT (3 hours ago)"
    finally:
        page.context.close()


def test_the_status_page_is_light(public_build: Path) -> None:
    size = (public_build / "status" / "index.html").stat().st_size
    assert size <= MAX_BYTES, f"the status page's HTML is {size:,} bytes; at most {MAX_BYTES:,}"


@pytest.mark.parametrize("build", ["internal", "public"])
def test_no_page_the_plugin_makes_has_an_emoji(internal_build: Path, public_build: Path, build: str) -> None:
    folder = internal_build if build == "internal" else public_build
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        found = EMOJI.findall(page.read_text(encoding="utf-8"))
        assert not found, f"{page.relative_to(folder)} has emoji {found}"


def test_a_public_home_page_that_the_status_would_replace_is_an_error(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    (site / "public-docs" / "index.md").write_text("# Welcome\n\nSee the [status](status/index.md).\n")
    result = run_build(site, "mkdocs.public.yml")
    assert result.returncode != 0
    assert (
        "public-docs/index.md:1: page: the public site's home page is the status page, so this page would never "
        "be shown; delete it"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_the_status_page_options_and_channels_are_shown(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"      (service_url|help_url): .*\n", "", text)
    config.write_text(text.replace("      timezone: Europe/London\n", (
        "      timezone: Europe/London\n"
        "      subscribe_channels:\n"
        "        - name: Email alerts\n"
        "          url: https://alerts.rivers.example.gov.uk/subscribe\n"
    )), encoding="utf-8")
    result = run_build(site, "mkdocs.public.yml")
    assert result.returncode == 0, result.stderr
    html = (site / "site-public" / "status" / "index.html").read_text(encoding="utf-8")
    assert (
        '<li><a class="md-button md-button--primary incidents-follow__channel" '
        'href="https://alerts.rivers.example.gov.uk/subscribe">Email alerts</a></li>'
    ) in html
    # Without service_url and help_url, the page does not offer them.
    assert "Go to the service" not in html and "Get help" not in html


# --- the banner's words without a build -------------------------------------------------


def status_page_of(tmp_path: Path, reports: dict[str, str], **options: object) -> str:
    """The public status page's HTML for the example's catalogue and these reports, rendered by the view."""
    from incident_reports.core.archive import load_archive
    from incident_reports.core.settings import Settings
    from incident_reports.views import status_page
    from incident_reports.views.context import SiteContext
    from incident_reports.views.renderer import Renderer

    (tmp_path / "status").mkdir()
    (tmp_path / "status" / "services.yml").write_text((Path(__file__).parents[1] / "status" / "services.yml").read_text())
    (tmp_path / "incidents").mkdir()
    for name, text in reports.items():
        (tmp_path / "incidents" / name).write_text(text)
    settings = Settings(**options)  # type: ignore[arg-type]
    archive = load_archive(tmp_path, settings, BUILT)
    assert not archive.problems, [str(p) for p in archive.problems]
    outputs = status_page.render(SiteContext(archive, settings, BUILT, Renderer(settings, "public")))
    assert [o.path for o in outputs] == ["status/index.md", "index.md"]
    return str(outputs[0].body)


def test_when_everything_works_the_banner_says_so_and_where_to_get_help(tmp_path: Path) -> None:
    html = status_page_of(tmp_path, {}, help_url="https://example.gov.uk/contact")
    assert "incidents-banner--operational" in html
    assert "All services are working normally" in html
    assert 'If something is not working for you, <a href="https://example.gov.uk/contact">tell us</a>.' in html
    assert "Go to the service" not in html


def test_maintenance_alone_is_named_as_planned_maintenance(tmp_path: Path) -> None:
    window = (
        "---\ntitle: Database upgrade\nkind: maintenance\nvisibility: public\nservices: [licence-check-api]\n"
        "scheduled_for: 2026-11-26T11:00:00Z\nscheduled_until: 2026-11-26T13:00:00Z\n"
        "summary: The licence checking API is unavailable while we upgrade its database.\n---\n"
    )
    html = status_page_of(tmp_path, {"2026-11-26-upgrade.md": window})
    assert "incidents-banner--under_maintenance" in html
    assert "Planned maintenance on Licence checking API" in html
    assert "<strong>Affected:</strong> Licence checking API (under maintenance)." in html
    assert "The licence checking API is unavailable while we upgrade its database." in html


def incident_report(report_id: str, *, services: str = "", impact: str = "", updates: str = "", **more: str) -> str:
    """An ongoing public incident's file, started an hour before the example's build."""
    lines = [f"id: {report_id}", f"title: {report_id.replace('-', ' ').capitalize()}", "severity: P3", "visibility: public",
             "started: 2026-11-26T11:00:00Z", f"summary: The {report_id} summary."]
    lines += [f"services: {services}"] if services else []
    lines += [f"impact: {impact}"] if impact else []
    lines += [f"{key}: {value}" for key, value in more.items()]
    lines += ["updates:", updates] if updates else ["status: investigating"]
    return "---\n" + "\n".join(lines) + "\n---\n"


def page_parts(html: str) -> tuple[str, str, str]:
    """The banner's class, its heading's words and the whole banner's words, from the page's HTML."""
    from html_tree import parse_html

    banner = parse_html(html).one("div", "incidents-banner")
    return banner.attrs["class"] or "", " ".join(banner.one("h2").text.split()), " ".join(banner.text.split())


def test_an_incident_that_names_no_service_makes_the_answer_a_problem(tmp_path: Path) -> None:
    from incident_reports.views import badge, status_page

    html = status_page_of(tmp_path, {"down.md": incident_report("down", impact="partial_outage")})
    classes, heading, text = page_parts(html)
    assert "incidents-banner--partial_outage" in classes
    assert heading == "Problems with our services"
    assert "Affected: all services (partial outage)." in text
    assert "Working normally" not in text
    assert "Down — Investigating, updated 26 Nov 2026 11:00 UTC" in text
    # The page's title and the badge say the same.
    from incident_reports.core.archive import load_archive
    from incident_reports.core.settings import Settings
    from incident_reports.views.context import SiteContext
    from incident_reports.views.renderer import Renderer

    ctx = SiteContext(load_archive(tmp_path, Settings(), BUILT), Settings(), BUILT, Renderer(Settings(), "public"))
    assert status_page.render(ctx)[0].meta["title"] == "Problems with our services"
    assert "Partial outage" in str(badge.render(ctx)[0].body)


def test_named_services_with_problems_are_named_beside_an_incident_that_names_none(tmp_path: Path) -> None:
    reports = {
        "down.md": incident_report("down", impact="degraded_performance"),
        "pay.md": incident_report("pay", services="{payments: major_outage}"),
    }
    classes, heading, text = page_parts(status_page_of(tmp_path, reports))
    assert "incidents-banner--major_outage" in classes
    assert heading == "Problems with Card payments"
    assert "Affected: all services (degraded performance), Card payments (major outage)." in text


def test_an_incident_without_impact_is_in_the_banner_while_all_services_work(tmp_path: Path) -> None:
    near_miss = incident_report("near-miss", services="[payments]", impact="none",
                                what_to_do="Nothing to do; we are watching card payments closely.")
    classes, heading, text = page_parts(status_page_of(tmp_path, {"near-miss.md": near_miss}))
    assert "incidents-banner--operational" in classes
    assert heading == "All services are working normally"
    assert "Every service is working as it should." in text
    assert "What to do: Nothing to do; we are watching card payments closely." in text
    assert "Near miss — Investigating, updated 26 Nov 2026 11:00 UTC The near-miss summary." in text


def test_the_banner_shows_each_reports_latest_update_and_each_ones_advice(tmp_path: Path) -> None:
    updates = (
        "  - at: 2026-11-26T11:05:00Z\n    status: investigating\n    message: Payments fail; retry later.\n"
        "  - at: 2026-11-26T11:40:00Z\n    status: monitoring\n    message: A fix is in; payments work again."
    )
    reports = {
        "pay.md": incident_report("pay", services="{payments: partial_outage}", updates=updates,
                                  what_to_do="Pay by card again if a payment failed."),
        "sign.md": incident_report("sign", services="{sign-in: degraded_performance}",
                                   what_to_do="Ask for an email code if a text does not arrive."),
    }
    _, heading, text = page_parts(status_page_of(tmp_path, reports))
    assert heading == "Problems with Card payments and Sign in"
    assert ("What to do: Pay: Pay by card again if a payment failed. "
            "Sign: Ask for an email code if a text does not arrive.") in text
    # The latest update, not the first: its status, time and words.
    assert "Pay — Monitoring, updated 26 Nov 2026 11:40 UTC A fix is in; payments work again." in text
    assert "retry later" not in text
    assert "Sign — Investigating, updated 26 Nov 2026 11:00 UTC The sign summary." in text


def test_a_long_update_shows_its_first_sentences() -> None:
    from incident_reports.views.status_banner import preview

    short = "Codes arrive normally."
    assert preview(short) == ""
    sentences = "First sentence here. " * 4 + "A last one that goes on and on until it is far too long for the banner."
    assert preview(sentences) == "First sentence here. " * 3 + "First sentence here."
    words = "word " * 60
    cut = preview(words.strip())
    assert cut.endswith("word…") and len(cut) <= 121


# --- the bar's compact form -------------------------------------------------------------

DAY_KINDS = st.sampled_from(["nodata", "none", "degraded_performance", "partial_outage", "major_outage"])


@given(st.lists(DAY_KINDS, max_size=120))
def test_a_bars_letters_and_runs_say_the_same_as_its_days(kinds: list[str]) -> None:
    from incident_reports.core.status import Day
    from incident_reports.views.status_page import DAY_CODES, ServiceRow

    first = date(2026, 1, 1)
    days = [
        Day(first + timedelta(days=n), None if kind == "nodata" else 1.0, (), None if kind in ("nodata", "none") else kind)
        for n, kind in enumerate(kinds)
    ]
    row = ServiceRow(service=None, status="operational", days=days, availability=None)  # type: ignore[arg-type]
    assert len(row.codes) == len(days)
    for day, code in zip(days, row.codes, strict=True):
        assert code == DAY_CODES[day.worst or (None if day.availability is None else "operational")]
    assert "".join(code * count for code, count in row.runs) == row.codes
    assert all(a[0] != b[0] for a, b in zip(row.runs, row.runs[1:], strict=False))
