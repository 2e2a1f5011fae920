"""Problems found in input files, and how they are written out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .terminal_escape import printable


class Level(StrEnum):
    """How serious a problem is: errors fail every build, warnings only ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one line, in one field."""

    path: str
    line: int
    field: str
    message: str
    level: Level = Level.ERROR

    def __str__(self) -> str:
        # One line whatever a file name or a quoted value holds: controls and line breaks are shown escaped.
        where = f"{printable(self.path, one_line=True)}:{self.line}"
        message = printable(self.message, one_line=True)
        return f"{where}: {printable(self.field, one_line=True)}: {message}" if self.field else f"{where}: {message}"

    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command (shown on the pull request's line)."""
        message = f"{self.field}: {self.message}" if self.field else self.message
        # Workflow commands end at a newline and treat % specially (and , and : in properties);
        # other controls are shown escaped, never sent to the log as they are.
        message = printable(message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
        path = self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(",", "%2C").replace(":", "%3A")
        return f"::{self.level.value} file={printable(path)},line={self.line}::{message}"


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the problems that fail a build."""
    return [p for p in problems if p.level is Level.ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    """Only the problems that fail a build under ``--strict``."""
    return [p for p in problems if p.level is Level.WARNING]


class Refused(Exception):
    """A command or an import cannot go ahead and changed nothing; carries the problems that say why."""

    def __init__(self, headline: str, problems: Sequence[Problem] = (), hints: Sequence[str] = ()) -> None:
        super().__init__(headline)
        self.headline = headline
        self.problems = list(problems)
        #: How to put each problem right with a command, where one can.
        self.hints = list(hints)
