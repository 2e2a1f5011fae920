"""What subscribers receive: a message (title, plain text, HTML) and the webhook's JSON body, from an event.

Pure functions: every word comes from the public API objects the event carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..views.words import ANNOUNCEMENT_CLOCK_TEXT, ANNOUNCEMENT_HEADLINES, ANNOUNCEMENT_WHOLE_SERVICE, STATUS_LABELS
from .events import MAINTENANCE_CANCELLED, Event

ELLIPSIS = "…"
CUT_NOTE = " (cut short: read the full update at the link below)"
#: A title longer than this is cut whatever the channel allows (chat clients wrap anything longer).
TITLE_LIMIT = 250


@dataclass(frozen=True)
class Message:
    """One announcement as a person reads it."""

    title: str
    text: str
    html: str


@dataclass(frozen=True)
class Facts:
    """The lines of a message before it is written out as text or HTML."""

    title: str
    status: str
    services: str
    window: str
    body: str
    posted: str
    link: str


def facts(event: Event) -> Facts:
    """What a message says about an event, in the site's timezone."""
    incident = event.incident
    zone = site_zone(event.page)
    # The update's own status: two updates in one deploy each say where things stood when written.
    said = str((event.update or incident).get("status"))
    # Announcements are in English: a status's words are the English the catalogue translates from.
    status = STATUS_LABELS["cancelled"] if event.type == MAINTENANCE_CANCELLED else STATUS_LABELS.get(said, said)
    services = ", ".join(str(component.get("name")) for component in incident.get("components") or [])
    window = ""
    if event.is_maintenance and incident.get("scheduled_for") and incident.get("scheduled_until"):
        window = f"{when(incident['scheduled_for'], zone)} to {when(incident['scheduled_until'], zone)}"
    body = str(event.update.get("body") or "") if event.update else ANNOUNCEMENT_CLOCK_TEXT.get(event.type, "")
    return Facts(
        title=cut(f"{ANNOUNCEMENT_HEADLINES[event.type]}: {incident.get('name', '')}", TITLE_LIMIT),
        status=status,
        services=services or ANNOUNCEMENT_WHOLE_SERVICE,
        window=window,
        body=body,
        posted=when(event.at, zone),
        link=str(incident.get("shortlink") or event.page.get("url") or ""),
    )


def message(event: Event, limit: int | None = None) -> Message:
    """The message for ``event``; with ``limit``, the update's text is cut so that each body fits in it."""
    told = facts(event)
    if limit is None:
        return Message(told.title, plain_text(told), html_text(told))
    # Each form is cut on its own: a text that fits keeps every word, even where its HTML would not.
    text = fitted(told, limit, plain_text, f"{told.status}: {told.link}")
    html = fitted(told, limit, html_text, f'<p>{escape(told.status)}: <a href="{escape(told.link)}">{escape(told.link)}</a></p>')
    return Message(told.title, text, html)


def trial_message(page: dict[str, Any]) -> Message:
    """The message ``--test`` sends, so a team can see every channel works."""
    name = str(page.get("name") or "the status page")
    url = str(page.get("url") or "")
    text = (f"This is a test of the announcements of {name}. When an incident or a maintenance is "
            f"published, subscribers of this channel hear about it here.\n\n{url}").strip()
    html = f"<p>{escape(text.split(chr(10))[0])}</p>" + (f'<p><a href="{escape(url)}">{escape(url)}</a></p>' if url else "")
    return Message(f"Test: announcements from {name}", text, html)


def plain_text(told: Facts) -> str:
    """The message as plain text, one fact per line."""
    lines = [f"Status: {told.status}", f"Affected: {told.services}"]
    if told.window:
        lines.append(f"When: {told.window}")
    lines += ["", told.body, "", f"Posted {told.posted}"]
    if told.link:
        lines.append(f"Full details: {told.link}")
    return "\n".join(lines)


def html_text(told: Facts) -> str:
    """The message as HTML (the email's rich part); every value escaped."""
    facts_list = [("Status", told.status), ("Affected", told.services)] + ([("When", told.window)] if told.window else [])
    items = "".join(f"<li><strong>{name}:</strong> {escape(value)}</li>" for name, value in facts_list)
    paragraphs = "".join(f"<p>{escape(part)}</p>" for part in told.body.split("\n\n") if part.strip())
    # The address itself is the link's text: the email's plain-text part is made from this HTML.
    link = f'<p>Full details: <a href="{escape(told.link)}">{escape(told.link)}</a></p>' if told.link else ""
    return f"<ul>{items}</ul>{paragraphs}<p>Posted {escape(told.posted)}</p>{link}"


def fitted(told: Facts, limit: int, render: Callable[[Facts], str], shortest: str) -> str:
    """``render(told)`` with the update's text cut short enough for ``limit`` characters (with a note to follow the link).

    Where not even the facts fit (a text message's 160 characters), ``shortest``: the status and the link.
    """
    whole = render(told)
    if len(whole) <= limit:
        return whole
    bare = render(replace(told, body=""))
    room = limit - len(bare) - len(CUT_NOTE) - len(ELLIPSIS)
    while room > 0:
        candidate = render(replace(told, body=cut(told.body, room) + CUT_NOTE))
        if len(candidate) <= limit:
            return candidate
        room -= max(1, len(candidate) - limit)
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


def when(stamp: str, zone: ZoneInfo) -> str:
    """An API timestamp as people read it: ``26 November 2026, 10:30 GMT``."""
    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).astimezone(zone)
    except ValueError:
        return str(stamp)
    return f"{moment.day} {moment:%B %Y, %H:%M} {moment.tzname()}"


def webhook_body(event: Event) -> dict[str, Any]:
    """The signed webhook's JSON: the event type, when it happened, and the API's incident and update."""
    return {"type": event.type, "timestamp": event.at, "data": {"incident": event.incident, "update": event.update}}


def trial_webhook_body(page: dict[str, Any], at: str) -> dict[str, Any]:
    """The webhook ``--test`` sends: type ``test``, no incident."""
    return {"type": "test", "timestamp": at, "data": {"incident": None, "update": None, "page": page}}
