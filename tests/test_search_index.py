"""The plugin indexes its own pages for Material's search, and search finds what it found before.

Material's search would read every page's HTML with Python's general HTML parser; the plugin
splits its own pages itself (``mkdocs_plugin/search_index.py``). Each site below is built twice,
in the same test: as users build it, and the old way, with Material's search reading every page
(a hook turns the plugin's own indexing off). The two indexes must hold the same entries, and
every other file must be the same byte for byte. Then every report is searched for, as Material's
search matches words, by its title, summary, root cause and timeline text.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from html import unescape
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc

from incident_reports.mkdocs_plugin.search_index import PageSections, page_entries

from conftest import REPO, build_env, copy_site
from test_hostile_text import write_catalogue, write_reports

#: A hook that turns the plugin's own indexing off once the plugin has set it up: Material indexes every page.
OLD_WAY_HOOK = '''
from mkdocs.plugins import event_priority

@event_priority(-100)
def on_config(config):
    config.plugins["incidents"].search = None
'''
CONFIGS = ("mkdocs.yml", "mkdocs.public.yml")


def _build(site: Path, config: str, out: Path, old_way: bool) -> Path:
    if old_way:
        (site / "old_search.py").write_text(OLD_WAY_HOOK, encoding="utf-8")
        # The same configuration with the hook (a public one must name its own pages folder itself).
        wrapper = site / f"old-search.{config}"
        wrapper.write_text((site / config).read_text(encoding="utf-8") + "\nhooks: [old_search.py]\n", encoding="utf-8")
        config = wrapper.name
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(out)]
    result = subprocess.run(command, cwd=site, env=build_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _entries(output: Path) -> list[dict[str, Any]]:
    return json.loads((output / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _files(output: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*")) if path.is_file() and path.name != "search_index.json"
    }


def _hostile_site(folder: Path) -> Path:
    site = copy_site(folder)
    write_catalogue(site)
    write_reports(site)
    return site


SITES: dict[str, Callable[[Path], Path]] = {"example": copy_site, "hostile": _hostile_site}


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], tuple[Path, Path]]:
    """``both_ways(site, config)``: the site built as users build it and the old way (each built once)."""
    made: dict[tuple[str, str], tuple[Path, Path]] = {}

    def build(name: str, config: str) -> tuple[Path, Path]:
        if (name, config) not in made:
            root = tmp_path_factory.mktemp(name)
            site = SITES[name](root / "site")
            made[name, config] = (_build(site, config, root / "new", False), _build(site, config, root / "old", True))
        return made[name, config]

    return build


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("name", sorted(SITES))
def test_the_index_holds_what_materials_search_made(both_ways: Callable[[str, str], tuple[Path, Path]],
                                                      name: str, config: str) -> None:
    new, old = both_ways(name, config)
    new_entries, old_entries = _entries(new), _entries(old)
    key = lambda entry: json.dumps(entry, sort_keys=True)  # noqa: E731 (a sort key, named for reading)
    assert sorted(map(key, new_entries)) == sorted(map(key, old_entries))
    # The plugin's pages are in it (the report pages, each under its sections), and nothing else changed.
    assert any(re.fullmatch(r"incidents/[^/]+/#summary", e["location"]) for e in new_entries)
    old_files, new_files = _files(old), _files(new)
    assert old_files.keys() == new_files.keys()
    assert [path for path in new_files if new_files[path] != old_files[path]] == []
    # The index is Material's: its configuration first, then the entries.
    assert (new / "search" / "search_index.json").read_text(encoding="utf-8").startswith('{"config":{')


# --- Search finds every report ----------------------------------------------------------------

#: Material's search splits text into words at white space and hyphens, and lunr trims each word's punctuation.
_SEPARATOR = re.compile(r"[\s\-]+")
_TAG = re.compile(r"<[^>]+>")


def words(text: str) -> set[str]:
    """The words lunr indexes for ``text`` (HTML as the index holds it), in lower case."""
    plain = unescape(_TAG.sub(" ", text))
    return {re.sub(r"^\W+|\W+$", "", word).lower() for word in _SEPARATOR.split(plain)} - {""}


def query(text: str) -> set[str]:
    """A query of the plain words of a field (Markdown's links and marks left out)."""
    return {word for word in words(text) if re.fullmatch(r"\w+", word)}


def found_at(entries: list[dict[str, Any]], location: str, text: str) -> bool:
    """Whether every word of ``text`` matches the entry at ``location`` (its title, text or tags)."""
    for entry in entries:
        if entry["location"] == location:
            indexed = words(entry["title"]) | words(entry["text"]) | {w for tag in entry.get("tags", []) for w in words(tag)}
            return query(text) <= indexed
    return False


def _reports(site: Path) -> list[dict[str, Any]]:
    reports = []
    for path in sorted((site / "incidents").glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n")
        reports.append(yaml.safe_load(head))
    return reports


@pytest.mark.parametrize("config", CONFIGS)
def test_search_finds_every_report_by_its_title_summary_root_cause_and_timeline(
    both_ways: Callable[[str, str], tuple[Path, Path]], config: str,
) -> None:
    new, _ = both_ways("example", config)
    entries = _entries(new)
    public = config == "mkdocs.public.yml"
    published = [r for r in _reports(REPO) if not public or r.get("visibility") == "public"]
    checked = 0
    for report in published:
        page = f"incidents/{report['id']}/"
        if public and not any(e["location"].startswith(page) for e in entries):
            continue  # a public report on an internal service only
        assert found_at(entries, page, report["title"]), f"{page}: title"
        if report.get("summary"):
            assert found_at(entries, page + "#summary", report["summary"]), f"{page}: summary"
        narrative = not public or report.get("report_public")
        if narrative and report.get("root_cause"):
            assert found_at(entries, page + "#root-cause", report["root_cause"]), f"{page}: root cause"
        for step in report.get("timeline") or [] if narrative else []:
            assert found_at(entries, page + "#timeline", step["event"]), f"{page}: timeline {step['event']!r}"
        checked += 1
    assert checked >= (3 if public else 15)


def test_a_query_misses_what_a_page_does_not_hold() -> None:
    entries = [{"location": "incidents/a/#summary", "title": "Summary", "text": "<p>Card payments failed</p>"}]
    assert found_at(entries, "incidents/a/#summary", "card **payments** failed")
    assert not found_at(entries, "incidents/a/#summary", "sign in failed")
    assert not found_at(entries, "incidents/b/#summary", "card payments")


# --- serve --dirty ----------------------------------------------------------------------------

REBUILD = r"""
import shutil, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, out = Path(sys.argv[1]), Path(sys.argv[2])
config = load_config(str(site / "mkdocs.yml"), site_dir=str(out / "live"))
config.plugins.on_startup(command="serve", dirty=True)
build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
report = site / sys.argv[3]
edited = report.read_text(encoding="utf-8").replace("\nsummary: ", "\nsummary: Edited under serve. ", 1)
report.write_text(edited, encoding="utf-8")
build(load_config(str(site / "mkdocs.yml"), site_dir=str(out / "live")), serve_url="http://127.0.0.1:8000/", dirty=True)
"""
EDITED = "incidents/2026-11-25-sign-in-failures.md"


def test_a_dirty_rebuild_indexes_what_a_fresh_build_indexes(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    served = subprocess.run(
        [sys.executable, "-c", REBUILD, str(site), str(tmp_path / "serve"), EDITED],
        env=build_env(), capture_output=True, text=True, cwd=site, timeout=600,
    )
    assert served.returncode == 0, served.stderr[-3000:]
    fresh = _build(site, "mkdocs.yml", tmp_path / "fresh", False)
    key = lambda entry: json.dumps(entry, sort_keys=True)  # noqa: E731 (a sort key, named for reading)
    rebuilt = _entries(tmp_path / "serve" / "live")
    assert sorted(map(key, rebuilt)) == sorted(map(key, _entries(fresh)))
    assert any("Edited under serve." in e["text"] for e in rebuilt)


# --- The splitter against Material's parser ----------------------------------------------------

_TAGS = ("p", "div", "section", "nav", "span", "li", "ul", "ol", "code", "pre", "a", "table", "td", "strong", "sub")
_TEXTS = st.sampled_from(["Card payments", " ", "\n", "  two  spaces ", "a &amp; b", "&lt;tag&gt;", "x\ny", "é ✓", "'q' \"d\""])


@st.composite
def html(draw: st.DrawFn, depth: int = 0) -> str:
    """A fragment of well-formed HTML with what the plugin's pages hold: headings with and without ids (and
    permalinks), kept and other tags, elements left out of search, void elements, entities and white space."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "heading", "element", "void", "excluded"] if depth < 3 else ["text", "void"]))
        if kind == "text":
            parts.append(draw(_TEXTS))
        elif kind == "void":
            parts.append(draw(st.sampled_from(["<br>", "<hr>", "<img alt=\"x > y\">", "<br/>"])))
        elif kind == "heading":
            level = draw(st.integers(1, 4))
            anchor = draw(st.sampled_from(["", ' id="summary"', ' id="a&amp;b"', ' id=""', ' id="x" data-search-exclude']))
            permalink = draw(st.sampled_from(["", '<a class="headerlink" href="#summary">¶</a>']))
            parts.append(f"<h{level}{anchor}>{draw(_TEXTS)}{draw(html(depth + 1))}{permalink}</h{level}>")
        else:
            tag = draw(st.sampled_from(_TAGS))
            mark = " data-search-exclude" if kind == "excluded" else draw(st.sampled_from(["", ' class="c"', " title='a > b'"]))
            parts.append(f"<{tag}{mark}>{draw(html(depth + 1))}</{tag}>")
    return "".join(parts)


def _materials(page: SimpleNamespace) -> list[dict[str, Any]]:
    index = SearchIndex()
    index.add_entry_from_context(page)
    return index.entries


@settings(max_examples=400)
@given(html())
def test_the_splitter_makes_what_materials_parser_makes(fragment: str) -> None:
    toc = get_toc([{"level": 1, "id": "incidents-content", "name": "Page", "children": []}])
    page = SimpleNamespace(url="incidents/a/", title="Page", meta={"title": "Page", "tags": ["Sign in"]}, toc=toc,
                           content='<span id="incidents-content"></span>' + fragment)
    try:
        expected = _materials(page)
    except ValueError:
        return  # HTML Material's parser fails on (an end tag in another section than its start) cannot be built
    assert page_entries(page, page.content) == expected


def test_the_splitter_reads_a_heading_nested_in_an_element_as_material_does() -> None:
    # Once the element around a heading ends, its text goes on in the section that enclosed it (the page's start).
    sections = PageSections().read('<div><h2 id="a">A</h2><p>in a</p></div><p>after</p><h2 id="b">B</h2><p>in b</p>')
    assert [(s.id, "".join(s.title), "".join(s.text)) for s in sections] == [
        (None, "", "<p>after</p>"), ("a", "A", "<p>in a</p>"), ("b", "B", "<p>in b</p>"),
    ]
