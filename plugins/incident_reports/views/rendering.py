"""Shared rendering: autoescaped templates, sanitised Markdown, page files, times in the site's zone."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

import markdown
import nh3
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

from .context import Output, SiteContext
from .i18n import Language
from .icons import ICONS, STATUS_ICONS
from .plain_text import plain_text
from .words import category_words, detected_by_words, stage_words, status_words

T = TypeVar("T")

#: Tags Markdown produces and reports may use; anything else (scripts, styles, raw HTML) is removed.
_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"align"}, "th": {"align"}, "code": {"class"},
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

class _DropRawHtml(Extension):
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


#: Lines of words and punctuation that Markdown gives no meaning to (no markup, HTML, list or heading),
#: one paragraph (no blank line), perhaps ending with a newline as a YAML block does.
_PLAIN_LINE = r"[A-Za-z][A-Za-z0-9 .,;:'\"?()%/-]*(?<! )"
_PLAIN_SENTENCE = re.compile(rf"{_PLAIN_LINE}(?:\n{_PLAIN_LINE})*\n?")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z0-9]+);")
_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


@lru_cache(maxsize=4)
def _converter(public: bool, breaks: bool = False) -> markdown.Markdown:
    """One Markdown converter per audience (and for text whose line breaks are kept), reused:
    building one per field is slow at archive scale."""
    extensions = _EXTENSIONS + (["nl2br"] if breaks else []) + ([_DropRawHtml()] if public else [])
    return markdown.Markdown(extensions=extensions, output_format="html")


#: A ``<`` that opens a tag the sanitiser keeps (or a Markdown autolink); any other ``<`` is text.
_KNOWN_TAG = re.compile(
    r"<(?=/?(?:" + "|".join(sorted(_ALLOWED_TAGS, key=len, reverse=True)) + r")(?:[\s/>]))|<(?=(?:https?:|mailto:)[^<>\s]*>)",
)
#: Code (fenced blocks and inline spans), where Markdown shows ``<`` as it is written.
_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|(`+).+?\2", re.DOTALL | re.MULTILINE)


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


_LINE_BREAK = re.compile(r"[ \t]*<br\s*/?>[ \t]*", re.IGNORECASE)


def _escape_angles(text: str) -> str:
    text = _LINE_BREAK.sub("\n", text)
    return "".join(
        "&lt;" if char == "<" and not _KNOWN_TAG.match(text, index) else char for index, char in enumerate(text)
    ) if "<" in text else text


class KeptRenderings:
    """What this build and the one before rendered, for ``mkdocs serve``: Markdown texts and report pages.

    A rebuild after one report's edit renders every page again to find which
    changed; almost everything in them is what the last build rendered. What the
    last build did not use is dropped, so the memory held stays that of one build.
    """

    def __init__(self) -> None:
        self.current: dict[Hashable, Any] = {}
        self.previous: dict[Hashable, Any] = {}

    def next_build(self) -> None:
        """Start a build: what the last one rendered may be reused, the rest is dropped."""
        self.previous, self.current = self.current, {}

    def forget(self) -> None:
        """Drop everything (a template changed)."""
        self.previous, self.current = {}, {}

    def get(self, key: Hashable) -> Any:
        """What was rendered for ``key`` in this build or the last (then kept for this one too), or None."""
        found = self.current.get(key)
        if found is None:
            found = self.previous.get(key)
            if found is not None:
                self.current[key] = found
        return found


#: Kept between builds by ``mkdocs serve`` (``keep_renderings``); None in a one-off build.
_kept: KeptRenderings | None = None


def keep_renderings(keep: bool) -> KeptRenderings | None:
    """Keep renderings between the builds of this process (``mkdocs serve``), or stop keeping them."""
    global _kept
    _kept = (_kept or KeptRenderings()) if keep else None
    return _kept


def kept_or_made(key: Hashable, make: Callable[[], T]) -> T:
    """``make()``; under ``mkdocs serve``, what it made for ``key`` in this build or the last if any."""
    if _kept is None:
        return make()
    # What is kept for a key is what ``make`` made for it.
    found: T | None = _kept.get(key)
    if found is None:
        found = _kept.current[key] = make()
    return found


def markdown_html(text: str | None, public: bool = False) -> Markup:
    """Markdown rendered to sanitised HTML; the public build also drops raw HTML entirely.

    Both builds remove scripts, event handlers, styles and comments, and every
    element whose contents are hidden (``HIDDEN_CONTENT_TAGS``) with its text; the
    public build removes every raw HTML tag too, so nothing hidden in markup (an
    attribute, a comment) can reach a public page.
    """
    if not text:
        return Markup("")
    # Most fields are plain sentences: Markdown would only wrap them in a paragraph.
    if _PLAIN_SENTENCE.fullmatch(text) and "  " not in text:
        return Markup(f"<p>{text.rstrip()}</p>")  # noqa: S704 (a plain sentence has no <, > or &; its quotes stay as Markdown leaves them)
    return kept_or_made(("markdown", text, public), partial(_sanitised_html, text, public))


def _sanitised_html(text: str, public: bool, breaks: bool = False) -> Markup:
    """``markdown_html`` without its shortcuts: Python-Markdown, then the sanitiser."""
    html = _converter(public, breaks).reset().convert(text)
    return Markup(nh3.clean(  # noqa: S704 (nh3 has just sanitised the HTML)
        html, tags=_ALLOWED_TAGS, clean_content_tags=HIDDEN_CONTENT_TAGS, attributes=_ALLOWED_ATTRIBUTES,
        link_rel="noopener noreferrer",
    ))


def message_html(text: str | None, public: bool = False) -> Markup:
    """An update message as sanitised HTML: Markdown whose line breaks are kept, and whose stray ``<`` is text."""
    if not text:
        return Markup("")
    if _PLAIN_SENTENCE.fullmatch(text) and "\n" not in text.rstrip("\n") and "  " not in text:
        return Markup(f"<p>{text.rstrip()}</p>")  # noqa: S704 (a plain sentence has no <, > or &; its quotes stay as Markdown leaves them)
    return kept_or_made(("message", text, public), partial(_sanitised_html, text_angles_escaped(text), public, True))


def message_text(text: str | None) -> str:
    """An update message as plain text (where Statuspage's API has plain text): its words, line breaks and links."""
    if not text:
        return ""
    return plain_text(str(_sanitised_html(text_angles_escaped(text), True, True)))


def datetime_attribute(moment: datetime | date | None) -> str:
    """A ``<time datetime>`` value HTML accepts: UTC with at most milliseconds, or a plain date."""
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        return moment.isoformat()
    utc = moment.astimezone(UTC)
    fraction = f".{utc.microsecond // 1000:03d}" if utc.microsecond // 1000 else ""
    return f"{utc:%Y-%m-%dT%H:%M:%S}{fraction}Z"


def safe_title(text: str) -> str:
    """A page title that stays plain text wherever the theme puts it (MkDocs themes do not escape it)."""
    return text.replace("&", "＆").replace("<", "‹").replace(">", "›").replace("\n", " ")


def page_meta(
    title: str, *, tags: Iterable[str] = (), search: bool = True, hide: Iterable[str] = (), canonical: str = "",
) -> dict[str, Any]:
    """A generated page's meta: its title, tags, whether search leaves it out, what the theme hides,
    and the site path of its canonical address when it repeats a page served elsewhere."""
    meta: dict[str, Any] = {"title": safe_title(title)}
    # Material's search shows tags as HTML, so each is made as safe as the title.
    tag_list = sorted({safe_title(t) for t in tags if t})
    if tag_list:
        meta["tags"] = tag_list
    if not search:
        meta["search"] = {"exclude": True}
    if hide:
        meta["hide"] = list(hide)
    if canonical:
        meta["canonical"] = canonical
    return meta


def local_time(ctx: SiteContext, moment: datetime | None) -> str:
    """A time in the site's timezone and language with the zone named, e.g. ``26 Nov 2026 09:40 GMT``."""
    if moment is None:
        return ""
    return ctx.language.time(moment.astimezone(ctx.zone))


def local_date(value: date | datetime | None, ctx: SiteContext | None = None) -> str:
    """A date like ``26 Nov 2026`` (a datetime is first put in the site's timezone)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and ctx is not None:
        value = value.astimezone(ctx.zone)
    return (ctx.language if ctx is not None else Language()).date(value)


def duration(start: datetime | None, end: datetime | None, language: Language) -> str:
    """A span like ``2 h 5 min`` (empty when either end is unknown)."""
    if start is None or end is None:
        return ""
    minutes = int((end - start) / timedelta(minutes=1))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [
        language.gettext("%(num)s d") % {"num": days} if days else "",
        language.gettext("%(num)s h") % {"num": hours} if hours else "",
        language.gettext("%(num)s min") % {"num": mins} if mins or not (days or hours) else "",
    ]
    return " ".join(p for p in parts if p)


def status_label(status: str, language: Language) -> str:
    """Words for a component status or report status, in the site's language."""
    return status_words(status, language)


#: The package's own templates (a site's overrides come first).
PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def templates_stamp(overrides_dir: str | None) -> tuple[tuple[str, int, int], ...]:
    """Every template file with its modification time and size: a new stamp means a template changed."""
    folders = [Path(overrides_dir)] if overrides_dir else []
    files = sorted(
        path for folder in [*folders, PACKAGE_TEMPLATES] if folder.is_dir() for path in folder.rglob("*") if path.is_file()
    )
    return tuple((str(path), stat.st_mtime_ns, stat.st_size) for path in files for stat in [path.stat()])


@lru_cache(maxsize=4)
def environment(overrides_dir: str | None, public: bool, language: Language) -> Environment:
    """The Jinja environment of one language: a site's ``overrides/incidents/`` first, then the package's templates.

    Templates mark their words with ``{% trans %}`` and ``_()``; the language's
    catalogue is installed here, so two languages are two environments.
    """
    loaders: list[BaseLoader] = [FileSystemLoader(overrides_dir)] if overrides_dir and Path(overrides_dir).is_dir() else []
    loaders.append(PackageLoader("incident_reports", "templates"))
    # Templates are not checked on disk at every use (thousands of pages each include several);
    # ``mkdocs serve`` makes a new environment when a template changed (``templates_stamp``).
    env = Environment(
        loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(language.catalogue, newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
    env.filters.update(
        markdown=lambda text: markdown_html(text, public), status_label=partial(status_label, language=language),
        duration=partial(duration, language=language), number=language.number,
        message=lambda text: message_html(text, public), datetime_attribute=datetime_attribute,
    )
    env.globals.update(
        STATUS_ICONS=STATUS_ICONS, ICONS=ICONS, lang=language.code, stage_label=partial(stage_words, language=language),
        category_label=partial(category_words, language=language),
        detected_by_label=partial(detected_by_words, language=language),
    )
    return env


def render(ctx: SiteContext, template: str, **values: Any) -> str:
    """Render a package template (or its override) with the context and helpers available."""
    env = environment(ctx.settings.templates_dir or None, ctx.public, ctx.language)
    return env.get_template(template).render(
        ctx=ctx, local_time=lambda m: local_time(ctx, m), local_date=lambda d: local_date(d, ctx), **values
    )


def page_output(path: str, title: str, body: str | Callable[[], str], **meta: Any) -> Output:
    """An ``Output`` for a generated page whose HTML ``body`` may be made late (a function)."""
    return Output(path, partial(_page_body, body), meta=page_meta(title, **meta))


def _page_body(body: str | Callable[[], str]) -> str:
    """A page's body as it is written after its meta block."""
    return (body() if callable(body) else body).strip() + "\n"
