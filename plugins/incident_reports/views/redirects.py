"""Pages left at addresses that earlier versions published, sending readers on to the new ones.

Slugs of names in letters outside ASCII changed in 0.2.0 (``Łódź`` was ``odz``, is now
``lodz``); a bookmark or a link in a chat message to the old address still arrives.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import escape

from ..core.slugs import former_slug
from .context import Output, SiteContext


def moved_pages(ctx: SiteContext, folder: str, slugs: Iterable[tuple[str, str]], fallback: str = "value") -> list[Output]:
    """A redirect page at ``folder/<former slug>/`` for each (name, slug) whose slug changed.

    A former slug that is also a current one (another name's page) is left alone.
    """
    pairs = list(slugs)
    current = {slug for _, slug in pairs}
    outputs = []
    for name, slug in pairs:
        old = former_slug(name, fallback)
        if old != slug and old not in current:
            outputs.append(Output(f"{folder}/{old}/index.html", moved_page(ctx, f"../{slug}/")))
            current.add(old)
    return outputs


def moved_page(ctx: SiteContext, target: str) -> str:
    """A small page that sends browsers on at once and tells search engines where the page went."""
    href = escape(target)
    words = escape(ctx.language.gettext("This page has moved."))
    link = escape(ctx.language.gettext("Go to its new address"))
    return (
        f'<!doctype html>\n<html lang="{escape(ctx.language.code)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{words}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">\n<link rel="canonical" href="{href}">\n'
        '<meta name="robots" content="noindex">\n</head>\n'
        f'<body>\n<p>{words} <a href="{href}">{link}</a>.</p>\n</body>\n</html>\n'
    )
