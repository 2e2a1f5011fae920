"""Languages: every word the plugin publishes comes from a catalogue, and the Welsh builds are Welsh.

The English catalogue's messages are read from the catalogue itself, never typed here.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import pytest
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from incident_reports.views.i18n import Language, quick_formatter

from browser import open_page, serve
from conftest import REPO, built, copy_site, run_build
from test_accessibility import palette_violations
from test_status_focus import BUILT, MAX_BYTES

LOCALES = REPO / "plugins" / "incident_reports" / "locales"
TEMPLATES = REPO / "plugins" / "incident_reports" / "templates"

#: Templates (and their pages) not translated yet: none. A part being rewritten may be listed here
#: for a while ("status/"); both tests below then leave it out.
NOT_YET_TRANSLATED: tuple[str, ...] = ()

#: Words a template may show as they are: symbols and the statistical "n".
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
_PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)s")


def catalogue(language: str) -> Any:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def template_names() -> list[str]:
    names = sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))
    return [name for name in names if not name.startswith(NOT_YET_TRANSLATED)]


def unmarked_words(source: str) -> list[str]:
    """Visible words of a template outside ``{% trans %}`` blocks and ``_()``: text between tags,
    accessible names in attributes, and sentences in string literals."""
    env = Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True, autoescape=True)
    text, strings, depth, previous = [], [], 0, []
    for _, kind, value in env.lex(source):
        if kind == "name" and previous[-1:] == ["block_begin"]:
            depth += value == "trans"
            depth -= value == "endtrans"
        if depth == 0:
            if kind == "data":
                text.append(value)
            elif kind in ("variable_begin", "block_begin"):
                text.append("\x00")
            elif kind == "string" and previous[-2:] != ["name:_", "operator:("] and "=" not in value:
                if re.search(r"[A-Z][a-z]|[a-z] [a-z]", value):
                    strings.append(value[1:-1])
        if kind != "whitespace":
            previous.append(f"{kind}:{value}" if kind in ("name", "operator") else kind)
    joined = "".join(text)
    names = re.findall(r'(?:aria-label|title|alt)="([^"\x00]*)"', joined)
    visible = re.sub(r"<[^>]*>", " ", joined)
    return _WORD.findall(visible) + [w for name in names for w in _WORD.findall(name)] + strings


def test_the_checker_finds_unmarked_words() -> None:
    assert unmarked_words('<p>Hello {{ name }}</p><nav aria-label="Pages">') == ["Hello", "Pages"]
    assert unmarked_words('{% set x = "Not recorded yet." %}') == ["Not recorded yet."]
    assert unmarked_words('<p class="a">{% trans %}Hello{% endtrans %} {{ _("World") }}</p>') == []


@pytest.mark.parametrize("name", template_names())
def test_every_word_of_a_template_is_marked_for_translation(name: str) -> None:
    words = unmarked_words((TEMPLATES / name).read_text(encoding="utf-8"))
    assert not words, f"templates/{name} shows words not marked for translation: {words}"


def test_welsh_catalogue_is_complete_with_six_plural_forms() -> None:
    welsh, english = catalogue("cy"), catalogue("en")
    assert welsh.num_plurals == 6 and len(Locale("cy").plural_form.tags) + 1 == 6
    ids = {m.id for m in english if m.id}
    # English sites read exactly the words written in the templates and views.
    assert all(m.string == m.id for m in english if m.id), "the English catalogue rewords a message"
    assert ids == {m.id for m in welsh if m.id}, "the English and Welsh catalogues list different messages"
    for message in welsh:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"no Welsh for {message.id!r}"
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(_PLACEHOLDER.findall(sources[-1]))
        for form in forms:
            assert set(_PLACEHOLDER.findall(form)) == wanted, f"{message.id!r}: the Welsh {form!r} has other placeholders"


# --- The Welsh builds -------------------------------------------------------------------------------------

WELSH_INTERNAL = """INHERIT: mkdocs.yml
site_dir: site-cy
theme:
  language: cy
"""
#: Welsh month names, as dates are written in the Welsh builds.
WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi",
                "Hydref", "Tachwedd", "Rhagfyr")


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built in Welsh: the public site (its own configuration) and the internal site."""
    site = copy_site(tmp_path_factory.mktemp("welsh"))
    (site / "mkdocs.public.cy.yml").write_text((REPO / "mkdocs.public.cy.yml").read_text(encoding="utf-8"))
    (site / "mkdocs.cy.yml").write_text(WELSH_INTERNAL)
    for config in ("mkdocs.public.cy.yml", "mkdocs.cy.yml"):
        result = run_build(site, config)
        assert result.returncode == 0, f"mkdocs build -f {config} failed:\n{result.stderr}"
    return {"public": site / "site-public-cy", "internal": site / "site-cy"}


class _ArticleText(HTMLParser):
    """The text nodes of a page's article (where the plugin's pages put what they generate)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        #: The depth of a report's own narrative (its body), whose words are the report's, not the plugin's.
        self.report_words_at = 0
        self.nodes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += 1 if tag not in ("br", "img", "input", "hr", "meta", "link") else 0
            if not self.report_words_at and "incidents-body" in (dict(attrs).get("class") or "").split():
                self.report_words_at = self.depth

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in ("br", "img", "input", "hr", "meta", "link"):
            if self.depth == self.report_words_at:
                self.report_words_at = 0
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.report_words_at and data.strip():
            self.nodes.append(" ".join(data.split()))


def generated_pages(folder: Path) -> list[Path]:
    """The pages the plugin generates (the handbook and other Markdown pages are exempt), with the
    public site's home page, which is the status page again."""
    home = folder / "index.html"
    shows_status = "status/" not in NOT_YET_TRANSLATED and 'class="incidents-status-page"' in home.read_text(encoding="utf-8")
    pages = [home] if shows_status else []
    for part in ("incidents", "actions", "insights", "status"):
        if part + "/" in NOT_YET_TRANSLATED:
            continue
        pages += sorted((folder / part).rglob("index.html")) if (folder / part).is_dir() else []
    return pages


def english_phrases() -> tuple[set[str], set[str]]:
    """From the English catalogue: whole messages (a text node that is one), and the longer literal
    pieces of messages with placeholders (three words or more). Messages Welsh writes alike are left out,
    and so are lone lowercase words, which reports use too."""
    welsh = {m.id: m.string for m in catalogue("cy") if m.id}
    whole, pieces = set(), set()
    for message in catalogue("en"):
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            translations = welsh[message.id] if isinstance(welsh[message.id], tuple) else (welsh[message.id],)
            plain = re.sub(r"<[^>]*>", "\x00", text.replace("%%", "%"))
            for piece in _PLACEHOLDER.split(plain):
                for part in piece.split("\x00"):
                    part = " ".join(part.split()).strip(" ,.:;()")
                    if not _WORD.search(part) or any(part in t for t in translations):
                        continue
                    if part == " ".join(text.split()).strip(" ,.:;()") and "%(" not in text:
                        # A lone lowercase word ("supplier") is also a report's tag or value, written as is.
                        if " " in part or not part.islower():
                            whole.add(part)
                    elif len(part.split()) >= 3:
                        pieces.add(part)
    return whole, pieces


def test_the_welsh_builds_show_no_english_message(welsh: dict[str, Path]) -> None:
    whole, pieces = english_phrases()
    assert len(whole) > 100, "the English catalogue was not read"
    found = []
    for audience, folder in welsh.items():
        for page in generated_pages(folder):
            parser = _ArticleText()
            parser.feed(page.read_text(encoding="utf-8"))
            for node in parser.nodes:
                bare = node.strip(" ,.:;()›‹")
                english = [p for p in pieces if p in node] + ([bare] if bare in whole else [])
                found += [f"{audience} {page.relative_to(folder)}: {e!r}" for e in english]
    assert not found, "English words in the Welsh builds:\n" + "\n".join(sorted(set(found))[:40])


def test_welsh_pages_and_feeds_declare_welsh(welsh: dict[str, Path]) -> None:
    for folder in welsh.values():
        page = (folder / "incidents" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<html lang="cy"', page)
        for feed in ("feed.xml", "atom.xml", "updates.xml"):
            parsed = feedparser.parse((folder / feed).read_bytes())
            assert parsed.feed.get("language") == "cy", f"{feed} does not declare Welsh"
    archive = (welsh["public"] / "incidents" / "index.html").read_text(encoding="utf-8")
    assert "Tachwedd 2026" in archive and not re.search(r"\b\d{1,2} (Nov|Sep|Oct) 20\d\d", archive)
    assert any(month in archive for month in WELSH_MONTHS)
    # The public Welsh build links the English one, in its head and visibly.
    assert re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', archive) == [
        ("cy", "https://status.rivers.example.gov.uk/cy/incidents/"), ("en", "https://status.rivers.example.gov.uk/incidents/"),
    ]
    assert archive.count("hreflang=\"en\"") == 2  # the head's link and the language selector's
    assert "English" in archive


def test_machine_outputs_are_the_same_in_every_language(welsh: dict[str, Path], public_build: Path) -> None:
    for path in ("api/v2/summary.json", "api/v2/incidents.json", "maintenance.ics"):
        english, cymraeg = public_build / path, welsh["public"] / path
        if english.exists():
            left, right = english.read_bytes(), cymraeg.read_bytes()
            if path.endswith(".ics"):
                # The calendar's name and descriptions are words for people; its events and ids are not.
                left = b"\n".join(line for line in left.splitlines() if line.startswith((b"UID", b"DTSTART", b"DTEND")))
                right = b"\n".join(line for line in right.splitlines() if line.startswith((b"UID", b"DTSTART", b"DTEND")))
            assert left == right, f"{path} differs between the English and Welsh builds"
    english_ids = sorted(p.relative_to(public_build) for p in (public_build / "incidents").rglob("index.html"))
    welsh_ids = sorted(p.relative_to(welsh["public"]) for p in (welsh["public"] / "incidents").rglob("index.html"))
    assert english_ids == welsh_ids, "the Welsh build's pages have other addresses"


def test_a_report_in_another_language_is_marked(site_copy: Path) -> None:
    report = next((site_copy / "incidents").rglob("2026-09-22-apply-online-unavailable.md"))
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("\ntitle:", "\nlanguage: cy\ntitle:", 1), encoding="utf-8")
    page = (built(site_copy, "mkdocs.yml") / "incidents" / "2026-09-22-apply-online-unavailable" / "index.html")
    html = page.read_text(encoding="utf-8")
    assert '<h1 id="report" lang="cy">' in html


def test_a_language_tag_that_is_not_one_is_refused(site_copy: Path) -> None:
    report = next((site_copy / "incidents").rglob("2026-09-22-apply-online-unavailable.md"))
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("\ntitle:", "\nlanguage: Welsh language\ntitle:", 1), encoding="utf-8")
    result = run_build(site_copy, "mkdocs.yml")
    assert result.returncode != 0
    assert "language: is not a language tag; write a BCP 47 tag such as cy, en or en-GB" in result.stderr


def test_the_scripts_words_follow_each_languages_plural_rules() -> None:
    from incident_reports.views.status_page import script_words

    welsh = json.loads(script_words(Language.load("cy")))
    assert welsh["minute"] == {"two": "{n} funud yn ôl", "other": "{n} munud yn ôl"}
    assert welsh["months"][10] == "Tachwedd" and welsh["date"] == "{d} {M} {y}" and welsh["yesterday"] == "ddoe"
    english = json.loads(script_words(Language.load("en")))
    assert english["day"] == {"one": "{n} day ago", "other": "{n} days ago"} and english["months"][8] == "Sep"


def test_the_welsh_status_page_is_light(welsh: dict[str, Path]) -> None:
    size = (welsh["public"] / "status" / "index.html").stat().st_size
    assert size <= MAX_BYTES, f"the Welsh status page's HTML is {size:,} bytes; at most {MAX_BYTES:,}"


@pytest.mark.parametrize(("minutes", "ago"), [(2, "2 funud yn ôl"), (3, "3 munud yn ôl"), (120, "2 awr yn ôl"),
                                              (60 * 25, "ddoe"), (60 * 24 * 2, "2 ddiwrnod yn ôl")])
def test_the_status_pages_script_writes_welsh(welsh: dict[str, Path], browser, minutes: int, ago: str) -> None:
    """Ages and a bar's days in Welsh, with Welsh plural forms: the page carries the words, since
    browsers' own formats (Chromium's among them) have no Welsh."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.clock.set_fixed_time(BUILT + timedelta(minutes=minutes))
        with serve(welsh["public"]) as base:
            open_page(page, f"{base}status/")
            assert page.locator(".incidents-built").inner_text() == f"Diweddarwyd ddiwethaf 26 Tachwedd 2026 12:00 GMT ({ago})."
            if minutes > 30:
                counted = ago.replace("ddoe", "1 diwrnod yn ôl")
                assert f"Cafodd y dudalen ei diweddaru ddiwethaf {counted}." in page.locator(".incidents-stale").inner_text()
            page.click("#service-sign-in summary")
            page.locator("#service-sign-in .incidents-bar").focus()
            page.keyboard.press("ArrowLeft")
            detail = page.locator("#service-sign-in .incidents-bar__detail").inner_text()
            assert detail.startswith("25 Tachwedd 2026: 96.45% (toriad rhannol)."), detail
            page.keyboard.press("Home")
            detail = page.locator("#service-sign-in .incidents-bar__detail").inner_text()
            assert detail == "29 Awst 2026: 100% ar gael, dim digwyddiadau", detail
    finally:
        context.close()


# --- Axe on the Welsh pages ----------------------------------------------------------------------------------

WELSH_PAGES = [
    ("public", ""),
    ("public", "status/"),
    ("internal", "status/"),
    ("public", "incidents/"),
    ("public", "incidents/2026-09-22-apply-online-unavailable/"),
    ("internal", "incidents/2026-09-22-apply-online-unavailable/"),
    ("internal", "actions/"),
    ("internal", "insights/"),
]


@pytest.mark.parametrize(("audience", "path"), WELSH_PAGES)
def test_axe_finds_no_violation_on_welsh_pages(welsh: dict[str, Path], browser, audience: str, path: str) -> None:
    with serve(welsh[audience]) as base:
        found = palette_violations(browser, f"{base}/{path}")
    problems = {scheme: [v["id"] for v in violations] for scheme, violations in found.items() if violations}
    assert not problems, f"{audience} {path} (Welsh): {problems}"


# --- Slugs -------------------------------------------------------------------------------------------------------


def test_slugs_write_every_script_in_latin_letters() -> None:
    from incident_reports.core.slugs import slugify

    assert [slugify(name) for name in ("Łódź", "Straße", "ŵ", "Gwenllian Ŵyn")] == ["lodz", "strasse", "w", "gwenllian-wyn"]


def test_pages_whose_address_changed_redirect_from_the_old_one(site_copy: Path) -> None:
    report = site_copy / "incidents" / "2026-09-22-apply-online-unavailable.md"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("lead: Priya Raman", "lead: Łukasz Wąs").replace(
        "owner: Aisha Okafor", "owner: Łukasz Wąs", 1), encoding="utf-8")
    site = built(site_copy, "mkdocs.yml")
    for folder in ("incidents/lead", "actions/owner"):
        assert (site / folder / "lukasz-was" / "index.html").is_file()
        moved = (site / folder / "ukasz-was" / "index.html").read_text(encoding="utf-8")
        assert '<meta http-equiv="refresh" content="0; url=../lukasz-was/">' in moved
        assert '<a href="../lukasz-was/">' in moved
    # Names whose address did not change get no redirect: the one former address is the only page without a list.
    for folder in ("incidents/lead", "actions/owner"):
        redirects = [p.parent.name for p in (site / folder).glob("*/index.html") if "http-equiv" in p.read_text()]
        assert redirects == ["ukasz-was"]


@settings(max_examples=300, derandomize=True)
@given(
    moment=st.datetimes(
        min_value=datetime(1970, 1, 1), max_value=datetime(2999, 12, 31), timezones=st.just(ZoneInfo("Europe/London"))
    ),
    code=st.sampled_from(["en", "cy"]),
    locale=st.sampled_from(["", "en_GB", "en_US"]),
)
def test_dates_and_times_are_written_as_babel_writes_them(moment: datetime, code: str, locale: str) -> None:
    """The quick writer of the catalogues' date patterns gives exactly what Babel's own formatting gives."""
    language = Language.load(code, locale)
    pattern = language.gettext("d MMM y HH:mm")
    assert quick_formatter(pattern, language.babel) is not None
    expected = format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=language.babel)
    assert language.time(moment) == f"{expected} {moment.tzname()}"
    assert language.date(moment.date()) == format_date(moment.date(), language.gettext("d MMM y"), locale=language.babel)


def test_a_pattern_with_other_fields_is_left_to_babel() -> None:
    assert quick_formatter("EEEE d MMMM y", Language.load("cy").babel) is None


# --- The interface around the plugin's words ---------------------------------------------------------------

MATERIAL = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"


def material_words(language: str) -> dict[str, str]:
    """Material's own interface words in a language, from its translation partial."""
    text = (MATERIAL / f"{language}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*"([a-z.]+)": "([^"]*)"', text, re.MULTILINE))


def test_the_welsh_interface_has_no_english_word_around_the_content(welsh: dict[str, Path]) -> None:
    """Material's words (search, skip link, footer...) and the site's own (the light and dark toggle's labels)."""
    english, cymraeg = material_words("en"), material_words("cy")
    palette = re.findall(r"name: (Switch to \w+ mode)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert len(palette) == 2
    words = {word for key, word in english.items() if cymraeg.get(key) != word and len(word) > 3 and "#" not in word}
    words |= {"Skip to content", "Back to top", "Select language", "Made with", "Accessibility statement", *palette}
    assert len(words) > 30 and "Type to start searching" in words, "Material's English words were not read"
    found = []
    folder = welsh["public"]
    for page in [*generated_pages(folder), folder / "accessibility" / "index.html"]:
        html = page.read_text(encoding="utf-8")
        # The interface: everything but the page's own content (whose words the other tests check).
        around = re.sub(r"<article.*?</article>", "", html, flags=re.DOTALL)
        around = re.sub(r"<script.*?</script>", "", around, flags=re.DOTALL)
        shown = re.sub(r"<[^>]*>", " ", around) + " ".join(re.findall(r'(?:aria-label|title|placeholder)="([^"]*)"', around))
        found += [f"{page.relative_to(folder)}: {word!r}" for word in words if re.search(rf"\b{re.escape(word)}\b", shown)]
    assert not found, "English in the Welsh interface:\n" + "\n".join(sorted(set(found))[:40])
    status = (folder / "status" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Newid i\'r modd tywyll"' in status and 'aria-label="Dewiswch iaith"' in status


def test_the_archive_scripts_words_are_welsh(welsh: dict[str, Path], browser) -> None:
    context = browser.new_context()
    try:
        view = context.new_page()
        with serve(welsh["public"]) as base:
            open_page(view, f"{base}incidents/?service=payments&kind=incident")
            form = view.locator("form[data-incidents-archive]")
            status = form.locator(".incidents-combine__status")
            view.wait_for_function("document.querySelector('.incidents-combine__status').textContent.includes('adroddiad')")
            assert status.inner_text() == "2 adroddiad sy'n cyfateb i'r hidlyddion a ddewiswyd."
            first = form.locator(".incidents-combine__results li").first
            assert "Wedi'i nodi" in first.inner_text() and "<svg" not in first.inner_text()
            form.get_by_role("button", name="Clirio").click()
            form.get_by_role("button", name="Dangos adroddiadau sy'n cyfateb").click()
            view.wait_for_function("document.querySelector('.incidents-combine__status').textContent.includes('Dim')")
            total = len(json.loads((welsh["public"] / "incidents" / "archive-index.json").read_text())["reports"])
            assert status.inner_text() == f"Dim hidlydd wedi'i ddewis: pob un o'r {total} adroddiad."
    finally:
        context.close()


def test_the_language_selector_leads_to_the_same_page_on_the_same_host(
    welsh: dict[str, Path], public_build: Path, browser, tmp_path: Path,
) -> None:
    """With both builds served from one place (a preview, a test server), as they are published."""
    import shutil

    both = tmp_path / "both"
    shutil.copytree(public_build, both)
    shutil.copytree(welsh["public"], both / "cy")
    report = "incidents/2026-09-22-apply-online-unavailable/"
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        view = context.new_page()
        with serve(both) as base:
            open_page(view, base + report)
            view.locator("details.incidents-languages > summary").click()
            view.get_by_role("link", name="Cymraeg").click()
            view.wait_for_url(base + "cy/" + report)
            assert view.evaluate("document.documentElement.lang") == "cy"
            view.locator("details.incidents-languages > summary").click()
            view.get_by_role("link", name="English").click()
            view.wait_for_url(base + report)
            assert all(url.startswith(base) for url in requested), [url for url in requested if not url.startswith(base)]
    finally:
        context.close()
    # The head's links to each language stay absolute, as the standard asks.
    head = (welsh["public"] / report / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="alternate" hreflang="en" href="https://status.rivers.example.gov.uk/{report}">' in head


def test_availability_is_written_in_the_locales_way() -> None:
    from incident_reports.views.status_page import percent

    assert [percent(0.99964, Language.load(code)) for code in ("en", "cy")] == ["99.96%", "99.96%"]
    assert percent(0.99964, Language.load("fr")) == "99,96\u00a0%"
    assert percent(1.0, Language.load("fr")) == "100\u00a0%"
    assert percent(0.0, Language.load("en")) == "0.00%"
    assert percent(None, Language.load("cy")) == Language.load("cy").gettext("no data")
