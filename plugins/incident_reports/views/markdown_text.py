"""Markdown fields as sanitised HTML, and update messages as HTML or plain text.

Python-Markdown's converters are slow to make: a ``MarkdownText`` makes each kind once
and reuses it. The renderer holds one per build; the import command makes its own.
"""

from __future__ import annotations

import re

import markdown
from markdown.extensions import Extension
from markupsafe import Markup

from .kept import KeptRenderings, kept_or_made
from .plain_text import plain_text
from .sanitiser import ALLOWED_TAGS, DropRawHtml, clean

#: Lines of words and punctuation that Markdown gives no meaning to (no markup, HTML, list or heading),
#: one paragraph (no blank line), perhaps ending with a newline as a YAML block does.
_PLAIN_LINE = r"[A-Za-z][A-Za-z0-9 .,;:'\"?()%/-]*(?<! )"
PLAIN_SENTENCE = re.compile(rf"{_PLAIN_LINE}(?:\n{_PLAIN_LINE})*\n?")
_EXTENSIONS = ("tables", "fenced_code", "sane_lists")
#: A ``<`` that opens a tag the sanitiser keeps (or a Markdown autolink); any other ``<`` is text.
_KNOWN_TAG = re.compile(
    r"<(?=/?(?:" + "|".join(sorted(ALLOWED_TAGS, key=len, reverse=True)) + r")(?:[\s/>]))|<(?=(?:https?:|mailto:)[^<>\s]*>)",
)
#: Code (fenced blocks and inline spans), where Markdown shows ``<`` as it is written.
_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|(`+).+?\2", re.DOTALL | re.MULTILINE)
_LINE_BREAK = re.compile(r"[ \t]*<br\s*/?>[ \t]*", re.IGNORECASE)


class MarkdownText:
    """Report text written in Markdown, made into what pages, feeds and the API show."""

    def __init__(self, kept: KeptRenderings | None = None) -> None:
        #: Under ``mkdocs serve``, the renderings of this build and the last (see ``kept``).
        self.kept = kept
        self._converters: dict[tuple[bool, bool], markdown.Markdown] = {}

    def converter(self, public: bool, breaks: bool = False) -> markdown.Markdown:
        """The converter for one audience (and for text whose line breaks are kept), made the first time it is asked for."""
        found = self._converters.get((public, breaks))
        if found is None:
            extensions: list[str | Extension] = [*_EXTENSIONS, *(["nl2br"] if breaks else [])]
            extensions += [DropRawHtml()] if public else []
            found = self._converters[public, breaks] = markdown.Markdown(extensions=extensions, output_format="html")
        return found

    def html(self, text: str | None, public: bool) -> Markup:
        """Markdown rendered to sanitised HTML (``sanitiser.clean``); the public build also drops raw HTML entirely,
        so that nothing hidden in markup (an attribute, a comment) can reach a public page."""
        if not text:
            return Markup("")
        # Most fields are plain sentences: Markdown would only wrap them in a paragraph.
        if PLAIN_SENTENCE.fullmatch(text) and "  " not in text:
            return Markup(f"<p>{text.rstrip()}</p>")  # noqa: S704 (a plain sentence has no <, > or &; its quotes stay as Markdown leaves them)
        return kept_or_made(self.kept, ("markdown", text, public), lambda: self.sanitised_html(text, public))

    def message_html(self, text: str | None, public: bool) -> Markup:
        """An update message as sanitised HTML: Markdown whose line breaks are kept, and whose stray ``<`` is text."""
        if not text:
            return Markup("")
        if PLAIN_SENTENCE.fullmatch(text) and "\n" not in text.rstrip("\n") and "  " not in text:
            return Markup(f"<p>{text.rstrip()}</p>")  # noqa: S704 (a plain sentence has no <, > or &; its quotes stay as Markdown leaves them)
        return kept_or_made(
            self.kept, ("message", text, public), lambda: self.sanitised_html(text_angles_escaped(text), public, True)
        )

    def message_text(self, text: str | None) -> str:
        """An update message as plain text (where Statuspage's API has plain text): its words, line breaks and links."""
        if not text:
            return ""
        # A plain sentence on one line is its own plain text (message_html's shortcut, the other way round).
        if PLAIN_SENTENCE.fullmatch(text) and "\n" not in text.rstrip("\n") and "  " not in text:
            return text.rstrip()
        return plain_text(str(self.sanitised_html(text_angles_escaped(text), True, True)))

    def sanitised_html(self, text: str, public: bool, breaks: bool = False) -> Markup:
        """``html`` without its shortcuts: Python-Markdown, then the sanitiser."""
        return clean(self.converter(public, breaks).reset().convert(text))


def text_angles_escaped(text: str) -> str:
    """``text`` with each ``<`` that does not open a known tag written as ``&lt;``, and ``<br>`` as a line break, outside code.

    Update messages were plain text before they were Markdown: ``use <your email>``
    must keep its words, where the sanitiser would drop ``<your email>`` as an unknown tag;
    a ``<br />`` pasted from another tool breaks the line in both builds (the public one drops raw HTML).
    """
    parts: list[str] = []
    last = 0
    for code in _CODE.finditer(text):
        parts += [_escape_angles(text[last : code.start()]), code.group(0)]
        last = code.end()
    parts.append(_escape_angles(text[last:]))
    return "".join(parts)


def _escape_angles(text: str) -> str:
    text = _LINE_BREAK.sub("\n", text)
    return "".join(
        "&lt;" if char == "<" and not _KNOWN_TAG.match(text, index) else char for index, char in enumerate(text)
    ) if "<" in text else text
