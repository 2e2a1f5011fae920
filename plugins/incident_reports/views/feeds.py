"""RSS 2.0 and Atom feeds: the whole site, each service, and one entry per public update.

Entry ids are tag URIs (``tag:<id_authority>,<year>:incident/<id>``), so a reader
keeps its read marks when the site moves. Every time in a feed comes from the
reports, never from the clock, so two builds of the same input are identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import chain

from feedgen.feed import FeedGenerator

from ..core.model import Record
from ..core.schema import Update
from .context import Output, SiteContext
from .report_facts import first_posted, last_changed, report_path
from .words import WHOLE_SERVICE_LABEL, status_words

#: What an incident that names no service affects.
#: Named in every feed without a version, so upgrading a dependency changes no output.
GENERATOR = "mkdocs-incident-reports"


@dataclass(frozen=True)
class Entry:
    """One feed entry, ready for either format."""

    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    content: str
    summary: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    """One feed: its stable id, its title, its entries (newest first) and the page it follows."""

    id: str
    title: str
    description: str
    entries: list[Entry]
    page: str = "status/"


def render(ctx: SiteContext) -> list[Output]:
    """``feed.xml``, ``atom.xml`` and ``updates.xml``, and an RSS and an Atom feed per service."""
    cap = ctx.settings.feed_entries
    name, _ = ctx.settings.site_name, ctx.language.gettext
    # Newest first by the report's latest public time; the id breaks ties so the order is stable.
    records = sorted(
        (r for r in ctx.archive.records if r.kind != "exercise"),
        key=lambda r: (last_changed(r, ctx.now), r.id), reverse=True,
    )
    services = ctx.archive.catalogue.services.values()
    listings = {service.id: [r for r in records if service.id in r.services][:cap] for service in services}
    # Only the entries some feed shows are rendered: a large archive costs no more than its newest reports.
    shown = {r.id: r for r in chain(records[:cap], *listings.values())}
    entries = {report_id: report_entry(ctx, record) for report_id, record in shown.items()}
    newest = [entries[r.id] for r in records[:cap]]
    outputs = both_formats(
        ctx, "", Feed(ctx.tag("feed"), name, _("Incidents and maintenance: %(site)s") % {"site": name}, newest),
    )
    for service in services:
        feed = Feed(ctx.tag(f"service/{service.id}"), _("%(service)s: %(site)s") % {"service": service.name, "site": name},
                    _("Incidents and maintenance affecting %(service)s") % {"service": service.name},
                    [entries[r.id] for r in listings[service.id]])
        outputs += both_formats(ctx, f"services/{service.id}/", feed)
    # Newest first; updates of one report in the same second keep their file order reversed.
    updates = sorted(
        ((u, r, i, uid) for r in records for i, (u, uid) in enumerate(zip(r.report.updates, r.update_ids, strict=True))),
        key=lambda p: (p[0].at, p[1].id, p[2]), reverse=True,
    )[:cap]
    feed = Feed(ctx.tag("updates"), _("Status updates: %(site)s") % {"site": name},
                _("Every status update posted on %(site)s") % {"site": name},
                [update_entry(ctx, record, update, uid) for update, record, _order, uid in updates])
    outputs.append(Output("updates.xml", partial(kept_serialised, ctx, feed, "updates.xml", atom=False)))
    return outputs


def both_formats(ctx: SiteContext, folder: str, feed: Feed) -> list[Output]:
    """The feed as ``feed.xml`` (RSS 2.0) and ``atom.xml`` (Atom) in ``folder``."""
    return [
        Output(f"{folder}feed.xml", partial(kept_serialised, ctx, feed, f"{folder}feed.xml", atom=False)),
        Output(f"{folder}atom.xml", partial(kept_serialised, ctx, feed, f"{folder}atom.xml", atom=True)),
    ]


def kept_serialised(ctx: SiteContext, feed: Feed, path: str, *, atom: bool) -> bytes:
    """``serialise``; under ``mkdocs serve``, the last build's while the feed's words, address and entries are unchanged."""
    if not ctx.renderer.keeps:
        return serialise(ctx, feed, path, atom=atom)
    key = (
        "feed", path, atom, ctx.now, ctx.language, ctx.settings.site_name, ctx.url(path), ctx.url(feed.page),
        feed.id, feed.title, feed.description, tuple(feed.entries),
    )
    return ctx.renderer.kept_or_made(key, lambda: serialise(ctx, feed, path, atom=atom))


def service_names(ctx: SiteContext, record: Record) -> list[str]:
    """The report's services by name; an ongoing incident's with the impact it has on each now."""
    services = ctx.archive.catalogue.services
    names = []
    for service_id in record.services:
        label = services[service_id].name
        impact = record.current_impacts.get(service_id) if record.active else None
        impact_words = status_words(impact, ctx.language).lower() if impact and impact != "none" else ""
        names.append(f"{label} ({impact_words})" if impact_words else label)
    # An incident that names no service affects the service as a whole.
    return names or [ctx.language.gettext(WHOLE_SERVICE_LABEL)]


def report_entry(ctx: SiteContext, record: Record) -> Entry:
    """A report's entry: its summary, status, services and every public update, newest first. Under ``mkdocs serve``,
    the last build's while the report and "now" are unchanged (the same report object is only reused while its file,
    the settings and the catalogue are, and is held with the entry)."""
    return ctx.renderer.kept_for(record.report, ("feed entry", ctx.now), lambda: _report_entry(ctx, record))


def _report_entry(ctx: SiteContext, record: Record) -> Entry:
    link = ctx.url(report_path(record.id))
    content = ctx.renderer.render(
        ctx, "feeds/report.html", record=record, services=service_names(ctx, record), link=link,
        updates=list(reversed(record.report.updates)),
    )
    return Entry(
        # A report imported from another tool keeps that tool's entry id, so readers do not show it again as new.
        id=record.report.feed_id or ctx.tag_uri(record.id), title=record.report.title, link=link, published=first_posted(record),
        updated=last_changed(record, ctx.now), content=content, summary=record.report.summary or "",
        categories=(record.kind, *record.services),
    )


def update_entry(ctx: SiteContext, record: Record, update: Update, public_id: str) -> Entry:
    """One public update as an entry of its own, for readers that notify only on new entries; kept as ``report_entry`` is."""
    key = ("update entry", ctx.now, public_id)
    return ctx.renderer.kept_for(record.report, key, lambda: _update_entry(ctx, record, update, public_id))


def _update_entry(ctx: SiteContext, record: Record, update: Update, public_id: str) -> Entry:
    link = ctx.url(report_path(record.id))
    content = ctx.renderer.render(
        ctx, "feeds/update.html", record=record, update=update, services=service_names(ctx, record), link=link,
    )
    return Entry(
        id=f"{ctx.tag_uri(record.id)}/update/{public_id}",
        title=ctx.language.gettext("%(status)s: %(title)s") % {
            "status": status_words(update.status, ctx.language), "title": record.report.title,
        },
        link=link, published=update.at,
        updated=update.at, content=content, summary=ctx.renderer.message_text(update.message),
        categories=(record.kind, *record.services),
    )


def serialise(ctx: SiteContext, feed: Feed, path: str, *, atom: bool) -> bytes:
    """The feed as RSS 2.0 or Atom, dated by its newest entry (the build time only when it has none)."""
    generator = FeedGenerator()
    generator.id(feed.id)
    generator.title(feed.title)
    generator.description(feed.description)
    generator.author({"name": ctx.settings.site_name})
    generator.generator(GENERATOR)
    # Readers and aggregators are told the language the feed is written in.
    generator.language(ctx.language.code)
    # RSS takes the last link as the channel's, so the page the feed follows goes after the feed's own address.
    generator.link(href=ctx.url(path), rel="self")
    generator.link(href=ctx.url(feed.page), rel="alternate")
    generator.updated(max((e.updated for e in feed.entries), default=ctx.now))
    for entry in feed.entries:
        item = generator.add_entry(order="append")
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.link, rel="alternate")
        item.content(entry.content, type="html")
        item.updated(entry.updated)
        # RSS has one date per item: the latest change, so readers see an updated report as new.
        item.published(entry.published if atom else entry.updated)
        if atom and entry.summary:
            item.summary(entry.summary)
        for term in entry.categories:
            item.category(term=term)
    xml: bytes = generator.atom_str(pretty=True) if atom else generator.rss_str(pretty=True)
    return xml
