"""A resolved incident's times in words, for its page: when users were affected, for how long, and when
it was closed. The header's "Duration" and "Resolved" are two figures; this sentence says how they go
together ("affected from 10:14 to 11:02 ... (48 min); resolved at 11:45"), and the resolving update's own
words say why it was closed then.
"""

from __future__ import annotations

from datetime import datetime

from ..core.model import Record
from ..core.schema import Update
from .context import SiteContext
from .times import duration, local_date, local_time


def clock(ctx: SiteContext, moment: datetime, zone: bool = True) -> str:
    """A time of day in the site's timezone, ``11:02 BST`` (the zone left out when ``zone`` is false)."""
    local = moment.astimezone(ctx.zone)
    return f"{local:%H:%M} {local.tzname()}" if zone else f"{local:%H:%M}"


def _same_day(ctx: SiteContext, first: datetime, second: datetime) -> bool:
    return first.astimezone(ctx.zone).date() == second.astimezone(ctx.zone).date()


def closing_sentence(ctx: SiteContext, record: Record) -> str:
    """The sentence for a resolved incident (or exercise); empty for anything else."""
    start, end, resolved = record.report.started, record.impact_ends, record.resolved
    if record.kind == "maintenance" or record.status != "resolved" or not (start and end and resolved):
        return ""
    _ = ctx.language.gettext
    closed_at = clock(ctx, resolved) if _same_day(ctx, end, resolved) else local_time(ctx, resolved)
    if record.peak_impact in (None, "none"):
        return _("Users were not affected; it was resolved at %(resolved)s.") % {"resolved": closed_at}
    lasted = duration(start, end, ctx.language)
    if _same_day(ctx, start, end):
        zones_differ = start.astimezone(ctx.zone).tzname() != end.astimezone(ctx.zone).tzname()
        # Translators: a resolved incident's times, e.g. "Users were affected from 10:14 to 11:02 BST on
        # 22 Sep 2026 (48 min); resolved at 11:45 BST."
        return _("Users were affected from %(start)s to %(end)s on %(day)s (%(duration)s); resolved at %(resolved)s.") % {
            "start": clock(ctx, start, zones_differ), "end": clock(ctx, end), "day": local_date(ctx, end),
            "duration": lasted, "resolved": closed_at,
        }
    # Translators: a resolved incident's times over more than one day.
    return _("Users were affected from %(start)s to %(end)s (%(duration)s); resolved at %(resolved)s.") % {
        "start": local_time(ctx, start), "end": local_time(ctx, end), "duration": lasted, "resolved": closed_at,
    }


def closing_update(record: Record) -> Update | None:
    """The update that resolved the incident: why it was closed then, in its own words."""
    if record.status != "resolved":
        return None
    return next((update for update in record.report.updates if update.status == "resolved"), None)
