"""One feed per report of its public updates (``incidents/<id>/feed.xml`` and ``atom.xml``): following one
incident from its page, without the rest of the site's news.

Entries have the ids they have in ``updates.xml``, so a reader that takes both shows each update
once. A report without updates has its first public statement, its summary, as the API has.
"""

from __future__ import annotations

from functools import partial

from ..core.model import Record, derived_update_id
from ..core.schema import Update
from .context import Output, SiteContext
from .feeds import Feed, serialise, update_entry
from .report_facts import first_posted, report_path

#: Each feed's file name, and whether it is Atom (else RSS 2.0).
FORMATS = (("feed.xml", False), ("atom.xml", True))


def incident_feed(ctx: SiteContext, record: Record) -> Feed:
    """The report's updates as a feed, newest first."""
    updates = list(zip(record.report.updates, record.update_ids, strict=True))
    if not updates:
        statement = Update.model_construct(
            at=first_posted(record), status=record.status, message=record.report.summary or record.report.title,
        )
        updates = [(statement, derived_update_id(record.id, statement.at))]
    _, title, site = ctx.language.gettext, record.report.title, ctx.settings.site_name
    return Feed(
        ctx.tag(f"incident/{record.id}/updates"), _("%(title)s: %(site)s") % {"title": title, "site": site},
        _("Every update on %(title)s") % {"title": title},
        [update_entry(ctx, record, update, public_id) for update, public_id in reversed(updates)],
        page=report_path(record.id),
    )


def render(ctx: SiteContext) -> list[Output]:
    """An RSS and an Atom feed for each report the feeds carry (every one but exercises), each made when written."""
    outputs: list[Output] = []
    for record in ctx.archive.records:
        if record.kind == "exercise":
            continue
        both = OneFeedTwoFiles(ctx, record)
        for name, atom in FORMATS:
            path = report_path(record.id) + name
            outputs.append(Output(path, partial(both.serialised, path, atom)))
    return outputs


class OneFeedTwoFiles:
    """A report's feed, made for the first of its two files and let go once the second is written
    (they are written one after the other): its entries are made once, and never all held at once."""

    def __init__(self, ctx: SiteContext, record: Record) -> None:
        self.ctx, self.record = ctx, record
        self.feed: Feed | None = None
        self.waiting = len(FORMATS)

    def serialised(self, path: str, atom: bool) -> bytes:
        """The file; under ``mkdocs serve``, the last build's while the report and "now" are unchanged (the same report
        object is only reused while its file, the settings and the catalogue are, and is held with the file)."""
        key = ("report feed", self.ctx.now, path, atom)
        return self.ctx.renderer.kept_for(self.record.report, key, lambda: self._made(path, atom))

    def _made(self, path: str, atom: bool) -> bytes:
        feed = self.feed or incident_feed(self.ctx, self.record)
        self.waiting -= 1
        self.feed = feed if self.waiting > 0 else None
        return serialise(self.ctx, feed, path, atom=atom)


def feed_links(ctx: SiteContext, record: Record) -> list[dict[str, str]]:
    """The feeds a report's page names in its head (relative to the page); none for an exercise."""
    if record.kind == "exercise":
        return []
    title = ctx.language.gettext("Updates on %(title)s") % {"title": record.report.title}
    return [
        {"href": name, "type": "application/atom+xml" if atom else "application/rss+xml",
         "title": f"{title} ({'Atom' if atom else 'RSS'})"}
        for name, atom in FORMATS
    ]
