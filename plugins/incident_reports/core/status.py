"""The status rules (docs/handbook/report-format.md, "Status rules").

Each service's status, the overall indicator, availability.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from .catalogue import Catalogue, Service
from .model import IMPACT_ORDER, WHOLE_SERVICE, Record
from .settings import Settings

OPERATIONAL = "operational"
UNDER_MAINTENANCE = "under_maintenance"
#: Component statuses, least to worst (maintenance ranks below any outage).
STATUS_ORDER = (OPERATIONAL, UNDER_MAINTENANCE, "degraded_performance", "partial_outage", "major_outage")

#: Statuspage's overall indicator and its description, by the worst component status.
INDICATORS = {
    OPERATIONAL: ("none", "All Systems Operational"),
    UNDER_MAINTENANCE: ("maintenance", "Service Under Maintenance"),
    "degraded_performance": ("minor", "Minor Service Outage"),
    "partial_outage": ("major", "Partial System Outage"),
    "major_outage": ("critical", "Major Service Outage"),
}
#: Statuspage's incident impact, by our impact level.
INCIDENT_IMPACT = {
    None: "none", "none": "none", "degraded_performance": "minor", "partial_outage": "major", "major_outage": "critical",
}


def incident_impact(record: Record) -> str | None:
    """An incident's own impact, as the API publishes it: the report's top-level ``impact`` where it
    writes one (a service map or an update does not replace it), else the worst its services reached."""
    return record.report.impact or record.peak_impact


def service_statuses(records: tuple[Record, ...] | list[Record], catalogue: Catalogue, now: datetime) -> dict[str, str]:
    """Every service's current status: worst impact of unresolved incidents, else maintenance, else operational.

    An unresolved incident that names no service adds its impact under ``WHOLE_SERVICE``:
    it counts for the overall indicator, and changes no service's row.
    """
    statuses = {service_id: OPERATIONAL for service_id in catalogue.services}
    for record in records:
        if record.kind == "exercise" or not record.active:
            continue
        if record.kind == "maintenance":
            if not under_maintenance(record, now):
                continue
            changes = {s: UNDER_MAINTENANCE for s in record.services}
        else:
            changes = {s: level for s, level in record.current_impacts.items() if level != "none"}
            if WHOLE_SERVICE in changes:
                statuses.setdefault(WHOLE_SERVICE, OPERATIONAL)
        for service_id, status in changes.items():
            if service_id in statuses and STATUS_ORDER.index(status) > STATUS_ORDER.index(statuses[service_id]):
                statuses[service_id] = status
    return statuses


def under_maintenance(record: Record, now: datetime) -> bool:
    """A maintenance holds its services under maintenance while in progress, or verifying within its window."""
    if record.status == "in_progress":
        return True
    until = record.report.scheduled_until
    return record.status == "verifying" and until is not None and now < until


def worst_status(statuses: dict[str, str]) -> str:
    """The worst of some service statuses (operational when there are none)."""
    return max(statuses.values(), key=STATUS_ORDER.index, default=OPERATIONAL)


def overall(statuses: dict[str, str]) -> tuple[str, str]:
    """The overall indicator and description for a set of service statuses."""
    return INDICATORS[worst_status(statuses)]


def shown_statuses(statuses: dict[str, str], catalogue: Catalogue, today: date) -> dict[str, str]:
    """The statuses of the services the status page lists (a retired service no longer counts),
    and that of the service as a whole when an incident naming no service is unresolved."""
    shown = {service_id: statuses[service_id] for service_id in catalogue.current(today).services}
    if WHOLE_SERVICE in statuses:
        shown[WHOLE_SERVICE] = statuses[WHOLE_SERVICE]
    return shown


@dataclass(frozen=True)
class Day:
    """One day of one service's availability bar."""

    day: date
    availability: float | None  # None: before the service's ``since`` (no data)
    incidents: tuple[str, ...]  # ids of incidents with impact that day
    worst: str | None


def availability(
    service: Service, records: tuple[Record, ...] | list[Record], settings: Settings, now: datetime
) -> list[Day]:
    """The service's availability per day (site timezone) over the configured number of days, oldest first."""
    zone = ZoneInfo(settings.timezone)
    today = now.astimezone(zone).date()
    intervals = _impact_intervals(service.id, records, now)
    days = []
    for offset in range(settings.availability_days - 1, -1, -1):
        day = today - timedelta(days=offset)
        start = datetime.combine(day, time(), zone).astimezone(UTC)
        end = min(datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC), now)
        if service.since is not None and day < service.since:
            days.append(Day(day, None, (), None))
            continue
        days.append(_day(day, start, end, intervals, settings))
    return days


#: (start, end, impact, report id): one stretch of impact on a service.
_Interval = tuple[datetime, datetime, str, str]


def _impact_intervals(service_id: str, records: Iterable[Record], now: datetime) -> list[_Interval]:
    """(start, end, impact, report id) for every stretch of impact on the service."""
    intervals: list[_Interval] = []
    for record in records:
        if record.kind != "incident" or service_id not in record.services:
            continue
        ends = record.impact_ends or now
        for index, period in enumerate(record.periods):
            stop = record.periods[index + 1].start if index + 1 < len(record.periods) else ends
            level = period.impacts.get(service_id, "none")
            if level != "none" and stop > period.start:
                intervals.append((period.start, min(stop, ends), level, record.id))
    return intervals


def _day(day: date, start: datetime, end: datetime, intervals: list[_Interval], settings: Settings) -> Day:
    """Weighted downtime in one day, taking the worst impact where incidents overlap."""
    seconds = max((end - start).total_seconds(), 0.0)
    inside = [(max(a, start), min(b, end), level, rid) for a, b, level, rid in intervals if a < end and b > start]
    if not inside or seconds == 0:
        return Day(day, 1.0, (), None)
    cuts = sorted({start, end, *(a for a, _, _, _ in inside), *(b for _, b, _, _ in inside)})
    lost = 0.0
    for left, right in pairwise(cuts):
        levels = [level for a, b, level, _ in inside if a <= left and b >= right]
        if levels:
            level = max(levels, key=IMPACT_ORDER.index)
            lost += (right - left).total_seconds() * settings.availability_weights.get(level, 0.0)
    worst = max((level for _, _, level, _ in inside), key=IMPACT_ORDER.index)
    ids = tuple(dict.fromkeys(rid for _, _, _, rid in inside))
    return Day(day, max(0.0, 1.0 - lost / seconds), ids, worst)


def period_availability(days: list[Day]) -> float | None:
    """The mean availability over the days that have data."""
    known = [d.availability for d in days if d.availability is not None]
    return sum(known) / len(known) if known else None


def active_incidents(records: Iterable[Record]) -> list[Record]:
    """Unresolved incidents, newest first (an exercise is never shown as one)."""
    found = [r for r in records if r.kind == "incident" and r.active]
    return sorted(found, key=lambda r: (r.begins, r.id), reverse=True)


def maintenance_in_progress(records: Iterable[Record]) -> list[Record]:
    """Maintenance in progress or being verified, earliest window first."""
    found = [r for r in records if r.kind == "maintenance" and r.active]
    return sorted(found, key=lambda r: (r.report.scheduled_for, r.id))


def upcoming_maintenance(records: Iterable[Record], now: datetime) -> list[Record]:
    """Scheduled maintenance whose window has not yet ended, soonest first."""
    found = [
        r for r in records
        if r.kind == "maintenance" and r.status == "scheduled"
        and r.report.scheduled_until is not None and r.report.scheduled_until > now
    ]
    return sorted(found, key=lambda r: (r.report.scheduled_for, r.id))


def history(records: Iterable[Record], zone: ZoneInfo, now: datetime, days: int) -> list[tuple[date, list[Record]]]:
    """Incidents and maintenance by the day they began (site timezone), the last ``days`` days, newest first.

    Every day is listed, also days with nothing to report; a report that has not begun yet
    (an upcoming window) is not history.
    """
    today = now.astimezone(zone).date()
    by_day: dict[date, list[Record]] = {today - timedelta(days=n): [] for n in range(days)}
    for record in records:
        if record.kind == "exercise" or record.begins > now:
            continue
        day = record.begins.astimezone(zone).date()
        if day in by_day:
            by_day[day].append(record)
    return [
        (day, sorted(found, key=lambda r: (r.begins, r.id), reverse=True))
        for day, found in by_day.items()
    ]
