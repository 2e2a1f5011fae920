"""The action register (actions/): every follow-up action across reports; internal build only.

One table of every action, open ones first (overdue at the top) and then by
due date, under headline counts. The same table is also built per owner, so
that a person sees what is theirs, and per status and per type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from ..core import metrics
from ..core.metrics import ActionEntry
from ..core.slugs import slugify
from .context import Output, SiteContext
from .icons import ICONS
from .pages import page_html, page_output
from .redirects import moved_pages
from .words import ACTION_TYPE_LABELS, action_state_words, action_type_words, kind_words

#: Each state is shown with an icon and words, never by colour alone.
STATE_ICONS = {"overdue": "⚠", "open": "○", "in_progress": "◐", "done": "✔", "wont_do": "⊘"}
#: On a page, the symbols that some systems draw as emoji are inline SVG instead (the terminal keeps them).
PAGE_STATE_ICONS = {**STATE_ICONS, "overdue": ICONS["warning"], "done": ICONS["check"]}
#: The URL part of each status page (actions/status/<slug>/).
STATUS_SLUGS = {
    "overdue": "overdue", "open": "open", "in_progress": "in-progress", "done": "done", "wont_do": "wont-do",
}
#: Reports that are not incidents are marked in the register.
MARKED_KINDS = ("exercise", "maintenance")


@dataclass(frozen=True)
class Listing:
    """One page of the register: where it goes, what it is called, and its actions."""

    path: str
    title: str
    intro: str
    entries: Sequence[ActionEntry]

    @property
    def root(self) -> str:
        """From this page's URL (a folder) back to the site's root."""
        return "../" * self.path.count("/")

    @property
    def home(self) -> str:
        """From this page's URL back to the register's (``actions/``); empty on the register itself."""
        return "../" * (self.path.count("/") - 1)


@dataclass(frozen=True)
class Owner:
    """Someone who owns actions, with the page that lists them and their counts."""

    name: str
    slug: str
    counts: metrics.ActionCounts


def render(ctx: SiteContext) -> list[Output]:
    """The register and its pages per status, type and owner (nothing in the public build)."""
    if ctx.public:
        return []
    _ = ctx.language.gettext
    states, type_names = translated_states(ctx), type_words(ctx)
    entries = metrics.action_entries(ctx.archive.records, ctx.today)
    owners = owner_list(entries)
    listings = [Listing(
        "actions/index.md", _("Actions"),
        _("Every follow-up action from every report: open actions first, overdue ones at the top, then by due date."),
        entries,
    )]
    for status, slug in STATUS_SLUGS.items():
        matching = [e for e in entries if (e.overdue if status == "overdue" else e.action.status == status)]
        words = {"status": states[status][1].lower()}
        listings.append(Listing(
            f"actions/status/{slug}/index.md", _("Actions: %(status)s") % words,
            _("Actions whose status is %(status)s.") % words if status != "overdue"
            else _("Open or in-progress actions whose due date has passed."),
            matching,
        ))
    for kind, name in type_names.items():
        listings.append(Listing(
            f"actions/type/{kind}/index.md", _("Actions: %(type)s") % {"type": name.lower()},
            _("%(type)s actions.") % {"type": name},
            [e for e in entries if e.action.type == kind],
        ))
    for owner in owners:
        listings.append(Listing(
            f"actions/owner/{owner.slug}/index.md", _("Actions owned by %(owner)s") % {"owner": owner.name},
            _("Every action owned by %(owner)s, open ones first.") % {"owner": owner.name},
            [e for e in entries if e.action.owner == owner.name],
        ))
    rows = RowHtml(ctx, owners)
    moved = moved_pages(ctx, "actions/owner", ((owner.name, owner.slug) for owner in owners), fallback="owner")
    return [listing_page(ctx, listing, owners, rows) for listing in listings] + moved


def translated_states(ctx: SiteContext) -> dict[str, tuple[str, str]]:
    """Each state's icon and words in the site's language."""
    return {state: (icon, action_state_words(state, ctx.language)) for state, icon in PAGE_STATE_ICONS.items()}


def type_words(ctx: SiteContext) -> dict[str, str]:
    """Each type of action's words in the site's language."""
    return {kind: action_type_words(kind, ctx.language) for kind in ACTION_TYPE_LABELS}


class RowHtml:
    """Each action's table row, rendered once per folder depth (an action is listed on several pages); under
    ``mkdocs serve``, once while its report, its owner's page and "today" are unchanged."""

    def __init__(self, ctx: SiteContext, owners: Sequence[Owner]) -> None:
        self.ctx = ctx
        self.owner_slugs = {o.name: o.slug for o in owners}
        self.values = dict(
            owner_slugs=self.owner_slugs, states=translated_states(ctx),
            type_names=type_words(ctx), kind_names={kind: kind_words(kind, ctx.language) for kind in MARKED_KINDS},
            state_text=lambda entry: state_text(entry, ctx), ticket_url=ticket_url,
        )
        self.rendered: dict[tuple[int, str], str] = {}

    def __call__(self, entry: ActionEntry, home: str, root: str) -> Markup:
        return Markup(self.kept(entry, home, root))  # noqa: S704 (rendered by the autoescaping environment: every value is escaped)

    def kept(self, entry: ActionEntry, home: str, root: str) -> str:
        """The row; under serve, the very text the last build used while the row is unchanged."""
        key = (id(entry), root)
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = self._kept(entry, home, root)
        return html

    def _kept(self, entry: ActionEntry, home: str, root: str) -> str:
        """The row, kept with the same report object, so that its ``id`` stays its own (see ``ReportCache``)."""
        report = entry.record.report
        owner = self.owner_slugs[entry.action.owner]
        key = ("action row", entry.index, entry.state, home, root, owner, self.ctx.today)
        return self.ctx.renderer.kept_for(report, key, lambda: self._rendered(entry, home, root))

    def _rendered(self, entry: ActionEntry, home: str, root: str) -> str:
        return self.ctx.renderer.render(self.ctx, "actions/row.html", entry=entry, home=home, root=root, **self.values).strip()


def listing_page(ctx: SiteContext, listing: Listing, owners: Sequence[Owner], rows: RowHtml) -> Output:
    """One register page: counts, the ways to filter, and the table."""
    body = partial(_kept_listing_body, ctx, listing, owners, rows)
    # The register is searchable once; its filtered copies would only repeat it in search results.
    return page_output(listing.path, listing.title, body, search=listing.path == "actions/index.md")


def _kept_listing_body(ctx: SiteContext, listing: Listing, owners: Sequence[Owner], rows: RowHtml) -> str:
    """A register page's HTML; under ``mkdocs serve``, the last build's while everything it shows is unchanged:
    its words, "today", its counts, the owners and theirs, and each row's HTML (the same text object while
    the row is unchanged, see ``RowHtml.kept``)."""
    home, root, counts = listing.home, listing.root, metrics.action_counts(listing.entries)

    def make() -> str:
        return page_html(ctx.renderer.render(
            ctx, "actions/register.html",
            listing=listing, counts=counts, owners=owners,
            main=listing.path == "actions/index.md", states=translated_states(ctx), status_slugs=STATUS_SLUGS,
            type_names=type_words(ctx), row=rows,
        ))

    if not ctx.renderer.keeps:
        return make()
    key = (
        "register page", ctx.language, ctx.today, listing.path, listing.title, listing.intro, counts,
        tuple((owner.name, owner.slug, owner.counts) for owner in owners),
        tuple(rows.kept(entry, home, root) for entry in listing.entries),
    )
    return ctx.renderer.kept_or_made(key, make)


def state_text(entry: ActionEntry, ctx: SiteContext) -> str:
    """The words after a state's icon: how overdue, or when it was done."""
    action, language = entry.action, ctx.language
    words = action_state_words(entry.state, language)
    if entry.overdue and action.due is not None:
        late = (ctx.today - action.due).days
        status = action_state_words(action.status, language).lower()
        return language.ngettext(
            "%(state)s by %(num)s day (%(status)s)", "%(state)s by %(num)s days (%(status)s)", late,
            state=words, status=status,
        )
    if action.status == "done" and action.done_on is not None:
        return language.gettext("%(state)s %(date)s") % {"state": words, "date": language.date(action.done_on)}
    return words


def ticket_url(ticket: str | None) -> str | None:
    """A ticket that is a web address, to link to (anything else is shown as text)."""
    return ticket if ticket and re.match(r"https?://", ticket, re.IGNORECASE) else None


def owner_list(entries: Iterable[ActionEntry]) -> list[Owner]:
    """Every owner, by name, each with a page slug of their own and their counts."""
    by_owner: dict[str, list[ActionEntry]] = {}
    for entry in entries:
        by_owner.setdefault(entry.action.owner, []).append(entry)
    owners, taken = [], set()
    for name in sorted(by_owner, key=lambda n: (n.casefold(), n)):
        slug = base = slugify(name, fallback="owner")
        suffix = 2
        # Two names that read alike ("Sam Lee", "sam lee") still get pages of their own.
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        owners.append(Owner(name, slug, metrics.action_counts(by_owner[name])))
    return owners

