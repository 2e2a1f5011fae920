"""The archive: every report in a folder loaded, validated and modelled, with all problems.

Loading (a build) and validating (``incidents validate``) check each file with the same
``checking.check_file``; loading then makes the valid ones' records.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from .cache import ReportCache, file_stat
from .catalogue import Catalogue, load_catalogue
from .checking import Checked, Identity, check_file, check_identities
from .collector import no_cyclic_gc
from .loader import ReadLimits, SourceReport, read_report
from .model import Record, build_record
from .problems import Problem
from .schema import Report
from .settings import Settings
from .validate import case_clashes


@dataclass(frozen=True)
class Archive:
    """Valid reports newest first, the service catalogue, and every problem found."""

    records: tuple[Record, ...]
    catalogue: Catalogue
    problems: tuple[Problem, ...] = field(default=())

    def by_id(self) -> dict[str, Record]:
        """Records by report id."""
        return {r.id: r for r in self.records}


def report_files(root: Path, settings: Settings) -> list[Path]:
    """The report files of a site (``*.md`` at any depth), in the order ``sorted(folder.rglob("*.md"))`` gives.

    Listed with ``os.walk`` and sorted by path parts as text: ``rglob`` builds and compares a
    ``Path`` for every entry, a tenth of a second for 10,000 reports.
    """
    folder = root / settings.incidents_dir
    found: list[tuple[str, ...]] = []
    for current, folders, names in os.walk(folder):
        parts = Path(current).relative_to(folder).parts
        # A folder named *.md is listed too: reading it says it is not a report, rather than skipping it unseen.
        found += [(*parts, name) for name in (*names, *folders) if name.endswith(".md")]
    found.sort()
    return [folder.joinpath(*parts) for parts in found]


def load_archive(
    root: Path, settings: Settings, now: datetime, files: list[Path] | None = None, cache: ReportCache | None = None,
    keep: Callable[[Record], Record | None] | None = None,
) -> Archive:
    """Load the catalogue and every report under ``root``; problems never raise, they are collected.

    With a ``cache`` (kept by ``mkdocs serve`` between rebuilds) unchanged valid reports are reused.
    With ``keep``, each valid record is checked in full and then replaced by what ``keep`` makes of it
    (None: left out), so a build that shows few of the reports never holds them all.
    """
    catalogue, problems = load_catalogue(root / settings.services_file, settings.services_file)
    files = files if files is not None else report_files(root, settings)
    if cache is not None:
        cache.start(root, settings)
        cache.keep_only(files)
    loaded = _each_loaded(files, root, settings, catalogue, now, cache)
    clashes = case_clashes(files, lambda file: display_path(file, root))
    return _assembled(loaded, catalogue, problems, clashes, settings.naming_authority, keep)


def archive_from_sources(
    sources: Iterable[SourceReport | Problem], names: Sequence[str], catalogue: Catalogue, problems: list[Problem],
    settings: Settings, now: datetime,
) -> Archive:
    """``load_archive`` of reports read by other means (another commit's, from git), with the catalogue's problems.

    ``names`` are the display paths of every file read, for the same check of names that differ only in case.
    """
    loaded = (load_report(source, settings, catalogue, now) for source in sources)
    clashes = case_clashes([Path(name) for name in names], Path.as_posix)
    return _assembled(loaded, catalogue, problems, clashes, settings.naming_authority)


def _assembled(
    loaded: Iterable[tuple[Record | None, Checked]], catalogue: Catalogue, problems: list[Problem],
    clashes: list[Problem], authority: str, keep: Callable[[Record], Record | None] | None = None,
) -> Archive:
    """The archive of loaded reports: the rules between them checked, newest first."""
    records: list[Record] = []
    identities: list[Identity] = []
    claimed: set[str] = set()
    with no_cyclic_gc():
        for record, checked in loaded:
            problems += checked.problems
            if checked.claim is not None:
                claimed.add(checked.claim)
            if checked.identity is not None:
                identities.append(checked.identity)
            if record is not None:
                kept = record if keep is None else keep(record)
                if kept is not None:
                    records.append(kept)
    problems += check_identities(identities, claimed, authority) + clashes
    records.sort(key=lambda r: (r.begins, r.id), reverse=True)
    return Archive(tuple(records), catalogue, tuple(sorted(problems)))


def load_report(
    source: SourceReport | Problem, settings: Settings, catalogue: Catalogue, now: datetime
) -> tuple[Record | None, Checked]:
    """One report file as loading takes it: checked (``check_file``, as validating checks it), and its record if valid."""
    checked = check_file(source, settings, catalogue, now)
    if checked.values is None or isinstance(source, Problem):
        return None, checked
    record = build_record(Report.model_construct(**checked.values), source.path, source.body, settings, now)
    return record, checked


#: Reports read ahead of being checked: reading a few, then checking them, keeps each stage's
#: code and data in the processor's caches (about 7 % faster than one report at a time).
READ_AHEAD = 25


def _read_ahead(files: Sequence[Path], root: Path, settings: Settings) -> Iterator[SourceReport | Problem]:
    """What reading each file gives, in order, read ``READ_AHEAD`` files at a time."""
    limits = read_limits(root, settings)
    for start in range(0, len(files), READ_AHEAD):
        yield from [read_report(file, display_path(file, root), limits) for file in files[start : start + READ_AHEAD]]


def read_limits(root: Path, settings: Settings) -> ReadLimits:
    """What a report file may be under ``settings``: symlinks stay in the site's folder unless allowed out."""
    return ReadLimits(settings.max_report_bytes, None if settings.allow_outside_links else root)


def _each_loaded(
    files: Sequence[Path], root: Path, settings: Settings, catalogue: Catalogue, now: datetime, cache: ReportCache | None,
) -> Iterator[tuple[Record | None, Checked]]:
    """What loading each file gives (``load_report``), one file at a time, through the cache if there is one."""
    if cache is None:
        for source in _read_ahead(files, root, settings):
            yield load_report(source, settings, catalogue, now)
    else:
        for file in files:
            yield _load_cached(cache, file, root, settings, catalogue, now)


def _load_cached(
    cache: ReportCache, file: Path, root: Path, settings: Settings, catalogue: Catalogue, now: datetime
) -> tuple[Record | None, Checked]:
    """``load_report`` through the cache: a kept report if still good, else read and kept if valid."""
    kept = cache.get(file, settings, now)
    if kept is not None:
        return kept
    stat = file_stat(file)
    source = read_report(file, display_path(file, root), read_limits(root, settings))
    record, checked = load_report(source, settings, catalogue, now)
    if record is not None:
        cache.put(file, stat, now, record, checked)
    else:
        cache.forget(file)
    return record, checked


class CheckJob(NamedTuple):
    """What checking a site's report files needs besides the files."""

    root: Path
    settings: Settings
    catalogue: Catalogue
    now: datetime


#: What checking some files gives: their problems, the identities of the valid ones, and the ids claimed.
CheckedFiles = tuple[list[Problem], list[Identity], list[str]]
#: How a site's files are checked: ``check_files`` on them all here, or on parts of them elsewhere (worker processes).
Checker = Callable[[CheckJob, list[Path]], Iterable[CheckedFiles]]


def archive_problems(
    root: Path, settings: Settings, now: datetime, files: list[Path] | None = None, checker: Checker | None = None,
) -> tuple[Problem, ...]:
    """The problems ``load_archive`` finds, without building the records (the same ``check_file`` checks each file).

    ``checker`` may check parts of the files in other processes (``incidents validate`` does);
    by default they are all checked in this one.
    """
    files = files if files is not None else report_files(root, settings)
    catalogue, problems = load_catalogue(root / settings.services_file, settings.services_file)
    job = CheckJob(root, settings, catalogue, now)
    identities: list[Identity] = []
    claimed: set[str] = set()
    for found, checked, claims in (checker or _here)(job, files):
        problems += found
        identities += checked
        claimed.update(claims)
    problems += check_identities(identities, claimed, settings.naming_authority)
    problems += case_clashes(files, lambda file: display_path(file, root))
    return tuple(sorted(problems))


def _here(job: CheckJob, files: list[Path]) -> list[CheckedFiles]:
    """Every file checked in this process."""
    return [check_files(job, files)]


def check_files(job: CheckJob, files: list[Path]) -> CheckedFiles:
    """The problems of some report files, the identities of the valid ones, and the ids claimed."""
    problems: list[Problem] = []
    identities: list[Identity] = []
    claims: list[str] = []
    with no_cyclic_gc():
        for source in _read_ahead(files, job.root, job.settings):
            checked = check_file(source, job.settings, job.catalogue, job.now)
            problems += checked.problems
            if checked.claim is not None:
                claims.append(checked.claim)
            if checked.identity is not None:
                identities.append(checked.identity)
    return problems, identities, claims


def display_path(file: Path, root: Path) -> str:
    """How problems name a file: relative to the site's root where possible."""
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
