"""What every editing command shares: find the report, refuse an invalid one, edit, check, write."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.archive import Archive, display_path, load_archive, report_files
from ..core.loader import SourceReport, parse_report, read_report
from ..core.messages import did_you_mean
from ..core.model import Record
from ..core.problems import Level, Problem, Refused
from ..core.rules import CLOCK_SKEW
from ..core.schema import Action, Report
from ..core.timestamps import format_utc
from ..core.validate import validate_report
from ..core.yaml_text import Word
from .common import EditError, site_and_now, write_atomically
from .inputs import InputError, parse_when
from .report_editor import Edit, SetField, apply_edits
from .site import Site

#: The usual order of keys, so that a key a command adds lands beside its neighbours.
REPORT_ORDER = tuple(Report.model_fields)
ACTION_ORDER = tuple(Action.model_fields)
#: Statuses after which a report is no longer open.
CLOSED_STATUSES = ("resolved", "completed", "cancelled")


def find_report(site: Site, ident: str) -> Path:
    """The file of report ``ident``: ``incidents/<ident>.md``, the report whose ``id`` it is, or a path."""
    files = report_files(site.root, site.settings)
    if ident.endswith(".md"):
        wanted = Path(ident).resolve()
        match = next((f for f in files if f.resolve() == wanted), None)
        if match is None:
            raise InputError(f"{ident} is not a report in {site.settings.incidents_dir}/")
        return match
    named = site.root / site.settings.incidents_dir / f"{ident}.md"
    if named.is_file():
        return named
    ids: dict[str, Path] = {}
    for file in files:
        source = read_report(file, file.name)
        if isinstance(source, SourceReport):
            ids[str(source.front.value.get("id") or file.stem)] = file
    if ident in ids:
        return ids[ident]
    raise InputError(f"no report has the id '{ident}'{did_you_mean(ident, ids)}; see incidents list")


@dataclass(frozen=True)
class Target:
    """A valid report about to be edited, with the site and archive around it."""

    site: Site
    now: datetime
    archive: Archive
    path: Path
    display: str
    raw: bytes
    source: SourceReport
    record: Record

    @property
    def zone(self) -> str:
        return self.site.settings.timezone

    @property
    def today(self) -> date:
        """Today's date in the site's timezone."""
        return self.now.astimezone(ZoneInfo(self.zone)).date()

    def when(self, at: str | None) -> datetime:
        """The moment ``--at`` names (one that has happened), else now."""
        if not at:
            return self.now
        moment = parse_when(at, self.zone, self.now)
        if moment > self.now + CLOCK_SKEW:
            raise InputError(f"--at {at} is in the future (now is {format_utc(self.now)}); record times that have happened")
        return moment


def load_target(config_file: str, ident: str) -> Target:
    """Find and read a report; refuse it, changing nothing, if it has errors now."""
    site, now = site_and_now(config_file)
    path = find_report(site, ident)
    display = display_path(path, site.root)
    archive = load_archive(site.root, site.settings, now)
    errors = [p for p in archive.problems if p.path == display and p.level is Level.ERROR]
    if errors:
        raise Refused(f"{display} has errors, so nothing was changed; fix them first (incidents validate):", errors)
    raw = path.read_bytes()
    source = parse_report(raw, display, path.stem)
    record = next(r for r in archive.records if r.source == display)
    if not isinstance(source, SourceReport):
        # The archive has just read it without errors: only a change to the file since then gets here.
        raise Refused(f"{display} has errors, so nothing was changed; fix them first (incidents validate):", [source])
    return Target(site, now, archive, path, display, raw, source, record)


def edited(target: Target, edits: list[Edit]) -> tuple[bytes, SourceReport]:
    """The report's bytes after ``edits``, checked to read back as exactly the intended values."""
    try:
        raw, expected = apply_edits(target.raw, target.source.front.value, edits)
    except EditError as exc:
        raise Refused(f"{target.display}: {exc}, so nothing was changed; make this change by hand") from None
    source = parse_report(raw, target.display, target.path.stem)
    # The splice must change exactly the intended values: anything else is refused, not written.
    if not isinstance(source, SourceReport) or source.front.value != expected:
        raise Refused(
            f"{target.display}: this change cannot be made without disturbing other lines, "
            "so nothing was changed; make it by hand"
        )
    return raw, source


def problems_after(target: Target, source: SourceReport) -> list[Problem]:
    """Every problem the edited report would have."""
    _, problems = validate_report(source, target.site.settings, target.archive.catalogue, target.now)
    return problems


def save(target: Target, edits: list[Edit], done: str, refusal: str | None = None) -> tuple[bytes, SourceReport]:
    """Apply ``edits``, write the file only if the result validates, and say what was done."""
    raw, source = edited(target, edits)
    problems = problems_after(target, source)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors:
        raise Refused(refusal or f"{target.display}: the change would make the report invalid, so nothing was changed:", errors)
    write_atomically(target.path, raw)
    print(f"{target.display}: {done}")
    known = {(p.field, p.message) for p in target.archive.problems if p.path == target.display}
    for problem in problems:
        if (problem.field, problem.message) not in known:
            print(problem, file=sys.stderr)
    return raw, source


def stage_needs(target: Target, raw: bytes, source: SourceReport, stage: str) -> list[Problem]:
    """What the report (as ``raw``) would still lack at ``stage``: the errors moving there would bring."""
    moved = Target(target.site, target.now, target.archive, target.path, target.display, raw, source, target.record)
    try:
        _, at_stage = edited(moved, [SetField(("stage",), Word(stage), REPORT_ORDER)])
    except Refused:
        return []
    return [p for p in problems_after(target, at_stage) if p.level is Level.ERROR]
