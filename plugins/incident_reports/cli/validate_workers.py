"""``incidents validate``'s worker processes: a large site's report files checked on every core.

Only the command imports this module: a build never starts workers, and need not hold the modules that do.
Each worker checks its part of the files with the core's ``check_files``, as one process would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..core.archive import CheckedFiles, Checker, CheckJob, check_files

#: Below this many reports, checking them in other processes costs more than it saves.
PARALLEL_FROM = 400
#: Reports in one task for a worker: few enough that the workers finish together (a task is only
#: a range of the file list, which every worker is handed once when it starts, so sending one costs little).
CHUNK_SIZE = 100


def available_cores() -> int:
    """The cores this process may use (Python 3.13 knows the process's own share; before, the machine's)."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return count or 1


def on_every_core(workers: int | None = None) -> Checker:
    """A checker that spreads many files over ``workers`` processes (default: one per available core)."""
    count = workers or available_cores()

    def check(job: CheckJob, files: list[Path]) -> Iterator[CheckedFiles]:
        if count < 2 or len(files) < PARALLEL_FROM:
            yield check_files(job, files)
            return
        # Only when workers start: the other commands need not import the modules that start them.
        from concurrent.futures import ProcessPoolExecutor

        size = min(CHUNK_SIZE, -(-len(files) // count))
        ranges = [(start, start + size) for start in range(0, len(files), size)]
        # The platform's own start method (spawn on macOS and Windows, fork or forkserver on Linux): each
        # worker is handed the job and the file list once, when it starts, and then only ranges of it.
        with ProcessPoolExecutor(count, initializer=_take_job, initargs=(job, files)) as pool:
            yield from pool.map(_check_range, ranges)

    return check


#: In a worker process: the job and the files it checks ranges of, from ``_take_job`` (the worker's own state).
_JOB: tuple[CheckJob, list[Path]] | None = None


def _take_job(job: CheckJob, files: list[Path]) -> None:
    """In a worker, when it starts: keep what every range it is given is checked against."""
    global _JOB
    _JOB = (job, files)


def _check_range(bounds: tuple[int, int]) -> CheckedFiles:
    """In a worker: ``check_files`` for a range of the files it was handed at start."""
    if _JOB is None:
        raise RuntimeError("_check_range runs only in a worker that _take_job started")
    job, files = _JOB
    return check_files(job, files[bounds[0] : bounds[1]])
