"""What feeds, the calendar and the API say alike about a report: its page and its times."""

from __future__ import annotations

from datetime import datetime

from ..core.model import Record


def report_path(report_id: str) -> str:
    """The site path of a report's page."""
    return f"incidents/{report_id}/"


def first_posted(record: Record) -> datetime:
    """When the report was first published: its first update, else when it started, else its window."""
    updates = record.report.updates
    return updates[0].at if updates else record.begins


def last_changed(record: Record, now: datetime) -> datetime:
    """The latest public timestamp of the report that has already happened.

    ``Record.updated`` counts a maintenance window that is still ahead, so an
    update posted before the window would not move it; here the window only
    counts once it has opened or closed, and only when it alone decides the
    status (no ``status`` written and no updates). Never a file or git time.
    """
    report = record.report
    moments = [m for m in (report.started, report.mitigated, record.resolved) if m is not None]
    moments += [update.at for update in report.updates]
    if report.status is None and not report.updates:
        window = (report.scheduled_for, report.scheduled_until)
        moments += [m for m in window if m is not None and m <= now]
    return max(moments, default=record.updated)
