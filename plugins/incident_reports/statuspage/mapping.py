"""How a Statuspage export becomes reports and services: the mapping the handbook documents.

Pure functions from the export (and what the site already holds) to the fields
of each report, the services of the catalogue and a list of the real data's
quirks, each said in words for the summary the command prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from markdownify import markdownify

from ..core.catalogue import GROUP_ID_FALLBACK, group_id
from ..core.ids import id_from, unique_id
from ..core.model import worst as worst_impact
from ..core.problems import Refused
from ..core.schema import UPDATE_ID_PATTERN
from ..core.slugs import slugify
from ..core.timestamps import TimestampError, parse_date
from ..core.yaml_text import Block, Word, flow_text
from ..views.markdown_text import MarkdownText, text_angles_escaped
from ..views.sanitiser import clean
from .export import Component, Export, Incident, IncidentUpdate

#: Statuspage's incident impact as one of the site's severities, by position (P1, P2, P3, P4 by default).
SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2, "none": 3}
#: Statuspage's incident impact as the report's impact level.
IMPACT_LEVEL = {"critical": "major_outage", "major": "partial_outage", "minor": "degraded_performance", "none": "none"}
#: A component status after an update, as the impact on that service from then on.
COMPONENT_IMPACT = {
    "operational": "none", "degraded_performance": "degraded_performance",
    "partial_outage": "partial_outage", "major_outage": "major_outage",
}
#: Statuspage statuses the report format has no word for, and the one each becomes.
STATUS_FOR = {"postmortem": "resolved"}
INCIDENT_STATUSES = ("investigating", "identified", "monitoring", "resolved")
MAINTENANCE_STATUSES = ("scheduled", "in_progress", "verifying", "completed")
#: The report's field that keeps Statuspage's incident id: its id in the API, and how the next import finds it.
STATUSPAGE_ID = "statuspage_id"
#: Statuspage's short link, kept under ``extra`` (internal: the public site links to its own pages).
STATUSPAGE_LINK = "statuspage_shortlink"
#: The longest report id the import makes from a date and a name.
ID_LENGTH = 60


@dataclass(frozen=True)
class NewService:
    """A service the catalogue does not have yet, and the group it belongs in (None: standing alone)."""

    id: str
    name: str
    description: str | None
    since: str | None
    group: str | None
    #: The id a new group is written with, where the one its name gives is another group's already.
    group_id: str | None = None


@dataclass
class Plan:
    """What the import adds: services, new reports (id -> fields), new updates of known reports, and quirks."""

    services: list[NewService] = field(default_factory=list)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Report id -> (index to insert at, update fields), oldest first.
    added_updates: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    quirks: list[str] = field(default_factory=list)


class Imported(NamedTuple):
    """A report imported before: its id, the update ids and times it has, and the services it lists."""

    report_id: str
    update_ids: frozenset[str]
    times: tuple[datetime, ...]
    services: tuple[str, ...]


@dataclass(frozen=True)
class Known:
    """What the site already holds: service ids, report ids, and the reports imported before."""

    service_ids: frozenset[str]
    report_ids: frozenset[str]
    #: Statuspage incident id -> the report imported from it.
    imported: dict[str, Imported]
    #: The catalogue's groups: name -> id.
    groups: dict[str, str] = field(default_factory=dict)


def utc_text(moment: datetime) -> str:
    """A time as the report format writes it, keeping Statuspage's milliseconds when there are any."""
    utc = moment.astimezone(UTC)
    millis = utc.microsecond // 1000
    return f"{utc:%Y-%m-%dT%H:%M:%S}" + (f".{millis:03d}" if millis else "") + "Z"


def markdown_from_statuspage(body: str) -> str:
    """Statuspage's update text (plain text with some HTML: ``<br />``, links, bold) as Markdown.

    A line break in the text is a line break on Statuspage's page, so it stays one; a ``<``
    that opens no known tag is text (``use <your email>``) and is kept as such. The export is
    untrusted: its HTML goes through the site's one sanitiser first, so a comment, a script or a
    style goes with its text and an image becomes a link, as in text written in a report.
    """
    html = clean(text_angles_escaped(body.replace("\r\n", "\n")).replace("\n", "<br />"))
    markdown = markdownify(str(html), heading_style="ATX", bullets="-")
    # markdownify ends a hard line break with two spaces; update messages keep their line breaks without them.
    markdown = re.sub(r" {2,}\n", "\n", markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown)
    return "\n".join(line.rstrip() for line in markdown.strip().split("\n"))


def plan_import(export: Export, known: Known, severities: tuple[str, ...]) -> Plan:
    """Everything the export adds to the site: unseen services, incidents and updates."""
    plan = Plan()
    markdown = MarkdownText()
    service_of = _plan_services(export, known, plan)
    taken = set(known.report_ids)
    for incident in sorted([*export.incidents.values(), *export.maintenances.values()], key=lambda i: (_begins(i), i.id)):
        maintenance = incident.id in export.maintenances
        if incident.id in known.imported:
            _plan_new_updates(incident, known.imported[incident.id], service_of, maintenance, plan)
            continue
        report_id = _report_id(incident, taken)
        taken.add(report_id)
        fields = _report_fields(incident, report_id, service_of, maintenance, severities, plan.quirks, markdown)
        # Where the format lists them: after the updates, the ids kept from Statuspage; extra last.
        if incident.id in export.feed_ids:
            fields["feed_id"] = export.feed_ids[incident.id]
        fields[STATUSPAGE_ID] = incident.id
        if incident.shortlink:
            fields["extra"] = {STATUSPAGE_LINK: incident.shortlink}
        plan.reports[report_id] = fields
    plan.quirks += _statuses_no_incident_explains(export)
    return plan


# --- Services ---------------------------------------------------------------------------------------------


def _plan_services(export: Export, known: Known, plan: Plan) -> dict[str, str]:
    """Statuspage component id -> service id, adding the services the catalogue lacks (groups kept)."""
    groups = {c.id: c for c in export.components if c.group}
    group_of = {member: g.name for g in groups.values() for member in g.components}
    components = [c for c in export.components if not c.group]
    # Components named only by incidents (no components.json given, or removed from the page since).
    listed = {c.id for c in components}
    for incident in [*export.incidents.values(), *export.maintenances.values()]:
        for component in incident.components:
            if not component.group and component.id not in listed:
                components.append(component)
                listed.add(component.id)
        for update in incident.incident_updates:
            for affected in update.affected:
                if affected.code not in listed and affected.code not in groups:
                    components.append(Component(id=affected.code, name=affected.name or affected.code))
                    listed.add(affected.code)
    service_of: dict[str, str] = {}
    used: set[str] = set()
    group_ids = dict(known.groups)
    for component in components:
        # Made to follow the id rule whatever the export holds; a name met before takes its component's id
        # too, so that a later export maps each component to the same service whatever their order.
        service_id = id_from(component.name, "component")
        if service_id in used:
            service_id = unique_id(f"{service_id}-{id_from(component.id, 'component')}", used)
        used.add(service_id)
        service_of[component.id] = service_id
        if service_id in known.service_ids:
            continue
        group = group_of.get(component.id) or (groups[component.group_id].name if component.group_id in groups else None)
        plan.services.append(NewService(
            service_id, component.name, component.description or None, _since(component), group,
            None if group is None else _group_id(group, group_ids),
        ))
    return service_of


#: Incident statuses after which an incident holds no component's status any more.
ENDED = ("resolved", "postmortem")
#: Maintenance statuses that hold a component under maintenance.
UNDER_WAY = ("in_progress", "verifying")


def _statuses_no_incident_explains(export: Export) -> list[str]:
    """Components the page shows with a problem (or under maintenance) that no open incident (or window) names.

    A status set by hand on Statuspage has no report to come from: on the new site the component
    shows as operational, so the team must write one.
    """
    named: dict[bool, set[str]] = {False: set(), True: set()}
    for maintenance, found in ((False, export.incidents), (True, export.maintenances)):
        for incident in found.values():
            if (incident.status in UNDER_WAY) if maintenance else (incident.status not in ENDED):
                named[maintenance].update(c.id for c in incident.components)
                named[maintenance].update(a.code for u in incident.incident_updates for a in u.affected)
    quirks = []
    for component in export.components:
        if component.group or component.status in (None, "operational"):
            continue
        if component.status == "under_maintenance" and component.id not in named[True]:
            quirks.append(
                f"{component.name} is under_maintenance on Statuspage but no maintenance in progress names it: "
                "write a maintenance report for it, or it will show as operational"
            )
        elif component.status != "under_maintenance" and component.id not in named[False]:
            quirks.append(
                f"{component.name} is {component.status} on Statuspage but no incident names it: "
                "write a report for it, or it will show as operational"
            )
    return quirks


def _group_id(name: str, taken: dict[str, str]) -> str | None:
    """The id to write for a group the import adds, where the one its name gives is another group's (else None)."""
    if name in taken:
        return None
    made = group_id(None, name) or GROUP_ID_FALLBACK
    given = made if made not in taken.values() else unique_id(made, set(taken.values()))
    taken[name] = given
    return given if given != made else None


def _since(component: Component) -> str | None:
    """The component's ``start_date`` when it is a plain date the report format takes."""
    text = component.start_date or ""
    try:
        parse_date(text)
    except TimestampError:
        return None
    return text


# --- Reports ----------------------------------------------------------------------------------------------


def _begins(incident: Incident) -> datetime:
    """When the incident's story starts: the earliest of its times (Statuspage's backfilled ones are out of order)."""
    times = [incident.created_at, *(t for t in (incident.started_at, incident.resolved_at) if t)]
    times += [u.at for u in incident.incident_updates]
    return min(times)


def _report_id(incident: Incident, taken: set[str]) -> str:
    """``<date the incident began>-<its name as a slug>``, unique among the site's reports."""
    day = (incident.scheduled_for or _begins(incident)).astimezone(UTC).date().isoformat()
    return unique_id(f"{day}-{slugify(incident.name, 'incident')}"[:ID_LENGTH].rstrip("-"), taken)


def _ordered_updates(incident: Incident) -> list[IncidentUpdate]:
    """Updates oldest first by the time they are shown at (Statuspage lists them newest first)."""
    return sorted(reversed(incident.incident_updates), key=lambda u: u.at)


def _status(update: IncidentUpdate, maintenance: bool, incident: Incident, quirks: list[str]) -> str:
    """The update's status in the report format's words."""
    allowed = MAINTENANCE_STATUSES if maintenance else INCIDENT_STATUSES
    status = STATUS_FOR.get(update.status, update.status)
    if status != update.status:
        quirks.append(f"{incident.name}: update {update.id} has status '{update.status}', imported as '{status}'")
    if status not in allowed:
        fallback = allowed[-1] if incident.resolved_at else allowed[0]
        quirks.append(f"{incident.name}: update {update.id} has status '{update.status}', imported as '{fallback}'")
        status = fallback
    return status


def _update_fields(
    update: IncidentUpdate, incident: Incident, service_of: dict[str, str], listed: list[str],
    maintenance: bool, quirks: list[str],
) -> dict[str, Any]:
    """One update: its id, time, status and text, and the impact it gives each listed service."""
    fields: dict[str, Any] = {}
    if re.fullmatch(UPDATE_ID_PATTERN, update.id):
        fields["id"] = Word(update.id)
    else:
        quirks.append(f"{incident.name}: update id '{update.id}' is not a valid id; the update gets a derived one")
    fields["at"] = Word(utc_text(update.at))
    fields["status"] = Word(_status(update, maintenance, incident, quirks))
    text = markdown_from_statuspage(update.body or "")
    if not text:
        text = f"{fields['status'].text.replace('_', ' ').capitalize()}."
        quirks.append(f"{incident.name}: update {update.id} has no text; imported as '{text}'")
    fields["message"] = Block(text)
    if not maintenance:
        impact = {
            service_of[a.code]: COMPONENT_IMPACT[a.new_status]
            for a in update.affected if a.code in service_of and a.new_status in COMPONENT_IMPACT
        }
        kept = {s: level for s, level in impact.items() if s in listed}
        if len(kept) < len(impact):
            dropped = ", ".join(sorted(set(impact) - set(kept)))
            quirks.append(
                f"{incident.name}: update {update.id} names {dropped}, which the report does not list; that impact was left out"
            )
        if kept:
            fields["impact"] = kept
    return fields


def _first_impacts(incident: Incident, ordered: list[IncidentUpdate], service_of: dict[str, str]) -> dict[str, str]:
    """Each affected service's first impact (its first status other than operational), in the order named."""
    impacts: dict[str, str] = {}
    for component in incident.components:
        if component.id in service_of:
            impacts.setdefault(service_of[component.id], "")
    for update in ordered:
        for affected in update.affected:
            service = service_of.get(affected.code)
            if service is None:
                continue
            level = COMPONENT_IMPACT.get(affected.new_status, "")
            if not impacts.get(service) and level not in ("", "none"):
                impacts[service] = level
            impacts.setdefault(service, "")
    return impacts


def _report_fields(
    incident: Incident, report_id: str, service_of: dict[str, str], maintenance: bool,
    severities: tuple[str, ...], quirks: list[str], markdown: MarkdownText,
) -> dict[str, Any]:
    """A new report's front-matter, in the order ``incidents new`` writes it."""
    ordered = _ordered_updates(incident)
    impact = IMPACT_LEVEL.get(incident.impact, "none")
    first = _first_impacts(incident, ordered, service_of)
    fields: dict[str, Any] = {"id": report_id, "title": incident.name, "kind": "maintenance" if maintenance else "incident"}
    if not maintenance:
        rank = min(SEVERITY_RANK.get(incident.impact, len(severities) - 1), len(severities) - 1)
        fields |= {"severity": severities[rank], "stage": "draft"}
    fields["visibility"] = "public"
    if not first:
        quirks.append(f"{incident.name}: names no component; imported as affecting the service as a whole")
    elif maintenance or all(not level for level in first.values()):
        fields["services"] = Word(flow_text(list(first)))
    else:
        fields["services"] = {service: level or impact for service, level in first.items()}
        levels = [COMPONENT_IMPACT.get(a.new_status, "none") for u in ordered for a in u.affected]
        worst = worst_impact([*fields["services"].values(), *levels])
        if worst != impact:
            quirks.append(
                f"{incident.name}: Statuspage's impact is '{incident.impact}', its components' worst is '{worst}'; "
                "the report keeps both (impact, and each service's impact); the API's impact is Statuspage's, as before, "
                "and each service's row follows its components'"
            )
    if not maintenance:
        fields["impact"] = impact
        begins = _begins(incident)
        _out_of_order(incident, begins, quirks)
        fields["started"] = Word(utc_text(begins))
    else:
        if incident.scheduled_for is None or incident.scheduled_until is None:
            raise Refused(
                f"Nothing was imported: the scheduled maintenance {incident.id} ({incident.name}) has no "
                "scheduled_for or no scheduled_until; save scheduled-maintenances.json as the API gave it"
            )
        fields["scheduled_for"] = Word(utc_text(incident.scheduled_for))
        fields["scheduled_until"] = Word(utc_text(incident.scheduled_until))
    if not ordered:
        status = STATUS_FOR.get(incident.status, incident.status)
        fields["status"] = Word(status)
        if status == "resolved" and not maintenance:
            fields["resolved"] = Word(utc_text(max(incident.resolved_at or incident.created_at, _begins(incident))))
        quirks.append(f"{incident.name}: has no update; its summary is its first public statement")
    fields["summary"] = Block(_summary(incident, ordered, markdown))
    _said_no_component(incident, ordered, quirks)
    listed = list(first)
    fields["updates"] = [_update_fields(u, incident, service_of, listed, maintenance, quirks) for u in ordered]
    if not fields["updates"]:
        del fields["updates"]
    _same_second(incident, ordered, quirks)
    return fields


#: Back-dated updates named one by one in a quirk's line; more are counted.
NAMED_UPDATES = 3


def _out_of_order(incident: Incident, begins: datetime, quirks: list[str]) -> None:
    """Say when the incident's times are out of order, and why: updates back-dated on Statuspage (written
    later than the time they are shown at), which a report cannot hold before its ``started``."""
    stated = incident.started_at or incident.created_at
    if not (begins < stated or (incident.resolved_at and incident.resolved_at < stated)):
        return
    # A second's difference is the time Statuspage takes to save an update, not a back-dating.
    back_dated = [
        u for u in _ordered_updates(incident)
        if u.display_at is not None and (u.created_at - u.display_at).total_seconds() >= 1
    ]
    keeps = f"the report keeps the times shown and starts at the earliest, {utc_text(begins)}"
    if back_dated:
        named = "; ".join(
            f"{u.id} written {utc_text(u.created_at)}, shown as {utc_text(u.at)}" for u in back_dated[:NAMED_UPDATES]
        )
        more = f"; and {len(back_dated) - NAMED_UPDATES} more" if len(back_dated) > NAMED_UPDATES else ""
        quirks.append(
            f"{incident.name}: {len(back_dated)} update{'s were' if len(back_dated) != 1 else ' was'} back-dated "
            f"on Statuspage ({named}{more}), to before the incident's started_at, {utc_text(stated)}; {keeps}"
        )
        return
    resolved = f", resolved_at {utc_text(incident.resolved_at)}" if incident.resolved_at else ""
    quirks.append(
        f"{incident.name}: Statuspage's times are out of order (started_at {utc_text(stated)}{resolved}, "
        f"earliest update shown at {utc_text(begins)}); {keeps}"
    )


def _said_no_component(incident: Incident, ordered: list[IncidentUpdate], quirks: list[str]) -> None:
    """Say when updates name "no component" in Statuspage's old way: an entry without a code, read as none."""
    said = [(u.id, name) for u in ordered for name in u.said_no_component]
    if said:
        words = sorted({name for _, name in said if name}) or ["(no name)"]
        ids = list(dict.fromkeys(update_id for update_id, _ in said))
        many = len(ids) > 1
        quirks.append(
            f"{incident.name}: update{'s' if many else ''} {', '.join(ids)} list{'' if many else 's'} '{words[0]}' "
            "as a component without a code, as Statuspage wrote \"no component\" in 2016-17; read as naming no component"
        )


def _summary(incident: Incident, ordered: list[IncidentUpdate], markdown: MarkdownText) -> str:
    """The report's summary: the first paragraph of the first update's text, else the incident's name."""
    for update in ordered:
        text = markdown.message_text(markdown_from_statuspage(update.body or ""))
        if text:
            return text.split("\n\n")[0]
    return incident.name


def _same_second(incident: Incident, ordered: list[IncidentUpdate], quirks: list[str]) -> None:
    """Say when two updates share a second: their order is Statuspage's, their ids its own."""
    seconds = [u.at.replace(microsecond=0) for u in ordered]
    if len(set(seconds)) < len(seconds):
        quirks.append(f"{incident.name}: two updates in the same second; kept in Statuspage's order with their own ids")


def _plan_new_updates(incident: Incident, known: Imported, service_of: dict[str, str], maintenance: bool, plan: Plan) -> None:
    """The updates of an incident imported before that the report does not have yet, each at its place in time."""
    # An update whose id the report could not keep (not a valid id) is known by its time, as the report wrote it.
    written = {utc_text(moment) for moment in known.times}
    unseen = [
        u for u in _ordered_updates(incident)
        if u.id not in known.update_ids and (re.fullmatch(UPDATE_ID_PATTERN, u.id) or utc_text(u.at) not in written)
    ]
    if not unseen:
        return
    _said_no_component(incident, unseen, plan.quirks)
    times_list = list(known.times)
    added: list[tuple[int, dict[str, Any]]] = []
    for update in unseen:
        index = sum(1 for t in times_list if t <= update.at)
        times_list.insert(index, update.at)
        added.append((index, _update_fields(update, incident, service_of, list(known.services), maintenance, plan.quirks)))
    plan.added_updates[known.report_id] = added
