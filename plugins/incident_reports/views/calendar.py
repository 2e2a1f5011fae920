"""The maintenance calendar (``maintenance.ics``): one event per maintenance window, for calendar apps to subscribe to."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event

from ..core.model import Record
from .context import Output, SiteContext
from .report_facts import last_changed, report_path
from .words import status_words

CALENDAR_PATH = "maintenance.ics"
PRODUCT_ID = "-//mkdocs-incident-reports//Maintenance calendar//EN"


def render(ctx: SiteContext) -> list[Output]:
    """Every maintenance window of the archive this audience sees, as iCalendar."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", ctx.language.gettext("%(site)s: maintenance") % {"site": ctx.settings.site_name})
    for record in ctx.archive.records:
        if record.kind == "maintenance":
            calendar.add_component(event(ctx, record))
    return [Output(CALENDAR_PATH, calendar.to_ical())]


def event(ctx: SiteContext, record: Record) -> Event:
    """One window as an event: times in UTC, a UID that survives a move of the site, and a link to the report."""
    report = record.report
    start, end = report.scheduled_for, report.scheduled_until
    if start is None or end is None:
        # The rules require both of a maintenance: only a valid maintenance gets here.
        raise ValueError(f"{record.id}: a maintenance without scheduled_for and scheduled_until has no window to show")
    link = ctx.url(report_path(record.id))
    services = ctx.archive.catalogue.services
    names = ", ".join(services[s].name for s in record.services)
    _ = ctx.language.gettext
    lines = [
        report.summary or "", _("Status: %(status)s") % {"status": status_words(record.status, ctx.language)},
        _("Affected services: %(services)s") % {"services": names}, link,
    ]
    item = Event()
    item.add("uid", f"{record.id}@{ctx.id_authority}")
    # DTSTAMP is the report's latest public time, not the build's, so rebuilding changes nothing.
    item.add("dtstamp", utc(last_changed(record, ctx.now)))
    item.add("dtstart", utc(start))
    item.add("dtend", utc(end))
    item.add("summary", report.title)
    item.add("description", "\n\n".join(line for line in lines if line))
    item.add("url", link)
    item.add("status", "CANCELLED" if record.status == "cancelled" else "CONFIRMED")
    # Each update is a revision; calendar apps take the highest SEQUENCE as the current one.
    item.add("sequence", len(report.updates))
    # A window informs; it should not block the subscriber's own free/busy time.
    item.add("transp", "TRANSPARENT")
    return item


def utc(moment: datetime) -> datetime:
    """A timestamp in UTC (written with a ``Z``)."""
    return moment.astimezone(UTC)
