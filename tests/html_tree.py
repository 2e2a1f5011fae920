"""A small DOM over the standard library's HTML parser, for tests that read built pages.

Enough to find elements by tag, class and attributes and to read their text as a
browser shows it; no third-party parser needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
#: Elements that flow within a line; any other element's text is set apart from its neighbours'.
INLINE = {"a", "abbr", "b", "code", "em", "i", "kbd", "small", "span", "strong", "sub", "sup", "time"}


@dataclass
class Element:
    """An HTML element: tag, attributes, and children (elements and text) in order."""

    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        """Elements inside (or this one) with the tag, a class among their classes, and these attributes."""
        return [
            e for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in (e.attrs.get("class") or "").split())
            and all(e.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        """The only element that matches; anything else fails the test."""
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, f"expected one <{tag or '*'} class={cls} {attrs}>, found {len(found)}"
        return found[0]

    @property
    def text(self) -> str:
        """The text inside, whitespace collapsed as a browser shows it."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                parts.append(child.text if child.tag in INLINE else f" {child.text} ")
        return re.sub(r"\s+", " ", "".join(parts)).strip()


class _Builder(HTMLParser):
    """Builds the element tree; end tags close the nearest open element of that name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: Path) -> Element:
    """A built HTML file as an element tree."""
    return parse_html(path.read_text(encoding="utf-8"))


def parse_html(html: str) -> Element:
    """Some HTML as an element tree."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
