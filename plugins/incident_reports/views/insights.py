"""Insights (insights/): what the archive teaches over time; internal build only.

The figures come from ``core.metrics``; this module turns them into charts
(inline SVG) and the text tables beside them. Only incidents count:
maintenance is not an incident, and exercises get a section of their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable, Sequence

from ..core import metrics
from ..core.metrics import Summary
from ..core.model import Record
from .charts import Bar, Chart, Part, bar_chart
from .context import Output, SiteContext
from .rendering import duration, page_output, render as render_template

PATH = "insights/index.md"
#: From insights/ to the site's root, for links to reports.
ROOT = "../"
MEASURE_NAMES = {"detect": "Detect", "mitigate": "Mitigate", "resolve": "Resolve"}
SOURCE_NAMES = {"alert": "Alert", "user": "Users", "staff": "Staff", "supplier": "Supplier", "other": "Other"}
OUTCOME_NAMES = {
    "on_time": "Done by the due date",
    "late": "Done after the due date",
    "done_undated": "Done, due or done date not recorded",
    "overdue": "Overdue",
    "pending": "Open, not yet due",
    "wont_do": "Won't do",
}
NOT_SHOWN = f"not shown (n < {metrics.MIN_P90_COUNT})"
_ORIGIN = datetime(2000, 1, 1, tzinfo=timezone.utc)


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
    body = render_template(
        ctx, "insights/index.html", incidents=incidents, root=ROOT, min_p90=metrics.MIN_P90_COUNT,
        percent=percent, exercises=exercise_rows(metrics.exercises(ctx.archive.records)), **values,
    )
    return [page_output(PATH, "Insights", body)]


def figures(ctx: SiteContext, incidents: Sequence[Record]) -> dict[str, object]:
    """Every figure of the page, for a non-empty list of incidents."""
    severities = severity_order(ctx, incidents)
    detection = metrics.detection(incidents)
    completion = metrics.action_completion(incidents, ctx.today, ctx.zone)
    by_quarter = metrics.timings_by(incidents, lambda r: metrics.quarter_of(r.begins, ctx.zone))
    by_severity = metrics.timings_by(incidents, lambda r: r.report.severity or "", severities)
    return {
        "first_month": month_name(min(metrics.month_of(r.begins, ctx.zone) for r in incidents)),
        "per_month_severity": monthly_by_severity(ctx, incidents, severities),
        "per_month_service": monthly_by_service(ctx, incidents),
        "per_month_category": monthly_by_category(ctx, incidents),
        "timings_severity": timing_figure("timings-severity", "severity", by_severity),
        "timings_quarter": timing_figure("timings-quarter", "quarter", by_quarter),
        "detected_early": metrics.detected_before_impact(incidents),
        "detection": detection,
        "detection_figure": detection_figure(detection),
        "completion": completion,
        "completion_figure": completion_figure(completion),
        "open_age": open_age_table(completion.open_age_days),
        "hygiene": hygiene(ctx, incidents, severities),
    }


# --- Formatting ----------------------------------------------------------------


def span(value: float | None) -> str:
    """Minutes as a span like ``1 h 5 min`` (to the minute), or a dash when unknown."""
    if value is None:
        return "—"
    return duration(_ORIGIN, _ORIGIN + timedelta(minutes=round(value)))


def days(value: float | None) -> str:
    """A number of days as text (a median may end in .5), or a dash when unknown."""
    if value is None:
        return "—"
    return f"{value:g} day" if value == 1 else f"{value:g} days"


def p90_text(summary: Summary, shown: Callable[[float | None], str]) -> str:
    """The 90th percentile as text; below ``MIN_P90_COUNT`` values it is withheld, and says so."""
    if summary.p90 is not None:
        return shown(summary.p90)
    return NOT_SHOWN if summary.n else "—"


def percent(share: float | None) -> str:
    """A share as a percentage rounded half up (``37.5%`` -> ``38%``), or a dash for the share of nothing."""
    return "—" if share is None else f"{math.floor(100 * share + 0.5)}%"


def month_name(month: str) -> str:
    """``2026-11`` as ``Nov 2026``."""
    return datetime(int(month[:4]), int(month[5:]), 1).strftime("%b %Y")


def severity_order(ctx: SiteContext, records: Sequence[Record]) -> list[str]:
    """The configured severities, then any other found (a configuration changed since)."""
    found = {r.report.severity or "" for r in records}
    return list(ctx.settings.severities) + sorted(found - set(ctx.settings.severities))


# --- Figures ---------------------------------------------------------------------


def monthly_by_severity(ctx: SiteContext, records: Sequence[Record], severities: list[str]) -> Figure:
    """Incidents per month, stacked by severity."""
    counts = metrics.per_month(records, ctx.zone, ctx.today, metrics.by_severity)
    bars, rows = [], []
    for month, count in counts.items():
        total = sum(count.values())
        detail = ", ".join(f"{s}: {count[s]}" for s in severities if count[s])
        parts = [Part(i, count[s], f"{month_name(month)}, {s}: {count[s]}") for i, s in enumerate(severities)]
        bars.append(Bar(month_name(month), parts, f"{total} ({detail})" if total else "0"))
        rows.append((month_name(month), tuple(str(count[s]) for s in severities) + (str(total),)))
    totals = tuple(str(sum(c[s] for c in counts.values())) for s in severities) + (str(len(records)),)
    chart = bar_chart(
        "per-month-severity", "Incidents per month by severity",
        f"Bar chart of the incidents started each month from {rows[0][0]} to {rows[-1][0]}, each bar "
        "divided by severity; the table beside it has the same figures.",
        bars, legend=severities,
    )
    table = Table("Incidents per month by severity", ("Month", *severities, "Total"), tuple(rows), ("Total", totals))
    return Figure(chart, table)


def monthly_by_service(ctx: SiteContext, records: Sequence[Record]) -> Figure:
    """Incidents per month for each service affected (an incident counts once for each service it lists)."""
    catalogue = ctx.archive.catalogue.services
    names = {service_id: service.name for service_id, service in catalogue.items()}
    return monthly_by(ctx, records, metrics.by_service, list(catalogue), names, "service", "that affected each service")


def monthly_by_category(ctx: SiteContext, records: Sequence[Record]) -> Figure:
    """Incidents per month for each category (an incident counts once for each category it names)."""
    order = [*ctx.settings.categories, metrics.UNCATEGORISED]
    names = {category: category.capitalize() for category in order}
    return monthly_by(ctx, records, metrics.by_category, order, names, "category", "of each category")


def monthly_by(
    ctx: SiteContext, records: Sequence[Record], keys: Callable[[Record], Iterable[str]], order: list[str],
    names: dict[str, str], what: str, which: str,
) -> Figure:
    """Incidents per month for each key a report counts towards: a bar per key over the whole period, a table per month."""
    counts = metrics.per_month(records, ctx.zone, ctx.today, keys)
    found = {k for c in counts.values() for k in c}
    shown = [k for k in order if k in found] + sorted(found - set(order))
    labels = [names.get(k, k) for k in shown]
    totals = [sum(c[k] for c in counts.values()) for k in shown]
    bars = [Bar(label, [Part(0, total, f"{label}: {total}")], str(total)) for label, total in zip(labels, totals)]
    chart = bar_chart(
        f"per-{what}", f"Incidents by {what}",
        f"Bar chart of the number of incidents {which} over the whole period; "
        "the table beside it has the figures per month.",
        bars,
    )
    rows = tuple((month_name(m), tuple(str(c[k]) for k in shown)) for m, c in counts.items())
    table = Table(f"Incidents per month by {what}", ("Month", *labels), rows, ("Total", tuple(map(str, totals))))
    return Figure(chart, table)


def timing_figure(chart_id: str, grouping: str, summaries: dict[str, dict[str, Summary]]) -> TimingFigure:
    """Median time to detect, mitigate and resolve per group, with each measure's n and 90th percentile."""
    bars, groups = [], []
    for name, measures in summaries.items():
        rows = []
        for index, (measure, label) in enumerate(MEASURE_NAMES.items()):
            summary = measures[measure]
            text = f"{span(summary.median)} (n {summary.n})" if summary.n else "no data (n 0)"
            part = Part(index, summary.median or 0, f"{name}, {label.lower()}, median: {text}")
            bars.append(Bar(f"{name} · {label}", [part], text))
            rows.append((f"Time to {label.lower()}", summary.n, span(summary.median), p90_text(summary, span)))
        groups.append(TimingGroup(name, tuple(rows)))
    chart = bar_chart(
        chart_id, f"Median time to detect, mitigate and resolve by {grouping}",
        f"Bar chart of the median minutes from the start of user impact to detection, mitigation and "
        f"resolution, for each {grouping}; the table beside it has each count n and 90th percentile.",
        bars, legend=list(MEASURE_NAMES.values()),
    )
    return TimingFigure(chart, f"Time to detect, mitigate and resolve by {grouping}", tuple(groups))


def detection_figure(found: metrics.Detection) -> Figure:
    """How incidents were first noticed, over those that record it."""
    bars, rows = [], []
    for source, count in found.counts.items():
        share = percent(count / found.recorded if found.recorded else None)
        name = SOURCE_NAMES[source]
        bars.append(Bar(name, [Part(0, count, f"{name}: {count}")], f"{count} ({share})"))
        rows.append((name, (str(count), share)))
    chart = bar_chart(
        "detected-by", "Who detected incidents first",
        "Bar chart of how many incidents were first detected by alerts, users, staff, suppliers or otherwise, "
        "among incidents that record it; the table beside it has the same figures.",
        bars,
    )
    table = Table("Who detected incidents first", ("Detected by", "Incidents", "Share"), tuple(rows),
                  ("Total", (str(found.recorded), "100%" if found.recorded else "—")))
    return Figure(chart, table)


def completion_figure(completion: metrics.Completion) -> Figure:
    """What became of the incidents' follow-up actions."""
    bars, rows = [], []
    for outcome, name in OUTCOME_NAMES.items():
        count = completion.outcomes[outcome]
        bars.append(Bar(name, [Part(0, count, f"{name}: {count}")], str(count)))
        rows.append((name, (str(count),)))
    chart = bar_chart(
        "action-outcomes", "Follow-up actions by outcome",
        "Bar chart of how many follow-up actions were done by their due date, done late, are overdue, "
        "open and not yet due, or will not be done; the table beside it has the same figures.",
        bars,
    )
    table = Table(
        "Follow-up actions by outcome", ("Outcome", "Actions"), tuple(rows), ("Total", (str(completion.total),)),
    )
    return Figure(chart, table)


def open_age_table(ages: Summary) -> Table:
    """How long open actions have been open, from the start of their incident."""
    return Table(
        "Age of open actions", ("Actions", "n", "Median age", "90th percentile"),
        (("Open or in progress", (str(ages.n), days(ages.median), p90_text(ages, days))),),
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
    by_severity = Table(
        "Unfinished reports by severity", ("Severity", "Reports"),
        tuple((severity, (str(count),)) for severity, count in counts.items()), ("Total", (str(len(stale)),)),
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


def exercise_rows(records: Sequence[Record]) -> list[ExerciseRow]:
    """The exercises, newest first."""
    rows = []
    for record in records:
        actions = record.report.actions or []
        rows.append(ExerciseRow(
            record,
            detect=span(metrics.time_to_detect(record)),
            mitigate=span(metrics.time_to_mitigate(record)),
            resolve=span(metrics.time_to_resolve(record)),
            actions_done=sum(a.status == "done" for a in actions),
            actions=len(actions),
        ))
    return rows
