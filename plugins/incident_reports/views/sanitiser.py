"""The sanitiser: what HTML made from report text may hold, in both builds, and the raw HTML the public build drops.

Every text a report, a catalogue or an import writes in Markdown reaches every output through ``clean``:
pages, feeds and the search index as HTML, the API's ``body`` and announcements as the plain text of that
HTML (``markdown_text.MarkdownText`` calls it; the import cleans Statuspage's HTML with it too).
The public build's converters also carry ``DropRawHtml``, so no raw HTML a report writes reaches it.
Nothing cleaned asks another host for anything: an image becomes a link to it.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

from ..core.loader import FORBIDDEN

#: Tags Markdown produces and reports may use; anything else (scripts, styles, raw HTML) is removed.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
#: (A dict, as nh3 takes; never changed.)
ALLOWED_ATTRIBUTES = {
    "a": frozenset({"href", "title"}), "img": frozenset({"src", "alt", "title"}), "td": frozenset({"align"}),
    "th": frozenset({"align"}), "code": frozenset({"class"}),
}
#: Elements whose contents a browser does not show as text (code, styles, hidden or embedded documents,
#: form fields' values): they go with everything in them, or their hidden text would be shown and indexed.
#: (``embed`` and ``frame`` hold nothing; ``head`` and ``frameset`` are ignored in a page's body: their
#: tags are removed like any other, and what follows them is shown, as a browser shows it.)
HIDDEN_CONTENT_TAGS = frozenset({
    "applet", "datalist", "dialog", "iframe", "math", "noembed", "noframes", "noscript", "object", "plaintext",
    "script", "style", "svg", "template", "textarea", "title", "xmp",
})
#: One opening or closing tag of such an element, as Markdown keeps inline raw HTML (a tag at a time).
_HIDDEN_TAG = re.compile(rf"</?(?:{'|'.join(sorted(HIDDEN_CONTENT_TAGS))})(?:[\s/][^>]*)?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z0-9]+);")
#: A link's or an image's tag as nh3 writes it: attribute values in double quotes, with ``"`` and ``>`` escaped.
_LINK_OR_IMAGE = re.compile(r"<(/?)(a|img)\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
LINK_REL = "noopener noreferrer"


def clean(html: str) -> Markup:
    """HTML with only the allowed tags and attributes; scripts, event handlers, styles and comments removed,
    every element whose contents are hidden (``HIDDEN_CONTENT_TAGS``) removed with its text, every
    image made a link to its address, named by its description (inside a link, only its description), and
    each character a file may not hold (``FORBIDDEN``) that a numeric reference wrote shown as U+FFFD."""
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, clean_content_tags=HIDDEN_CONTENT_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=LINK_REL,
    )
    if "&#" in html:
        # nh3 writes a numeric reference's character itself: ``&#x1b;`` would put the control character that
        # validation refuses in a file into pages, feeds (where XML cannot hold it) and terminals.
        cleaned = FORBIDDEN.sub("\ufffd", cleaned)
    return Markup(_images_as_links(cleaned) if "<img" in cleaned else cleaned)  # noqa: S704 (nh3 has just sanitised the HTML)


def _images_as_links(html: str) -> str:
    """Sanitised ``html`` with each image a link: a page that shows one would ask its host for it.

    nh3 has written every value escaped, so a value is safe as it stands, in an attribute or as text.
    """
    parts: list[str] = []
    last = 0
    links_open = 0
    for tag in _LINK_OR_IMAGE.finditer(html):
        closing, name, attributes = tag.groups()
        if name == "a":
            links_open = max(0, links_open - 1) if closing else links_open + 1
            continue
        values = dict(_ATTRIBUTE.findall(attributes))
        address, words = values.get("src", ""), values.get("alt", "").strip()
        if address and not links_open:
            replacement = f'<a href="{address}" rel="{LINK_REL}">{words or address}</a>'
        else:
            replacement = words
        parts += [html[last : tag.start()], replacement]
        last = tag.end()
    parts.append(html[last:])
    return "".join(parts)


class DropRawHtml(Extension):
    """Removes raw HTML (blocks, inline tags, comments) but keeps what Markdown itself made.

    Python-Markdown keeps raw HTML aside in its "stash" until the end. Fenced code
    is stashed before raw HTML blocks are, so everything stashed after the fenced
    code step is raw HTML, except entities such as ``&amp;``, which are kept.
    An inline tag of an element with hidden contents (``<script>``, ``<title>`` ...)
    is kept, so that the sanitiser removes the element together with its text.
    """

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(_MarkStash(md), "mark_raw_html", 22)  # after fenced code (25), before raw HTML (20)
        md.postprocessors.register(_BlankRawHtml(md), "drop_raw_html", 31)  # before the stash is put back (30)


class _MarkStash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.raw_html_from = len(self.md.htmlStash.rawHtmlBlocks)  # type: ignore[attr-defined]  # our own mark, read with getattr
        return lines


class _BlankRawHtml(Postprocessor):
    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index in range(getattr(self.md, "raw_html_from", len(blocks)), len(blocks)):
            block = str(blocks[index])
            if not _ENTITY.fullmatch(block) and not _HIDDEN_TAG.fullmatch(block):
                blocks[index] = ""
        return text
