"""Times and dates as pages show them: in the site's timezone and language, and as ``<time datetime>`` values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from .context import SiteContext
from .i18n import Language


def local_time(ctx: SiteContext, moment: datetime | None) -> str:
    """A time in the site's timezone and language with the zone named, e.g. ``26 Nov 2026 09:40 GMT``."""
    if moment is None:
        return ""
    return ctx.language.time(moment.astimezone(ctx.zone))


def local_date(ctx: SiteContext, value: date | datetime | None) -> str:
    """A date in the site's language like ``26 Nov 2026`` (a datetime is first put in the site's timezone)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ctx.zone)
    return ctx.language.date(value)


def duration(start: datetime | None, end: datetime | None, language: Language) -> str:
    """A span like ``2 h 5 min`` (empty when either end is unknown)."""
    if start is None or end is None:
        return ""
    minutes = int((end - start) / timedelta(minutes=1))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [
        language.gettext("%(num)s d") % {"num": days} if days else "",
        language.gettext("%(num)s h") % {"num": hours} if hours else "",
        language.gettext("%(num)s min") % {"num": mins} if mins or not (days or hours) else "",
    ]
    return " ".join(p for p in parts if p)


def datetime_attribute(moment: datetime | date | None) -> str:
    """A ``<time datetime>`` value HTML accepts: UTC with at most milliseconds, or a plain date."""
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        return moment.isoformat()
    utc = moment.astimezone(UTC)
    fraction = f".{utc.microsecond // 1000:03d}" if utc.microsecond // 1000 else ""
    return f"{utc:%Y-%m-%dT%H:%M:%S}{fraction}Z"
