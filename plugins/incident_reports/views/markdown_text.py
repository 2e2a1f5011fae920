"""Markdown fields as sanitised HTML, and update messages as HTML or plain text.

Python-Markdown's converters are slow to make: a ``MarkdownText`` makes each kind once
and reuses it. The renderer holds one per build; the import command makes its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable

import markdown
from markdown.extensions import Extension
from markupsafe import Markup

from .code_spans import code_parts
from .kept import KeptRenderings, kept_or_made
from .plain_text import plain_text
from .sanitiser import ALLOWED_TAGS, HIDDEN_CONTENT_TAGS, DropRawHtml, clean

#: Lines of words and punctuation that Markdown gives no meaning to (no markup, HTML, list or heading),
#: one paragraph (no blank line), perhaps ending with a newline as a YAML block does.
_PLAIN_LINE = r"[A-Za-z][A-Za-z0-9 .,;:'\"?()%/-]*(?<! )"
PLAIN_SENTENCE = re.compile(rf"{_PLAIN_LINE}(?:\n{_PLAIN_LINE})*\n?")
_EXTENSIONS = ("tables", "fenced_code", "sane_lists")
#: A ``<`` that is not markup: it opens no tag the sanitiser keeps or removes with its contents, no comment
#: and no Markdown autolink. Markup goes on to the sanitiser, which drops a comment or a script with its text.
_STRAY_ANGLE = re.compile(
    r"<(?!/?(?:" + "|".join(sorted(ALLOWED_TAGS | HIDDEN_CONTENT_TAGS, key=len, reverse=True)) + r")[\s/>]"
    r"|!--|(?:https?:|mailto:)[^<>\s]*>)",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


class MarkdownText:
    """Report text written in Markdown, made into what pages, feeds and the API show."""

    def __init__(self, kept: KeptRenderings | None = None) -> None:
        #: Under ``mkdocs serve``, the renderings of this build and the last (see ``kept``).
        self.kept = kept
        self._converters: dict[tuple[bool, bool], markdown.Markdown] = {}
        #: Update messages made so far (a build's renderer lives for one build, or keeps them in ``kept``): each
        #: is shown by the report page, the feeds, the API and the status page, and made once for all of them.
        self._messages: dict[Hashable, str] = {}

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
        html = self._message(("message", text, public), lambda: self.sanitised_html(text_angles_escaped(text), public, True))
        return Markup(html)  # noqa: S704 (made by sanitised_html just above, or earlier in this build)

    def message_text(self, text: str | None) -> str:
        """An update message as plain text (where Statuspage's API has plain text): its words, line breaks and links,
        read from the public build's HTML of it."""
        if not text:
            return ""
        # A plain sentence on one line is its own plain text (message_html's shortcut, the other way round).
        if PLAIN_SENTENCE.fullmatch(text) and "\n" not in text.rstrip("\n") and "  " not in text:
            return text.rstrip()
        return self._message(("message text", text), lambda: plain_text(str(self.message_html(text, True))))

    def _message(self, key: Hashable, make: Callable[[], str]) -> str:
        """``make()`` once for ``key``: under ``mkdocs serve`` through what is kept between builds."""
        if self.kept is not None:
            return kept_or_made(self.kept, key, make)
        found = self._messages.get(key)
        if found is None:
            found = self._messages[key] = make()
        return found

    def sanitised_html(self, text: str, public: bool, breaks: bool = False) -> Markup:
        """``html`` without its shortcuts: Python-Markdown, then the sanitiser."""
        return clean(self.converter(public, breaks).reset().convert(text))


def text_angles_escaped(text: str) -> str:
    """``text`` with each ``<`` that is not markup written as ``&lt;``, and ``<br>`` as a line break, outside code.

    Update messages were plain text before they were Markdown: ``use <your email>``
    must keep its words, where the sanitiser would drop ``<your email>`` as an unknown tag;
    a ``<br />`` pasted from another tool breaks the line in both builds (the public one drops raw HTML).
    Comments and elements whose contents are hidden stay markup, so that they go with their text.
    Linear in the length of the text, as every step here is.
    """
    if "<" not in text:
        return text
    return "".join(part if code else _escape_angles(part) for code, part in code_parts(text))


def _escape_angles(text: str) -> str:
    if "<" not in text:
        return text
    # A line break's own spaces go with it (split and strip: a pattern around each would read every space again).
    pieces = _LINE_BREAK.split(text)
    if len(pieces) > 1:
        last = len(pieces) - 1
        text = "\n".join(
            piece.strip(" \t") if 0 < index < last else piece.rstrip(" \t") if index == 0 else piece.lstrip(" \t")
            for index, piece in enumerate(pieces)
        )
    return _STRAY_ANGLE.sub("&lt;", text)
