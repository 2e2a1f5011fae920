"""Links every page carries in its head: the feeds, for readers that discover them, and the page in other languages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit, urlunsplit

from babel import Locale, UnknownLocaleError
from markupsafe import escape

from ..core.settings import Settings
from .context import SiteContext

FEEDS = (("feed.xml", "application/rss+xml", "RSS"), ("atom.xml", "application/atom+xml", "Atom"))


def head_links(ctx: SiteContext, page_url: str, own_feeds: Iterable[Mapping[str, str]] = ()) -> str:
    """``<link rel="alternate">`` tags for the site's feeds, relative to the page at ``page_url``, then the
    page's own (a report's updates: ``href``, ``type`` and ``title`` from its meta), then its languages."""
    up = "../" * page_url.count("/")
    name = escape(ctx.settings.site_name)
    feeds = "".join(
        f'<link rel="alternate" type="{kind}" title="{name} ({label})" href="{up}{path}">'
        for path, kind, label in FEEDS
    )
    feeds += "".join(
        f'<link rel="alternate" type="{escape(feed["type"])}" title="{escape(feed["title"])}" href="{escape(feed["href"])}">'
        for feed in own_feeds
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


def language_selector(settings: Settings) -> list[dict[str, str | bool]]:
    """Material's ``extra.alternate``: this build first, then the others, each named in its own language.

    Each link is the build's address, which the plugin's selector (``theme/partials/alternate.html``)
    follows with the page's own path (``same_page``): every build has the same paths.
    """
    builds = [(settings.language, settings.site_url or "./"), *settings.alternate_languages]
    return [
        {"name": language_name(lang), "link": _same_host_as_path(url, settings.site_url), "lang": lang, "same_page": True}
        for lang, url in builds
    ]


def _same_host_as_path(url: str, site_url: str) -> str:
    """``url`` as a path from the root when it is on the site's own host, so that the selector leads to
    the other language on the host the page was served from (a preview, a standby host, a test server)."""
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
