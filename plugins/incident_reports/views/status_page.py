"""The status page (status/): the overall banner, services, incidents, maintenance, availability, history."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone

from ..core.catalogue import Service
from ..core.model import Record
from ..core.status import (
    Day, active_incidents, availability, history, maintenance_in_progress, overall, period_availability,
    shown_statuses, upcoming_maintenance, worst_status,
)
from .context import Output, SiteContext
from .rendering import local_date, local_time, page_output, status_label
from .rendering import render as render_template

STATUS_PATH = "status/index.md"
#: The status page is served at status/, so the site's root is one folder up.
ROOT = "../"
#: What a reader can subscribe to, site paths and the words for each (another view writes the files).
SUBSCRIPTIONS = (
    ("feed.xml", "RSS feed", "every incident and maintenance, updated as it changes"),
    ("atom.xml", "Atom feed", "the same, for readers that prefer Atom"),
    ("updates.xml", "Every update", "one entry per status update, for readers that only notify on new entries"),
    ("maintenance.ics", "Maintenance calendar", "planned maintenance windows, for your calendar app"),
    ("api/v2/summary.json", "Status API", "the Statuspage v2 summary, for programs and dashboards"),
)


@dataclass(frozen=True)
class ServiceRow:
    """One service on the page: its status now and its availability bar."""

    service: Service
    status: str
    days: list[Day]
    availability: float | None

    @property
    def impact_days(self) -> list[Day]:
        """Days with any impact, newest first (for the table readers can use instead of the bar)."""
        return [day for day in reversed(self.days) if day.worst is not None]

    @property
    def first_data_day(self) -> Day | None:
        """The first day with data, when the bar starts with days before the service's ``since``."""
        if not self.days or self.days[0].availability is not None:
            return None
        return next((day for day in self.days if day.availability is not None), None)


def render(ctx: SiteContext) -> list[Output]:
    """The status page, in both builds (the public one only ever sees the public projection)."""
    catalogue = ctx.archive.catalogue.current(ctx.today)
    records = ctx.archive.records
    statuses = shown_statuses(ctx.statuses, ctx.archive.catalogue, ctx.today)
    indicator, description = overall(statuses)
    groups = [
        (group.name, [_service_row(ctx, service, statuses[service.id]) for service in group.services])
        for group in catalogue.groups
    ]
    body = render_template(
        ctx, "status/page.html",
        root=ROOT, indicator=indicator, description=description, worst=worst_status(statuses), groups=groups,
        incidents=active_incidents(records), in_progress=maintenance_in_progress(records),
        upcoming=upcoming_maintenance(records, ctx.now),
        history=history(records, ctx.zone, ctx.now, ctx.settings.history_days),
        names={service_id: service.name for service_id, service in ctx.archive.catalogue.services.items()},
        titles={record.id: record.report.title for record in records},
        subscriptions=SUBSCRIPTIONS, built=utc_iso(ctx.now),
        iso=utc_iso, percent=percent, window=lambda record: window(ctx, record), day_title=day_title,
    )
    return [page_output(STATUS_PATH, "Status", one_block(body))]


def _service_row(ctx: SiteContext, service: Service, status: str) -> ServiceRow:
    """A service's status and its availability over the configured days."""
    days = availability(service, ctx.archive.records, ctx.settings, ctx.now)
    return ServiceRow(service, status, days, period_availability(days))


def utc_iso(moment: datetime) -> str:
    """A moment in UTC for ``<time datetime>`` and data attributes, e.g. ``2026-11-26T12:00:00Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def percent(value: float | None) -> str:
    """An availability as a percentage, rounded down so that any downtime never reads as 100%."""
    if value is None:
        return "no data"
    if value >= 1.0:
        return "100%"
    return f"{math.floor(value * 10000) / 100:.2f}%"


def window(ctx: SiteContext, record: Record) -> str:
    """A maintenance window in the site's timezone, the day left out of the end when it is the same."""
    start, end = record.report.scheduled_for, record.report.scheduled_until
    if start is None or end is None:
        return ""
    first, last = start.astimezone(ctx.zone), end.astimezone(ctx.zone)
    if first.date() == last.date() and first.tzname() == last.tzname():
        return f"{local_date(first)} {first:%H:%M} to {last:%H:%M} {last.tzname()}"
    return f"{local_time(ctx, start)} to {local_time(ctx, end)}"


def day_title(day: Day, titles: dict[str, str]) -> str:
    """A bar cell's tooltip: the date, the availability and what happened that day."""
    date_text = local_date(day.day)
    if day.availability is None:
        return f"{date_text}: no data"
    text = f"{date_text}: {percent(day.availability)} available"
    if day.worst is not None:
        text += f", {status_label(day.worst).lower()}"
    named = [titles[report_id] for report_id in day.incidents if report_id in titles]
    return text + (". " + "; ".join(named) if named else "")


def one_block(html: str) -> str:
    """Rendered HTML as one raw block for Python-Markdown: no blank lines, no indented lines."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())
