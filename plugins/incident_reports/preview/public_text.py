"""The text a published report puts before the public, piece by piece, as a reader reads it.

Only ever given a report's public projection (``core/public.py``), so no piece
can hold an internal field. Markdown is read as the public build renders it
(sanitised, raw HTML dropped), then as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import Record
from ..views.context import SiteContext
from ..views.plain_text import plain_text
from ..views.times import local_time
from ..views.words import status_words

#: The write-up's text fields that ``report_public`` publishes, and how the preview names them.
NARRATIVE_TEXT = {
    "user_impact": "User impact", "trigger": "Trigger", "root_cause": "Root cause", "resolution": "Resolution",
}
LESSONS = {"went_well": "What went well", "went_wrong": "What went wrong", "got_lucky": "Where we got lucky"}
#: Fields whose every change shows as a change of text (the others are facts: impact, times, services).
TEXT_FIELDS = frozenset({
    "title", "summary", "what_to_do", *NARRATIVE_TEXT, "contributing_factors", "lessons", "timeline", "actions",
})


@dataclass(frozen=True)
class Piece:
    """One piece of public text: what identifies it on both sides, how the preview names it, and its words."""

    key: str
    label: str
    text: str


def pieces(record: Record, site: SiteContext) -> dict[str, Piece]:
    """Every piece of public text of a published report (its projection), by key."""
    report = record.report
    found = [
        Piece("title", "Title", report.title), Piece("summary", "Summary", report.summary or ""),
        Piece("what_to_do", "What to do", rendered(report.what_to_do, site)),
    ]
    if report.scheduled_for is not None and report.scheduled_until is not None:
        window = f"{local_time(site, report.scheduled_for)} to {local_time(site, report.scheduled_until)}"
        found.append(Piece("window", "Maintenance window", window))
    services = site.archive.catalogue.services
    names = ", ".join(services[s].name for s in record.services if s in services)
    found.append(Piece("services", "Services", names))
    for update, update_id in zip(report.updates, record.update_ids, strict=True):
        label = f"Update of {local_time(site, update.at)} ({status_words(update.status, site.language)})"
        found.append(Piece(f"update {update_id}", label, site.renderer.message_text(update.message)))
    if report.report_public:
        found += narrative(record, site)
    return {piece.key: piece for piece in found if piece.text}


def narrative(record: Record, site: SiteContext) -> list[Piece]:
    """The write-up ``report_public`` publishes: each list item is its own piece, known by its words."""
    report = record.report
    found = [Piece(name, label, rendered(getattr(report, name), site)) for name, label in NARRATIVE_TEXT.items()]
    found += [Piece(f"factor {text}", "Contributing factor", rendered(text, site)) for text in report.contributing_factors]
    if report.lessons is not None:
        for name, label in LESSONS.items():
            lesson = getattr(report.lessons, name)
            for text in [lesson] if isinstance(lesson, str) else lesson or []:
                found.append(Piece(f"{name} {text}", label, rendered(text, site)))
    for entry in report.timeline:
        found.append(Piece(f"timeline {entry.at.isoformat()} {entry.event}", f"Timeline, {local_time(site, entry.at)}",
                           rendered(entry.event, site)))
    found += [Piece(f"action {action.title}", "Follow-up action", action.title) for action in report.actions or []]
    found.append(Piece("body", "The report's text", rendered(record.body, site)))
    return found


def rendered(markdown: str | None, site: SiteContext) -> str:
    """Markdown as the public build publishes it, read as plain text."""
    return plain_text(str(site.renderer.markdown.html(markdown, public=True))) if markdown else ""
