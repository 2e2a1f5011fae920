"""Views in the terminal: ``incidents list``, ``show`` and ``actions``, as tables or as JSON for scripts."""

from __future__ import annotations

import argparse

from .common import later


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the view commands."""
    listing = commands.add_parser("list", help="list reports, newest first", description="List reports, newest first.")
    listing.add_argument("--open", action="store_true", help="only reports not yet resolved, completed or cancelled")
    listing.add_argument("--service", metavar="ID", help="only reports that list this service id")
    listing.add_argument("--since", metavar="DATE", help="only reports that began on or after this day, YYYY-MM-DD")
    _format_option(listing)
    listing.set_defaults(run=later("terminal_views", "run_list"))

    show = commands.add_parser(
        "show", help="show one report, whole",
        description="Show the whole report: every field, its body, and what its next stage still needs.",
    )
    show.add_argument("id", metavar="ID", help="the report's id, or its file")
    _format_option(show)
    show.set_defaults(run=later("terminal_views", "run_show"))

    actions = commands.add_parser(
        "actions", help="list follow-up actions, overdue first",
        description="List open follow-up actions across every report, overdue first, then by due date.",
    )
    actions.add_argument("--owner", metavar="NAME", help="only actions whose owner's name contains this (any case)")
    actions.add_argument("--overdue", action="store_true", help="only actions past their due date")
    actions.add_argument("--all", action="store_true", help="done and dropped actions too")
    _format_option(actions)
    actions.set_defaults(run=later("terminal_views", "run_actions"))


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table", help="json for scripts (stable keys)")
