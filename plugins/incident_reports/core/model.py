"""A validated report with what follows from it: effective status, resolution, impact over time."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from .schema import Action, Report
from .settings import Settings

#: The key under which an incident that names no service keeps its impact on the service as a whole.
WHOLE_SERVICE = ""
#: Impact levels, least to worst.
IMPACT_ORDER = ("none", "degraded_performance", "partial_outage", "major_outage")
OPEN_ACTION_STATUSES = ("open", "in_progress")


def worst(impacts: list[str]) -> str | None:
    """The worst of some impact levels, or None for none at all."""
    return max(impacts, key=IMPACT_ORDER.index) if impacts else None


@dataclass(frozen=True)
class ImpactPeriod:
    """From ``start`` (until the next period or the end of impact), these services had these impacts."""

    start: datetime
    impacts: dict[str, str]


@dataclass(frozen=True)
class Record:
    """A report that passed validation, with the facts derived from it at build time."""

    report: Report
    source: str
    body: str
    status: str
    resolved: datetime | None
    periods: tuple[ImpactPeriod, ...]

    @property
    def id(self) -> str:
        return self.report.id or ""

    @property
    def api_id(self) -> str:
        """The incident's id in the API: the Statuspage id an imported incident keeps, else the report id."""
        return self.report.statuspage_id or self.id

    @property
    def kind(self) -> str:
        return self.report.kind

    @property
    def public(self) -> bool:
        """Whether the report may appear in public output at all."""
        return self.report.visibility == "public" and self.kind != "exercise"

    @property
    def begins(self) -> datetime:
        """When the report's story starts: impact began, or the window opens."""
        begins = self.report.started or self.report.scheduled_for
        if begins is None:
            # The rules require started of an incident or exercise, and scheduled_for of a maintenance.
            raise ValueError(f"{self.id}: a valid report has started or scheduled_for")
        return begins

    @property
    def impact_ends(self) -> datetime | None:
        """When user impact ended: mitigated, else resolved, else still going (None)."""
        return self.report.mitigated or self.resolved

    @property
    def services(self) -> list[str]:
        return list(self.report.services)

    @property
    def update_ids(self) -> list[str]:
        """Each public update's stable id, oldest first."""
        return update_ids(self.id, self.report.updates)

    @property
    def current_impacts(self) -> dict[str, str]:
        """Each service's impact as of the newest update."""
        return self.periods[-1].impacts if self.periods else {}

    @property
    def impact(self) -> str | None:
        """The worst impact over the services, as of the newest update."""
        return worst(list(self.current_impacts.values()))

    @property
    def peak_impact(self) -> str | None:
        """The worst impact the report ever recorded."""
        return worst([level for period in self.periods for level in period.impacts.values()])

    @property
    def active(self) -> bool:
        """An unresolved incident or a maintenance now in progress or verifying."""
        if self.kind == "maintenance":
            return self.status in ("in_progress", "verifying")
        return self.status != "resolved"

    @property
    def updated(self) -> datetime:
        """The latest public timestamp of the report (never a file or git time)."""
        r = self.report
        moments = [m for m in (r.started, r.mitigated, self.resolved, r.scheduled_for) if m]
        moments += [u.at for u in r.updates]
        return max(moments)

    def open_actions(self) -> list[Action]:
        """Actions not yet done or dropped."""
        return [a for a in self.report.actions or [] if a.status in OPEN_ACTION_STATUSES]

    def overdue_actions(self, today: date) -> list[Action]:
        """Open actions whose due date has passed."""
        return [a for a in self.open_actions() if a.due is not None and a.due < today]


class Posted(Protocol):
    """What an update's public id is made from: when it was posted, and the id it gives itself."""

    @property
    def at(self) -> datetime: ...

    @property
    def id(self) -> str | None: ...


#: The shape of a derived update id, with the report id it starts with.
DERIVED_UPDATE_ID = re.compile(r"(?P<report>.+)-[0-9]{8}T[0-9]{6}Z(?:-[0-9]+)?")


def derived_update_id(report_id: str, at: datetime) -> str:
    """``<report id>-<at as YYYYmmddTHHMMSSZ>``: the id of an update that has none of its own."""
    return f"{report_id}-{at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def published_update_ids(report_id: str, updates: Sequence[Posted], begins: datetime) -> list[str]:
    """The ids of the updates the API publishes for a report: its updates', or its first public statement's
    (its summary, when it began) when it has none."""
    return update_ids(report_id, updates) if updates else [derived_update_id(report_id, begins)]


def update_ids(report_id: str, updates: Sequence[Posted]) -> list[str]:
    """Each update's stable public id: its own ``id``, else ``<report id>-<at as YYYYmmddTHHMMSSZ>``.

    Two derived ids in the same second get ``-2``, ``-3``... in file order, so an id
    never repeats and stays the same when updates are added after it.
    """
    ids: list[str] = []
    seen: dict[str, int] = {}
    for update in updates:
        if update.id:
            ids.append(update.id)
            continue
        derived = derived_update_id(report_id, update.at)
        seen[derived] = seen.get(derived, 0) + 1
        ids.append(derived if seen[derived] == 1 else f"{derived}-{seen[derived]}")
    return ids


def build_record(report: Report, source: str, body: str, settings: Settings, now: datetime) -> Record:
    """Derive the build-time facts of a valid report."""
    return Record(
        report=report,
        source=source,
        body=body,
        status=effective_status(report, now),
        resolved=effective_resolved(report),
        periods=tuple(impact_periods(report, settings)),
    )


def effective_status(report: Report, now: datetime) -> str:
    """The status as written; else, for an incident, the newest update's; for a maintenance, from its window.

    A maintenance moves through its window by itself (a rebuild is enough); an
    update only moves it further on (e.g. to verifying), or cancels it. Once the
    window has ended, a maintenance that is not cancelled is completed.
    """
    latest = report.updates[-1].status if report.updates else None
    if report.kind != "maintenance":
        return report.status or latest or "investigating"
    if report.status and report.status != "cancelled" and window_ended(report, now):
        return "completed"  # a window that has ended is over, whatever the report last said
    if report.status:
        return report.status
    derived = _window_status(report, now)
    if latest == "cancelled" or (
        latest in MAINTENANCE_ORDER and MAINTENANCE_ORDER.index(latest) > MAINTENANCE_ORDER.index(derived)
    ):
        return latest
    return derived


def window_ended(report: Report, now: datetime) -> bool:
    """Whether a maintenance's window is over (its end time has passed)."""
    return report.scheduled_until is not None and report.scheduled_until <= now


#: Maintenance statuses in the order a window goes through them.
MAINTENANCE_ORDER = ("scheduled", "in_progress", "verifying", "completed")


def _window_status(report: Report, now: datetime) -> str:
    """Scheduled before the window, in progress during it, completed after it (or once resolved)."""
    if report.scheduled_for is None or report.scheduled_until is None:
        # The rules require both of a maintenance.
        raise ValueError(f"the maintenance {report.id} has no scheduled_for or no scheduled_until")
    if report.resolved is not None and report.resolved <= now:
        return "completed"
    if now < report.scheduled_for and report.started is None:
        return "scheduled"
    return "in_progress" if now < report.scheduled_until else "completed"


def effective_resolved(report: Report) -> datetime | None:
    """``resolved`` as written, else the time of the first ``resolved`` update."""
    if report.resolved is not None or report.kind == "maintenance":
        return report.resolved
    return next((u.at for u in report.updates if u.status == "resolved"), None)


def impact_periods(report: Report, settings: Settings) -> list[ImpactPeriod]:
    """Each service's impact from the start, then as each update with an ``impact`` changes it.

    A maintenance has no impact periods: maintenance never counts as an outage.
    """
    if report.kind == "maintenance" or report.started is None:
        return []
    services = report.services
    default = report.impact or settings.severity_impact.get(report.severity or "", "degraded_performance")
    current = {s: services[s] if isinstance(services, dict) else default for s in services} or {WHOLE_SERVICE: default}
    periods = [ImpactPeriod(report.started, dict(current))]
    for update in report.updates:
        if update.impact is None:
            continue
        if isinstance(update.impact, dict):
            current.update(update.impact)
        else:
            current = {s: update.impact for s in current}
        periods.append(ImpactPeriod(max(update.at, report.started), dict(current)))
    return periods
