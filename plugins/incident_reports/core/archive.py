"""The archive: every report in a folder loaded, validated and modelled, with all problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .catalogue import Catalogue, load_catalogue
from .loader import SourceReport, read_report
from .model import Record, build_record
from .problems import Level, Problem
from .settings import Settings
from .validate import validate_report


@dataclass(frozen=True)
class Archive:
    """Valid reports newest first, the service catalogue, and every problem found."""

    records: tuple[Record, ...]
    catalogue: Catalogue
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(p.level is Level.ERROR for p in self.problems)

    def by_id(self) -> dict[str, Record]:
        """Records by report id."""
        return {r.id: r for r in self.records}


def report_files(root: Path, settings: Settings) -> list[Path]:
    """The report files of a site, in a stable order."""
    folder = root / settings.incidents_dir
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def load_archive(root: Path, settings: Settings, now: datetime, files: list[Path] | None = None) -> Archive:
    """Load the catalogue and every report under ``root``; problems never raise, they are collected."""
    catalogue, problems = load_catalogue(root / settings.services_file, settings.services_file)
    records: list[Record] = []
    claimed: set[str] = set()
    for file in files if files is not None else report_files(root, settings):
        source = read_report(file, display_path(file, root))
        if isinstance(source, Problem):
            problems.append(source)
            continue
        # An invalid report still claims its id, so links to it are not reported as broken too.
        claimed.add(str(source.front.value.get("id") or source.stem))
        record, found = record_from(source, settings, catalogue, now)
        problems += found
        if record is not None:
            records.append(record)
    problems += check_across(records, claimed)
    records.sort(key=lambda r: (r.begins, r.id), reverse=True)
    return Archive(tuple(records), catalogue, tuple(sorted(problems)))


def record_from(
    source: SourceReport, settings: Settings, catalogue: Catalogue, now: datetime
) -> tuple[Record | None, list[Problem]]:
    """Validate and model an already parsed report."""
    report, problems = validate_report(source, settings, catalogue, now)
    if report is None:
        return None, problems
    lines = source.front
    related_lines = tuple(lines.line_of(("related", i)) for i in range(len(report.related)))
    record = build_record(report, source.path, source.body, settings, now, lines.line_of(("id",)), related_lines)
    return record, problems


def check_across(records: list[Record], claimed: set[str] | None = None) -> list[Problem]:
    """Rules between reports: unique ids, related reports that exist (among valid or ``claimed`` ids)."""
    problems: list[Problem] = []
    first: dict[str, Record] = {}
    for record in records:
        if record.id in first:
            problems.append(Problem(
                record.source, record.id_line, "id",
                f"'{record.id}' is already the id of {first[record.id].source}; every report needs its own id",
            ))
        first.setdefault(record.id, record)
    for record in records:
        for index, other in enumerate(record.report.related):
            if other not in first and other not in (claimed or ()):
                line = record.related_lines[index]
                problems.append(Problem(record.source, line, f"related[{index}]", f"no report has the id '{other}'"))
    return problems


def display_path(file: Path, root: Path) -> str:
    """How problems name a file: relative to the site's root where possible."""
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
