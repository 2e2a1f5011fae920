"""Links every page carries in its head: the feeds, for readers that discover them, and the page in other languages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from babel import Locale, UnknownLocaleError
from markupsafe import escape

from ..core.settings import Settings
from .context import SiteContext

FEEDS = (("feed.xml", "application/rss+xml", "RSS"), ("atom.xml", "application/atom+xml", "Atom"))


def head_links(ctx: SiteContext, page_url: str) -> str:
    """``<link rel="alternate">`` tags for the site's feeds, relative to the page at ``page_url``."""
    up = "../" * page_url.count("/")
    name = escape(ctx.settings.site_name)
    feeds = "".join(
        f'<link rel="alternate" type="{kind}" title="{name} ({label})" href="{up}{path}">'
        for path, kind, label in FEEDS
    )
    return feeds + language_links(ctx, page_url)


def language_links(ctx: SiteContext, page_url: str) -> str:
    """``<link rel="alternate" hreflang>`` to the same page in each of the site's languages, this one included.

    Every build has the same paths (URLs never depend on the language), so the page's
    own path below each build's address is the same page in that language.
    """
    settings = ctx.settings
    if not settings.alternate_languages:
        return ""
    builds = [(settings.language, settings.site_url), *settings.alternate_languages]
    return "".join(
        f'<link rel="alternate" hreflang="{escape(lang)}" href="{escape(url.rstrip("/") + "/" + page_url)}">'
        for lang, url in builds if url
    )


#: The links Material writes for its language selector, each to the other build's home page.
_THEME_LANGUAGE_LINK = re.compile(r'\n[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def without_theme_language_links(html: str) -> str:
    """A page without Material's links to each build's home page: ``language_links`` names the page itself."""
    return _THEME_LANGUAGE_LINK.sub("", html)


def language_selector(settings: Settings) -> list[dict[str, str]]:
    """Material's ``extra.alternate``: this build first, then the others, each named in its own language."""
    builds = [(settings.language, settings.site_url or "./"), *settings.alternate_languages]
    return [
        {"name": language_name(lang), "link": _same_host_as_path(url, settings.site_url), "lang": lang} for lang, url in builds
    ]


def _same_host_as_path(url: str, site_url: str) -> str:
    """``url`` as a path from the root when it is on the site's own host.

    Material's script reads the other build's sitemap from the selector's links: a path keeps that
    request on the origin the page was served from (a preview or a test server too).
    """
    target, site = urlsplit(url), urlsplit(site_url)
    if target.netloc and (target.scheme, target.netloc) == (site.scheme, site.netloc):
        return urlunsplit(("", "", target.path or "/", target.query, target.fragment))
    return url


def language_name(lang: str) -> str:
    """A language's name in that language (``Cymraeg``), or its tag when Babel does not know it."""
    try:
        return (Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_")) or lang).capitalize()
    except (ValueError, UnknownLocaleError):
        return lang
