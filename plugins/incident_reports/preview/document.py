"""The preview as a document: headings, list items and quoted text, written out as text or Markdown.

The preview's own words are plain strings; anything that came from a report, the
service catalogue or git is ``Quoted``, so that each writer shows it exactly and
never reads it as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.problems import Problem
from .compare import APPEARS, CHANGES, DISAPPEARS, PUBLICATION, RETRACTION, Change, Preview, ReportChange


@dataclass(frozen=True)
class Quoted:
    """Text from a report, the catalogue or git, shown exactly as it is (on one line)."""

    text: str


Inline = tuple[str | Quoted, ...]


@dataclass(frozen=True)
class Heading:
    """A section's heading (level 2) or a report's (level 3)."""

    level: int
    parts: Inline


@dataclass(frozen=True)
class Item:
    """One line of a list."""

    parts: Inline


@dataclass(frozen=True)
class Paragraph:
    """A sentence or two of the preview's own."""

    parts: Inline


@dataclass(frozen=True)
class Block:
    """Text quoted whole, line breaks kept, under its label; ``folded``: Markdown shows it only when opened."""

    label: Inline
    text: str
    folded: bool = False


Part = Heading | Item | Paragraph | Block

REMINDER = ("Feeds, caches and messages already sent keep what was published: taking it off the site "
            "does not take it back from readers who have it.")


def document(preview: Preview, base: str, commit: str, now: str, problems_in_full: bool) -> list[Part]:
    """The preview of a working tree that validates, against ``base`` (``commit``), at ``now``.

    With ``problems_in_full``, the base's problems are shown whole (a terminal); else only
    how many there are and where, since a problem may quote internal text.
    """
    against = ("compared with ", Quoted(base), f" (commit {commit[:12]})")
    parts: list[Part] = [Paragraph(("What the public site would publish from the working tree, ", *against,
                                    f", as at {now}."))]
    if not preview.public_changes:
        parts = [Paragraph(("Nothing public changes ", *against, f"{internal_note(preview)}."))]
    else:
        parts += status(preview)
        parts += retractions(preview.retractions)
        parts += public_text(preview)
        parts += announcements(preview)
        parts += internal(preview)
    if preview.base_problems:
        parts += base_problems(base, list(preview.base_problems), problems_in_full)
    return parts


def internal_note(preview: Preview) -> str:
    """The count of internal-only changes, in words, as a note (empty when there are none)."""
    return f" ({count_words(preview.internal_only)})" if preview.internal_only else ""


def count_words(count: int) -> str:
    """``3 changes only in the internal archive``."""
    return f"{count} change{'s' if count != 1 else ''} only in the internal archive"


def status(preview: Preview) -> list[Part]:
    """The overall status, then each service and each report whose status changes."""
    parts: list[Part] = [Heading(2, ("Status",))]
    overall = preview.overall
    said = f"{overall.before} -> {overall.after}" if overall.before != overall.after else f"{overall.after} (no change)"
    parts.append(Item((f"Overall, as the badge says it: {said}",)))
    parts += [change_item(change) for change in (*preview.services, *preview.statuses)]
    return parts


def change_item(change: Change) -> Item:
    """``Card payments: Major outage -> Operational``."""
    return Item((Quoted(change.name), f": {change.before} -> {change.after}"))


def retractions(changes: list[ReportChange]) -> list[Part]:
    """What is taken back, with the reminder that it is still out there."""
    if not changes:
        return []
    parts: list[Part] = [Heading(2, ("Retractions",)), Paragraph((REMINDER,))]
    for change in changes:
        if change.change == DISAPPEARS:
            kind = " (a retraction)" if change.visibility == RETRACTION else ""
            parts.append(Item((Quoted(change.title), f" leaves the public site: {change.why}{kind}")))
        else:
            parts.append(Item((Quoted(change.title), ": text published before is taken off the site")))
            parts += [Block((piece.label, " as it was published"), piece.text) for piece in change.removed]
    return parts


def public_text(preview: Preview) -> list[Part]:
    """Each report that appears, changes or disappears, with its address and its new or changed text."""
    if not preview.reports and not preview.catalogue:
        return []
    parts: list[Part] = [Heading(2, ("Public text",))]
    for change in preview.reports:
        verb = {APPEARS: "Appears", CHANGES: "Changes"}.get(change.change, "Disappears")
        parts.append(Heading(3, (f"{verb}: ", Quoted(change.title))))
        parts.append(Item(("Address: ", Quoted(change.address))))
        if change.visibility == PUBLICATION:
            parts.append(Item(("A publication: its visibility changes from internal to public",)))
        elif change.visibility == RETRACTION:
            parts.append(Item(("A retraction: its visibility changes from public to internal",)))
        elif change.why:
            parts.append(Item((f"Why: {change.why}",)))
        if change.facts:
            parts.append(Item(("Other public facts that change: ", ", ".join(change.facts))))
        if change.change != DISAPPEARS:
            parts += text_blocks(change)
    for change in preview.catalogue:
        parts.append(Heading(3, ("Service: ", Quoted(change.title))))
        parts += text_blocks(change)
    return parts


def text_blocks(change: ReportChange) -> list[Part]:
    """The text a change puts before the public: new pieces, then reworded ones with their earlier wording."""
    new = "New: " if change.change == CHANGES else ""
    parts: list[Part] = [Block((new, piece.label), piece.text) for piece in change.added]
    for before, after in change.changed:
        parts += [Block(("Reworded: ", after.label), after.text), Block((before.label, " as it was published"), before.text)]
    parts += [Block(("Taken off the site: ", piece.label), piece.text) for piece in change.removed]
    return parts


def announcements(preview: Preview) -> list[Part]:
    """What merging announces (as incidents announce makes it), then what the clock will announce later."""
    parts: list[Part] = [Heading(2, ("Announcements",))]
    if not preview.announcements:
        parts.append(Paragraph(("Merging announces nothing.",)))
    else:
        parts.append(Paragraph((f"Merging announces {len(preview.announcements)} change"
                                f"{'s' if len(preview.announcements) != 1 else ''}, as incidents announce sends them "
                                "after the deploy:",)))
    for told in preview.announcements:
        parts.append(Heading(3, (f"{told.type}, {told.at}",)))
        parts.append(Item(("Email subject: ", Quoted(told.subject))))
        parts.append(Block(("Chat and email text",), told.chat))
        parts.append(Block((f"Webhook body (webhook-id {told.webhook_id})",), told.webhook, folded=True))
    if preview.later:
        parts.append(Paragraph(("Later, the clock alone announces (at the first scheduled rebuild after each time):",)))
        parts += [Item((f"{later.type}, {later.at}: ", Quoted(later.subject))) for later in preview.later]
    return parts


def internal(preview: Preview) -> list[Part]:
    """How many changes stay internal; never what they are."""
    if not preview.internal_only:
        return []
    return [Heading(2, ("Internal only",)), Paragraph((f"{count_words(preview.internal_only)}.",))]


def base_problems(base: str, problems: list[Problem], in_full: bool) -> list[Part]:
    """The base's own problems: they do not stop the preview, but its reports with errors are left out of it."""
    parts: list[Part] = [Heading(2, ("The base does not validate",)), Paragraph((
        Quoted(base), f" has {problem_count(problems)}; its reports with errors are left out of the comparison, "
        "so they may show as new here.",
    ))]
    return parts + problem_places(problems, in_full)


def invalid_document(problems: list[Problem], in_full: bool) -> list[Part]:
    """A working tree that does not validate: no preview, only how many problems there are and where."""
    return [
        Heading(2, ("The working tree does not validate",)),
        Paragraph((f"It has {problem_count(problems)}, so there is nothing to preview. incidents validate (and the "
                   "pull request's Validate check) gives each with its message; they are here:",)),
        *problem_places(problems, in_full),
    ]


def problem_count(problems: list[Problem]) -> str:
    """``2 problems``."""
    return f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"


def problem_places(problems: Iterable[Problem], in_full: bool) -> list[Part]:
    """Each problem whole (``path:line: field: message``), or only where it is (``path:line``)."""
    return [Item((Quoted(str(problem) if in_full else f"{problem.path}:{problem.line}"),)) for problem in problems]
