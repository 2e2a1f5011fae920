"""What changed between two deployments of the public site, as announcement events.

Pure functions over the public API's own objects (Statuspage shapes): what a
subscriber may hear is exactly what the previous and the new public site
publish, so nothing internal can reach an announcement.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

JsonObject = dict[str, Any]

INCIDENT_CREATED = "incident.created"
INCIDENT_UPDATED = "incident.updated"
INCIDENT_RESOLVED = "incident.resolved"
MAINTENANCE_SCHEDULED = "maintenance.scheduled"
MAINTENANCE_STARTED = "maintenance.started"
MAINTENANCE_COMPLETED = "maintenance.completed"
MAINTENANCE_CANCELLED = "maintenance.cancelled"
EVENT_TYPES = (
    INCIDENT_CREATED, INCIDENT_UPDATED, INCIDENT_RESOLVED,
    MAINTENANCE_SCHEDULED, MAINTENANCE_STARTED, MAINTENANCE_COMPLETED, MAINTENANCE_CANCELLED,
)

#: Statuspage's lists hold at most this many incidents or maintenances.
LIST_LIMIT = 50

#: The phase a subscriber cares about for each maintenance status (verifying is still inside the window).
MAINTENANCE_PHASE = {
    "scheduled": MAINTENANCE_SCHEDULED,
    "in_progress": MAINTENANCE_STARTED,
    "verifying": MAINTENANCE_STARTED,
    "completed": MAINTENANCE_COMPLETED,
}
#: An incident's page on a site this tool built: its shortlink ends with the report id.
REPORT_LINK = re.compile(r"/incidents/([a-z0-9][a-z0-9-]*)/?$")


@dataclass(frozen=True)
class Snapshot:
    """The public site's incidents and maintenances, by id, as its API publishes them."""

    page: JsonObject = field(default_factory=dict)
    incidents: Mapping[str, JsonObject] = field(default_factory=dict)
    maintenances: Mapping[str, JsonObject] = field(default_factory=dict)
    #: Maintenances the site marks as cancelled (the API can only say ``completed``).
    cancelled: frozenset[str] = frozenset()
    #: The oldest place in each list when it was full: whatever sorts before it was left out, not absent.
    incidents_horizon: tuple[str, str] | None = None
    maintenances_horizon: tuple[str, str] | None = None
    #: When the site was built, as its status page says (empty when it does not say).
    built: str = ""

    @property
    def built_by(self) -> datetime | None:
        """A time the site was built at or after: when it says it was built, else the newest time it publishes."""
        return parsed_time(self.built) or parsed_time(self.page.get("updated_at"))


@dataclass(frozen=True)
class Event:
    """One change to announce: its type, the incident or maintenance, and the update that made it (None: the clock)."""

    type: str
    incident: JsonObject
    update: JsonObject | None
    at: str
    page: JsonObject

    @property
    def key(self) -> str:
        """What makes this change unique: the same change always has the same key."""
        made_by = self.update["id"] if self.update else f"status:{self.type}"
        return f"{self.type}\n{self.incident['id']}\n{made_by}"

    @property
    def webhook_id(self) -> str:
        """A Standard Webhooks message id, stable for this change, so a receiver can drop a repeat."""
        return "msg_" + hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:32]

    @property
    def is_maintenance(self) -> bool:
        """Whether the change is to a maintenance window."""
        return self.type.startswith("maintenance.")


def snapshot(documents: Iterable[Mapping[str, Any]], maintenance_documents: Iterable[Mapping[str, Any]],
             cancelled: Iterable[str] = (), built: str = "") -> Snapshot:
    """A snapshot from API documents (``incidents.json`` and ``unresolved.json``; the maintenance lists)."""
    page: JsonObject = {}
    found: dict[str, dict[str, JsonObject]] = {"incidents": {}, "scheduled_maintenances": {}}
    horizons: dict[str, tuple[str, str] | None] = {}
    for key, group in (("incidents", list(documents)), ("scheduled_maintenances", list(maintenance_documents))):
        for document in group:
            page = page or dict(document.get("page") or {})
            found[key].update((item["id"], item) for item in document.get(key, ()))
        # The first document of each group is the list Statuspage cuts at 50 items.
        first = list(group[0].get(key, ())) if group else []
        horizons[key] = min(map(order, first)) if len(first) >= LIST_LIMIT else None
    return Snapshot(page, found["incidents"], found["scheduled_maintenances"], frozenset(cancelled),
                    horizons["incidents"], horizons["scheduled_maintenances"], built)


def order(item: JsonObject) -> tuple[str, str]:
    """Where an incident or maintenance sorts in the API's lists (newest first: by when it began, then id)."""
    return (str(item.get("started_at") or item.get("scheduled_for") or item.get("created_at") or ""), str(item["id"]))


def compared(before: JsonObject | None, item: JsonObject, horizon: tuple[str, str] | None) -> bool:
    """Whether to look for changes in an item: known before, or new rather than back in a full list a newer one left."""
    return before is not None or horizon is None or order(item) >= horizon


def ids_of(item: JsonObject) -> tuple[str, ...]:
    """Every id an incident is known by: its id in the API and, where its shortlink is its page on a site this
    tool built, the report's id (an imported incident's API id is its Statuspage id; before, it was the report's)."""
    found = REPORT_LINK.search(str(item.get("shortlink") or ""))
    return (str(item["id"]),) if found is None or found.group(1) == item["id"] else (str(item["id"]), found.group(1))


def by_every_id(items: Mapping[str, JsonObject]) -> dict[str, JsonObject]:
    """The items by each id they are known by (an API id wins over a report id that happens to be the same)."""
    found: dict[str, JsonObject] = dict(items)
    for item in items.values():
        for other_id in ids_of(item)[1:]:
            found.setdefault(other_id, item)
    return found


def known_before(known: Mapping[str, JsonObject], item: JsonObject) -> JsonObject | None:
    """The previous site's copy of an item, found by either of its ids."""
    return next((known[item_id] for item_id in ids_of(item) if item_id in known), None)


def cancelled_in(site: Snapshot, item: JsonObject) -> bool:
    """Whether the site's calendar (whose UIDs hold the report's id) marks the maintenance cancelled."""
    return any(item_id in site.cancelled for item_id in ids_of(item))


def ended_before(item: JsonObject, moment: datetime | None) -> bool:
    """Whether an incident was resolved, or a maintenance had ended, by ``moment``."""
    if moment is None or item.get("status") not in ("resolved", "completed"):
        return False
    ended = parsed_time(item.get("resolved_at") or item.get("scheduled_until"))
    return ended is not None and ended <= moment


def changes(previous: Snapshot, current: Snapshot) -> list[Event]:
    """Every change from ``previous`` to ``current``, oldest first; none when nothing changed.

    Incidents are matched by either id (``ids_of``), so a change of API id is no news. A report that
    left the lists (made internal, or older than the 50 newest) is no news, nor is an old one that came
    back into a full list when a newer one left it, nor one new to the site that had already ended
    before the previous site was built (a history imported, or published under a new id).
    """
    events: list[Event] = []
    built = previous.built_by
    known = by_every_id(previous.incidents)
    for incident in current.incidents.values():
        before = known_before(known, incident)
        if before is None and ended_before(incident, built):
            continue
        if compared(before, incident, previous.incidents_horizon):
            events += incident_changes(before, incident, current.page)
    known = by_every_id(previous.maintenances)
    for maintenance in current.maintenances.values():
        before = known_before(known, maintenance)
        if before is None and ended_before(maintenance, built):
            continue
        if not compared(before, maintenance, previous.maintenances_horizon):
            continue
        before_phase = phase(before, cancelled_in(previous, before)) if before else None
        events += maintenance_changes(before, before_phase, maintenance,
                                      phase(maintenance, cancelled_in(current, maintenance)), current.page)
    return sorted(events, key=lambda event: (event.at, EVENT_TYPES.index(event.type), event.incident["id"]))


def incident_changes(before: JsonObject | None, after: JsonObject, page: JsonObject) -> list[Event]:
    """A new incident (one event, with its latest update), else one event per new update; a resolution once."""
    updates = oldest_first(after.get("incident_updates") or [])
    if before is None:
        latest = updates[-1] if updates else None
        return [Event(INCIDENT_CREATED, after, latest, moment(latest, after), page)]
    seen = {update["id"] for update in before.get("incident_updates") or []}
    resolved_told = before.get("status") == "resolved"
    events = []
    for update in updates:
        if update["id"] in seen:
            continue
        resolves = update.get("status") == "resolved" and not resolved_told
        resolved_told = resolved_told or resolves
        events.append(Event(INCIDENT_RESOLVED if resolves else INCIDENT_UPDATED, after, update, moment(update, after), page))
    if after.get("status") == "resolved" and not resolved_told:
        events.append(Event(INCIDENT_RESOLVED, after, None, after.get("resolved_at") or after["updated_at"], page))
    return events


def maintenance_changes(before: JsonObject | None, before_phase: str | None, after: JsonObject, after_phase: str,
                        page: JsonObject) -> list[Event]:
    """One event when the maintenance's phase changed (scheduled, started, completed, cancelled).

    The update that came with the change goes with it; when the window opened or
    closed on its own (the scheduled rebuild noticed the time), there is none.
    """
    if after_phase == before_phase:
        return []
    seen = {update["id"] for update in (before or {}).get("incident_updates") or []}
    fresh = [update for update in oldest_first(after.get("incident_updates") or []) if update["id"] not in seen]
    update = fresh[-1] if fresh else None
    return [Event(after_phase, after, update, moment(update, after, after_phase), page)]


def phase(maintenance: JsonObject, cancelled: bool) -> str:
    """The event type that names a maintenance's phase."""
    if cancelled:
        return MAINTENANCE_CANCELLED
    return MAINTENANCE_PHASE.get(str(maintenance.get("status")), MAINTENANCE_SCHEDULED)


def parsed_time(stamp: Any) -> datetime | None:
    """An API timestamp (``2026-11-26T09:40:00.000Z``) as an aware datetime; None when it is not one."""
    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00")) if stamp else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def oldest_first(updates: list[JsonObject]) -> list[JsonObject]:
    """The API lists updates newest first; announcements go in the order they were written."""
    return sorted(updates, key=lambda update: str(update.get("display_at") or update.get("created_at") or ""))


def moment(update: JsonObject | None, incident: JsonObject, event_type: str = "") -> str:
    """When the change happened: the update's time, else the window's edge the clock crossed."""
    if update is not None:
        return str(update.get("display_at") or update.get("created_at"))
    if event_type == MAINTENANCE_STARTED:
        return str(incident.get("started_at") or incident.get("scheduled_for"))
    if event_type == MAINTENANCE_COMPLETED:
        return str(incident.get("resolved_at") or incident.get("scheduled_until"))
    return str(incident.get("updated_at") or incident.get("created_at"))
