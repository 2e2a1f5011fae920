"""The arguments of the commands that keep a live report up to date (see ``edit_commands``).

Their code, and the YAML editor it needs, is imported only when one of them runs:
``incidents validate`` never loads it.
"""

from __future__ import annotations

import argparse

from ..core.schema import STAGES
from .common import later

_ID_HELP = "the report's id, or its file"
_AT_HELP = "when it happened: 2026-11-26T09:40Z, '2026-11-26 09:40' or 09:40 in the site's timezone (default: now)"
_TEXT_HELP = "'-' reads it from standard input"
#: How each field ``incidents set`` may change is written (also what the stage gates suggest setting).
SET_FIELDS = {
    "title": "line", "summary": "block", "what_to_do": "block", "severity": "word", "category": "word", "impact": "word",
    "started": "time", "detected": "time", "detected_by": "word", "mitigated": "time",
    "lead": "line", "comms_lead": "line", "user_impact": "block", "users_affected": "count",
    "trigger": "block", "root_cause": "block", "resolution": "block",
}


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the editing commands."""
    update = _command(commands, "update", "add a public status update (and keep status in step)")
    update.add_argument("--status", metavar="STATUS", help="the status from now on (default: unchanged)")
    update.add_argument("-m", "--message", metavar="TEXT", required=True, help=f"what users are told; {_TEXT_HELP}")
    update.add_argument("--impact", metavar="IMPACT", help="impact from now on: a level, or service=level,...")
    update.add_argument("--at", metavar="TIME", help=_AT_HELP)
    update.set_defaults(run=later("edit_commands", "run_update"))

    resolve = _command(commands, "resolve", "add the resolving update and record when it was resolved")
    resolve.add_argument(
        "-m", "--message", metavar="TEXT", help=f"what users are told (default: a short closing line); {_TEXT_HELP}"
    )
    resolve.add_argument("--at", metavar="TIME", help=_AT_HELP)
    resolve.set_defaults(run=later("edit_commands", "run_resolve"))

    timeline = _command(commands, "timeline", "add an internal timeline entry")
    timeline.add_argument("event", help=f"what happened; {_TEXT_HELP}")
    timeline.add_argument("--by", metavar="NAME", help="who did it")
    timeline.add_argument("--at", metavar="TIME", help=_AT_HELP)
    timeline.set_defaults(run=later("edit_commands", "run_timeline"))

    notify = _command(commands, "notify", "record that someone was told of the incident")
    notify.add_argument("who", help="who was told, e.g. 'Head of Digital Operations'")
    notify.add_argument("--at", metavar="TIME", help=_AT_HELP)
    notify.set_defaults(run=later("edit_commands", "run_notify"))

    action = _command(commands, "action", "add a follow-up action, or close one (action ID N --done)")
    action.add_argument("what", metavar="TITLE|N", help="the new action's title, or the number of the action to close")
    action.add_argument("--owner", metavar="NAME", help="who owns the new action")
    action.add_argument("--due", metavar="DATE", help="when it is due, YYYY-MM-DD")
    action.add_argument("--type", choices=("technical", "organisational"))
    action.add_argument("--ticket", metavar="URL", help="a link to the ticket")
    closing = action.add_mutually_exclusive_group()
    closing.add_argument("--done", action="store_true", help="close action N as done (done_on: today)")
    closing.add_argument("--wont-do", action="store_true", help="close action N as not to be done")
    action.add_argument("--on", metavar="DATE", help="the day it was done, YYYY-MM-DD (default: today in the site's timezone)")
    action.set_defaults(run=later("edit_commands", "run_action"))

    stage = _command(commands, "stage", "move the report to a stage, if it has what that stage needs")
    stage.add_argument("stage", choices=STAGES)
    stage.set_defaults(run=later("edit_commands", "run_stage"))

    review = _command(commands, "review", "record the postmortem meeting")
    review.add_argument("--date", metavar="DATE", help="the day of the meeting, YYYY-MM-DD (default: today)")
    review.add_argument("--attendees", metavar="NAMES", required=True, help="names, comma-separated")
    review.add_argument("--facilitator", metavar="NAME")
    review.add_argument("--notes", metavar="TEXT", help=f"notes of the meeting; {_TEXT_HELP}")
    review.set_defaults(run=later("edit_commands", "run_review"))

    set_field = _command(commands, "set", "set one field of the report, such as lead, user_impact or root_cause")
    set_field.add_argument("field", choices=tuple(SET_FIELDS), metavar="FIELD", help=", ".join(SET_FIELDS))
    set_field.add_argument("value", help=f"the value; {_TEXT_HELP}")
    set_field.set_defaults(run=later("edit_commands", "run_set"))


def _command(commands: argparse._SubParsersAction, name: str, summary: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".")
    parser.add_argument("id", metavar="ID", help=_ID_HELP)
    return parser
