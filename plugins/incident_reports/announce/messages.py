"""What subscribers receive: a message (title, plain text, HTML) and the webhook's JSON body, from an event.

Pure functions: every fact comes from the public API objects the event carries, and every word
around them from the site's catalogues, in each language the site announces in (one after the
other in one message when there are several). The webhook's JSON is the same in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime

from ..core.settings import Settings
from ..views.i18n import Language
from ..views.words import (
    ANNOUNCEMENT_AFFECTED,
    ANNOUNCEMENT_CLOCK_TEXT,
    ANNOUNCEMENT_CUT,
    ANNOUNCEMENT_DETAILS,
    ANNOUNCEMENT_HEADLINES,
    ANNOUNCEMENT_POSTED,
    ANNOUNCEMENT_STATUS,
    ANNOUNCEMENT_TEST_TEXT,
    ANNOUNCEMENT_TEST_TITLE,
    ANNOUNCEMENT_THE_SITE,
    ANNOUNCEMENT_TIME,
    ANNOUNCEMENT_WHEN,
    ANNOUNCEMENT_WHOLE_SERVICE,
    ANNOUNCEMENT_WINDOW,
    status_words,
)
from .events import MAINTENANCE_CANCELLED, Event

ELLIPSIS = "…"
#: A title longer than this is cut whatever the channel allows (chat clients wrap anything longer).
TITLE_LIMIT = 250
#: Between the languages of one message.
TEXT_SEPARATOR = "\n\n---\n\n"
HTML_SEPARATOR = "<hr>"


@dataclass(frozen=True)
class MessageLanguage:
    """A language messages are written in, and the address of the site in that language (its links go there)."""

    language: Language
    #: Empty: the API's own links (the site's public address).
    site_url: str = ""


#: The languages of a message, in the order it says them.
Languages = Sequence[MessageLanguage]


@dataclass(frozen=True)
class Message:
    """One announcement as a person reads it."""

    title: str
    text: str
    html: str


@dataclass(frozen=True)
class Facts:
    """The lines of a message in one language, before they are written out as text or HTML."""

    headline: str
    name: str
    status: str
    services: str
    window: str
    body: str
    posted: str
    link: str
    language: Language

    def says(self, message: str, **values: str) -> str:
        """``message`` in this language, its placeholders filled."""
        words = self.language.gettext(message)
        return words % values if values else words


def announcing_languages(codes: Sequence[str], settings: Settings, public: bool) -> tuple[MessageLanguage, ...]:
    """The languages a site announces in: the ``announce_languages`` option's, else the site's own (its
    ``locale`` kept for its own language), each with the public site's address in it: an
    ``alternate_languages`` one, or for its own language its ``site_url`` when the configuration is the public one."""
    addresses = {**dict(settings.alternate_languages), settings.language: settings.site_url if public else ""}
    return tuple(
        MessageLanguage(Language.load(code, settings.locale if code == settings.language else ""), addresses.get(code, ""))
        for code in codes or [settings.language]
    )


def facts(event: Event, speaking: MessageLanguage) -> Facts:
    """What a message says about an event in a language, in the site's timezone."""
    language = speaking.language
    incident = event.incident
    zone = site_zone(event.page)
    # The update's own status: two updates in one deploy each say where things stood when written.
    said = "cancelled" if event.type == MAINTENANCE_CANCELLED else str((event.update or incident).get("status"))
    services = ", ".join(str(component.get("name")) for component in incident.get("components") or [])
    window = ""
    if event.is_maintenance and incident.get("scheduled_for") and incident.get("scheduled_until"):
        window = language.gettext(ANNOUNCEMENT_WINDOW) % {
            "start": when(incident["scheduled_for"], zone, language), "end": when(incident["scheduled_until"], zone, language),
        }
    clock = ANNOUNCEMENT_CLOCK_TEXT.get(event.type)
    body = str(event.update.get("body") or "") if event.update else (language.gettext(clock) if clock else "")
    return Facts(
        headline=language.gettext(ANNOUNCEMENT_HEADLINES[event.type]),
        name=str(incident.get("name", "")),
        status=status_words(said, language),
        services=services or language.gettext(ANNOUNCEMENT_WHOLE_SERVICE),
        window=window,
        body=body,
        posted=when(event.at, zone, language),
        link=in_language(str(incident.get("shortlink") or event.page.get("url") or ""), event.page, speaking.site_url),
        language=language,
    )


def in_language(link: str, page: dict[str, Any], site_url: str) -> str:
    """A link to the public site (the API's), to the same page of the site in the message's language."""
    public = str(page.get("url") or "")
    if not site_url or not public or not link.startswith(public):
        return link
    return site_url.rstrip("/") + "/" + link[len(public):].lstrip("/")


def message(event: Event, languages: Languages, limit: int | None = None) -> Message:
    """The message for ``event`` in ``languages``; with ``limit``, the update's text is cut so that each body fits in it."""
    told = [facts(event, speaking) for speaking in languages]
    headlines = dict.fromkeys(f.headline for f in told)
    title = cut(f"{' / '.join(headlines)}: {told[0].name}", TITLE_LIMIT)
    if limit is None:
        return Message(title, all_of(told, plain_text, TEXT_SEPARATOR), all_of(told, html_text, HTML_SEPARATOR))
    first = told[0]
    # Each form is cut on its own: a text that fits keeps every word, even where its HTML would not.
    text = fitted(told, limit, plain_text, TEXT_SEPARATOR, f"{first.status}: {first.link}")
    shortest = f'<p>{escape(first.status)}: <a href="{escape(first.link)}">{escape(first.link)}</a></p>'
    html = fitted(told, limit, html_text, HTML_SEPARATOR, shortest)
    return Message(title, text, html)


def trial_message(page: dict[str, Any], languages: Languages) -> Message:
    """The message ``--test`` sends, so a team can see every channel works."""
    url = str(page.get("url") or "")
    titles, texts, htmls = [], [], []
    for speaking in languages:
        language = speaking.language
        name = str(page.get("name") or language.gettext(ANNOUNCEMENT_THE_SITE))
        said = language.gettext(ANNOUNCEMENT_TEST_TEXT) % {"site": name}
        titles.append(language.gettext(ANNOUNCEMENT_TEST_TITLE) % {"site": name})
        address = speaking.site_url or url
        texts.append(f"{said}\n\n{address}".strip())
        htmls.append(f"<p>{escape(said)}</p>" + (f'<p><a href="{escape(address)}">{escape(address)}</a></p>' if address else ""))
    return Message(" / ".join(titles), TEXT_SEPARATOR.join(texts), HTML_SEPARATOR.join(htmls))


def plain_text(told: Facts) -> str:
    """The message as plain text, one fact per line."""
    lines = [f"{told.says(ANNOUNCEMENT_STATUS)}: {told.status}", f"{told.says(ANNOUNCEMENT_AFFECTED)}: {told.services}"]
    if told.window:
        lines.append(f"{told.says(ANNOUNCEMENT_WHEN)}: {told.window}")
    lines += ["", told.body, "", told.says(ANNOUNCEMENT_POSTED, time=told.posted)]
    if told.link:
        lines.append(f"{told.says(ANNOUNCEMENT_DETAILS)}: {told.link}")
    return "\n".join(lines)


def html_text(told: Facts) -> str:
    """The message as HTML (the email's rich part); every value escaped."""
    facts_list = [(ANNOUNCEMENT_STATUS, told.status), (ANNOUNCEMENT_AFFECTED, told.services)]
    facts_list += [(ANNOUNCEMENT_WHEN, told.window)] if told.window else []
    items = "".join(f"<li><strong>{escape(told.says(name))}:</strong> {escape(value)}</li>" for name, value in facts_list)
    paragraphs = "".join(f"<p>{escape(part)}</p>" for part in told.body.split("\n\n") if part.strip())
    # The address itself is the link's text: the email's plain-text part is made from this HTML.
    link = (
        f'<p>{escape(told.says(ANNOUNCEMENT_DETAILS))}: <a href="{escape(told.link)}">{escape(told.link)}</a></p>'
        if told.link else ""
    )
    posted = escape(told.says(ANNOUNCEMENT_POSTED, time=told.posted))
    # The language of each part, for screen readers and translation tools.
    return f'<div lang="{escape(told.language.code)}"><ul>{items}</ul>{paragraphs}<p>{posted}</p>{link}</div>'


def all_of(told: list[Facts], render: Callable[[Facts], str], separator: str) -> str:
    """The message in every language, one after the other."""
    return separator.join(render(facts_in) for facts_in in told)


def fitted(told: list[Facts], limit: int, render: Callable[[Facts], str], separator: str, shortest: str) -> str:
    """The message with the update's text cut short enough for ``limit`` characters (with a note to follow the link),
    the same length in every language.

    Where not even the facts fit (a text message's 160 characters), ``shortest``: the status and the link.
    """
    whole = all_of(told, render, separator)
    if len(whole) <= limit:
        return whole
    bare = all_of([replace(f, body="") for f in told], render, separator)
    notes = sum(len(f.says(ANNOUNCEMENT_CUT)) + len(" ()") + len(ELLIPSIS) for f in told)
    room = (limit - len(bare) - notes) // len(told)
    while room > 0:
        candidate = all_of([replace(f, body=f"{cut(f.body, room)} ({f.says(ANNOUNCEMENT_CUT)})") for f in told], render,
                           separator)
        if len(candidate) <= limit:
            return candidate
        room -= max(1, (len(candidate) - limit) // len(told))
    return bare if len(bare) <= limit else shortest[:limit]


def cut(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters at a word boundary, ending with an ellipsis when cut."""
    if len(text) <= length:
        return text
    head = text[: max(0, length - len(ELLIPSIS))]
    if " " in head.strip():
        head = head[: head.rstrip().rfind(" ")]
    return head.rstrip() + ELLIPSIS


def site_zone(page: dict[str, Any]) -> ZoneInfo:
    """The timezone the status page shows times in (UTC when it names none the system knows)."""
    try:
        return ZoneInfo(str(page.get("time_zone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def when(stamp: str, zone: ZoneInfo, language: Language) -> str:
    """An API timestamp as people read it in ``language``: ``26 November 2026, 10:30 GMT`` (``26 Tachwedd 2026, 10:30 GMT``)."""
    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).astimezone(zone)
    except ValueError:
        return str(stamp)
    pattern = language.gettext(ANNOUNCEMENT_TIME)
    return f"{format_datetime(moment, pattern, tzinfo=zone, locale=language.babel)} {moment.tzname()}"


def webhook_body(event: Event) -> dict[str, Any]:
    """The signed webhook's JSON: the event type, when it happened, and the API's incident and update."""
    return {"type": event.type, "timestamp": event.at, "data": {"incident": event.incident, "update": event.update}}


def trial_webhook_body(page: dict[str, Any], at: str) -> dict[str, Any]:
    """The webhook ``--test`` sends: type ``test``, no incident."""
    return {"type": "test", "timestamp": at, "data": {"incident": None, "update": None, "page": page}}
