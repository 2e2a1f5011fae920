"""``incidents new``: scaffold a report that validates, with its id and UTC times filled in."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from typing import Any

from ..core.archive import load_archive
from ..core.catalogue import load_catalogue
from ..core.loader import parse_report
from ..core.problems import Level, Problem
from ..core.schema import IMPACTS
from ..core.slugs import slugify
from ..core.timestamps import build_now, format_utc
from ..core.validate import validate_report
from .inputs import InputError, ask, parse_when
from .site import Site, load_site


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "new", help="start a new report",
        description="Write a new report that validates, with its id and UTC times filled in, and print its path. "
        "In a terminal, it asks for what the options leave out.",
    )
    parser.add_argument("--title", help="what users see, e.g. 'Card payments failing'")
    parser.add_argument("--kind", choices=("incident", "maintenance", "exercise"), default="incident")
    parser.add_argument("--severity", help="P1 (worst) to P4, or as configured")
    parser.add_argument("--services", help="service ids, comma-separated")
    parser.add_argument("--visibility", choices=("public", "internal"))
    parser.add_argument("--impact", choices=IMPACTS, help="public impact (default: from the severity)")
    parser.add_argument("--summary", help="one paragraph for users (default: a holding statement)")
    parser.add_argument("--at", help="when impact began: 2026-11-26T09:40Z, or a time in the site's timezone (default: now)")
    parser.add_argument("--window", nargs=2, metavar=("FROM", "UNTIL"), help="a maintenance window, timestamps as for --at")
    parser.add_argument("--id", help="the report id (default: date and title)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Ask for what is missing, write the file if it validates, and print its path."""
    site = load_site(args.config_file)
    now = build_now(dict(os.environ), time.time())
    catalogue, _ = load_catalogue(site.root / site.settings.services_file, site.settings.services_file)
    zone = site.settings.timezone
    try:
        answers = _answers(args, site, list(catalogue.services))
        started = parse_when(args.at, zone, now) if args.at else now
        window = tuple(parse_when(t, zone, now) for t in args.window) if args.window else None
    except (InputError, ValueError) as exc:
        print(f"incidents new: {exc}", file=sys.stderr)
        return 2
    report_id = args.id or f"{(window[0] if window else started):%Y-%m-%d}-{slugify(answers['title'], fallback='report')}"
    path = site.root / site.settings.incidents_dir / f"{report_id}.md"
    if path.exists():
        print(f"incidents new: {path.relative_to(site.root)} exists already; pick another --id", file=sys.stderr)
        return 1
    text = report_text(report_id, answers, args.kind, started, window, args.impact, args.summary)
    source = parse_report(text.encode(), path.relative_to(site.root).as_posix(), report_id)
    if isinstance(source, Problem):
        # The text was written here, but a title or a summary may hold a character no report may have.
        print(source, file=sys.stderr)
        return 1
    archive = load_archive(site.root, site.settings, now)
    report, problems = validate_report(source, site.settings, archive.catalogue, now)
    if report is None:
        for problem in problems:
            if problem.level is Level.ERROR:
                print(problem, file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(path.relative_to(site.root).as_posix())
    return 0


def _answers(args: argparse.Namespace, site: Site, services: list[str]) -> dict[str, str]:
    """Options given on the command line, else asked for (only when someone is at the terminal)."""
    wanted = {
        "title": ("Title (what users see)", None),
        "severity": (f"Severity ({', '.join(site.settings.severities)})", None),
        "services": (f"Services, comma-separated ({', '.join(services)})", None),
        "visibility": ("Visibility (public or internal)", "public"),
    }
    if args.kind == "maintenance":
        del wanted["severity"]
    answers: dict[str, str] = {}
    for key, (question, default) in wanted.items():
        value = getattr(args, key)
        if value is None and sys.stdin.isatty():
            value = ask(question, default)
        if not value:
            raise ValueError(f"--{key} is required (or run in a terminal to be asked)")
        answers[key] = value
    if args.kind == "maintenance" and not args.window:
        raise ValueError("a maintenance needs --window FROM UNTIL")
    return answers


def report_text(
    report_id: str, answers: dict[str, str], kind: str, started: datetime,
    window: tuple[datetime, ...] | None, impact: str | None, summary: str | None,
) -> str:
    """The new report: explicit id, text that YAML reads back exactly, prose as blocks, a first update."""
    # The YAML writer is imported here, so that registering the command (as every command does) stays cheap.
    from ..core.yaml_text import Block, Layout, Word, entry_lines, flow_text

    services = [s.strip() for s in answers["services"].split(",") if s.strip()]
    public = answers["visibility"] == "public"
    fields: dict[str, Any] = {"id": report_id, "title": answers["title"], "kind": kind}
    if kind != "maintenance":
        fields |= {"severity": answers["severity"], "stage": "draft"}
    fields |= {"visibility": answers["visibility"], "services": Word(flow_text(services))}
    if impact:
        fields["impact"] = impact
    if kind == "maintenance":
        if window is None:
            raise ValueError("a maintenance needs its window: when it starts and when it ends")
        fields |= {"scheduled_for": Word(format_utc(window[0])), "scheduled_until": Word(format_utc(window[1]))}
        first_message = "This maintenance is scheduled."
    else:
        fields["started"] = Word(format_utc(started))
        first_message = "We are investigating this problem."
    text = summary or (first_message if public else "")
    if text:
        fields["summary"] = Block(text)
    if kind != "maintenance":
        first = {"at": Word(format_utc(started)), "status": Word("investigating"), "message": Block(summary or first_message)}
        fields["updates"] = [first]
    lines = ["---"] + [line for key, value in fields.items() for line in entry_lines(key, value, 0, Layout())]
    lines += ["---", "", "## What happened", "", "Write the story here as it unfolds.", ""]
    return "\n".join(lines)
