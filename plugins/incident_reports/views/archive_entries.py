"""What the archive shows of a report in a list and in a page header: facts as words, icons and links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..core.model import Record
from .archive_facets import impact_of
from .context import SiteContext
from .i18n import Language
from .icons import ICONS, STATUS_ICONS
from .times import duration, local_date, local_time
from .words import impact_words, kind_words, stage_words, status_words

#: The archive's URL, below the site root.
ARCHIVE = "incidents"

#: An icon beside the words of each report status (never colour alone): plain symbols that common
#: fonts have, hidden from screen readers, which read the words.
REPORT_STATUS_ICONS = {
    "investigating": "◌",
    "identified": "◎",
    "monitoring": "◔",
    "resolved": ICONS["check"],
    "scheduled": "◷",
    "in_progress": "◑",
    "verifying": "◕",
    "completed": ICONS["check"],
    "cancelled": "⊘",
}
IMPACT_ICONS = {**STATUS_ICONS, "none": "○"}


@dataclass(frozen=True)
class Mark:
    """A status shown as an icon and words; ``key`` names its CSS modifier."""

    key: str
    icon: str
    label: str


@dataclass(frozen=True)
class Link:
    """A link relative to the archive's folder (``incidents/``)."""

    label: str
    href: str


@dataclass(frozen=True)
class Entry:
    """A report as a list shows it; internal-only facts are None in the public build."""

    id: str
    title: str
    kind: str
    status: Mark
    impact: Mark
    services: tuple[Link, ...]
    begins: datetime
    date: str
    duration: str
    severity: str | None
    stage: str | None
    lead: str | None
    overdue: int


def status_mark(status: str, language: Language) -> Mark:
    """A report status as icon and words."""
    return Mark(status, REPORT_STATUS_ICONS.get(status, "•"), status_words(status, language))


def impact_mark(impact: str, language: Language) -> Mark:
    """An impact level as icon and words."""
    return Mark(impact, IMPACT_ICONS.get(impact, "•"), impact_words(impact, language))


def service_links(ctx: SiteContext, record: Record) -> tuple[Link, ...]:
    """The report's services by name, each linking to its filter page."""
    services = ctx.archive.catalogue.services
    return tuple(
        Link(services[s].name if s in services else s, f"service/{s}/") for s in record.services
    )


def impact_end(record: Record) -> datetime | None:
    """When the report's span ends: impact over (incidents), or the window's end (maintenance)."""
    if record.kind == "maintenance":
        return record.report.resolved or record.report.scheduled_until
    return record.impact_ends


def span(ctx: SiteContext, record: Record) -> str:
    """From when to when, with the length: ``26 Nov 2026 09:40 GMT to 26 Nov 2026 11:05 GMT (1 h 25 min)``."""
    start, end = record.begins, impact_end(record)
    if record.kind == "maintenance":
        start, end = record.report.scheduled_for or start, record.report.scheduled_until
    _ = ctx.language.gettext
    if end is None:
        return _("Since %(start)s (ongoing)") % {"start": local_time(ctx, start)}
    return _("%(start)s to %(end)s (%(duration)s)") % {
        "start": local_time(ctx, start), "end": local_time(ctx, end), "duration": duration(start, end, ctx.language),
    }


def entry(ctx: SiteContext, record: Record) -> Entry:
    """The list entry of a report, with only what this build may show."""
    report = record.report
    end = impact_end(record)
    internal = not ctx.public
    return Entry(
        id=record.id,
        title=report.title,
        kind=kind_words(record.kind, ctx.language),
        status=status_mark(record.status, ctx.language),
        impact=impact_mark(impact_of(record), ctx.language),
        services=service_links(ctx, record),
        begins=record.begins,
        date=local_date(ctx, record.begins),
        duration=duration(record.begins, end, ctx.language) if end else ctx.language.gettext("Ongoing"),
        severity=report.severity if internal else None,
        stage=stage_words(report.stage, ctx.language) if internal and record.kind != "maintenance" else None,
        lead=report.lead if internal else None,
        overdue=len(record.overdue_actions(ctx.today)) if internal else 0,
    )


def kept_entry(ctx: SiteContext, record: Record) -> Entry:
    """``entry``; under ``mkdocs serve``, the last build's for this very record (serve --dirty reuses a record
    while its file, the settings, the catalogue and "now" are unchanged), held with it."""
    return ctx.renderer.kept_for(record, ("list entry", ctx.public, ctx.language), lambda: entry(ctx, record))
