"""Generated pages as outputs: a page's meta (title, tags, search, what the theme hides) and its HTML body."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from .context import Output


def safe_title(text: str) -> str:
    """A page title that stays plain text wherever the theme puts it (MkDocs themes do not escape it)."""
    return text.replace("&", "＆").replace("<", "‹").replace(">", "›").replace("\n", " ")


def page_meta(
    title: str, *, tags: Iterable[str] = (), search: bool = True, hide: Iterable[str] = (), canonical: str = "",
    feeds: Iterable[Mapping[str, str]] = (),
) -> dict[str, Any]:
    """A generated page's meta: its title, tags, whether search leaves it out, what the theme hides,
    the site path of its canonical address when it repeats a page served elsewhere, and its own feeds
    (``href``, ``type`` and ``title`` of each, linked from the page's head)."""
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
    if feeds:
        meta["feeds"] = [dict(feed) for feed in feeds]
    return meta


def page_output(path: str, title: str, body: str | Callable[[], str], **meta: Any) -> Output:
    """An ``Output`` for a generated page whose HTML ``body`` may be made late (a function)."""
    return Output(path, partial(_page_body, body), meta=page_meta(title, **meta))


def _page_body(body: str | Callable[[], str]) -> str:
    """A page's body as it is written after its meta block."""
    return page_html(body() if callable(body) else body)


def page_html(html: str) -> str:
    """``html`` as a page's body: no whitespace around it, then one newline. A body that is so already is
    given back itself, so that one ``mkdocs serve`` keeps between rebuilds stays the same object."""
    if html[-1:] == "\n" and not html[:1].isspace() and not html[-2:-1].isspace():
        return html
    return html.strip() + "\n"
