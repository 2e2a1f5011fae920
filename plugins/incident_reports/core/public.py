"""The public projection: what of the archive may reach a public output, and nothing more.

Views in the public build only ever see this projection, so an internal field
cannot leak through a template that forgets to check the audience.

Where the public build's leak-proofing lives (every mechanism, in the order a
report meets them; a change to any of them is a change to this list):

1. The projection (here): ``public_or_none`` keeps only public reports, cut down to
   ``PUBLIC_FIELDS`` (plus ``NARRATIVE_FIELDS`` with ``report_public``, without
   names, owners, dates of actions or tickets); the plugin's public build loads the
   archive with it (``mkdocs_plugin/plugin.py``, ``_load``), so the full reports are
   never held.
2. The public services filter (here): ``on_public_services`` drops internal services
   from the catalogue and every report that names one.
3. The sanitiser (``views/sanitiser.py``, through ``views/markdown_text.py``): published
   Markdown loses every raw HTML tag in the public build (``DropRawHtml``), and in both builds
   scripts, event handlers, comments and the elements whose contents are hidden
   (``HIDDEN_CONTENT_TAGS``) with their text (``clean``).
4. The files published (``mkdocs_plugin/files.py``, ``generated_files``): the public
   build keeps only generated files and the theme's, plus the public configuration's
   own pages; internal-only views (``data_export``'s ``incidents.json``, insights, the
   action register) make nothing for the public audience.
5. The public configuration's own ``docs_dir`` (``mkdocs.public.yml``: ``public-docs``):
   even if the plugin does not run at all (disabled, or an engine that ignores plugins),
   the public build has no internal page to publish: it fails closed.
6. The search index: built by Material's search plugin from the pages of step 4 only,
   whose generated bodies are made from the projection (``views/archive_report.py``
   adds internal search words in the internal build only).
7. The sitemap: MkDocs lists the same pages, so it names no internal page.
8. The feeds (``views/feeds.py``) and the calendar (``views/calendar.py``): made from
   the projected archive, public updates only.
9. The API (``views/api_shapes.py``): made from ``public_archive`` in both builds, so the
   internal build's copy publishes nothing more than the public one.
10. Edit links: the public build drops ``edit_uri`` and ``repo_url`` (``plugin.py``,
    ``on_config``), so no page links into the repository.
11. The gate (``core/loader.py``, ``core/validate.py``): what reaches any of the above has
    passed validation, so no control character, script-breaking text or oversized
    input reaches a public page, feed, calendar or API file.

Tests: ``tests/test_public_leaks.py`` (every output of the public build against every
internal value) and ``tests/test_hostile_text.py`` (payloads in every field, in a browser).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .archive import Archive
from .model import Record

#: Fields every public report publishes (docs/handbook/public-and-internal.md).
PUBLIC_FIELDS = (
    "id", "title", "kind", "status", "impact", "services", "started", "mitigated", "resolved",
    "scheduled_for", "scheduled_until", "summary", "what_to_do", "updates", "visibility", "language", "feed_id",
    "statuspage_id",
)
#: The narrative that ``report_public: true`` adds (never names, tickets, notified, review or extra).
NARRATIVE_FIELDS = (
    "user_impact", "trigger", "root_cause", "resolution", "contributing_factors", "timeline", "actions", "lessons",
)
# Never public, whatever the report says (by being in neither list): people, tickets, notified, review,
# extra, category and categories, users_affected and users_affected_text, timezone (it only guides authors).


def public_archive(archive: Archive, project: Callable[[Record], Record | None] | None = None) -> Archive:
    """Only public reports on public services, each cut down to its public fields (by ``project``, which
    may give again what ``public_or_none`` gave before for the same record)."""
    projected = ((project or public_or_none)(r) for r in archive.records)
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
    return replace(record, report=projected, body=record.body if narrative else "", source="")
