"""The archive: every report in a folder loaded, validated and modelled, with all problems."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from .cache import ReportCache, file_stat
from .catalogue import Catalogue, load_catalogue
from .loader import ReadLimits, SourceReport, read_report
from .model import Record, build_record
from .problems import Level, Problem
from .settings import Settings
from .validate import case_clashes, check_report, validate_report


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


#: Below this many reports, checking them in other processes costs more than it saves.
PARALLEL_FROM = 400
#: Reports in one task for a worker: few enough that the workers finish together (a task is only
#: a range of the file list, which every worker is handed once when it starts, so sending one costs little).
CHUNK_SIZE = 100


class Identity(NamedTuple):
    """What the rules between reports need of a valid one: its id, its related ids, and where they stand."""

    id: str
    source: str
    id_line: int
    related: tuple[str, ...]
    related_lines: tuple[int, ...]
    #: Explicit update ids, each with its update's index and the line it stands on.
    update_ids: tuple[tuple[str, int, int], ...] = ()


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
    return _assembled(loaded, catalogue, problems, case_clashes(files, lambda file: display_path(file, root)), keep)


def archive_from_sources(
    sources: Iterable[SourceReport | Problem], names: Sequence[str], catalogue: Catalogue, problems: list[Problem],
    settings: Settings, now: datetime,
) -> Archive:
    """``load_archive`` of reports read by other means (another commit's, from git), with the catalogue's problems.

    ``names`` are the display paths of every file read, for the same check of names that differ only in case.
    """
    loaded = (_loaded(source, settings, catalogue, now) for source in sources)
    clashes = case_clashes([Path(name) for name in names], Path.as_posix)
    return _assembled(loaded, catalogue, problems, clashes)


def _assembled(
    loaded: Iterable[tuple[Record | None, list[Problem], str | None]], catalogue: Catalogue, problems: list[Problem],
    clashes: list[Problem], keep: Callable[[Record], Record | None] | None = None,
) -> Archive:
    """The archive of loaded reports: the rules between them checked, newest first."""
    records: list[Record] = []
    identities: list[Identity] = []
    claimed: set[str] = set()
    with _no_cyclic_gc():
        for record, found, claim in loaded:
            problems += found
            if claim is not None:
                claimed.add(claim)
            if record is not None:
                identities.append(identity(record))
                kept = record if keep is None else keep(record)
                if kept is not None:
                    records.append(kept)
    problems += check_identities(identities, claimed) + clashes
    records.sort(key=lambda r: (r.begins, r.id), reverse=True)
    return Archive(tuple(records), catalogue, tuple(sorted(problems)))


#: Reports read ahead of being validated: reading a few, then validating them, keeps each stage's
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
) -> Iterator[tuple[Record | None, list[Problem], str | None]]:
    """What loading each file gives (``_loaded``), one file at a time, through the cache if there is one."""
    if cache is None:
        for source in _read_ahead(files, root, settings):
            yield _loaded(source, settings, catalogue, now)
    else:
        for file in files:
            yield _load_cached(cache, file, root, settings, catalogue, now)


def _loaded(
    source: SourceReport | Problem, settings: Settings, catalogue: Catalogue, now: datetime
) -> tuple[Record | None, list[Problem], str | None]:
    """One report read: its record if valid, its problems, and the id it claims if it could be read."""
    if isinstance(source, Problem):
        return None, [source], None
    # An invalid report still claims its id, so links to it are not reported as broken too.
    claim = str(source.front.value.get("id") or source.stem)
    record, found = record_from(source, settings, catalogue, now)
    return record, found, claim


def _load_cached(
    cache: ReportCache, file: Path, root: Path, settings: Settings, catalogue: Catalogue, now: datetime
) -> tuple[Record | None, list[Problem], str | None]:
    """``_loaded`` through the cache: a kept report if still good, else read and kept if valid."""
    kept = cache.get(file, settings, now)
    if kept is not None:
        return kept
    stat = file_stat(file)
    source = read_report(file, display_path(file, root), read_limits(root, settings))
    record, found, claim = _loaded(source, settings, catalogue, now)
    if record is not None and claim is not None:
        cache.put(file, stat, now, record, found, claim)
    else:
        cache.forget(file)
    return record, found, claim


def archive_problems(
    root: Path, settings: Settings, now: datetime, files: list[Path] | None = None, workers: int | None = None,
) -> tuple[Problem, ...]:
    """The problems ``load_archive`` finds, without building the records.

    With many reports they are checked in ``workers`` processes (default: one per
    available core); only file names go out and problems and identities come back.
    """
    files = files if files is not None else report_files(root, settings)
    workers = workers or available_cores()
    catalogue, problems = load_catalogue(root / settings.services_file, settings.services_file)
    job = _Job(root, settings, catalogue, now)
    identities: list[Identity] = []
    claimed: set[str] = set()
    for found, checked, claims in _checked_chunks(job, files, workers):
        problems += found
        identities += checked
        claimed.update(claims)
    problems += check_identities(identities, claimed) + case_clashes(files, lambda file: display_path(file, root))
    return tuple(sorted(problems))


def available_cores() -> int:
    """The cores this process may use (Python 3.13 knows the process's own share; before, the machine's)."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return count or 1


class _Job(NamedTuple):
    """What checking a report needs besides its file."""

    root: Path
    settings: Settings
    catalogue: Catalogue
    now: datetime


#: What checking some files gives: their problems, the identities of the valid ones, and the ids claimed.
Checked = tuple[list[Problem], list[Identity], list[str]]


def _checked_chunks(job: _Job, files: list[Path], workers: int) -> Iterator[Checked]:
    """The files checked in order, in chunks: here, or (for many files) in ``workers`` other processes."""
    if workers < 2 or len(files) < PARALLEL_FROM:
        yield _check_files(job, files)
        return
    # Only here: a build never starts workers, and need not hold the modules that do.
    from concurrent.futures import ProcessPoolExecutor

    size = min(CHUNK_SIZE, -(-len(files) // workers))
    ranges = [(start, start + size) for start in range(0, len(files), size)]
    # The platform's own start method (spawn on macOS and Windows, fork or forkserver on Linux): each
    # worker is handed the job and the file list once, when it starts, and then only ranges of it.
    with ProcessPoolExecutor(workers, initializer=_take_job, initargs=(job, files)) as pool:
        yield from pool.map(_check_range, ranges)


#: In a worker: the job and the files it checks ranges of, from ``_take_job``.
_JOB: tuple[_Job, list[Path]] | None = None


def _take_job(job: _Job, files: list[Path]) -> None:
    """In a worker, when it starts: keep what every range it is given is checked against."""
    global _JOB
    _JOB = (job, files)


def _check_range(bounds: tuple[int, int]) -> Checked:
    """In a worker: ``_check_files`` for a range of the files it was handed at start."""
    if _JOB is None:
        raise RuntimeError("_check_range runs only in a worker that _take_job started")
    job, files = _JOB
    return _check_files(job, files[bounds[0] : bounds[1]])


def _check_files(job: _Job, files: list[Path]) -> Checked:
    """The problems of some report files, the identities of the valid ones, and the ids claimed."""
    problems: list[Problem] = []
    identities: list[Identity] = []
    claims: list[str] = []
    with _no_cyclic_gc():
        for source in _read_ahead(files, job.root, job.settings):
            found, checked, claim = _checked(job, source)
            problems += found
            if claim is not None:
                claims.append(claim)
            if checked is not None:
                identities.append(checked)
    return problems, identities, claims


def _checked(job: _Job, source: SourceReport | Problem) -> tuple[list[Problem], Identity | None, str | None]:
    """``_loaded`` without the record: the problems, the identity if valid, and the id claimed if readable."""
    if isinstance(source, Problem):
        return [source], None, None
    claim = str(source.front.value.get("id") or source.stem)
    values, found = check_report(source, job.settings, job.catalogue, job.now)
    if values is None:
        return found, None, claim
    lines = source.front
    related = tuple(values.get("related", ()))
    related_lines = tuple(lines.line_of(("related", index)) for index in range(len(related)))
    updates = tuple(
        (update.id, index, lines.line_of(("updates", index, "id")))
        for index, update in enumerate(values.get("updates") or ()) if update.id
    )
    return found, Identity(values["id"], source.path, lines.line_of(("id",)), related, related_lines, updates), claim


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Loading makes many objects and no garbage cycles: the cyclic collector would only slow it down."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def record_from(
    source: SourceReport, settings: Settings, catalogue: Catalogue, now: datetime
) -> tuple[Record | None, list[Problem]]:
    """Validate and model an already parsed report."""
    report, problems = validate_report(source, settings, catalogue, now)
    if report is None:
        return None, problems
    lines = source.front
    related_lines = tuple(lines.line_of(("related", i)) for i in range(len(report.related)))
    update_lines = tuple(lines.line_of(("updates", i, "id")) if u.id else 0 for i, u in enumerate(report.updates))
    record = build_record(report, source.path, source.body, settings, now, lines.line_of(("id",)), related_lines, update_lines)
    return record, problems


def check_across(records: Sequence[Record], claimed: set[str] | None = None) -> list[Problem]:
    """Rules between reports: unique ids, related reports that exist (among valid or ``claimed`` ids)."""
    return check_identities([identity(record) for record in records], claimed)


def identity(record: Record) -> Identity:
    """The parts of a valid record the rules between reports look at."""
    updates = tuple(
        (update.id, index, line)
        # A record built without its lines (the public projection, one built in code) has no update lines at all.
        for index, (update, line) in enumerate(zip(record.report.updates, record.update_id_lines, strict=False)) if update.id
    )
    return Identity(record.id, record.source, record.id_line, tuple(record.report.related), record.related_lines, updates)


def check_identities(reports: Sequence[Identity], claimed: set[str] | None = None) -> list[Problem]:
    """Unique ids and related reports that exist, over valid reports in file order."""
    problems: list[Problem] = []
    first: dict[str, Identity] = {}
    for report in reports:
        if report.id in first:
            problems.append(Problem(
                report.source, report.id_line, "id",
                f"'{report.id}' is already the id of {first[report.id].source}; every report needs its own id",
            ))
        first.setdefault(report.id, report)
    problems += _duplicate_update_ids(reports)
    for report in reports:
        for index, other in enumerate(report.related):
            if other not in first and other not in (claimed or ()):
                line = report.related_lines[index]
                problems.append(Problem(report.source, line, f"related[{index}]", f"no report has the id '{other}'"))
    return problems


def _duplicate_update_ids(reports: Sequence[Identity]) -> list[Problem]:
    """Explicit update ids are unique across the site: clients and feed readers tell updates apart by them."""
    problems: list[Problem] = []
    first: dict[str, tuple[str, int]] = {}
    for report in reports:
        for update_id, index, line in report.update_ids:
            if update_id in first and first[update_id][0] != report.source:
                where = f"{first[update_id][0]}:{first[update_id][1]}"
                problems.append(Problem(
                    report.source, line, f"updates[{index}].id",
                    f"'{update_id}' is already the id of an update in {where}; every update needs its own id",
                ))
            first.setdefault(update_id, (report.source, line))
    return problems


def display_path(file: Path, root: Path) -> str:
    """How problems name a file: relative to the site's root where possible."""
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
