"""The status page (status/), and the public site's home page (the same page, at the site root).

The answer comes first: a banner that says what is affected and what to do, the
services right under it, then incidents, maintenance, history and every way to
follow. Every word is in the templates (status/*.html) or marked here for the catalogue.
"""

from __future__ import annotations

import math
from copy import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import groupby
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..core.catalogue import Service
from ..core.model import WHOLE_SERVICE, Record
from ..core.status import (
    OPERATIONAL,
    UNDER_MAINTENANCE,
    Day,
    active_incidents,
    availability,
    history,
    maintenance_in_progress,
    overall,
    period_availability,
    shown_statuses,
    upcoming_maintenance,
    worst_status,
)
from .context import Output, SiteContext
from .i18n import Language
from .icons import STATUS_ICON_NAMES, icon_use, sprite
from .pages import page_output
from .status_banner import advice, in_banner_order, notice
from .times import local_date, local_time

STATUS_PATH = "status/index.md"
#: The public site's home page: the status page again, its canonical address staying status/.
HOME_PATH = "index.md"
#: Where the status page's search box searches: the archive, whose page loads the search index.
SEARCH_PAGE = "incidents/"
#: One letter per day of an availability bar (status.js reads them): the bar's colours in a compact form.
DAY_CODES = {
    None: "n", OPERATIONAL: "o", "degraded_performance": "d", "partial_outage": "p", "major_outage": "m",
}


@dataclass(frozen=True)
class ServiceRow:
    """One service on the page: its status now and its availability bar."""

    service: Service
    status: str
    days: list[Day]
    availability: float | None

    @property
    def impact_days(self) -> list[tuple[int, Day]]:
        """Days with any impact, newest first, each with its place in the bar (for the table of days)."""
        return [(index, day) for index, day in reversed(list(enumerate(self.days))) if day.worst is not None]

    @property
    def first_data_day(self) -> Day | None:
        """The first day with data, when the bar starts with days before the service's ``since``."""
        if not self.days or self.days[0].availability is not None:
            return None
        return next((day for day in self.days if day.availability is not None), None)

    @property
    def codes(self) -> str:
        """Each day's letter (``DAY_CODES``), oldest first."""
        return "".join(day_code(day) for day in self.days)

    @property
    def runs(self) -> list[tuple[str, int]]:
        """The bar as runs of days of one colour: what the page draws without JavaScript."""
        return [(code, len(list(days))) for code, days in groupby(self.codes)]


def day_code(day: Day) -> str:
    """A day's letter: its worst impact, no impact, or no data."""
    return DAY_CODES[day.worst or (None if day.availability is None else OPERATIONAL)]


def render(ctx: SiteContext) -> list[Output]:
    """The status page in both builds; the public build's home page shows it too."""
    values = page_values(ctx)
    # The headline is HTML (its names escaped); the title is text, which page_meta keeps plain.
    title = Markup(ctx.renderer.render(ctx, "status/headline.html", **values)).striptags()  # noqa: S704 (rendered by the autoescaping environment)
    outputs = [page_output(STATUS_PATH, title, _body(ctx, values, "../"), hide=("navigation", "toc"))]
    if ctx.public:
        # The same answer at the site root; search and the canonical link send readers to status/.
        outputs.append(page_output(
            HOME_PATH, title, _body(ctx, values, ""), search=False, hide=("navigation", "toc"), canonical="status/",
        ))
    return [searching_elsewhere(output) for output in outputs]


def searching_elsewhere(output: Output) -> Output:
    """The page with its search box searching on the archive's page (the plugin's search partial): the
    status page loads no search index or search worker, and stays light."""
    return Output(output.path, output.source, {**(output.meta or {}), "search_elsewhere": SEARCH_PAGE})


#: The icons the status page shows, each drawn from one definition in the page (it shows dozens).
PAGE_ICONS = (*dict.fromkeys(STATUS_ICON_NAMES.values()), "feed")


def _body(ctx: SiteContext, values: dict[str, Any], root: str) -> str:
    """The page's HTML with links relative to where it is served (``root`` leads to the site root)."""
    return one_block(ctx.renderer.render(
        ctx, "status/page.html", root=root, icon_sprite=sprite(PAGE_ICONS), ICONS={"feed": icon_use("feed")},
        STATUS_ICONS={status: icon_use(name) for status, name in STATUS_ICON_NAMES.items()}, **values,
    ))


def page_values(ctx: SiteContext) -> dict[str, Any]:
    """Everything the status page's templates show, computed once for both of its addresses."""
    catalogue = ctx.archive.catalogue.current(ctx.today)
    records = ctx.archive.records
    statuses = shown_statuses(ctx.statuses, ctx.archive.catalogue, ctx.today)
    indicator, _ = overall(statuses)
    services = [service for group in catalogue.groups for service in group.services]
    incidents = active_incidents(records)
    in_progress = maintenance_in_progress(records)
    notices = in_banner_order(incidents, in_progress)
    return dict(
        indicator=indicator, worst=worst_status(statuses),
        affected=[(service, statuses[service.id]) for service in services if statuses[service.id] != OPERATIONAL],
        working=[service for service in services if statuses[service.id] == OPERATIONAL],
        # An unresolved incident that names no service affects the service as a whole: the answer says so.
        whole_service=statuses.get(WHOLE_SERVICE, OPERATIONAL),
        under_maintenance=UNDER_MAINTENANCE, operational=OPERATIONAL,
        groups=[
            (group.name, [_service_row(ctx, service, statuses[service.id]) for service in group.services])
            for group in catalogue.groups
        ],
        incidents=incidents, in_progress=in_progress, upcoming=upcoming_maintenance(records, ctx.now),
        notices=[notice(ctx, record) for record in notices], advice=advice(notices),
        history=quiet_runs_joined(history(records, ctx.zone, ctx.now, ctx.settings.history_days)),
        names={service_id: service.name for service_id, service in ctx.archive.catalogue.services.items()},
        titles={record.id: record.report.title for record in records},
        built=utc_iso(ctx.now), iso=utc_iso, percent=lambda value: percent(value, ctx.language),
        window=lambda record: window(ctx, record), script_words=page_script_words(ctx),
    )


def quiet_runs_joined(days: list[tuple[date, list[Record]]]) -> list[tuple[date, date, list[Record]]]:
    """The history's days, newest first, each run of days with nothing to report as one (its newest and
    oldest day): a quiet fortnight is one line, not fourteen."""
    joined: list[tuple[date, date, list[Record]]] = []
    for day, reports in days:
        if not reports and joined and not joined[-1][2]:
            joined[-1] = (joined[-1][0], day, [])
        else:
            joined.append((day, day, reports))
    return joined


def _service_row(ctx: SiteContext, service: Service, status: str) -> ServiceRow:
    """A service's status and its availability over the configured days."""
    days = availability(service, ctx.archive.records, ctx.settings, ctx.now)
    return ServiceRow(service, status, days, period_availability(days))


def utc_iso(moment: datetime) -> str:
    """A moment in UTC for ``<time datetime>`` and data attributes, e.g. ``2026-11-26T12:00:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def percent(value: float | None, language: Language) -> str:
    """An availability as a percentage in the locale's way (``99.96%``, ``99,96 %``, ``%99,96``), with two
    decimals rounded down, so that any downtime never reads as 100%."""
    if value is None:
        return language.gettext("no data")
    pattern = language.babel.percent_formats[None]
    if value >= 1.0:
        return str(pattern.apply(1, language.babel))
    two_decimals = copy(pattern)
    two_decimals.frac_prec = (2, 2)
    return str(two_decimals.apply(Decimal(math.floor(value * 10000)) / 10000, language.babel))


def window(ctx: SiteContext, record: Record) -> str:
    """A maintenance window in the site's timezone, the day left out of the end when it is the same."""
    start, end = record.report.scheduled_for, record.report.scheduled_until
    if start is None or end is None:
        return ""
    first, last = start.astimezone(ctx.zone), end.astimezone(ctx.zone)
    if first.date() == last.date() and first.tzname() == last.tzname():
        # Translators: a maintenance window within one day, e.g. "26 Nov 2026 22:00 to 23:30 GMT".
        return ctx.language.gettext("%(day)s %(start)s to %(end)s %(zone)s") % {
            "day": local_date(ctx, first), "start": f"{first:%H:%M}", "end": f"{last:%H:%M}", "zone": last.tzname(),
        }
    # Translators: a maintenance window over several days, from one date and time to another.
    return ctx.language.gettext("%(start)s to %(end)s") % {"start": local_time(ctx, start), "end": local_time(ctx, end)}


def page_script_words(ctx: SiteContext) -> Markup:
    """``script_words`` of the build's language, made once for every page that carries them."""
    return ctx.renderer.made_once("script words", lambda: script_words(ctx.language))


def script_words(language: Language) -> Markup:
    """The words status.js writes, in the page's language, as compact JSON for an attribute: how long
    ago a time was and a day's date. Browsers' Intl formats lack many languages (Chromium has no Welsh),
    so the page carries them."""
    words = language.catalogue
    return htmlsafe_json_dumps({
        "minute": language.plural_forms(lambda n: words.ngettext("%(count)s minute ago", "%(count)s minutes ago", n)),
        "hour": language.plural_forms(lambda n: words.ngettext("%(count)s hour ago", "%(count)s hours ago", n)),
        "day": language.plural_forms(lambda n: words.ngettext("%(count)s day ago", "%(count)s days ago", n)),
        # Translators: how long ago a time was, when it was less than a minute ago.
        "now": language.gettext("now"),
        "yesterday": language.gettext("yesterday"),
        "months": language.month_names(),
        "date": language.date_shape(),
    }, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def one_block(html: str) -> str:
    """Rendered HTML as one raw block for Python-Markdown: no blank lines, no indented lines."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())
