"""Entry point of the ``incidents`` command."""

from __future__ import annotations

import argparse
import gc
import io
import sys
from typing import NoReturn

from ..core.problems import Refused
from . import announce_parser, edit_parsers, import_command, new_command, preview_command, validate_command, view_commands
from .inputs import InputError, check_characters
from .output_filter import closed_pipe, escaped_output, quiet_closed
from .site import SiteError

#: Each command module registers its own sub-parsers; the editing and view commands import their code when they run.
COMMANDS = (validate_command, new_command, edit_parsers, view_commands, import_command, announce_parser, preview_command)


class _Parser(argparse.ArgumentParser):
    """Usage mistakes in one line, never a page of usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    main_parser = _Parser(
        prog="incidents", description="Incident reports and status page tools. The handbook's page "
        "'Running an incident from the command line' (docs/handbook/command-line.md) describes every command.",
    )
    main_parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    commands = main_parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands)
    # -f also after the command, as hook runners append their arguments (incidents validate -f site/mkdocs.yml),
    # and after a command's own subcommand (incidents import statuspage -f site/mkdocs.yml export/).
    for command_parser in subcommand_parsers(main_parser):
        command_parser.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help="the site's mkdocs.yml")
    return main_parser


def subcommand_parsers(parent: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every parser of a subcommand under ``parent``, at any depth, each once."""
    found: list[argparse.ArgumentParser] = []
    # argparse lists a parser's subcommands nowhere but in its actions.
    for action in parent._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += [child, *subcommand_parsers(child)]
    return found


def main(argv: list[str] | None = None) -> int:
    """Run one command; bad input and refusals are reported in plain words, never as a traceback.

    Whatever it prints, its own words or quoted text, shows terminal controls escaped.
    """
    with escaped_output():
        return _run(argv)


def _run(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        # What is typed goes into reports: refused at once if a report could not hold it (validate reads, never writes).
        if args.run is not validate_command.run:
            _check_arguments(args)
        return args.run(args)
    except (SiteError, InputError) as exc:
        print(f"incidents: {exc}", file=sys.stderr)
        return 2
    except Refused as refused:
        print(refused.headline, file=sys.stderr)
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        if refused.hints:
            print("To add them:", file=sys.stderr)
            for hint in refused.hints:
                print(f"  {hint}", file=sys.stderr)
        return 1
    except OSError as exc:
        if closed_pipe(exc):
            raise
        print(f"incidents: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _check_arguments(args: argparse.Namespace) -> None:
    """Every text argument checked for characters no report may hold (``-`` for standard input is checked when read)."""
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                check_characters(text, f"--{name.replace('_', '-')} value")


def run() -> NoReturn:
    """The console script: ``main`` in a process of its own, ended with main's exit code."""
    # What is imported lives until the process ends: frozen, the cyclic collector never walks it
    # again (nor when the process exits), and forked workers of ``validate`` share its pages.
    gc.freeze()
    _never_fail_on_encoding()
    code: int | str | None = 0
    try:
        try:
            code = main()
        except SystemExit as exit_:  # argparse's --help and usage mistakes: their output is flushed below too
            code = exit_.code
        # The last of the output, while a reader that went away can still be told apart from other failures.
        sys.stdout.flush()
    except OSError as exc:
        if not closed_pipe(exc):
            raise
        # The reader has all it wanted (incidents list | head): nothing to say, and the command's own status stands.
        quiet_closed(sys.stdout)
    except KeyboardInterrupt:
        print("incidents: interrupted; a file being written is left as it was", file=sys.stderr)
        code = 130
    sys.exit(code)


def _never_fail_on_encoding() -> None:
    """Report text the console cannot show (a Windows console is cp1252) is escaped, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    run()
