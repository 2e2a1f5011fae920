"""Languages: every word the plugin publishes comes from a catalogue, and the Welsh builds are Welsh.

The English catalogue's messages are read from the catalogue itself, never typed here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest
from babel import Locale
from babel.messages.pofile import read_po
from jinja2 import Environment

from browser import browser, serve  # noqa: F401 (browser is a fixture)
from conftest import REPO, built, copy_site, run_build
from test_accessibility import palette_violations

LOCALES = REPO / "plugins" / "incident_reports" / "locales"
TEMPLATES = REPO / "plugins" / "incident_reports" / "templates"

#: Not translated yet: the status page's templates (and so the status page) are being rewritten.
#: Empty this list once they are marked for translation; both tests below then cover them too.
NOT_YET_TRANSLATED = ("status/",)

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
    env = Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
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
        self.nodes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += 1 if tag not in ("br", "img", "input", "hr", "meta", "link") else 0

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in ("br", "img", "input", "hr", "meta", "link"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.nodes.append(" ".join(data.split()))


def generated_pages(folder: Path) -> list[Path]:
    """The pages the plugin generates (the handbook and other Markdown pages are exempt)."""
    pages = []
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


# --- Axe on the Welsh pages ----------------------------------------------------------------------------------

WELSH_PAGES = [
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
