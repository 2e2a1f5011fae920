"""Checking one report file, the one check that loading (a build) and validating (``incidents validate``) share,
and the rules between reports that run over what it gives."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from .catalogue import Catalogue
from .loader import SourceReport
from .problems import Problem
from .settings import Settings
from .validate import check_report


class Identity(NamedTuple):
    """What the rules between reports need of a valid one: its id, its related ids, and where they stand."""

    id: str
    source: str
    id_line: int
    related: tuple[str, ...]
    related_lines: tuple[int, ...]
    #: Explicit update ids, each with its update's index and the line it stands on.
    update_ids: tuple[tuple[str, int, int], ...] = ()
    #: The Statuspage id the report keeps (its id in the API), and its line.
    statuspage_id: tuple[str, int] | None = None


class Checked(NamedTuple):
    """What checking one report file gives."""

    problems: list[Problem]
    #: The id the report claims, when it could be read: an invalid report still claims its id, so that
    #: links to it are not reported as broken too.
    claim: str | None = None
    #: A valid report's identity, and its checked field values (what its record is made from).
    identity: Identity | None = None
    values: dict[str, Any] | None = None


def check_file(source: SourceReport | Problem, settings: Settings, catalogue: Catalogue, now: datetime) -> Checked:
    """Check what reading a report file gave (its parsed report, or why it could not be read)."""
    if isinstance(source, Problem):
        return Checked([source])
    claim = str(source.front.value.get("id") or source.stem)
    values, problems = check_report(source, settings, catalogue, now)
    if values is None:
        return Checked(problems, claim)
    return Checked(problems, claim, identity_of(source, values), values)


def identity_of(source: SourceReport, values: dict[str, Any]) -> Identity:
    """A valid report's identity, with the lines of its id, its related reports and its explicit update ids."""
    lines = source.front
    related = tuple(values.get("related", ()))
    related_lines = tuple(lines.line_of(("related", index)) for index in range(len(related)))
    updates = tuple(
        (update.id, index, lines.line_of(("updates", index, "id")))
        for index, update in enumerate(values.get("updates") or ()) if update.id
    )
    kept = values.get("statuspage_id")
    statuspage_id = (kept, lines.line_of(("statuspage_id",))) if kept else None
    return Identity(values["id"], source.path, lines.line_of(("id",)), related, related_lines, updates, statuspage_id)


def check_identities(reports: Sequence[Identity], claimed: Collection[str] = ()) -> list[Problem]:
    """Unique ids and related reports that exist (among valid or ``claimed`` ids), over valid reports in file order."""
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
    problems += _duplicate_api_ids(reports, first)
    for report in reports:
        for index, other in enumerate(report.related):
            if other not in first and other not in claimed:
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


def _duplicate_api_ids(reports: Sequence[Identity], by_id: dict[str, Identity]) -> list[Problem]:
    """A kept Statuspage id is the incident's id in the API: no other report may publish the same one."""
    problems: list[Problem] = []
    first: dict[str, Identity] = {}
    for report in reports:
        if report.statuspage_id is None:
            continue
        kept, line = report.statuspage_id
        other = first.get(kept)
        owner = by_id.get(kept)
        if other is not None:
            where = f"{other.source}:{other.statuspage_id[1] if other.statuspage_id else other.id_line}"
            problems.append(Problem(
                report.source, line, "statuspage_id",
                f"'{kept}' is already the statuspage_id of {where}; each incident keeps its own Statuspage id",
            ))
        elif owner is not None and owner.source != report.source:
            problems.append(Problem(
                report.source, line, "statuspage_id",
                f"'{kept}' is the id of {owner.source}, so the API would publish two incidents as '{kept}'; "
                "keep the Statuspage id of this incident, or rename the other report",
            ))
        first.setdefault(kept, report)
    return problems
