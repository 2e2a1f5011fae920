"""One report's page (incidents/<id>/): header, summary, updates, then what this build may show."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import partial
from typing import Any

from markupsafe import Markup

from ..core.model import Record
from ..core.schema import Action, Notification, report_categories
from ..core.settings import NotificationRule
from .archive_entries import ARCHIVE, Entry, Link, Mark, service_links, span, status_mark
from .closing_words import closing_sentence, closing_update
from .context import Output, SiteContext
from .i18n import Language
from .icons import ICONS
from .incident_feeds import feed_links
from .pages import page_html, page_output
from .report_facts import last_changed
from .status_page import page_script_words, utc_iso
from .times import local_date, local_time
from .words import action_state_words, action_type_words

#: An icon beside the words of each action status (never colour alone).
ACTION_ICONS = {"open": "○", "in_progress": "◐", "done": ICONS["check"], "wont_do": "⊘"}
_HEADING = re.compile(r"<(/?)h([1-5])(?=[\s>])")


@dataclass(frozen=True)
class ActionRow:
    """An action as the table shows it; owner, dates and ticket are empty in the public build."""

    title: str
    owner: str
    due: str
    status: Mark
    done_on: str
    type: str
    ticket: Link | None
    overdue: bool


@dataclass(frozen=True)
class NotificationRow:
    """Someone the policy says must be told, or who was told anyway; ``told`` is empty when missing."""

    who: str
    required_by: str
    told: str

    @property
    def missing(self) -> bool:
        return not self.told


@dataclass(frozen=True)
class ExtraItem:
    """One ``extra`` entry: nested values are shown as JSON text."""

    key: str
    text: str
    href: str | None
    nested: bool


def web_link(text: str | None) -> str | None:
    """``text`` if it is an http(s) address, safe to link to."""
    return text if text and re.match(r"https?://[^\s<>\"]+$", text) else None


def demoted(html: Markup) -> Markup:
    """Rendered Markdown with every heading one level down, to sit below the page's own sections."""
    return Markup(_HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", str(html)))  # noqa: S704 (sanitised HTML, only heading tag names changed)


def action_rows(ctx: SiteContext, record: Record) -> list[ActionRow]:
    """The report's actions, each marked overdue when open past its due date."""
    overdue = record.overdue_actions(ctx.today)
    return [_action_row(ctx, action, any(action is o for o in overdue)) for action in record.report.actions or []]


def _action_row(ctx: SiteContext, action: Action, overdue: bool) -> ActionRow:
    language = ctx.language
    status = Mark(action.status, ACTION_ICONS[action.status], action_state_words(action.status, language))
    ticket = None
    if action.ticket:
        ticket = Link(action.ticket, web_link(action.ticket) or "")
    return ActionRow(
        title=action.title, owner=action.owner, due=local_date(ctx, action.due), status=status,
        done_on=local_date(ctx, action.done_on), type=action_type_words(action.type, language) if action.type else "",
        ticket=ticket, overdue=overdue,
    )


def rule_reason(rule: NotificationRule, language: Language) -> str:
    """Why a rule applies, in words: ``P1 or P2``, ``security``, ``P1 security`` or ``every incident``."""
    either = language.gettext(" or ")
    parts = [either.join(rule.severities), either.join(rule.categories)]
    words = " ".join(p for p in parts if p)
    return language.gettext("%(which)s incidents") % {"which": words} if words else language.gettext("every incident")


def notification_rows(ctx: SiteContext, record: Record) -> list[NotificationRow]:
    """The policy's people for this report (told or missing), then anyone else who was told."""
    report = record.report
    told: dict[str, Notification] = {}
    for note in report.notified:
        told.setdefault(note.who.casefold(), note)
    rows: dict[str, NotificationRow] = {}
    # The policy covers incidents, as the validator checks it; exercises and maintenance are exempt.
    rules = ctx.settings.notification_policy if record.kind == "incident" else ()
    for rule in rules:
        if not rule.applies_to_any(report.severity, report_categories(report)):
            continue
        key = rule.who.casefold()
        reason = rule_reason(rule, ctx.language)
        if key in rows:
            reason = f"{rows[key].required_by}; {reason}"
        told_note = told.get(key)
        rows[key] = NotificationRow(rule.who, reason, local_time(ctx, told_note.at) if told_note else "")
    for key, note in told.items():
        rows.setdefault(key, NotificationRow(note.who, "", local_time(ctx, note.at)))
    return list(rows.values())


def extra_items(extra: dict[str, Any]) -> list[ExtraItem]:
    """``extra`` as terms and values, in the order written."""
    items = []
    for key, value in extra.items():
        nested = isinstance(value, (dict, list))
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) if nested else str(value)
        items.append(ExtraItem(str(key), text, None if nested else web_link(text), nested))
    return items


def content_language(ctx: SiteContext, record: Record) -> str | None:
    """The language the report is written in, when it declares one other than the site's (for ``lang``)."""
    declared: str | None = getattr(record.report, "language", None)
    if not declared or declared.split("-")[0].casefold() == ctx.language.code.split("-")[0].casefold():
        return None
    return declared


def search_tags(ctx: SiteContext, record: Record) -> list[str]:
    """Words that find the report in search: service names; internally also severity and the report's tags."""
    tags = [link.label for link in service_links(ctx, record)]
    if not ctx.public:
        tags += [record.report.severity or "", *record.report.tags]
    return tags


def report_page(ctx: SiteContext, record: Record, summary: Entry, by_id: dict[str, Record], archive_name: str) -> Output:
    """The page of one report, with only what this build may show; ``by_id`` finds related reports."""
    body = partial(_kept_report_body, ctx, record, summary, by_id, archive_name)
    return page_output(
        f"{ARCHIVE}/{record.id}.md", record.report.title, body, tags=search_tags(ctx, record), hide=["toc"],
        feeds=feed_links(ctx, record),
    )


def _kept_report_body(ctx: SiteContext, record: Record, summary: Entry, by_id: dict[str, Record], archive_name: str) -> str:
    """``report_body``; under ``mkdocs serve``, the last build's when nothing it shows can have changed.

    The same report object is only reused while the report's file, the settings and the
    catalogue are unchanged (``ReportCache``), and is held with the page, so its ``id``
    stays its own; what else the page shows is the build's "now" and the related reports' titles.
    """
    related = tuple(Link(by_id[r].report.title, f"../{r}/") for r in record.report.related if r in by_id)
    key = ("report page", ctx.now, ctx.public, ctx.language, related, archive_name)
    return ctx.renderer.kept_for(record.report, key, lambda: page_html(report_body(ctx, record, summary, related, archive_name)))


def report_body(ctx: SiteContext, record: Record, summary: Entry, related: tuple[Link, ...], archive_name: str) -> str:
    """The HTML of a report's page; ``related`` links the related reports the archive holds."""
    report = record.report
    return ctx.renderer.render(
        ctx, "archive/report.html", record=record, report=report, entry=summary,
        span=span(ctx, record), narrative=not ctx.public or report.report_public,
        actions=action_rows(ctx, record), notifications=notification_rows(ctx, record),
        extra=extra_items(report.extra), related=related, body_html=demoted(ctx.renderer.markdown_html(record.body)),
        archive_home="../", archive_name=archive_name, status_mark=partial(status_mark, language=ctx.language),
        content_lang=content_language(ctx, record), last_changed=last_changed(record, ctx.now),
        closing=closing_sentence(ctx, record), closing_update=closing_update(record),
        built=utc_iso(ctx.now), script_words=page_script_words(ctx),
    )
