"""What ``incidents list``, ``show`` and ``actions`` print: rich tables, or JSON with stable keys."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from pydantic_core import to_jsonable_python
from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..core.archive import load_archive
from ..core.metrics import ActionEntry, action_entries
from ..core.model import Record
from ..core.problems import Level
from ..core.schema import STAGES, Review
from ..core.terminal_escape import printable, printable_json
from ..views.action_register import STATE_ICONS
from ..views.context import SiteContext
from ..views.data_export import report_data
from ..views.i18n import Language
from ..views.renderer import Renderer
from ..views.times import duration, local_date, local_time
from ..views.words import action_state_words, impact_words, status_words
from .common import site_and_now
from .editing import CLOSED_STATUSES, Target, load_target, stage_needs
from .inputs import choose, parse_day
from .output_filter import quiet_closed, unfiltered

_NONE = "—"


def _context(config_file: str) -> SiteContext:
    """The whole archive, with a note on standard error about reports left out for their errors."""
    site, now = site_and_now(config_file)
    archive = load_archive(site.root, site.settings, now)
    broken = sorted({p.path for p in archive.problems if p.level is Level.ERROR})
    if broken:
        names = printable(", ".join(broken), one_line=True)
        print(f"incidents: {len(broken)} file(s) with errors left out ({names}); run incidents validate", file=sys.stderr)
    return SiteContext(archive, site.settings, now, Renderer(site.settings, "internal"))


def _print_json(data: Any) -> None:
    # JSON escapes C0 controls itself; the others a terminal would act on are escaped the same way.
    print(printable_json(json.dumps(to_jsonable_python(data), indent=2, sort_keys=True, ensure_ascii=False)))


class _Console(Console):
    """Rich's console, carrying on quietly when the reader goes away (``incidents list | head``)."""

    def on_broken_pipe(self) -> None:
        # Rich would exit with status 1; the command runs on to its end with nothing shown, keeping its own status.
        self.quiet = True
        quiet_closed(self.file)


def _console() -> Console:
    # Report text is data, never markup: every cell is a Text, and highlighting is off. Each cell's text
    # is escaped already (_text): rich writes past the output filter, which would show its colours as text.
    return _Console(file=unfiltered(sys.stdout), highlight=False, emoji=False)


def _text(text: str, style: str = "") -> Text:
    """Report text for the terminal: controls shown escaped (rich would drop them unseen)."""
    return Text(printable(text), style=style)


def run_list(args: argparse.Namespace) -> int:
    """Reports newest first, filtered."""
    ctx = _context(args.config_file)
    records: Iterable[Record] = ctx.archive.records
    if args.open:
        records = [r for r in records if r.status not in CLOSED_STATUSES]
    if args.service:
        choose(args.service, list(ctx.archive.catalogue.services), f"a service id in {ctx.settings.services_file}")
        records = [r for r in records if args.service in r.services]
    if args.since:
        start = datetime.combine(parse_day(args.since), time.min, tzinfo=ctx.zone)
        records = [r for r in records if r.begins >= start]
    records = list(records)
    if args.format == "json":
        _print_json({"reports": [_summary(ctx, r) for r in records]})
        return 0
    if not records:
        print("No reports match.")
        return 0
    table = _table("", "Began", "Report", "Status")
    table.columns[2].no_wrap = True
    for record in records:
        report = record.report
        name = Text(record.id, style="bold")
        name.append("\n" + printable(report.title), style="")
        state = [status_words(record.status, ctx.language)]
        if record.kind != "maintenance":
            state += [_impact_words(record.impact, ctx.language), f"{report.severity} · {report.stage}"]
        # Date above time keeps the column narrow, leaving the width to the id and title.
        began = local_time(ctx, record.begins).split(" ")
        table.add_row(Text(" ".join(began[:3]) + "\n" + " ".join(began[3:])), name, Text("\n".join(state)))
    _console().print(table)
    return 0


def _summary(ctx: SiteContext, record: Record) -> dict[str, Any]:
    """One report in ``list --format json``: always the same keys, null where a value does not apply."""
    report = record.report
    return {
        "id": record.id, "title": report.title, "kind": record.kind, "severity": report.severity,
        "status": record.status, "stage": _stage(record, None), "visibility": report.visibility,
        "impact": record.impact, "services": record.services, "began": record.begins,
        "resolved": record.resolved, "source": record.source,
        "open_actions": len(record.open_actions()), "overdue_actions": len(record.overdue_actions(ctx.today)),
    }


def _stage(record: Record, none: str | None = _NONE) -> str | None:
    return none if record.kind == "maintenance" else record.report.stage


def _impact_words(impact: str | None, language: Language) -> str:
    return _NONE if impact is None else impact_words(impact, language)


def run_show(args: argparse.Namespace) -> int:
    """The whole report: every field of its front-matter, its body, and what its next stage needs."""
    target = load_target(args.config_file, args.id)
    ctx = SiteContext(target.archive, target.site.settings, target.now, Renderer(target.site.settings, "internal"))
    record = target.record
    if args.format == "json":
        _print_json(report_data(ctx, record))
        return 0
    report = record.report
    parts: list[Any] = [_text(report.title, "bold"), _text(f"{record.id} · {target.display}", "dim"), _facts(ctx, record)]
    if report.summary:
        parts += [Text(""), _text(report.summary)]
    if report.updates:
        updates = _table("Updates", "Time", "Status", "Message")
        for update in report.updates:
            updates.add_row(
                Text(local_time(ctx, update.at)), Text(status_words(update.status, ctx.language)), _text(update.message)
            )
        parts += [Text(""), updates]
    parts += _text_section("User impact", report.user_impact)
    if report.timeline:
        timeline = _table("Timeline", "Time", "Event", "By")
        for entry in report.timeline:
            timeline.add_row(Text(local_time(ctx, entry.at)), _text(entry.event), _text(entry.by or ""))
        parts += [Text(""), timeline]
    if report.notified:
        notified = _table("Notified", "Time", "Who")
        for notice in report.notified:
            notified.add_row(Text(local_time(ctx, notice.at)), _text(notice.who))
        parts += [Text(""), notified]
    parts += _text_section("Trigger", report.trigger)
    parts += _text_section("Root cause", report.root_cause)
    parts += _text_section("Resolution", report.resolution)
    parts += _list_section("Contributing factors", report.contributing_factors)
    if report.actions:
        actions = _table("Actions", "No.", "Action", "Owner", "Due", "Status")
        for action_entry in sorted(action_entries([record], ctx.today), key=lambda e: e.index):
            actions.add_row(*_action_cells(ctx, action_entry, with_report=False))
        parts += [Text(""), actions]
    elif report.actions is not None:
        parts += [Text(""), Text("Actions", style="bold"), Text("None needed.")]
    parts += _list_section("Open questions", report.questions)
    parts += _review(ctx, report.review)
    parts += _list_section("Related reports", report.related)
    parts += _list_section("Tags", report.tags)
    if report.extra:
        extra = json.dumps(to_jsonable_python(report.extra), indent=2, sort_keys=True, ensure_ascii=False)
        parts += _text_section("Extra", extra)
    parts += _text_section("Body", record.body.strip() or None)
    parts += _next_stage(target, record)
    _console().print(Group(*parts))
    return 0


def _text_section(heading: str, text: str | None) -> list[Text]:
    """A heading and a text field as written (Markdown is shown as its source)."""
    if not text:
        return []
    return [Text(""), Text(heading, style="bold"), _text(text.rstrip())]


def _list_section(heading: str, items: list[str]) -> list[Text]:
    if not items:
        return []
    return [Text(""), Text(heading, style="bold")] + [_text(f"• {item}") for item in items]


def _review(ctx: SiteContext, review: Review | None) -> list[Text]:
    """The postmortem meeting."""
    if review is None:
        return []
    lines = [
        Text(""), Text("Review", style="bold"), Text(f"Date: {local_date(ctx, review.date)}"),
        _text(f"Attendees: {', '.join(review.attendees)}"),
    ]
    if review.facilitator:
        lines.append(_text(f"Facilitator: {review.facilitator}"))
    if review.notes:
        lines.append(_text(review.notes.rstrip()))
    return lines


def _facts(ctx: SiteContext, record: Record) -> Table:
    report = record.report
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    impacts = record.current_impacts
    language = ctx.language
    services = ", ".join(
        f"{s} ({_impact_words(impacts.get(s), language).lower()})" if s in impacts else s for s in record.services
    )
    rows = [
        ("Kind", record.kind), ("Status", status_words(record.status, language)), ("Severity", report.severity),
        ("Category", report.category), ("Stage", _stage(record, None)), ("Visibility", report.visibility),
        ("Report public", "yes" if report.report_public else None), ("Services", services),
        ("Impact", _impact_words(record.impact, language) if record.kind != "maintenance" else None),
        ("Began", local_time(ctx, record.begins)), ("Detected", local_time(ctx, report.detected)),
        ("Detected by", report.detected_by), ("Mitigated", local_time(ctx, report.mitigated)),
        ("Resolved", local_time(ctx, record.resolved)), ("Duration", duration(report.started, record.impact_ends, language)),
        ("Window until", local_time(ctx, report.scheduled_until)),
        ("Users affected", str(report.users_affected) if report.users_affected is not None else None),
        ("Lead", report.lead), ("Comms lead", report.comms_lead),
        ("Responders", ", ".join(report.responders)), ("Authors", ", ".join(report.authors)),
    ]
    for label, value in rows:
        if value:
            facts.add_row(Text(label), _text(value))
    return facts


def _table(title: str, *headings: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, show_edge=False)
    for heading in headings:
        table.add_column(heading, overflow="fold")
    return table


def _next_stage(target: Target, record: Record) -> list[Text]:
    """What the next stage still needs, so the report can be moved on."""
    if record.kind == "maintenance" or record.report.stage == STAGES[-1]:
        return []
    following = STAGES[STAGES.index(record.report.stage) + 1]
    needs = stage_needs(target, target.raw, target.source, following)
    if not needs:
        return [Text(""), Text(f"Ready for stage {following}: incidents stage {record.id} {following}")]
    lines = [Text(""), Text(f"Stage {following} still needs:", style="bold")]
    return lines + [_text(f"• {p.field}: {p.message}") for p in needs]


def run_actions(args: argparse.Namespace) -> int:
    """Follow-up actions across every report: open ones, overdue first, then by due date."""
    ctx = _context(args.config_file)
    entries = action_entries(ctx.archive.records, ctx.today)
    if not args.all:
        entries = [e for e in entries if e.open]
    if args.owner:
        wanted = args.owner.casefold()
        entries = [e for e in entries if wanted in e.action.owner.casefold()]
    if args.overdue:
        entries = [e for e in entries if e.overdue]
    if args.format == "json":
        _print_json({"actions": [_action_data(e) for e in entries]})
        return 0
    if not entries:
        print("No actions match.")
        return 0
    table = _table("", "No.", "Action (report)", "Owner", "Due", "Status")
    for column in table.columns[3:]:
        column.no_wrap = True
    for entry in entries:
        table.add_row(*_action_cells(ctx, entry, with_report=True))
    _console().print(table)
    return 0


def _action_cells(ctx: SiteContext, entry: ActionEntry, with_report: bool) -> list[Text]:
    action = entry.action
    icon, words = STATE_ICONS[entry.state], action_state_words(entry.state, ctx.language)
    title = _text(action.title)
    if with_report:
        title.append(f"\n{entry.record.id}", style="dim")
    return [
        Text(str(entry.index + 1)), title, _text(action.owner), Text(local_date(ctx, action.due) or _NONE),
        Text(f"{icon} {words}"),
    ]


def _action_data(entry: ActionEntry) -> dict[str, Any]:
    """One action in ``actions --format json``: always the same keys."""
    action = entry.action
    return {
        "report": entry.record.id, "number": entry.index + 1, "title": action.title, "owner": action.owner,
        "status": action.status, "state": entry.state, "overdue": entry.overdue, "due": action.due,
        "done_on": action.done_on, "type": action.type, "ticket": action.ticket,
    }
