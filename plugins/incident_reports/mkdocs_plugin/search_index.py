"""The plugin's own pages in Material's search index, indexed by the plugin.

Material's search reads every page's HTML with Python's general HTML parser, and keeps
every entry until it writes its index: for an archive of thousands of reports, a third
of the build and the build's peak of memory. The plugin's pages are HTML it wrote
itself, well formed, so it splits them into the same entries with one pattern
(``PageSections`` follows Material's parser rule for rule: sections start at headings
with an id; paragraphs, lists, code, sub- and superscripts are kept as tags; elements
marked ``data-search-exclude`` are left out), keeps each page's entries as JSON, and
adds them to the index Material wrote. ``tests/test_search_index.py`` checks that the
index holds, for every page, what Material's own parser makes of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape, unescape
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

#: Elements Material's parser ignores the contents of, always; and what it keeps as tags in an entry's text.
_ALWAYS_SKIPPED = frozenset({"object", "script", "style"})
_KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements without an end tag (Material's list).
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
})
#: A tag (end mark, name, attributes; quoted values may hold ``>``), a comment or declaration, or text.
_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<!--.*?-->|<[!?][^>]*>|([^<]+|<)",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s/>=][^\s/>=]*)(\s*=\s*('[^']*'|"[^"]*"|[^\s>'"]*))?""")
#: Text the general parser reads differently from this one (raw text elements): such a page is left to Material.
_RAW_TEXT = re.compile(r"<(?:script|style)[\s/>]", re.IGNORECASE)
#: Material's search plugin, by its name in ``config.plugins``.
MATERIAL_SEARCH = "material/search"


class Section:
    """One entry of the index: the text below a heading, up to the next."""

    __slots__ = ("depth", "excluded", "id", "tag", "text", "title")

    def __init__(self, tag: str, depth: int | float = 0, excluded: bool = False) -> None:
        self.tag, self.depth, self.excluded = tag, depth, excluded
        self.id: str | None = None
        self.text: list[str] = []
        self.title: list[str] = []


def _attributes(text: str) -> dict[str, str | None]:
    """A tag's attributes as Python's HTML parser reads them (names in lower case, values unescaped)."""
    found: dict[str, str | None] = {}
    for name, assigned, value in _ATTRIBUTE.findall(text):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        found[name.lower()] = (unescape(value) if value else value) if assigned else None
    return found


class PageSections:
    """A page's HTML split into sections, as Material's search parser splits it."""

    def __init__(self) -> None:
        self.context: list[str] = []
        self.skip = set(_ALWAYS_SKIPPED)
        #: How deep in the context each open permalink (``a.headerlink``) is.
        self.permalinks: list[int] = []
        self.sections: list[Section] = []
        self.section: Section | None = None

    def read(self, html: str) -> list[Section]:
        # A token at a time: a long page (the action register) never has all its tokens in memory at once.
        for token in _TOKEN.finditer(html):
            closing, tag, rest, text = token.groups()
            if tag:
                tag = tag.lower()
                if not closing:
                    self.start(tag, rest)
                if closing or rest.endswith("/"):
                    self.end(tag)
            elif text:
                self.data(unescape(text))
        return self.sections

    def _current(self) -> Section:
        if self.section is None:
            self.section = Section("hx")
            self.sections.append(self.section)
        return self.section

    def start(self, tag: str, rest: str) -> None:
        if tag in _VOID:
            return
        context = self.context
        context.append(tag)
        # Only a heading's id, a permalink's class and the marks that leave an element out matter here.
        wanted = tag in _HEADINGS or "data-search-exclude" in rest or "linenodiv" in rest or "headerlink" in rest
        attrs = _attributes(rest) if wanted else {}
        excluded = "data-search-exclude" in attrs or attrs.get("class") == "linenodiv"
        if tag in _HEADINGS and "id" in attrs:
            depth = len(context)
            if tag != "h1" and not self.sections:
                self.sections.append(Section("hx", depth))
            section = Section(tag, depth, excluded)
            if self.sections:
                section.id = attrs["id"]
            self.sections.append(section)
            self.section = section
        section = self._current()
        if tag == "a" and attrs.get("class") == "headerlink":
            self.permalinks.append(len(context))
        if excluded:
            self.skip.add(tag)
        elif tag in _KEPT and self.skip.isdisjoint(context):
            (section.title if section.tag in context else section.text).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        context = self.context
        if not context or context[-1] != tag:
            return
        section = self._current()
        # Leaving the element a heading was nested in: the text goes on in the enclosing section.
        if section.depth > len(context):
            for outer in reversed(self.sections):
                if outer.depth <= len(context):
                    section.depth = float("inf")
                    self.section = section = outer
                    break
        if self.permalinks and self.permalinks[-1] == len(context):
            self.permalinks.pop()
        context.pop()
        if tag in self.skip:
            if tag not in _ALWAYS_SKIPPED:
                self.skip.discard(tag)
            return
        if tag in _KEPT and self.skip.isdisjoint(context):
            target = section.title if section.tag in context else section.text
            opening = f"<{tag}>"
            index = target.index(opening) if opening in target else len(target)
            # An element with nothing but white space after its first opening tag goes, that tag included.
            if any(not part.isspace() for part in target[index + 1:]):
                target.append(f"</{tag}>")
            elif opening in target:
                del target[index:]
            else:
                target.append(f"</{tag}>")

    def data(self, text: str) -> None:
        context = self.context
        if not self.skip.isdisjoint(context):
            return
        preformatted = "pre" in context
        if not preformatted:
            text = " " if text.isspace() else text.replace("\n", " ")
        section = self._current()
        if section.tag in context:
            if not self.permalinks:
                section.title.append(escape(text, quote=False))
        elif text.isspace():
            if not section.text or not section.text[-1].isspace() or preformatted:
                section.text.append(text)
        else:
            section.text.append(escape(text, quote=False))


def page_entries(page: Page, html: str) -> list[dict[str, Any]]:
    """The page's entries in Material's search index (what its ``SearchIndex`` makes of the page's HTML)."""
    entries = []
    meta = page.meta
    tags = meta.get("tags")
    search = meta.get("search") or {}
    for section in PageSections().read(html):
        if section.excluded:
            continue
        location = page.url
        anchor = _toc_item(page.toc, section.id)
        if anchor is not None:
            location += anchor.url
        elif section.id:
            location += "#" + section.id
        title = "".join(section.title or [str(meta.get("title", page.title))]).strip()
        entry: dict[str, Any] = {"location": location, "title": title, "text": "".join(section.text).strip()}
        if isinstance(tags, list):
            entry["tags"] = [str(name) for name in tags if name and isinstance(name, (str, int, float, bool))]
        if "boost" in search:
            entry["boost"] = search["boost"]
        entries.append(entry)
    return entries


def _toc_item(toc: Iterable[AnchorLink], anchor: str | None) -> AnchorLink | None:
    for item in toc:
        if item.id == anchor:
            return item
        found = _toc_item(item.children, anchor)
        if found is not None:
            return found
    return None


class PluginSearchEntries:
    """The search entries of the plugin's pages, each page's as JSON, until they join Material's index.

    Under ``mkdocs serve --dirty`` a rebuild indexes only the pages it writes again; the
    others keep their entries from the build before (``keep_only`` drops pages that are gone).
    """

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}

    def keep_only(self, urls: set[str]) -> None:
        self.pages = {url: entries for url, entries in self.pages.items() if url in urls}

    def index(self, page: Page, html: str) -> bool:
        """Index the page in place of Material (which is told to leave it out); False when it must be left to Material."""
        if _RAW_TEXT.search(html):
            self.pages.pop(page.url, None)
            return False
        entries = page_entries(page, html)
        self.pages[page.url] = ",".join(_json(entry) for entry in entries)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return True

    def add_to(self, index: Path) -> None:
        """Add every page's entries to the index Material wrote, written again a page at a time."""
        data = json.loads(index.read_text(encoding="utf-8"))
        docs = data.pop("docs", [])
        with index.open("w", encoding="utf-8") as out:
            out.write(_json(data)[:-1] + (',"docs":[' if data else '"docs":['))
            out.write(",".join(_json(doc) for doc in docs))
            for fragment in self.pages.values():
                if fragment:
                    out.write("," if docs else "")
                    out.write(fragment)
                    docs = True
            out.write("]}")


def _json(value: Any) -> str:
    """JSON as Material's search writes its index."""
    return json.dumps(value, separators=(",", ":"), default=str)


def material_search(config: MkDocsConfig) -> bool:
    """Whether Material's search plugin indexes this site, as the plugin can index its pages for it.

    Material splits Chinese text into words with jieba when it is installed: then it indexes every page itself.
    """
    plugin = config.plugins.get(MATERIAL_SEARCH)
    enabled = plugin is not None and bool(getattr(plugin, "config", {}).get("enabled", True))
    return enabled and find_spec("jieba") is None
