"""The objects of the Atlassian Statuspage public API v2 (docs/handbook/feeds-and-api.md), made from the public archive.

Both builds publish the same files: everything here is made from the public
projection, and links go to the public site (the ``public_url`` option, else
``https://<id_authority>/``), not to the site being built. Times are ISO 8601 in UTC with milliseconds
(``2026-11-26T09:40:00.000Z``), as Statuspage writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from ..core.archive import Archive
from ..core.catalogue import Catalogue, Group, Service
from ..core.model import Record, derived_update_id
from ..core.public import public_archive, public_or_none
from ..core.status import (
    INCIDENT_IMPACT,
    OPERATIONAL,
    STATUS_ORDER,
    UNDER_MAINTENANCE,
    incident_impact,
    overall,
    service_statuses,
    shown_statuses,
)
from .context import SiteContext
from .report_facts import first_posted, last_changed, report_path

JsonObject = dict[str, Any]

#: Statuspage lists at most this many incidents or maintenances.
LIST_LIMIT = 50
#: Statuspage has no cancelled maintenance; a cancelled window is published as completed.
MAINTENANCE_STATUS = {"cancelled": "completed"}
#: Statuspage's impact for a maintenance window.
MAINTENANCE_IMPACT = "maintenance"


def timestamp(moment: datetime | None) -> str | None:
    """A time as Statuspage writes it: UTC, milliseconds, ``Z``."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class StatuspageApi:
    """The API's objects for one build: the public archive, its statuses, and the page they belong to."""

    ctx: SiteContext

    @cached_property
    def archive(self) -> Archive:
        """The public projection (the public build's archive already is one)."""
        return self.ctx.archive if self.ctx.public else public_archive(self.ctx.archive, self._projected)

    def _projected(self, record: Record) -> Record | None:
        """``public_or_none``; under ``mkdocs serve``, what it gave the last build for this very record (which
        serve --dirty reuses while its file, the settings, the catalogue and "now" are unchanged), held with it."""
        return self.ctx.renderer.kept_for(record, "public projection", lambda: public_or_none(record))

    @property
    def now(self) -> datetime:
        """The build's "now"."""
        return self.ctx.now

    @cached_property
    def statuses(self) -> dict[str, str]:
        """Each public service's status from public reports only, so both builds agree."""
        return service_statuses(self.archive.records, self.archive.catalogue, self.now)

    @cached_property
    def current(self) -> Catalogue:
        """The services on the status page now (retired ones left out)."""
        return self.archive.catalogue.current(self.ctx.today)

    @property
    def page_id(self) -> str:
        """The page's id: the site's naming authority, stable across moves like the feed ids."""
        return self.ctx.id_authority

    def url(self, path: str = "") -> str:
        """An absolute URL on the public site."""
        return self.ctx.public_url + path

    # The page: the newest public time in the data, so an unchanged archive gives an unchanged page.
    @cached_property
    def page(self) -> JsonObject:
        """The page every file starts with."""
        updated = max((last_changed(r, self.now) for r in self.archive.records), default=self.now)
        return {
            "id": self.page_id,
            "name": self.ctx.settings.site_name,
            "url": self.url(),
            "time_zone": self.ctx.settings.timezone,
            "updated_at": timestamp(updated),
        }

    @property
    def status(self) -> JsonObject:
        """The overall indicator and its description, over the services on the page."""
        indicator, description = overall(shown_statuses(self.statuses, self.archive.catalogue, self.ctx.today))
        return {"indicator": indicator, "description": description}

    # Components: positions and group ids come from the whole public catalogue, retired services
    # included, so retiring one service renumbers nothing and old incidents keep their components.
    @cached_property
    def _positions(self) -> dict[str, int]:
        positions: dict[str, int] = {}
        for group in self.archive.catalogue.groups:
            heading = (group.component_id,) if group.component_id is not None else ()
            for component_id in (*heading, *(s.id for s in group.services)):
                positions[component_id] = len(positions) + 1
        return positions

    def _created(self, service: Service) -> str | None:
        """Midnight (site timezone) of the day the service's availability is counted from."""
        if service.since is None:
            return None
        return timestamp(datetime.combine(service.since, time(), ZoneInfo(self.ctx.settings.timezone)))

    @cached_property
    def _updated(self) -> dict[str, datetime]:
        """Each service's latest public time of a report that lists it (one pass over the archive)."""
        latest: dict[str, datetime] = {}
        for record in self.archive.records:
            changed = last_changed(record, self.now)
            for service_id in record.services:
                latest[service_id] = max(changed, latest.get(service_id, changed))
        return latest

    @cached_property
    def _components(self) -> dict[str, JsonObject]:
        """Every public service (retired ones too, for old incidents) as a Statuspage component."""
        return {service.id: self._component(service) for service in self.archive.catalogue.services.values()}

    def _component(self, service: Service) -> JsonObject:
        """A service as a Statuspage component."""
        group = self.archive.catalogue.group_of(service.id)
        created = self._created(service)
        updated = self._updated.get(service.id)
        return {
            "id": service.id,
            "name": service.name,
            "status": self.statuses[service.id],
            "created_at": created,
            "updated_at": timestamp(updated) if updated else created or self.page["updated_at"],
            "position": self._positions[service.id],
            "description": service.description,
            "showcase": True,
            "start_date": service.since.isoformat() if service.since else None,
            "group_id": group.component_id if group is not None else None,
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": False,
        }

    def group_component(self, group: Group) -> JsonObject:
        """A group as Statuspage models it: a component with ``group: true`` and its members' ids."""
        members = [self._components[s.id] for s in group.services]
        created = [m["created_at"] for m in members if m["created_at"]]
        since = [s.since for s in group.services if s.since is not None]
        return {
            "id": group.component_id,
            "name": group.name,
            "status": max((m["status"] for m in members), key=STATUS_ORDER.index, default=OPERATIONAL),
            "created_at": min(created, default=None),
            "updated_at": max(m["updated_at"] for m in members),
            "position": self._positions[group.component_id or ""],
            "description": None,
            "showcase": False,
            "start_date": min(since).isoformat() if since else None,
            "group_id": None,
            "page_id": self.page_id,
            "group": True,
            "only_show_if_degraded": False,
            "components": [m["id"] for m in members],
        }

    @cached_property
    def components(self) -> list[JsonObject]:
        """Every group on the page, each followed by its services, in display order."""
        listed: list[JsonObject] = []
        for group in self.current.groups:
            if group.component_id is not None:
                listed.append(self.group_component(group))
            listed += [self._components[s.id] for s in group.services]
        return listed

    # Incidents and maintenance.
    def _affected(self, record: Record) -> list[list[JsonObject]]:
        """For each update (oldest first), each listed service's status before and after it, as the report says."""
        services = self.archive.catalogue.services
        before = {s: OPERATIONAL for s in record.services}
        # The first impact period is the report's own; each update with an impact opens the next.
        periods = iter(record.periods)
        impacts = next(periods).impacts if record.periods else {}
        changes = []
        for update in record.report.updates:
            if update.impact is not None and record.periods:
                impacts = next(periods).impacts
            after = {s: self._implied(record, update.status, update.at, impacts.get(s)) for s in record.services}
            changes.append([
                {"code": s, "name": services[s].name, "old_status": before[s], "new_status": after[s]}
                for s in record.services
            ])
            before = after
        return changes

    @staticmethod
    def _implied(record: Record, status: str, at: datetime, impact: str | None) -> str:
        """The component status a report implies after an update with this status."""
        if record.kind == "maintenance":
            until = record.report.scheduled_until
            holding = status == "in_progress" or (status == "verifying" and until is not None and at < until)
            return UNDER_MAINTENANCE if holding else OPERATIONAL
        if status == "resolved" or impact in (None, "none"):
            return OPERATIONAL
        return impact

    def _updates(self, record: Record, affected: list[list[JsonObject]]) -> list[JsonObject]:
        """The incident's updates, newest first; a report without any has its first public statement,
        its summary at the time it was first posted, so a client can always read the newest update."""
        updates = record.report.updates
        if not updates:
            statement = {
                s: self._implied(record, record.status, record.begins, record.current_impacts.get(s)) for s in record.services
            }
            services = self.archive.catalogue.services
            first = [
                {"code": s, "name": services[s].name, "old_status": OPERATIONAL, "new_status": statement[s]}
                for s in record.services
            ]
            return [self._update(
                record, derived_update_id(record.id, first_posted(record)), record.status,
                record.report.summary or record.report.title, first_posted(record), first,
            )]
        return [
            self._update(record, public_id, update.status, self.ctx.renderer.message_text(update.message), update.at, components)
            for update, public_id, components in reversed(list(zip(updates, record.update_ids, affected, strict=True)))
        ]

    @staticmethod
    def _update(record: Record, public_id: str, status: str, body: str, at: datetime, components: list[JsonObject]) -> JsonObject:
        """One update as Statuspage shapes it; ``body`` is plain text."""
        return {
            "id": public_id,
            "status": MAINTENANCE_STATUS.get(status, status),
            "body": body,
            "incident_id": record.api_id,
            "created_at": timestamp(at),
            "updated_at": timestamp(at),
            "display_at": timestamp(at),
            "affected_components": components,
        }

    def _resolved_at(self, record: Record) -> datetime | None:
        """When the incident was resolved, or the maintenance completed or was cancelled."""
        if record.kind != "maintenance" or record.resolved is not None:
            return record.resolved
        if record.status not in ("completed", "cancelled"):
            return None
        closing = next((u.at for u in record.report.updates if u.status == record.status), None)
        return closing or record.report.scheduled_until

    def incident(self, record: Record) -> JsonObject:
        """A report as a Statuspage incident (a maintenance also gets its window).

        ``impact`` is the report's own (``incident_impact``), which does not drop when the
        incident eases, as on Statuspage; each component's ``status`` is its status now.
        """
        updates = record.report.updates
        affected = self._affected(record)
        monitoring = next((u.at for u in updates if u.status == "monitoring"), None)
        maintenance = record.kind == "maintenance"
        shaped = {
            "id": record.api_id,
            "name": record.report.title,
            "status": MAINTENANCE_STATUS.get(record.status, record.status),
            "impact": MAINTENANCE_IMPACT if maintenance else INCIDENT_IMPACT[incident_impact(record)],
            "created_at": timestamp(first_posted(record)),
            "updated_at": timestamp(last_changed(record, self.now)),
            "monitoring_at": timestamp(monitoring),
            "resolved_at": timestamp(self._resolved_at(record)),
            "started_at": timestamp(record.begins),
            "shortlink": self.url(report_path(record.id)),
            "page_id": self.page_id,
            "incident_updates": self._updates(record, affected),
            "components": [self._components[s] for s in record.services],
        }
        if maintenance:
            shaped["scheduled_for"] = timestamp(record.report.scheduled_for)
            shaped["scheduled_until"] = timestamp(record.report.scheduled_until)
        return shaped

    @cached_property
    def incidents(self) -> list[JsonObject]:
        """The newest incidents (never maintenance), newest first."""
        chosen = [r for r in self.archive.records if r.kind == "incident"][:LIST_LIMIT]
        return [self.incident(r) for r in chosen]

    @cached_property
    def unresolved(self) -> list[JsonObject]:
        """Incidents not yet resolved, newest first."""
        return [self.incident(r) for r in self.archive.records if r.kind == "incident" and r.status != "resolved"]

    @cached_property
    def maintenances(self) -> list[Record]:
        """Every public maintenance window, newest first."""
        return [r for r in self.archive.records if r.kind == "maintenance"]

    def maintenance_list(self, statuses: tuple[str, ...] | None = None) -> list[JsonObject]:
        """Maintenance windows as Statuspage lists them, optionally only those in the given statuses."""
        chosen = [r for r in self.maintenances if statuses is None or r.status in statuses]
        return [self.incident(r) for r in chosen[:LIST_LIMIT]]

    def documents(self) -> dict[str, JsonObject]:
        """Every API file, by its path under ``api/v2/``."""
        upcoming = self.maintenance_list(("scheduled",))
        active = self.maintenance_list(("in_progress", "verifying"))
        page = self.page
        return {
            "summary.json": {
                "page": page, "status": self.status, "components": self.components,
                "incidents": self.unresolved, "scheduled_maintenances": active + upcoming,
            },
            "status.json": {"page": page, "status": self.status},
            "components.json": {"page": page, "components": self.components},
            "incidents.json": {"page": page, "incidents": self.incidents},
            "incidents/unresolved.json": {"page": page, "incidents": self.unresolved},
            "scheduled-maintenances.json": {"page": page, "scheduled_maintenances": self.maintenance_list()},
            "scheduled-maintenances/upcoming.json": {"page": page, "scheduled_maintenances": upcoming},
            "scheduled-maintenances/active.json": {"page": page, "scheduled_maintenances": active},
        }
