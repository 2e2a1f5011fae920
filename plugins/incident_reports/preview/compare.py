"""What merging would change on the public site: the two sides compared, as plain data for the writers.

Everything public here comes from the public projection (``core/public.py``)
and the API shapes (``views/api_shapes.py``); of the internal archive only a
count leaves this module, never a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from ..announce.messages import Languages
from ..core.catalogue import Catalogue, Service
from ..core.model import Record
from ..core.problems import Problem
from ..core.public import NARRATIVE_FIELDS, PUBLIC_FIELDS
from ..core.schema import Report
from ..core.status import overall, shown_statuses
from ..views.badge import INDICATOR_STATUS
from ..views.report_facts import report_path
from ..views.words import status_words
from .announcements import Announcement, Later, announcements, clock_announcements
from .public_text import TEXT_FIELDS, Piece, pieces
from .sides import Side

APPEARS, CHANGES, DISAPPEARS = "appears", "changes", "disappears"
PUBLICATION, RETRACTION = "publication", "retraction"
#: How a status reads on the side where the report or service is not on the public site.
NOT_PUBLISHED = "not published"
NOT_LISTED = "not listed"
T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """Something whose status changes: its name, and the status before and after, in words."""

    name: str
    before: str
    after: str


@dataclass(frozen=True)
class ReportChange:
    """A report that appears on, changes on or disappears from the public site."""

    id: str
    title: str
    address: str
    change: str
    #: PUBLICATION (internal to public), RETRACTION (public to internal), or empty.
    visibility: str
    #: Why it appears or disappears, in words (empty for a change).
    why: str
    #: Text new on the public site, as the public will read it.
    added: tuple[Piece, ...]
    #: Text reworded: as it was published, and as the public will read it.
    changed: tuple[tuple[Piece, Piece], ...]
    #: Text published before that is gone, as it read.
    removed: tuple[Piece, ...]
    #: Other public facts that change (impact, times, services), by their field names.
    facts: tuple[str, ...]

    @property
    def retracts(self) -> bool:
        """Whether something already published is taken off the site."""
        return self.change == DISAPPEARS or bool(self.removed)


@dataclass(frozen=True)
class Preview:
    """The whole comparison."""

    overall: Change
    services: tuple[Change, ...]
    statuses: tuple[Change, ...]
    reports: tuple[ReportChange, ...]
    catalogue: tuple[ReportChange, ...]
    announcements: tuple[Announcement, ...]
    later: tuple[Later, ...]
    internal_only: int
    base_problems: tuple[Problem, ...]

    @property
    def public_changes(self) -> bool:
        """Whether anything the public sees changes."""
        return bool(self.overall.before != self.overall.after or self.services or self.statuses or self.reports
                    or self.catalogue or self.announcements or self.later)

    @property
    def retractions(self) -> list[ReportChange]:
        """The reports and catalogue entries that take back something already published."""
        return [change for change in (*self.reports, *self.catalogue) if change.retracts]


def compare(base: Side, head: Side, languages: Languages) -> Preview:
    """What merging the working tree would change on the public site, against the base; announcements in ``languages``."""
    reports = tuple(report_changes(base, head))
    touched = {change.id for change in reports if change.change != DISAPPEARS}
    catalogue = tuple(catalogue_changes(base, head))
    # Two sides that publish the same reports and services (at one "now") publish the same API: nothing to announce.
    same_site = not reports and base.site.archive.catalogue == head.site.archive.catalogue
    return Preview(
        overall=overall_change(base, head),
        services=tuple(service_changes(base, head)),
        statuses=tuple(status_changes(base, head)),
        reports=reports,
        catalogue=catalogue,
        announcements=() if same_site else tuple(announcements(base, head, languages)),
        later=tuple(clock_announcements(head, touched, languages)),
        internal_only=internal_only(base, head),
        base_problems=tuple(base.errors),
    )


def overall_change(base: Side, head: Side) -> Change:
    """The overall status in the badge's words, before and after."""
    return Change("Overall", badge_words(base), badge_words(head))


def badge_words(side: Side) -> str:
    """The overall status as the badge says it."""
    site = side.site
    indicator = overall(shown_statuses(side.api.statuses, site.archive.catalogue, site.today))[0]
    return status_words(INDICATOR_STATUS[indicator], site.language)


def pairs(before: Mapping[str, T], after: Mapping[str, T]) -> Iterator[tuple[str, T | None, T | None, T]]:
    """For each key on either side: the key, its value before and after, and whichever is there (after first).

    The working tree's order first (newest first, for reports), then what only the base has.
    """
    for key, value in after.items():
        yield key, before.get(key), value, value
    for key, value in before.items():
        if key not in after:
            yield key, value, None, value


def service_changes(base: Side, head: Side) -> Iterable[Change]:
    """Each service on the status page whose status changes (one that comes or goes is 'not listed' on that side)."""
    for service_id, old, new, either in pairs(base.api.current.services, head.api.current.services):
        before = status_words(base.api.statuses[service_id], base.site.language) if old else NOT_LISTED
        after = status_words(head.api.statuses[service_id], head.site.language) if new else NOT_LISTED
        if before != after:
            yield Change(either.name, before, after)


def status_changes(base: Side, head: Side) -> Iterable[Change]:
    """Each published incident or maintenance whose status changes, newest first."""
    for _, old, new, either in pairs(base.public, head.public):
        before = status_words(old.status, base.site.language) if old else NOT_PUBLISHED
        after = status_words(new.status, head.site.language) if new else NOT_PUBLISHED
        if before != after:
            yield Change(either.report.title, before, after)


def report_changes(base: Side, head: Side) -> Iterable[ReportChange]:
    """Each report that appears on, changes on or disappears from the public site."""
    for report_id, old, new, shown in pairs(base.public, head.public):
        if old is not None and new is not None and same_public(old, new):
            continue
        address = head.api.url(report_path(report_id))
        added, changed, removed = text_changes(pieces(old, base.site) if old else {}, pieces(new, head.site) if new else {})
        if old is None:
            change, visibility, why = APPEARS, *appearing(base.reports.get(report_id))
        elif new is None:
            change, visibility, why = DISAPPEARS, *disappearing(head.reports.get(report_id))
        else:
            change, visibility, why = CHANGES, "", ""
        facts = public_facts(old, new) if old and new else ()
        yield ReportChange(report_id, shown.report.title, address, change, visibility, why, added, changed, removed, facts)


def text_changes(
    before: Mapping[str, Piece], after: Mapping[str, Piece],
) -> tuple[tuple[Piece, ...], tuple[tuple[Piece, Piece], ...], tuple[Piece, ...]]:
    """The pieces of text new, reworded (before and after) and gone."""
    added = tuple(piece for key, piece in after.items() if key not in before)
    changed = tuple((before[key], piece) for key, piece in after.items() if key in before and before[key].text != piece.text)
    removed = tuple(piece for key, piece in before.items() if key not in after)
    return added, changed, removed


def same_public(old: Record, new: Record) -> bool:
    """Whether a report publishes exactly the same on both sides."""
    return old.report == new.report and old.body == new.body and old.status == new.status


def appearing(before: Record | None) -> tuple[str, str]:
    """Whether a report new on the public site is a publication, and why it appears."""
    if before is None:
        return "", "a new report"
    if before.report.visibility != "public":
        return PUBLICATION, "its visibility changes from internal to public"
    return "", "all its services are public now" if before.kind != "exercise" else "it is no longer an exercise"


def disappearing(after: Record | None) -> tuple[str, str]:
    """Whether a report leaving the public site is a retraction of visibility, and why it goes."""
    if after is None:
        return "", "its file is deleted or renamed to another id"
    if after.report.visibility != "public":
        return RETRACTION, "its visibility changes from public to internal"
    return "", "one of its services is internal now" if after.kind != "exercise" else "it is now an exercise"


def public_facts(old: Record, new: Record) -> tuple[str, ...]:
    """The public fields, other than text and status (said above), whose values change.

    An update counts when one already published changes its time, status or impact;
    a new or deleted update shows as its text.
    """
    fields = (*PUBLIC_FIELDS, *(NARRATIVE_FIELDS if old.report.report_public or new.report.report_public else ()))
    changed = [name for name in fields if name not in (*TEXT_FIELDS, "status", "updates")
               and getattr(old.report, name) != getattr(new.report, name)]
    before, after = update_facts(old), update_facts(new)
    if any(before[key] != facts for key, facts in after.items() if key in before):
        changed.append("updates")
    if old.report.report_public != new.report.report_public:
        changed.append("report_public")
    return tuple(changed)


def update_facts(record: Record) -> dict[str, tuple[object, ...]]:
    """What each update says besides its message, by its public id."""
    return {
        update_id: (update.at, update.status, update.impact)
        for update, update_id in zip(record.report.updates, record.update_ids, strict=True)
    }


def catalogue_changes(base: Side, head: Side) -> Iterable[ReportChange]:
    """Public services whose name or description the status page shows differently."""
    services = pairs(base.site.archive.catalogue.services, head.site.archive.catalogue.services)
    for service_id, old, new, either in services:
        added, changed, removed = text_changes(service_text(old), service_text(new))
        if added or changed or removed:
            change = APPEARS if old is None else DISAPPEARS if new is None else CHANGES
            why = "it is no longer a public service" if new is None else ""
            yield ReportChange(service_id, either.name, head.api.url(""), change, "", why, added, changed, removed, ())


def service_text(service: Service | None) -> dict[str, Piece]:
    """What the status page says of a service, by key."""
    if service is None:
        return {}
    found = [Piece("name", "Service name", service.name), Piece("description", "Service description", service.description or "")]
    return {piece.key: piece for piece in found if piece.text}


def internal_only(base: Side, head: Side) -> int:
    """How many reports (and the catalogue) change in ways only the internal archive shows."""
    count = 0
    for report_id in base.reports.keys() | head.reports.keys():
        old, new = base.reports.get(report_id), head.reports.get(report_id)
        if old is not None and new is not None and old.report == new.report and old.body == new.body:
            continue
        if internally_changed(old, new, base.public.get(report_id), head.public.get(report_id)):
            count += 1
    full, public = (base.archive.catalogue, head.archive.catalogue), (base.site.archive.catalogue, head.site.archive.catalogue)
    if full[0] != full[1] and (public[0] == public[1] or internal_services(full[0]) != internal_services(full[1])):
        count += 1
    return count


def internal_services(catalogue: Catalogue) -> dict[str, Service]:
    """The services the public never sees."""
    return {service_id: service for service_id, service in catalogue.services.items() if not service.public}


def internally_changed(old: Record | None, new: Record | None, public_old: Record | None, public_new: Record | None) -> bool:
    """Whether a report changes in a part the public never sees.

    A report on the public site on neither side changes only internally; one published on
    one side only is a publication or a retraction, whose internal part comes along with it.
    Otherwise a field changes internally when it is not published, or when its public
    projection stays the same (a timeline entry's author, an action's owner).
    """
    if public_old is None and public_new is None:
        return True
    if old is None or new is None or public_old is None or public_new is None:
        return False
    if old.body != new.body and public_old.body == public_new.body:
        return True
    for name in Report.model_fields:
        if getattr(old.report, name) == getattr(new.report, name):
            continue
        if getattr(public_old.report, name, None) == getattr(public_new.report, name, None):
            return True
    return False
