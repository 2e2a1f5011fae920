"""Insights (insights/): what the archive teaches over time; internal build only.

The figures come from ``core.metrics``; this module turns them into charts
(inline SVG) and the text tables beside them. Only incidents count:
maintenance is not an incident, and exercises get a section of their own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import NamedTuple

from ..core import metrics
from ..core.metrics import Summary
from ..core.model import Record
from .charts import Bar, Chart, Part, bar_chart
from .context import Output, SiteContext
from .i18n import N_, Language
from .pages import page_output
from .times import duration
from .words import (
    DETECTION_SOURCE_LABELS,
    MEASURE_LABELS,
    MEASURE_ROW_LABELS,
    OUTCOME_LABELS,
    category_words,
)

PATH = "insights/index.md"
#: From insights/ to the site's root, for links to reports.
ROOT = "../"
#: The timing figures' title, description and table caption, by what they are grouped by (translated when shown).
TIMING_WORDS = {
    "severity": (
        N_("Median time to detect, mitigate and resolve by severity"),
        N_("Bar chart of the median minutes from the start of user impact to detection, mitigation and resolution, "
           "for each severity; the table beside it has each count n and 90th percentile."),
        N_("Time to detect, mitigate and resolve by severity"),
    ),
    "quarter": (
        N_("Median time to detect, mitigate and resolve by quarter"),
        N_("Bar chart of the median minutes from the start of user impact to detection, mitigation and resolution, "
           "for each quarter; the table beside it has each count n and 90th percentile."),
        N_("Time to detect, mitigate and resolve by quarter"),
    ),
}
_ORIGIN = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Table:
    """A text table: caption, column headings (the first heads the row headings), rows and an optional total row."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    total: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class Figure:
    """A chart with its text table, which holds the same figures."""

    chart: Chart
    table: Table


@dataclass(frozen=True)
class TimingGroup:
    """One severity or quarter: each measure's n, median and 90th percentile, as text."""

    name: str
    measures: tuple[tuple[str, int, str, str], ...]


@dataclass(frozen=True)
class TimingFigure:
    """A chart of median timings per group, and the full table."""

    chart: Chart
    caption: str
    groups: tuple[TimingGroup, ...]


def render(ctx: SiteContext) -> list[Output]:
    """The insights page (internal build only: the public build gets nothing)."""
    if ctx.public:
        return []
    incidents = metrics.incidents(ctx.archive.records)
    values = figures(ctx, incidents) if incidents else {}
    body = ctx.renderer.render(
        ctx, "insights/index.html", incidents=incidents, root=ROOT, min_p90=metrics.MIN_P90_COUNT,
        percent=lambda share: percent(share, ctx.language),
        exercises=exercise_rows(metrics.exercises(ctx.archive.records), ctx.language), **values,
    )
    return [page_output(PATH, ctx.language.gettext("Insights"), body)]


def figures(ctx: SiteContext, incidents: Sequence[Record]) -> dict[str, object]:
    """Every figure of the page, for a non-empty list of incidents."""
    severities = severity_order(ctx, incidents)
    detection = metrics.detection(incidents)
    completion = metrics.action_completion(incidents, ctx.today, ctx.zone)
    by_quarter = metrics.timings_by(incidents, lambda r: metrics.quarter_of(r.begins, ctx.zone))
    by_severity = metrics.timings_by(incidents, lambda r: r.report.severity or "", severities)
    language = ctx.language
    return {
        "first_month": month_name(min(metrics.month_of(r.begins, ctx.zone) for r in incidents), language),
        "per_month_severity": monthly_by_severity(ctx, incidents, severities),
        "per_month_service": monthly_by_service(ctx, incidents),
        "per_month_category": monthly_by_category(ctx, incidents),
        "timings_severity": timing_figure("timings-severity", "severity", by_severity, language),
        "timings_quarter": timing_figure(
            "timings-quarter", "quarter", {quarter_name(q, language): v for q, v in by_quarter.items()}, language,
        ),
        "detected_early": metrics.detected_before_impact(incidents),
        "detection": detection,
        "detection_figure": detection_figure(detection, language),
        "completion": completion,
        "completion_figure": completion_figure(completion, language),
        "open_age": open_age_table(completion.open_age_days, language),
        "hygiene": hygiene(ctx, incidents, severities),
    }


# --- Formatting ----------------------------------------------------------------


def span(value: float | None, language: Language) -> str:
    """Minutes as a span like ``1 h 5 min`` (to the minute), or a dash when unknown."""
    if value is None:
        return "—"
    return duration(_ORIGIN, _ORIGIN + timedelta(minutes=round(value)), language)


def days(value: float | None, language: Language) -> str:
    """A number of days as text (a median may end in .5), or a dash when unknown."""
    if value is None:
        return "—"
    whole = int(value) if value == int(value) else 2  # a half day is counted in the "other" plural form
    return language.catalogue.ngettext("%(num)s day", "%(num)s days", whole) % {"num": f"{value:g}"}


def p90_text(summary: Summary, shown: Callable[[float | None], str], language: Language) -> str:
    """The 90th percentile as text; below ``MIN_P90_COUNT`` values it is withheld, and says so."""
    if summary.p90 is not None:
        return shown(summary.p90)
    return language.gettext("not shown (n < %(min)s)") % {"min": metrics.MIN_P90_COUNT} if summary.n else "—"


def percent(share: float | None, language: Language) -> str:
    """A share as a percentage rounded half up (``37.5%`` -> ``38%``), or a dash for the share of nothing."""
    return "—" if share is None else language.gettext("%(num)s%%") % {"num": math.floor(100 * share + 0.5)}


def month_name(month: str, language: Language) -> str:
    """``2026-11`` as ``Nov 2026``."""
    return language.month(datetime(int(month[:4]), int(month[5:]), 1))


def quarter_name(quarter: str, language: Language) -> str:
    """``2026 Q4`` as the language writes a quarter (``Ch4 2026`` in Welsh)."""
    year, number = quarter.split(" Q")
    return language.gettext("%(year)s Q%(quarter)s") % {"year": year, "quarter": number}


def severity_order(ctx: SiteContext, records: Sequence[Record]) -> list[str]:
    """The configured severities, then any other found (a configuration changed since)."""
    found = {r.report.severity or "" for r in records}
    return list(ctx.settings.severities) + sorted(found - set(ctx.settings.severities))


# --- Figures ---------------------------------------------------------------------


def monthly_by_severity(ctx: SiteContext, records: Sequence[Record], severities: list[str]) -> Figure:
    """Incidents per month, stacked by severity."""
    counts = metrics.per_month(records, ctx.zone, ctx.today, metrics.by_severity)
    language, _ = ctx.language, ctx.language.gettext
    bars, rows = [], []
    for month, count in counts.items():
        total = sum(count.values())
        name = month_name(month, language)
        detail = ", ".join(f"{s}: {count[s]}" for s in severities if count[s])
        parts = [Part(i, count[s], f"{name}, {s}: {count[s]}") for i, s in enumerate(severities)]
        bars.append(Bar(name, parts, f"{total} ({detail})" if total else "0"))
        rows.append((name, tuple(str(count[s]) for s in severities) + (str(total),)))
    totals = tuple(str(sum(c[s] for c in counts.values())) for s in severities) + (str(len(records)),)
    chart = bar_chart(
        "per-month-severity", _("Incidents per month by severity"),
        _("Bar chart of the incidents started each month from %(first)s to %(last)s, each bar divided by severity; "
          "the table beside it has the same figures.") % {"first": rows[0][0], "last": rows[-1][0]},
        bars, legend=severities,
    )
    table = Table(
        _("Incidents per month by severity"), (_("Month"), *severities, _("Total")), tuple(rows), (_("Total"), totals),
    )
    return Figure(chart, table)


def monthly_by_service(ctx: SiteContext, records: Sequence[Record]) -> Figure:
    """Incidents per month for each service affected (an incident counts once for each service it lists)."""
    catalogue = ctx.archive.catalogue.services
    names = {service_id: service.name for service_id, service in catalogue.items()}
    return monthly_by(ctx, records, metrics.by_service, list(catalogue), names, BY_SERVICE)


def monthly_by_category(ctx: SiteContext, records: Sequence[Record]) -> Figure:
    """Incidents per month for each category (an incident counts once for each category it names)."""
    order = [*ctx.settings.categories, metrics.UNCATEGORISED]
    names = {category: category_words(category, ctx.language) for category in order}
    return monthly_by(ctx, records, metrics.by_category, order, names, BY_CATEGORY)


class FigureWording(NamedTuple):
    """A per-month figure's chart id, and its chart's title, description and table caption (translated when shown)."""

    chart_id: str
    title: str
    description: str
    caption: str


BY_SERVICE = FigureWording(
    "per-service", N_("Incidents by service"),
    N_("Bar chart of the number of incidents that affected each service over the whole period; "
       "the table beside it has the figures per month."),
    N_("Incidents per month by service"),
)
BY_CATEGORY = FigureWording(
    "per-category", N_("Incidents by category"),
    N_("Bar chart of the number of incidents of each category over the whole period; "
       "the table beside it has the figures per month."),
    N_("Incidents per month by category"),
)


def monthly_by(
    ctx: SiteContext, records: Sequence[Record], keys: Callable[[Record], Iterable[str]], order: list[str],
    names: dict[str, str], wording: FigureWording,
) -> Figure:
    """Incidents per month for each key a report counts towards: a bar per key over the whole period, a table per month."""
    counts = metrics.per_month(records, ctx.zone, ctx.today, keys)
    found = {k for c in counts.values() for k in c}
    shown = [k for k in order if k in found] + sorted(found - set(order))
    labels = [names.get(k, k) for k in shown]
    totals = [sum(c[k] for c in counts.values()) for k in shown]
    bars = [Bar(label, [Part(0, total, f"{label}: {total}")], str(total)) for label, total in zip(labels, totals, strict=True)]
    _ = ctx.language.gettext
    chart = bar_chart(wording.chart_id, _(wording.title), _(wording.description), bars)
    rows = tuple((month_name(m, ctx.language), tuple(str(c[k]) for k in shown)) for m, c in counts.items())
    table = Table(_(wording.caption), (_("Month"), *labels), rows, (_("Total"), tuple(map(str, totals))))
    return Figure(chart, table)


def timing_figure(
    chart_id: str, grouping: str, summaries: dict[str, dict[str, Summary]], language: Language,
) -> TimingFigure:
    """Median time to detect, mitigate and resolve per group, with each measure's n and 90th percentile."""
    _ = language.gettext
    shown = partial(span, language=language)
    bars, groups = [], []
    for name, measures in summaries.items():
        rows = []
        for index, (measure, label) in enumerate(MEASURE_LABELS.items()):
            summary, label = measures[measure], _(label)
            text = _("%(span)s (n %(n)s)") % {"span": shown(summary.median), "n": summary.n} if summary.n else _("no data (n 0)")
            part = Part(index, summary.median or 0, _("%(group)s, %(measure)s, median: %(text)s") % {
                "group": name, "measure": label.lower(), "text": text,
            })
            bars.append(Bar(f"{name} · {label}", [part], text))
            rows.append((_(MEASURE_ROW_LABELS[measure]), summary.n, shown(summary.median), p90_text(summary, shown, language)))
        groups.append(TimingGroup(name, tuple(rows)))
    title, description, caption = (_(words) for words in TIMING_WORDS[grouping])
    chart = bar_chart(chart_id, title, description, bars, legend=[_(name) for name in MEASURE_LABELS.values()])
    return TimingFigure(chart, caption, tuple(groups))


def detection_figure(found: metrics.Detection, language: Language) -> Figure:
    """How incidents were first noticed, over those that record it."""
    _ = language.gettext
    bars, rows = [], []
    for source, count in found.counts.items():
        share = percent(count / found.recorded if found.recorded else None, language)
        name = _(DETECTION_SOURCE_LABELS[source])
        bars.append(Bar(name, [Part(0, count, f"{name}: {count}")], f"{count} ({share})"))
        rows.append((name, (str(count), share)))
    chart = bar_chart(
        "detected-by", _("Who detected incidents first"),
        _("Bar chart of how many incidents were first detected by alerts, users, staff, suppliers or otherwise, "
          "among incidents that record it; the table beside it has the same figures."),
        bars,
    )
    table = Table(_("Who detected incidents first"), (_("Detected by"), _("Incidents"), _("Share")), tuple(rows),
                  (_("Total"), (str(found.recorded), percent(1.0, language) if found.recorded else "—")))
    return Figure(chart, table)


def completion_figure(completion: metrics.Completion, language: Language) -> Figure:
    """What became of the incidents' follow-up actions."""
    _ = language.gettext
    bars, rows = [], []
    for outcome, words in OUTCOME_LABELS.items():
        count, name = completion.outcomes[outcome], _(words)
        bars.append(Bar(name, [Part(0, count, f"{name}: {count}")], str(count)))
        rows.append((name, (str(count),)))
    chart = bar_chart(
        "action-outcomes", _("Follow-up actions by outcome"),
        _("Bar chart of how many follow-up actions were done by their due date, done late, are overdue, "
          "open and not yet due, or will not be done; the table beside it has the same figures."),
        bars,
    )
    table = Table(
        _("Follow-up actions by outcome"), (_("Outcome"), _("Actions")), tuple(rows), (_("Total"), (str(completion.total),)),
    )
    return Figure(chart, table)


def open_age_table(ages: Summary, language: Language) -> Table:
    """How long open actions have been open, from the start of their incident."""
    _, shown = language.gettext, partial(days, language=language)
    return Table(
        _("Age of open actions"), (_("Actions"), "n", _("Median age"), _("90th percentile")),
        ((_("Open or in progress"), (str(ages.n), shown(ages.median), p90_text(ages, shown, language))),),
    )


@dataclass(frozen=True)
class StaleReport:
    """A resolved report still unfinished, and for how long."""

    record: Record
    days_since: int


@dataclass(frozen=True)
class Hygiene:
    """Reports left in draft or initial too long after resolution: the limit, counts per severity, the list."""

    days: int
    by_severity: Table
    reports: tuple[StaleReport, ...]


def hygiene(ctx: SiteContext, records: Sequence[Record], severities: list[str]) -> Hygiene:
    """The resolved reports still unfinished more than ``hygiene_days`` after resolution."""
    stale = metrics.stale_reports(records, ctx.now, ctx.settings.hygiene_days)
    counts = metrics.count_by_severity(stale, severities)
    _ = ctx.language.gettext
    by_severity = Table(
        _("Unfinished reports by severity"), (_("Severity"), _("Reports")),
        tuple((severity, (str(count),)) for severity, count in counts.items()), (_("Total"), (str(len(stale)),)),
    )
    reports = tuple(StaleReport(r, (ctx.now - r.resolved).days) for r in stale if r.resolved is not None)
    return Hygiene(ctx.settings.hygiene_days, by_severity, reports)


@dataclass(frozen=True)
class ExerciseRow:
    """An exercise with its own timings and follow-up, kept out of every other figure."""

    record: Record
    detect: str
    mitigate: str
    resolve: str
    actions_done: int
    actions: int


def exercise_rows(records: Sequence[Record], language: Language) -> list[ExerciseRow]:
    """The exercises, newest first."""
    span_in = partial(span, language=language)
    rows = []
    for record in records:
        actions = record.report.actions or []
        rows.append(ExerciseRow(
            record,
            detect=span_in(metrics.time_to_detect(record)),
            mitigate=span_in(metrics.time_to_mitigate(record)),
            resolve=span_in(metrics.time_to_resolve(record)),
            actions_done=sum(a.status == "done" for a in actions),
            actions=len(actions),
        ))
    return rows
