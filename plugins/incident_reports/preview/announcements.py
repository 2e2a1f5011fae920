"""What merging would announce, made by ``incidents announce``'s own code; and what the clock alone will announce later.

Each side's public site is handed to announce as a deployed one is read (its API
files and its maintenance calendar, through ``announce/sources.py``), so the
events, the messages and the webhook bodies are exactly those announce would
send. No channel is configured and no secret is read: nothing is sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..announce.events import Event, Snapshot, changes, maintenance_changes, phase
from ..announce.messages import Languages, message, site_zone, webhook_body, when
from ..announce.sources import CALENDAR, FILES, parse_files
from ..core.archive import Archive
from ..core.model import Record, build_record
from ..views import calendar
from ..views.api import API_DIR, json_text
from ..views.api_shapes import StatuspageApi, timestamp
from ..views.context import SiteContext
from ..views.i18n import Language
from .sides import Side


@dataclass(frozen=True)
class Announcement:
    """One announcement as subscribers would get it: chat text, email subject and the signed webhook's body."""

    type: str
    at: str
    subject: str
    chat: str
    webhook_id: str
    webhook: str


@dataclass(frozen=True)
class Later:
    """An announcement the clock alone will make once merged: a maintenance window opening or closing."""

    type: str
    at: str
    subject: str


def announcements(base: Side, head: Side, languages: Languages) -> list[Announcement]:
    """Every announcement merging would make, oldest first, in the languages the site announces in."""
    return [announced(event, languages) for event in changes(published(base), published(head))]


def published(side: Side) -> Snapshot:
    """A side's public site as ``incidents announce`` reads a deployed one: its API files and its calendar."""
    documents = side.api.documents()
    files = {path: json_text(documents[path.removeprefix(API_DIR)]) for path in FILES}
    ics = calendar.render(side.site)[0].body
    files[CALENDAR] = ics.decode("utf-8") if isinstance(ics, bytes) else ics
    # Built at the preview's "now", as its status page would say: what had ended by then is history, not news.
    return replace(parse_files("the preview", files), built=timestamp(side.now) or "")


def announced(event: Event, languages: Languages) -> Announcement:
    """The message and webhook body ``incidents announce`` makes of an event."""
    told = message(event, languages)
    body = json.dumps(webhook_body(event), indent=2, ensure_ascii=False)
    # The preview itself is in English; only what subscribers get is in the site's languages.
    return Announcement(event.type, when(event.at, site_zone(event.page), head_language(languages)), told.title, told.text,
                        event.webhook_id, body)


def head_language(languages: Languages) -> Language:
    """The language the preview names times in: English where the site announces in it, else the first."""
    spoken = [speaking.language for speaking in languages]
    return next((language for language in spoken if language.code == "en"), spoken[0])


def clock_announcements(head: Side, report_ids: Iterable[str], languages: Languages) -> list[Later]:
    """What the scheduled rebuilds will announce of these reports' maintenance windows, soonest first."""
    later: list[tuple[str, Later]] = []
    for report_id in report_ids:
        record = head.public.get(report_id)
        if record is not None and record.kind == "maintenance":
            later += window_edges(head, record, languages)
    return [item for _, item in sorted(later, key=lambda pair: pair[0])]


def window_edges(side: Side, record: Record, languages: Languages) -> list[tuple[str, Later]]:
    """The announcements a window's opening and closing make, as the site rebuilt at each moment would see them."""
    report = record.report
    before = side.api.incident(record)
    before_phase = phase(before, record.status == "cancelled")
    found = []
    edges = sorted({moment for moment in (report.scheduled_for, report.scheduled_until) if moment and moment > side.now})
    for moment in edges:
        then = build_record(report, record.source, record.body, side.settings, moment)
        at_moment = SiteContext(Archive((then,), side.site.archive.catalogue), side.settings, moment, side.site.renderer)
        api = StatuspageApi(at_moment)
        after = api.incident(then)
        after_phase = phase(after, then.status == "cancelled")
        for event in maintenance_changes(before, before_phase, after, after_phase, api.page):
            said_at = when(event.at, site_zone(event.page), head_language(languages))
            found.append((event.at, Later(event.type, said_at, message(event, languages).title)))
        before, before_phase = after, after_phase
    return found
