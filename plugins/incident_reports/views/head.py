"""Links every page carries in its head: the feeds, for readers that discover them."""

from __future__ import annotations

from markupsafe import escape

from .context import SiteContext

FEEDS = (("feed.xml", "application/rss+xml", "RSS"), ("atom.xml", "application/atom+xml", "Atom"))


def head_links(ctx: SiteContext, page_url: str) -> str:
    """``<link rel="alternate">`` tags for the site's feeds, relative to the page at ``page_url``."""
    up = "../" * page_url.count("/")
    name = escape(ctx.settings.site_name)
    return "".join(
        f'<link rel="alternate" type="{kind}" title="{name} ({label})" href="{up}{path}">'
        for path, kind, label in FEEDS
    )
