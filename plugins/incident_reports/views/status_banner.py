"""What the status page's banner says of each active incident and maintenance: how fresh, and what to do.

Each gets one notice: its status, its latest update's time and that update's text
(before any update, its ``summary``, as the API's first statement). A long text shows
its first sentences, the whole text one tap away, so that the banner fits a phone's
first screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..core.model import IMPACT_ORDER, Record
from .context import SiteContext

#: Past this many characters of plain text, a notice shows its first sentences and folds the rest.
PREVIEW_CHARACTERS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True)
class Notice:
    """One active incident or maintenance as the banner shows it."""

    record: Record
    status: str
    #: When its latest public statement was made.
    at: datetime
    #: That statement: an update's message (Markdown), or the summary (plain text).
    message: str
    #: The statement's first sentences when it is long (the whole of it is behind "More"), else empty.
    preview: str


def latest_statement(record: Record) -> tuple[str, datetime, str]:
    """The status, time and text of the report's latest public statement: its newest update, else its summary."""
    updates = record.report.updates
    if updates:
        return updates[-1].status, updates[-1].at, updates[-1].message
    return record.status, record.begins, record.report.summary or ""


def preview(text: str, limit: int = PREVIEW_CHARACTERS) -> str:
    """The first sentences of ``text`` within ``limit`` characters (else its first words and an ellipsis);
    empty when the whole text is short enough to show."""
    if len(text) <= limit:
        return ""
    sentences = _SENTENCE_END.split(text)
    kept = sentences[0]
    for sentence in sentences[1:]:
        if len(kept) + 1 + len(sentence) > limit:
            break
        kept += " " + sentence
    if len(kept) <= limit:
        return kept
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def notice(ctx: SiteContext, record: Record) -> Notice:
    """The banner's notice of one active incident or maintenance."""
    status, at, message = latest_statement(record)
    text = ctx.renderer.message_text(message) if record.report.updates else message
    text = " ".join(text.split())
    return Notice(record, status, at, message, preview(text))


def in_banner_order(incidents: list[Record], maintenance: list[Record]) -> list[Record]:
    """Active incidents, the worst impact now first (then the newest), then maintenance in progress."""
    ranked = sorted(incidents, key=lambda r: (IMPACT_ORDER.index(r.impact or "none"), r.begins, r.id), reverse=True)
    return [*ranked, *maintenance]


def advice(records: list[Record]) -> list[Record]:
    """The reports whose ``what_to_do`` the banner shows first, in the banner's order, each advice once."""
    seen: set[str] = set()
    chosen = []
    for record in records:
        what = record.report.what_to_do
        if what and what.strip() not in seen:
            seen.add(what.strip())
            chosen.append(record)
    return chosen
