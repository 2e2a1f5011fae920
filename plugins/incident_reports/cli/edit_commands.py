"""Commands that keep a live report up to date: updates, resolution, timeline, actions, stages.

Each stamps the current UTC time (or ``--at``), writes free text as YAML blocks,
changes only the lines it is about, and writes nothing unless the result validates.
Their arguments are in ``edit_parsers``, which imports this module only when one runs.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any, get_args

from ..core.problems import Problem, Refused
from ..core.schema import IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, STAGES, DetectedBy
from ..core.timestamps import format_utc
from ..core.yaml_text import Block, Word
from .edit_parsers import SET_FIELDS
from .editing import ACTION_ORDER, CLOSED_STATUSES, REPORT_ORDER, Target, load_target, save, stage_needs
from .inputs import InputError, choose, parse_day, parse_impact, parse_when, read_text
from .report_editor import Edit, InsertItem, SetField

#: How the stage gates' needs are filled.
_FILLED_BY = {
    "timeline": 'incidents timeline {id} "what happened"',
    "actions": 'incidents action {id} "title" --owner NAME --due YYYY-MM-DD',
    "review": 'incidents review {id} --date YYYY-MM-DD --attendees "Name, Name"',
}


def run_update(args: argparse.Namespace) -> int:
    """Add a public update; ``status`` follows the newest update."""
    target = load_target(args.config_file, args.id)
    record = target.record
    status = choose(args.status, _statuses(target), f"a status for {_a(record.kind)}") if args.status else record.status
    moment = target.when(args.at)
    update: dict[str, Any] = {"at": _stamp(moment), "status": Word(status), "message": Block(read_text(args.message, "message"))}
    if args.impact:
        impact = parse_impact(args.impact, record.services)
        update["impact"] = {s: Word(level) for s, level in impact.items()} if isinstance(impact, dict) else Word(impact)
    save(target, _add_update(target, moment, update), f"update added ({status}, {format_utc(moment)})")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    """Add the resolving update and set ``resolved`` (a maintenance: completed, its actual end)."""
    target = load_target(args.config_file, args.id)
    record = target.record
    if record.status in CLOSED_STATUSES:
        raise InputError(f"{target.display} is already {record.status}")
    maintenance = record.kind == "maintenance"
    status = "completed" if maintenance else "resolved"
    default = "This maintenance is complete." if maintenance else "This incident has been resolved."
    message = read_text(args.message, "message") if args.message else default
    moment = target.when(args.at)
    update = {"at": _stamp(moment), "status": Word(status), "message": Block(message)}
    edits = _add_update(target, moment, update) + [SetField(("resolved",), _stamp(moment), REPORT_ORDER)]
    save(target, edits, f"{status} at {format_utc(moment)}")
    return 0


def run_timeline(args: argparse.Namespace) -> int:
    """Add a timeline entry where it belongs in time."""
    target = load_target(args.config_file, args.id)
    moment = target.when(args.at)
    entry: dict[str, Any] = {"at": _stamp(moment), "event": Block(read_text(args.event, "event"))}
    if args.by:
        entry["by"] = args.by
    index = _position(target.record.report.timeline, moment)
    save(target, [InsertItem("timeline", index, entry, REPORT_ORDER)], f"timeline entry added ({format_utc(moment)})")
    return 0


def run_notify(args: argparse.Namespace) -> int:
    """Record who was told, and when."""
    target = load_target(args.config_file, args.id)
    moment = target.when(args.at)
    notified = target.record.report.notified
    entry = {"who": args.who, "at": _stamp(moment)}
    save(target, [InsertItem("notified", len(notified), entry, REPORT_ORDER)], f"{args.who} notified ({format_utc(moment)})")
    return 0


def run_action(args: argparse.Namespace) -> int:
    """Add a follow-up action, or close action N."""
    target = load_target(args.config_file, args.id)
    actions = target.record.report.actions or []
    if args.done or args.wont_do:
        return _close_action(target, args, actions)
    if args.what.strip().isdigit():
        raise InputError(f"to close action {args.what}, add --done (or --wont-do); to add an action, give its title")
    if args.on:
        raise InputError("--on is the day an action was done; use it with --done")
    if not args.owner:
        raise InputError("every action has an owner; add --owner NAME")
    item: dict[str, Any] = {"title": read_text(args.what, "title"), "owner": args.owner}
    if args.due:
        item["due"] = Word(parse_day(args.due).isoformat())
    item["status"] = Word("open")
    if args.ticket:
        item["ticket"] = args.ticket
    if args.type:
        item["type"] = Word(args.type)
    save(target, [InsertItem("actions", len(actions), item, REPORT_ORDER)], f"action {len(actions) + 1} added")
    return 0


def _close_action(target: Target, args: argparse.Namespace, actions: list) -> int:
    if not args.what.strip().isdigit():
        raise InputError(
            f"--done closes an action by its number (1 to {len(actions)}), not its title; see incidents show {args.id}"
        )
    number = int(args.what)
    if not 1 <= number <= len(actions):
        count = f"actions 1 to {len(actions)}" if actions else "no actions"
        raise InputError(f"{target.display} has {count}; there is no action {number}")
    if args.owner or args.due or args.type or args.ticket:
        raise InputError("--owner, --due, --type and --ticket describe a new action; leave them out when closing one")
    action = actions[number - 1]
    if action.status in ("done", "wont_do"):
        raise InputError(f"action {number} is already {action.status.replace('_', ' ')}")
    status = "done" if args.done else "wont_do"
    edits: list[Edit] = [SetField(("actions", number - 1, "status"), Word(status), ACTION_ORDER)]
    if args.done:
        day = parse_day(args.on) if args.on else target.today
        edits.append(SetField(("actions", number - 1, "done_on"), Word(day.isoformat()), ACTION_ORDER))
    save(target, edits, f"action {number} {status.replace('_', ' ')}: {action.title}")
    return 0


def run_stage(args: argparse.Namespace) -> int:
    """Move the report to a stage, or list what that stage still needs."""
    target = load_target(args.config_file, args.id)
    if target.record.kind == "maintenance":
        raise InputError("a maintenance has no stage; stages are for incidents and exercises")
    current = target.record.report.stage
    raw, source = target.raw, target.source
    if args.stage == current:
        print(f"{target.display}: already at stage {current}")
    else:
        refusal = f"{target.display} is not ready for stage '{args.stage}', so nothing was changed; it still needs:"
        try:
            raw, source = save(
                target, [SetField(("stage",), Word(args.stage), REPORT_ORDER)], f"stage {args.stage} (was {current})", refusal
            )
        except Refused as refused:
            raise Refused(refused.headline, refused.problems, _how_to_fill(refused.problems, target.record.id)) from None
    following = STAGES.index(args.stage) + 1
    if following < len(STAGES):
        needs = stage_needs(target, raw, source, STAGES[following])
        if needs:
            print(f"Stage {STAGES[following]} will also need:")
            for problem in needs:
                print(f"  {problem.field}: {problem.message}")
    return 0


def _how_to_fill(problems: list[Problem], report_id: str) -> list[str]:
    """The command that fills each missing field."""
    hints = []
    for field in dict.fromkeys(p.field.split(".")[0].split("[")[0] for p in problems):
        if field in _FILLED_BY:
            hints.append(f"{field}: {_FILLED_BY[field].format(id=report_id)}")
        elif field in SET_FIELDS:
            hints.append(f'{field}: incidents set {report_id} {field} "..."')
    return hints


def run_review(args: argparse.Namespace) -> int:
    """Record the postmortem meeting (needed for stage reviewed)."""
    target = load_target(args.config_file, args.id)
    if target.record.report.review is not None:
        raise InputError(f"{target.display} already has a review; change it in the file")
    attendees = [name.strip() for name in args.attendees.split(",") if name.strip()]
    if not attendees:
        raise InputError("--attendees names nobody; write names separated by commas")
    day = parse_day(args.date) if args.date else target.today
    review: dict[str, Any] = {"date": Word(day.isoformat()), "attendees": attendees}
    if args.facilitator:
        review["facilitator"] = args.facilitator
    if args.notes:
        review["notes"] = Block(read_text(args.notes, "notes"))
    save(target, [SetField(("review",), review, REPORT_ORDER)], f"review of {day.isoformat()} recorded")
    return 0


def run_set(args: argparse.Namespace) -> int:
    """Set one field of the report."""
    target = load_target(args.config_file, args.id)
    text = read_text(args.value, args.field)
    value = _typed(target, args.field, text)
    save(target, [SetField((args.field,), value, REPORT_ORDER)], f"{args.field} set")
    return 0


def _typed(target: Target, field: str, text: str) -> Any:
    """The value to write for ``field``, checked as far as the command line can."""
    kind = SET_FIELDS[field]
    settings = target.site.settings
    if kind == "block":
        return Block(text)
    if kind == "line":
        return text
    if kind == "time":
        return Word(format_utc(parse_when(text, target.zone, target.now)))
    if kind == "count":
        if not text.strip().isdigit():
            raise InputError(f"'{text}' is not a whole number; {field} counts people")
        return int(text)
    allowed = {
        "severity": settings.severities, "category": settings.categories,
        "impact": IMPACTS,
        "detected_by": get_args(DetectedBy),
    }[field]
    return Word(choose(text.strip(), tuple(allowed), f"a {field.replace('_', ' ')}"))


def _statuses(target: Target) -> tuple[str, ...]:
    return MAINTENANCE_STATUSES if target.record.kind == "maintenance" else INCIDENT_STATUSES


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _stamp(moment: datetime) -> Word:
    return Word(format_utc(moment))


def _position(entries: list, moment: datetime) -> int:
    """Where an entry at ``moment`` goes in a list kept oldest first (after entries at the same time)."""
    return sum(1 for entry in entries if entry.at <= moment)


def _add_update(target: Target, moment: datetime, update: dict[str, Any]) -> list[Edit]:
    """Insert an update in time order; a written ``status`` follows it if it is the newest."""
    updates = target.record.report.updates
    index = _position(updates, moment)
    edits: list[Edit] = [InsertItem("updates", index, update, REPORT_ORDER)]
    if target.source.front.value.get("status") is not None and index == len(updates):
        edits.append(SetField(("status",), update["status"], REPORT_ORDER))
    return edits
