"""Validated reports kept between the rebuilds of one ``mkdocs serve``.

Editing one report should not re-read the other thousands. A valid report is
kept with the file's identity (path, ``mtime_ns``, size) and a fingerprint of
everything else its validation reads (the settings and the service
catalogue's bytes). It is reused while all of them are unchanged and the
build's "now" still puts none of its recorded times in the future: that check
(``rules.check_order``) is the only rule that reads "now", and a time that was
not in the future is not in the future later either. The facts derived from
"now" (a maintenance's status) are derived again on every build with another "now";
with the same "now", the record itself is reused.

Invalid reports are never kept: they fail the build and are read again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .checking import Checked
from .model import Record, build_record
from .rules import CLOCK_SKEW, _recorded_times
from .schema import Report
from .settings import Settings


@dataclass(frozen=True)
class _Entry:
    """One valid report as last checked, and what it was checked against."""

    stat: tuple[int, int]
    fingerprint: str
    checked_at: datetime
    latest: datetime | None
    record: Record
    #: What checking the file gave, but its field values (the record holds them).
    checked: Checked


class ReportCache:
    """Valid reports by file, reused while their file, the settings and the catalogue are unchanged."""

    def __init__(self) -> None:
        self._entries: dict[Path, _Entry] = {}
        self.fingerprint = ""

    def start(self, root: Path, settings: Settings) -> None:
        """Begin a build: note what validation depends on besides the file itself."""
        catalogue = root / settings.services_file
        digest = hashlib.blake2b(repr(settings).encode("utf-8"), digest_size=16)
        digest.update(catalogue.read_bytes() if catalogue.is_file() else b"")
        self.fingerprint = digest.hexdigest()

    def get(self, file: Path, settings: Settings, now: datetime) -> tuple[Record, Checked] | None:
        """The report in ``file`` as it would be loaded now, if it can be reused; else None."""
        entry = self._entries.get(file)
        if entry is None or entry.fingerprint != self.fingerprint or entry.stat != file_stat(file):
            return None
        if now != entry.checked_at and (now < entry.checked_at or (entry.latest is not None and entry.latest > now + CLOCK_SKEW)):
            return None
        old = entry.record
        # The same record, while "now" is the same too (serve --dirty holds it): views keep what they made of it.
        record = old if now == entry.checked_at else build_record(old.report, old.source, old.body, settings, now)
        return record, entry.checked

    def put(self, file: Path, stat: tuple[int, int] | None, now: datetime, record: Record, checked: Checked) -> None:
        """Keep a valid report read from ``file`` when it had identity ``stat`` (taken before reading)."""
        if stat is None:
            return
        kept = checked._replace(values=None)
        self._entries[file] = _Entry(stat, self.fingerprint, now, _latest(record.report), record, kept)

    def forget(self, file: Path) -> None:
        """Drop what is known of ``file`` (it is invalid now)."""
        self._entries.pop(file, None)

    def keep_only(self, files: list[Path]) -> None:
        """Drop the reports of files no longer in the archive."""
        present = set(files)
        for file in [f for f in self._entries if f not in present]:
            del self._entries[file]


def file_stat(file: Path) -> tuple[int, int] | None:
    """A file's identity for the cache (modification time in ns, size), or None if it cannot be read."""
    try:
        info = file.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def _latest(report: Report) -> datetime | None:
    """The latest time the report records as having happened (what the future-time rule checks)."""
    times = [moment for _, moment in _recorded_times(dict(report))]
    return max(times) if times else None
