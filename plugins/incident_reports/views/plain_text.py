"""Sanitised HTML as plain text: words, paragraphs, line breaks, list items and link addresses kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Tags after which the text goes on in a new paragraph.
_BLOCKS = frozenset({"p", "ul", "ol", "pre", "blockquote", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "div", "dl"})
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, with a line break where the HTML breaks a line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.preformatted = 0
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("tr", "dt", "dd"):
            self.parts.append("\n")
        elif tag == "pre":
            self.preformatted += 1
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.preformatted -= 1
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            words = "".join(self.parts[start:]).strip()
            # A link shows its address after its words, unless the words are the address.
            if href and href not in (words, f"mailto:{words}"):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        # Outside preformatted text a line break in the HTML source is a space, as a browser shows it.
        self.parts.append(data if self.preformatted else _SPACES.sub(" ", data))


def plain_text(html: str) -> str:
    """The text of an HTML fragment, blank lines between paragraphs, without surrounding space."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    # Spaces around line breaks go line by line: a pattern around each break would read a long run of spaces again
    # from every position in it.
    text = "\n".join(line.strip(" ") for line in "".join(collector.parts).split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()
