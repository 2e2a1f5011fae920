"""Checking one report file, the one check that loading (a build) and validating (``incidents validate``) share,
and the rules between reports that run over what it gives."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from .catalogue import Catalogue
from .loader import SourceReport
from .model import DERIVED_UPDATE_ID, published_update_ids
from .problems import Problem
from .settings import TAG_URI_YEAR, Settings
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
    #: When each update was posted (or, without updates, when the report began): what derived update ids are made of.
    update_times: tuple[datetime, ...] = ()
    #: The feed entry id kept from another tool, and its line.
    feed_id: str | None = None
    feed_id_line: int = 1


class _Stamp(NamedTuple):
    """An update as its public id is made from it."""

    at: datetime
    id: str | None


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
    """A valid report's identity: its id, related reports, explicit update ids and feed entry id, with their lines,
    and the times its derived update ids are made of."""
    lines = source.front
    related = tuple(values.get("related", ()))
    related_lines = tuple(lines.line_of(("related", index)) for index in range(len(related)))
    posted = values.get("updates") or ()
    explicit = tuple(
        (update.id, index, lines.line_of(("updates", index, "id"))) for index, update in enumerate(posted) if update.id
    )
    # A report without updates publishes its first statement under an id made from when it began.
    began = values.get("started") or values.get("scheduled_for")
    times = tuple(update.at for update in posted) or ((began,) if began is not None else ())
    kept = values.get("statuspage_id")
    statuspage_id = (kept, lines.line_of(("statuspage_id",))) if kept else None
    feed_id = values.get("feed_id")
    feed_line = lines.line_of(("feed_id",)) if feed_id else 1
    return Identity(
        values["id"], source.path, lines.line_of(("id",)), related, related_lines, explicit, statuspage_id, times, feed_id,
        feed_line,
    )


def check_identities(reports: Sequence[Identity], claimed: Collection[str] = (), authority: str = "") -> list[Problem]:
    """Unique ids and related reports that exist (among valid or ``claimed`` ids), over valid reports in file order.

    Update ids and feed entry ids are unique across the site as well: clients, feed readers and announcements
    tell entries apart by them. ``authority`` is the site's naming authority (``settings.id_authority``), in the
    feed entry ids the site makes.
    """
    problems: list[Problem] = []
    first: dict[str, Identity] = {}
    for report in reports:
        if report.id in first:
            problems.append(Problem(
                report.source, report.id_line, "id",
                f"'{report.id}' is already the id of {first[report.id].source}; every report needs its own id",
            ))
        first.setdefault(report.id, report)
    problems += _duplicate_update_ids(reports, first) + _duplicate_feed_ids(reports, first, authority)
    problems += _duplicate_api_ids(reports, first)
    for report in reports:
        for index, other in enumerate(report.related):
            if other not in first and other not in claimed:
                line = report.related_lines[index]
                problems.append(Problem(report.source, line, f"related[{index}]", f"no report has the id '{other}'"))
    return problems


def _duplicate_update_ids(reports: Sequence[Identity], by_id: dict[str, Identity]) -> list[Problem]:
    """Explicit update ids are unique across the site, against each other and against the ids derived for updates
    without one (``<report id>-<time>``; derived ids never meet each other: each starts with its own report's id)."""
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
            else:
                owner = _derived_owner(update_id, by_id)
                if owner is not None and owner.source != report.source:
                    problems.append(Problem(
                        report.source, line, f"updates[{index}].id",
                        f"'{update_id}' is the id an update of {owner.source} takes from its time, as it has no id of "
                        "its own; every update needs its own id: choose another",
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


def _derived_owner(update_id: str, by_id: dict[str, Identity]) -> Identity | None:
    """The report that derives ``update_id`` for one of its updates, if any."""
    shaped = DERIVED_UPDATE_ID.fullmatch(update_id)
    owner = by_id.get(shaped.group("report")) if shaped is not None else None
    if owner is None or not owner.update_times:
        return None
    explicit = {index: given for given, index, _ in owner.update_ids}
    stamps = [_Stamp(at, explicit.get(index)) for index, at in enumerate(owner.update_times)]
    derived = published_update_ids(owner.id, stamps, owner.update_times[0])
    return owner if any(update_id == made for index, made in enumerate(derived) if index not in explicit) else None


def _duplicate_feed_ids(reports: Sequence[Identity], by_id: dict[str, Identity], authority: str) -> list[Problem]:
    """Feed entry ids kept from another tool are unique across the site, and none is the id the site gives a report."""
    problems: list[Problem] = []
    first: dict[str, Identity] = {}
    own = f"tag:{authority},{TAG_URI_YEAR}:incident/" if authority else None
    for report in reports:
        feed_id = report.feed_id
        if feed_id is None:
            continue
        if feed_id in first:
            problems.append(Problem(
                report.source, report.feed_id_line, "feed_id",
                f"'{feed_id}' is already the feed_id of {first[feed_id].source}; every report needs its own feed entry id",
            ))
        elif own is not None and feed_id.startswith(own) and feed_id[len(own) :] in by_id:
            other = by_id[feed_id[len(own) :]]
            if other.source != report.source and other.feed_id is None:
                problems.append(Problem(
                    report.source, report.feed_id_line, "feed_id",
                    f"'{feed_id}' is the feed entry id the site gives {other.source}; every report needs its own feed "
                    "entry id: write the one the old feed gave this report",
                ))
        first.setdefault(feed_id, report)
    return problems
