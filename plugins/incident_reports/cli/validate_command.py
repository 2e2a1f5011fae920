"""``incidents validate [PATH...]``: the build's checks, without building."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..core.archive import archive_problems, display_path, report_files
from ..core.problems import Level
from ..core.timestamps import build_now
from ..mkdocs_plugin.example_values import example_value_problems
from .site import load_site
from .validate_workers import on_every_core


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "validate", help="check reports and the service catalogue",
        description="Check every report and the service catalogue as mkdocs build does, without building. "
        "Named files show only their own problems; ids and links are still checked against every report.",
    )
    parser.add_argument("paths", nargs="*", help="report files or folders (default: every report)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors, as mkdocs build --strict does")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate, print every problem, and return 1 if any is an error (or a warning under --strict)."""
    site = load_site(args.config_file)
    now = build_now(dict(os.environ), time.time())
    archive_files = report_files(site.root, site.settings)
    named = _named_files(args.paths) if args.paths else archive_files
    # The whole archive is always loaded, so ids and links are checked against every report.
    everything = sorted(set(archive_files) | set(named)) if args.paths else archive_files
    found = archive_problems(site.root, site.settings, now, everything, on_every_core())
    # Named files show only their own problems (and the catalogue's); with none named, every problem is shown.
    problems = list(found)
    if args.paths:
        shown = {display_path(f, site.root) for f in named} | {site.settings.services_file}
        problems = [p for p in found if p.path in shown]
    else:
        # The whole site, as CI checks it: the example's own values left in a public configuration warn too.
        problems += example_value_problems(Path(args.config_file), site.root)
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem.github_annotation() if annotate else str(problem))
    errors = sum(p.level is Level.ERROR for p in problems)
    warnings = len(problems) - errors
    print(f"{len(named)} report{'s' if len(named) != 1 else ''} checked: {errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def _named_files(paths: list[str]) -> list[Path]:
    """The report files named on the command line (a folder stands for the reports in it)."""
    files: list[Path] = []
    for name in paths:
        path = Path(name).resolve()
        files += sorted(path.rglob("*.md")) if path.is_dir() else [path]
    return files

