"""Entry point of the ``incidents`` command."""

from __future__ import annotations

import argparse
import sys

from . import new_command, validate_command
from .site import SiteError

#: Each command module registers its own sub-parser.
COMMANDS = (validate_command, new_command)


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    main_parser = argparse.ArgumentParser(prog="incidents", description="Incident reports and status page tools.")
    main_parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    commands = main_parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; configuration problems are reported in one line, never as a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except SiteError as exc:
        print(f"incidents: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
