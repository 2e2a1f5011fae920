"""The public projection: what of the archive may reach a public output, and nothing more.

Views in the public build only ever see this projection, so an internal field
cannot leak through a template that forgets to check the audience.
"""

from __future__ import annotations

from dataclasses import replace

from .archive import Archive
from .model import Record

#: Fields every public report publishes (docs/handbook/public-and-internal.md).
PUBLIC_FIELDS = (
    "id", "title", "kind", "status", "impact", "services", "started", "mitigated", "resolved",
    "scheduled_for", "scheduled_until", "summary", "updates", "visibility", "language", "feed_id",
)
#: The narrative that ``report_public: true`` adds (never names, tickets, notified, review or extra).
NARRATIVE_FIELDS = (
    "user_impact", "trigger", "root_cause", "resolution", "contributing_factors", "timeline", "actions", "lessons",
)
# Never public, whatever the report says (by being in neither list): people, tickets, notified, review,
# extra, category and categories, users_affected and users_affected_text, timezone (it only guides authors).


def public_archive(archive: Archive) -> Archive:
    """Only public reports on public services, each cut down to its public fields."""
    projected = (public_or_none(r) for r in archive.records)
    return on_public_services(Archive(tuple(r for r in projected if r is not None), archive.catalogue))


def public_or_none(record: Record) -> Record | None:
    """A public report cut down to its public fields; None for one that is not public.

    ``load_archive(keep=public_or_none)`` then ``on_public_services`` is ``public_archive``,
    without ever holding every report in full.
    """
    return public_record(record) if record.public else None


def on_public_services(archive: Archive) -> Archive:
    """The public catalogue, and the (projected) reports whose services are all public."""
    catalogue = archive.catalogue.public()
    public_services = set(catalogue.services)
    records = tuple(r for r in archive.records if all(s in public_services for s in r.services))
    return Archive(records, catalogue, ())


def public_record(record: Record) -> Record:
    """A copy of a public report holding only what may be published."""
    report = record.report
    keep = {name: getattr(report, name) for name in PUBLIC_FIELDS}
    narrative = report.report_public
    if narrative:
        keep.update({name: getattr(report, name) for name in NARRATIVE_FIELDS})
        keep["timeline"] = [entry.model_copy(update={"by": None}) for entry in report.timeline]
        keep["actions"] = [
            action.model_copy(update={"owner": "", "due": None, "done_on": None, "ticket": None, "type": None})
            for action in report.actions or []
        ]
        keep["report_public"] = True
    projected = type(report).model_construct(**keep)
    return replace(
        record, report=projected, body=record.body if narrative else "", source="",
        id_line=1, related_lines=(), update_id_lines=(),
    )
