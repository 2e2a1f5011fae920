"""The archive (incidents/): the index, one page per filter value, one page per report.

Every list page holds at most ``page_size`` reports, so an archive of thousands
of reports builds pages of a bounded size; only report pages are searchable, so
each report's words are indexed once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from markupsafe import Markup

from ..core.model import Record
from .archive_entries import ARCHIVE, REPORT_STATUS_ICONS, Entry, kept_entry
from .archive_facets import Choice, Facet, choices, facets_for
from .archive_index import INDEX_PATH, archive_index, form_words
from .archive_report import report_page
from .context import Output, SiteContext
from .pages import page_html, page_output
from .redirects import moved_pages

#: Page links shown either side of the current page (the first and last are always shown).
PAGER_REACH = 2


@dataclass(frozen=True)
class PagerLink:
    """One link of a page list; ``href`` is None for the gaps between far pages."""

    number: int
    href: str | None
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """Where a list page stands among its pages."""

    number: int
    count: int
    previous: str | None
    next: str | None
    links: tuple[PagerLink, ...]


def up(folder: str) -> str:
    """From the page at ``incidents/<folder>/`` back to ``incidents/`` (folders are relative to the archive)."""
    return "../" * (folder.count("/") + 1) if folder else ""


def link(from_folder: str, to_folder: str) -> str:
    """A relative link between two pages of the archive."""
    if from_folder == to_folder:
        return "./"
    return up(from_folder) + (to_folder + "/" if to_folder else "")


def page_folder(base: str, number: int) -> str:
    """The folder of page ``number`` of a list (page 1 is the list's own folder)."""
    return base if number == 1 else f"{base}/page/{number}".lstrip("/")


def pager(base: str, number: int, count: int) -> Pager:
    """Previous, next and nearby pages, linked from page ``number``; its size is bounded, not O(count)."""
    here = page_folder(base, number)

    def to(n: int) -> str:
        return link(here, page_folder(base, n))

    shown = sorted({1, count, *range(max(1, number - PAGER_REACH), min(count, number + PAGER_REACH) + 1)})
    links: list[PagerLink] = []
    for n in shown:
        if links and n > links[-1].number + 1:
            links.append(PagerLink(0, None))
        links.append(PagerLink(n, to(n), n == number))
    return Pager(
        number, count, to(number - 1) if number > 1 else None, to(number + 1) if number < count else None,
        tuple(links),
    )


def chunks(records: tuple[Record, ...], size: int) -> list[tuple[Record, ...]]:
    """The records cut into pages of ``size`` (one empty page for no records)."""
    size = max(size, 1)
    return [records[i:i + size] for i in range(0, len(records), size)] or [()]


class EntryHtml:
    """Each report's list entry, rendered once (a report appears in many lists, at several depths);
    under ``mkdocs serve``, once while what it shows is unchanged (its ``Entry`` is all it shows).

    Its links are rendered with a marker where the way back to the archive goes, and each
    list puts in its own.
    """

    #: Stands for a list's way back to the archive (``../../``) in a rendered entry.
    PREFIX = "\x00incidents-archive-prefix\x00"

    def __init__(self, ctx: SiteContext, entries: dict[str, Entry]) -> None:
        self.ctx, self.entries = ctx, entries
        self.rendered: dict[str, str] = {}

    def __call__(self, report_id: str, prefix: str) -> Markup:
        return Markup(self.marked(report_id).replace(self.PREFIX, prefix))  # noqa: S704 (entry rendered with autoescape; prefix is the ../ steps list_pages makes with up())

    def marked(self, report_id: str) -> str:
        """The entry with the marker for the way back; under serve, the very text the last build used while the
        entry is unchanged."""
        html = self.rendered.get(report_id)
        if html is None:

            def href(path: str) -> str:
                return self.PREFIX + path

            shown = self.entries[report_id]
            html = self.rendered[report_id] = self.ctx.renderer.kept_or_made(
                ("archive entry", shown), lambda: self.ctx.renderer.render(self.ctx, "archive/entry.html", e=shown, href=href)
            )
        return html


@dataclass(frozen=True)
class ListItems:
    """A list page's entries, rendered when the page is (so that no page holds them before)."""

    entry_html: EntryHtml
    members: tuple[Record, ...]
    prefix: str

    def __len__(self) -> int:
        return len(self.members)

    def __iter__(self) -> Iterator[Markup]:
        return (self.entry_html(r.id, self.prefix) for r in self.members)


def list_pages(
    ctx: SiteContext, base: str, heading: str, records: tuple[Record, ...], entry_html: EntryHtml,
    *, choice: Choice | None = None, filters: tuple[tuple[Facet, list[Choice]], ...] = (),
) -> list[Output]:
    """A paginated list of reports at ``incidents/<base>/`` and ``.../page/N/``; the filters show on the first page."""
    pages = chunks(records, ctx.settings.page_size)
    outputs = []
    for number, members in enumerate(pages, start=1):
        folder = page_folder(base, number)
        prefix = up(folder)
        title = heading if number == 1 else ctx.language.gettext("%(heading)s (page %(number)s of %(count)s)") % {
            "heading": heading, "number": number, "count": len(pages),
        }
        values = dict(
            heading=title, total=len(records), choice=choice,
            filters=filters if number == 1 else (), items=ListItems(entry_html, members, prefix),
            first=(number - 1) * ctx.settings.page_size + 1, pager=pager(base, number, len(pages)),
            href=lambda path, prefix=prefix: prefix + path, archive_home=link(folder, ""),
            archive_name=archive_heading(ctx), index_json=INDEX_PATH.removeprefix(ARCHIVE + "/"),
            form_words=form_words(ctx.language) if filters and number == 1 else "", status_icons=REPORT_STATUS_ICONS,
        )
        body = partial(_kept_list_body, ctx, values)
        # The index page itself is searchable (its list is marked excluded); the other list pages are not.
        path = f"{ARCHIVE}/{folder}/index.md" if folder else f"{ARCHIVE}/index.md"
        outputs.append(page_output(path, title, body, search=not folder, hide=["toc"]))
    return outputs


def _kept_list_body(ctx: SiteContext, values: dict[str, Any]) -> str:
    """A list page's HTML; under ``mkdocs serve``, the last build's while everything the page shows is unchanged.

    What it shows, besides its place in the list (heading, total, pager), is each entry's HTML (the same
    text object while the entry is unchanged, see ``EntryHtml.marked``) and, on a first page, every
    filter value's name and count; the template's other values follow from these and the language.
    """

    def make() -> str:
        return page_html(ctx.renderer.render(ctx, "archive/list.html", **values))

    if not ctx.renderer.keeps:
        return make()
    items: ListItems = values["items"]
    choice: Choice | None = values["choice"]
    key = (
        "list page", ctx.public, ctx.language, values["heading"], values["total"], values["first"], values["pager"],
        values["archive_home"], values["archive_name"], values["form_words"], items.prefix,
        (choice.facet.name, choice.facet.label, choice.label) if choice else None,
        tuple(
            (facet.name, facet.label, tuple((c.slug, c.label, len(c.records)) for c in facet_choices))
            for facet, facet_choices in values["filters"]
        ),
        tuple(items.entry_html.marked(r.id) for r in items.members),
    )
    return ctx.renderer.kept_or_made(key, make)


def render(ctx: SiteContext) -> list[Output]:
    """The archive index and its pages, every filter value's pages, each report's page and the filter index."""
    records = ctx.archive.records
    entries = {r.id: kept_entry(ctx, r) for r in records}
    # A filter no report has a value for (no leads yet, say) is left out rather than shown empty.
    filters = tuple((facet, found) for facet in facets_for(ctx) if (found := choices(ctx, facet)))
    entry_html = EntryHtml(ctx, entries)
    outputs = list_pages(ctx, "", archive_heading(ctx), records, entry_html, filters=filters)
    for facet, facet_choices in filters:
        outputs.append(facet_page(ctx, facet, facet_choices))
        for choice in facet_choices:
            heading = ctx.language.gettext("%(filter)s: %(value)s") % {"filter": facet.label, "value": choice.label}
            outputs += list_pages(ctx, choice.path, heading, choice.records, entry_html, choice=choice)
        if facet.name == "lead":
            outputs += moved_pages(ctx, f"{ARCHIVE}/{facet.name}", ((c.label, c.slug) for c in facet_choices))
    by_id = ctx.archive.by_id()
    outputs += [report_page(ctx, record, entries[record.id], by_id, archive_heading(ctx)) for record in records]
    outputs.append(archive_index(ctx, entries, filters))
    return outputs


def facet_page(ctx: SiteContext, facet: Facet, facet_choices: list[Choice]) -> Output:
    """``incidents/<filter>/``: the filter's values, for readers who shorten a filter page's address."""
    heading = ctx.language.gettext("Reports by %(filter)s") % {"filter": facet.label.lower()}
    body = ctx.renderer.render(
        ctx, "archive/facet.html", heading=heading, choices=facet_choices,
        archive_home="../", archive_name=archive_heading(ctx),
    )
    return page_output(f"{ARCHIVE}/{facet.name}/index.md", heading, body, search=False, hide=["toc"])


def archive_heading(ctx: SiteContext) -> str:
    """The archive's name: the team's archive inside, the incident history in public."""
    return ctx.language.gettext("Incident history") if ctx.public else ctx.language.gettext("Incident archive")
