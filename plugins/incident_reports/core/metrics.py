"""What the archive teaches: counts, timings, action follow-up and report hygiene.

Pure functions over records, shared by the insights page and the action
register. Only incidents make the figures: maintenance is not an incident,
and exercises (rehearsals) are counted apart, never mixed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median as _median
from typing import get_args
from zoneinfo import ZoneInfo

from .model import OPEN_ACTION_STATUSES, Record
from .schema import Action, DetectedBy, report_categories

#: Below this many values the 90th percentile says too little to be shown.
MIN_P90_COUNT = 10
#: Where incidents were first noticed, in the schema's order.
DETECTION_SOURCES: tuple[str, ...] = get_args(DetectedBy)
#: What became of an action, for completion figures; every action has exactly one outcome.
ACTION_OUTCOMES = ("on_time", "late", "done_undated", "overdue", "pending", "wont_do")
#: Stages at which a resolved report is still unfinished.
UNFINISHED_STAGES = ("draft", "initial")


# --- Statistics -------------------------------------------------------------


def median(values: Sequence[float]) -> float | None:
    """The median (the mean of the two middle values when their number is even); None for no values."""
    return float(_median(values)) if values else None


def nearest_rank(values: Sequence[float], percent: int) -> float | None:
    """The nearest-rank percentile: the smallest value with at least ``percent``% of values at or below it."""
    if not values:
        return None
    rank = -(-percent * len(values) // 100)  # ceil without floating point
    return sorted(values)[max(rank, 1) - 1]


@dataclass(frozen=True)
class Summary:
    """How many values, their median and their 90th percentile (None below ``MIN_P90_COUNT`` values)."""

    n: int
    median: float | None
    p90: float | None


def summarise(values: Iterable[float]) -> Summary:
    """Count, median and nearest-rank 90th percentile of some values."""
    found = list(values)
    p90 = nearest_rank(found, 90) if len(found) >= MIN_P90_COUNT else None
    return Summary(len(found), median(found), p90)


# --- Which reports count ------------------------------------------------------


def incidents(records: Iterable[Record]) -> list[Record]:
    """The reports the figures are made of: incidents only (no maintenance, no exercises)."""
    return [r for r in records if r.kind == "incident"]


def exercises(records: Iterable[Record]) -> list[Record]:
    """The rehearsals, counted on their own."""
    return [r for r in records if r.kind == "exercise"]


# --- Calendar groupings (in the site's timezone) -----------------------------


def month_of(moment: datetime, zone: ZoneInfo) -> str:
    """The month a moment falls in, in the site's timezone, as ``YYYY-MM``."""
    local = moment.astimezone(zone)
    return f"{local.year:04d}-{local.month:02d}"


def quarter_of(moment: datetime, zone: ZoneInfo) -> str:
    """The quarter a moment falls in, in the site's timezone, as ``YYYY Qn``."""
    local = moment.astimezone(zone)
    return f"{local.year:04d} Q{(local.month - 1) // 3 + 1}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (both ``YYYY-MM``, inclusive)."""
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def per_month(
    records: Sequence[Record], zone: ZoneInfo, today: date, keys: Callable[[Record], Iterable[str]]
) -> dict[str, Counter[str]]:
    """Counts per month of start, from the first report's month to this month (empty months included).

    ``keys`` says what a report counts towards: its severity, or each service it lists.
    """
    if not records:
        return {}
    first = min(month_of(r.begins, zone) for r in records)
    counts = {month: Counter[str]() for month in months_between(first, f"{today.year:04d}-{today.month:02d}")}
    for record in records:
        counts.setdefault(month_of(record.begins, zone), Counter()).update(keys(record))
    return dict(sorted(counts.items()))


def by_severity(record: Record) -> list[str]:
    """A report counts once towards its severity."""
    return [record.report.severity or ""]


def by_service(record: Record) -> list[str]:
    """A report counts once towards each service it lists."""
    return record.services


#: What a report that names no category counts towards.
UNCATEGORISED = "uncategorised"


def by_category(record: Record) -> list[str]:
    """A report counts once towards each category it names (``category`` or each of ``categories``)."""
    return report_categories(record.report) or [UNCATEGORISED]


# --- Timings ------------------------------------------------------------------


def minutes(start: datetime, end: datetime) -> float:
    """The minutes from ``start`` to ``end``."""
    return (end - start) / timedelta(minutes=1)


def time_to_detect(record: Record) -> float | None:
    """Minutes from impact to detection; a report caught before users were hit counts as 0."""
    started, detected = record.report.started, record.report.detected
    if started is None or detected is None:
        return None
    return max(0.0, minutes(started, detected))


def time_to_mitigate(record: Record) -> float | None:
    """Minutes from impact to its end: ``mitigated``, else ``resolved`` (impact counts until then)."""
    started, ended = record.report.started, record.impact_ends
    return None if started is None or ended is None else minutes(started, ended)


def time_to_resolve(record: Record) -> float | None:
    """Minutes from impact to resolution."""
    started, resolved = record.report.started, record.resolved
    return None if started is None or resolved is None else minutes(started, resolved)


#: The durations measured from when user impact began, by name.
TIMINGS: dict[str, Callable[[Record], float | None]] = {
    "detect": time_to_detect, "mitigate": time_to_mitigate, "resolve": time_to_resolve,
}


def timings(records: Iterable[Record]) -> dict[str, Summary]:
    """Each measure summarised over the reports that record it."""
    found = list(records)
    summaries = {}
    for measure, of in TIMINGS.items():
        values = [value for value in map(of, found) if value is not None]
        summaries[measure] = summarise(values)
    return summaries


def timings_by(
    records: Iterable[Record], group: Callable[[Record], str], groups: Sequence[str] = ()
) -> dict[str, dict[str, Summary]]:
    """Timings per group: the ``groups`` given (even if empty), then any other group found, sorted."""
    members: dict[str, list[Record]] = {g: [] for g in groups}
    for record in records:
        members.setdefault(group(record), []).append(record)
    order = list(groups) + sorted(set(members) - set(groups))
    return {g: timings(members[g]) for g in order}


def detected_before_impact(records: Iterable[Record]) -> int:
    """How many reports were detected before their user impact began."""
    return sum(
        1 for r in records
        if r.report.detected is not None and r.report.started is not None and r.report.detected < r.report.started
    )


@dataclass(frozen=True)
class Detection:
    """Where incidents were first noticed, over the reports that record it."""

    counts: dict[str, int]
    recorded: int
    by_users: int

    @property
    def user_share(self) -> float | None:
        """The share of recorded detections made by users (None when none is recorded)."""
        return self.by_users / self.recorded if self.recorded else None


def detection(records: Iterable[Record]) -> Detection:
    """Counts per ``detected_by`` value; reports without it are left out."""
    counts: Counter[str] = Counter(r.report.detected_by for r in records if r.report.detected_by)
    return Detection(
        counts={source: counts[source] for source in DETECTION_SOURCES},
        recorded=sum(counts.values()),
        by_users=counts["user"],
    )


# --- Actions ------------------------------------------------------------------


def is_overdue(action: Action, today: date) -> bool:
    """Open or in progress with its due date passed (shown, never an error)."""
    return action.status in OPEN_ACTION_STATUSES and action.due is not None and action.due < today


def action_state(action: Action, today: date) -> str:
    """The register's state: ``overdue`` (which trumps the written status), else the written status."""
    return "overdue" if is_overdue(action, today) else action.status


def done_on_time(action: Action) -> bool:
    """Done, with ``done_on`` no later than ``due``."""
    done, due = action.done_on, action.due
    return action.status == "done" and done is not None and due is not None and done <= due


def action_outcome(action: Action, today: date) -> str:
    """What became of an action (one of ``ACTION_OUTCOMES``).

    Done actions are on time or late by ``done_on`` against ``due``, and
    ``done_undated`` when either date is missing; open ones are overdue or
    still ``pending``.
    """
    if action.status == "wont_do":
        return "wont_do"
    if action.status == "done":
        if action.due is None or action.done_on is None:
            return "done_undated"
        return "on_time" if action.done_on <= action.due else "late"
    return "overdue" if is_overdue(action, today) else "pending"


@dataclass(frozen=True)
class ActionEntry:
    """One action of one report, as the register lists it."""

    record: Record
    index: int
    action: Action
    state: str

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def open(self) -> bool:
        """Not done and not dropped (overdue included)."""
        return self.action.status in OPEN_ACTION_STATUSES


def action_entries(records: Iterable[Record], today: date) -> list[ActionEntry]:
    """Every action of every report, open ones (overdue first) before the rest, each part by due date.

    Actions without a due date come last in their part; ties keep report and list order.
    """
    entries = [
        ActionEntry(record, index, action, action_state(action, today))
        for record in records for index, action in enumerate(record.report.actions or [])
    ]
    return sorted(entries, key=lambda e: (
        not e.open, e.action.due is None, e.action.due or date.min, e.record.id, e.index,
    ))


@dataclass(frozen=True)
class ActionCounts:
    """The register's headline: open (overdue included), overdue, and done by the due date."""

    open: int
    overdue: int
    on_time: int
    total: int


def action_counts(entries: Sequence[ActionEntry]) -> ActionCounts:
    """Headline counts of some register entries."""
    return ActionCounts(
        open=sum(e.open for e in entries),
        overdue=sum(e.overdue for e in entries),
        on_time=sum(done_on_time(e.action) for e in entries),
        total=len(entries),
    )


@dataclass(frozen=True)
class Completion:
    """How follow-up actions went: outcomes, the share done by the due date, the age of open ones."""

    outcomes: dict[str, int]
    open_age_days: Summary

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())

    @property
    def due_so_far(self) -> int:
        """Actions whose due date has come or that are done with both dates: on time, late or overdue."""
        return self.outcomes["on_time"] + self.outcomes["late"] + self.outcomes["overdue"]

    @property
    def on_time_share(self) -> float | None:
        """Done by the due date, of the actions due so far (None when none is)."""
        return self.outcomes["on_time"] / self.due_so_far if self.due_so_far else None


def action_completion(records: Iterable[Record], today: date, zone: ZoneInfo) -> Completion:
    """Outcomes of every action, and how many days open actions have been open since their report's start."""
    outcomes = Counter[str]()
    ages = []
    for record in records:
        for action in record.report.actions or []:
            outcomes[action_outcome(action, today)] += 1
            if action.status in OPEN_ACTION_STATUSES:
                ages.append(float((today - record.begins.astimezone(zone).date()).days))
    return Completion({o: outcomes[o] for o in ACTION_OUTCOMES}, summarise(ages))


# --- Report hygiene -------------------------------------------------------------


def stale_reports(records: Iterable[Record], now: datetime, days: int) -> list[Record]:
    """Resolved reports still in ``draft`` or ``initial`` more than ``days`` days after resolution, oldest first."""
    limit = timedelta(days=days)
    stale = [
        r for r in records
        if r.report.stage in UNFINISHED_STAGES and r.resolved is not None and now - r.resolved > limit
    ]
    return sorted(stale, key=lambda r: (r.resolved, r.id))


def count_by_severity(records: Iterable[Record], severities: Sequence[str]) -> dict[str, int]:
    """How many reports of each severity: the configured ones in order, then any other found."""
    counts = Counter(r.report.severity or "" for r in records)
    order = list(severities) + sorted(set(counts) - set(severities))
    return {s: counts[s] for s in order}
