"""A Statuspage v2 export as saved from a page's public API: its components, incidents and maintenance.

The files are those the API serves (``incidents.json``, ``scheduled-maintenances.json``,
``summary.json``, ``components.json``) and the page's feed (``history.atom``), told apart by their content. Each is checked
against the shapes the import relies on; a mistake is reported on its line, as
``path:line: field: message``, and nothing is imported.

An export is untrusted input, read as the validator reads a report: a file over ``MAX_EXPORT_BYTES`` or
that is not a regular file is refused unread, JSON nested deeper than ``MAX_DEPTH`` is refused before it
is parsed, times must fall in the years a report's times may, and no text may hold a character a report
may not (controls, lone surrogates, bidirectional controls).
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, NamedTuple
from xml.etree import ElementTree

from pydantic import BaseModel, BeforeValidator, ConfigDict, StrictBool, TypeAdapter, model_validator
from pydantic_core import PydanticCustomError

from ..core.fields import check_value
from ..core.loader import describe_character, refused_character
from ..core.messages import join_path
from ..core.problems import Problem, Refused
from ..core.timestamps import FIRST_YEAR, LAST_YEAR
from ..core.yaml_source import FieldPath, ParsedYaml, YamlError, parse_yaml

#: The file names the API serves (and the page's Atom feed), looked for in a folder given on the command line.
EXPORT_FILES = ("summary.json", "components.json", "incidents.json", "scheduled-maintenances.json", "history.atom")
_ATOM = "{http://www.w3.org/2005/Atom}"
#: The largest export file read: a busy page's whole history is a few megabytes.
MAX_EXPORT_BYTES = 50_000_000
#: The deepest JSON read: Statuspage's objects nest about six levels.
MAX_DEPTH = 32
#: What the nesting of JSON text is counted from: a string (skipped whole), a bracket, or a string never closed.
_JSON_PARTS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"')


def _time(value: Any) -> datetime:
    """A time as Statuspage writes it (ISO 8601 with an offset), as an aware datetime in the years a report's may be."""
    moment: datetime | None = None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is not None and moment.tzinfo is not None:
        try:
            year = moment.astimezone(UTC).year
        except OverflowError:  # 9999-12-31T23:59:59-23:59 is past the last year Python holds
            year = LAST_YEAR + 1
        if FIRST_YEAR <= year <= LAST_YEAR:
            return moment
        raise PydanticCustomError(
            "bad_time", "{got} is outside the years {first} to {last} a report's times may fall in",
            {"got": json.dumps(value), "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    raise PydanticCustomError(
        "bad_time", "must be a time with its UTC offset, as Statuspage writes them, like 2026-11-03T14:07:41.218Z (got {got})",
        {"got": json.dumps(value)},
    )


Time = Annotated[datetime, BeforeValidator(_time)]


class _Shape(BaseModel):
    # Statuspage adds fields over time: what the import does not use is ignored.
    model_config = ConfigDict(extra="ignore", frozen=True)


class Component(_Shape):
    """A component, or a group of components (``group: true``, its members in ``components``)."""

    id: str
    name: str
    #: Its status on the page when the export was saved (``operational``, ``degraded_performance`` ...).
    status: str | None = None
    description: str | None = None
    group: StrictBool = False
    group_id: str | None = None
    position: int | None = None
    start_date: str | None = None
    components: list[str] = []


class AffectedComponent(_Shape):
    """A component's status before and after an update.

    Statuspage wrote "no components" in 2016-17 as an entry without a ``code`` (and no statuses):
    ``{"name": "No components were affected by this update."}``.
    """

    code: str | None = None
    name: str | None = None
    old_status: str | None = None
    new_status: str | None = None

    @model_validator(mode="after")
    def _status_of_a_component(self) -> AffectedComponent:
        if self.code is not None and self.new_status is None:
            raise PydanticCustomError(
                "no_new_status", "names component {code} without its new_status; save the API's response as it came",
                {"code": self.code},
            )
        return self



class Affected(NamedTuple):
    """A component an update names, and its status after the update."""

    code: str
    name: str | None
    new_status: str


class IncidentUpdate(_Shape):
    """One update of an incident or a maintenance."""

    id: str
    status: str
    body: str | None = None
    created_at: Time
    display_at: Time | None = None
    affected_components: list[AffectedComponent] | None = None

    @property
    def at(self) -> datetime:
        """When the update is shown as posted: ``display_at``, else when it was written."""
        return self.display_at or self.created_at

    @property
    def affected(self) -> list[Affected]:
        """The components the update names, with their status after it."""
        return [
            Affected(a.code, a.name, a.new_status)
            for a in self.affected_components or () if a.code is not None and a.new_status is not None
        ]

    @property
    def said_no_component(self) -> list[str]:
        """The entries written in Statuspage's old way of saying "no component" (a name without a code)."""
        return [a.name or "" for a in self.affected_components or () if a.code is None]


class Incident(_Shape):
    """An incident, or a scheduled maintenance (which has a window)."""

    id: str
    name: str
    status: str
    impact: str = "none"
    created_at: Time
    updated_at: Time | None = None
    started_at: Time | None = None
    resolved_at: Time | None = None
    shortlink: str | None = None
    scheduled_for: Time | None = None
    scheduled_until: Time | None = None
    incident_updates: list[IncidentUpdate] = []
    components: list[Component] = []


_COMPONENTS = TypeAdapter(list[Component])
_INCIDENTS = TypeAdapter(list[Incident])


@dataclass
class Export:
    """Everything read from the export's files: components in page order, incidents and maintenance by id."""

    components: list[Component] = field(default_factory=list)
    incidents: dict[str, Incident] = field(default_factory=dict)
    maintenances: dict[str, Incident] = field(default_factory=dict)
    #: Statuspage incident id -> the id of its entry in the page's Atom feed (``history.atom``).
    feed_ids: dict[str, str] = field(default_factory=dict)

    def add(self, into: dict[str, Incident], found: Iterable[Incident]) -> None:
        """Keep each incident once: the copy updated last (a summary and a list may both hold it)."""
        for incident in found:
            kept = into.get(incident.id)
            if kept is None or _updated(incident) > _updated(kept):
                into[incident.id] = incident


def _updated(incident: Incident) -> tuple[datetime, int]:
    return (incident.updated_at or incident.created_at, len(incident.incident_updates))


def export_files(paths: list[str]) -> list[Path]:
    """The files named, a folder standing for the export files in it."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = [path / file for file in EXPORT_FILES if (path / file).is_file()]
            if not found:
                raise Refused(f"{name}: holds none of {', '.join(EXPORT_FILES)}; name the export's files or their folder")
            files += found
        elif path.exists():
            files.append(path)  # a pipe or a device too: reading refuses it, unread
        else:
            raise Refused(f"{name}: no such file or folder")
    return files


def read_export(paths: list[str]) -> Export:
    """Read and check every file; refuse (importing nothing) when any is not an export file."""
    export = Export()
    problems: list[Problem] = []
    for file in export_files(paths):
        problems += _read_file(file, export)
    if problems:
        raise Refused("Nothing was imported: the export has mistakes.", problems)
    return export


def _read_file(file: Path, export: Export) -> list[Problem]:
    """Read one file into ``export``; its problems, each on its line."""
    shown = file.as_posix()
    try:
        text = _read_capped(file).decode("utf-8-sig")
    except _Unread as exc:
        return [Problem(shown, 1, "", str(exc))]
    except OSError as exc:
        return [Problem(shown, 1, "", f"cannot be read ({exc.strerror or type(exc).__name__})")]
    except UnicodeDecodeError as exc:
        return [Problem(shown, 1, "", f"is not UTF-8 ({exc.reason}); save the API's response as it came")]
    if text.lstrip().startswith("<"):
        return _read_feed(shown, text, export)
    too_deep = _too_deep(text)
    if too_deep is not None:
        return [Problem(
            shown, text.count("\n", 0, too_deep) + 1, "",
            f"nests lists and objects more than {MAX_DEPTH} levels deep here; Statuspage's exports nest about six: "
            "save the API's response as it came",
        )]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [Problem(shown, exc.lineno, "", f"is not JSON ({exc.msg}); save the API's response as it came")]
    except ValueError:  # a number of thousands of digits, which Python will not convert
        return [Problem(shown, 1, "", "is not JSON Python can read (a number too long); save the API's response as it came")]
    refused = _refused_text(shown, text, data)
    if refused:
        return refused
    if not isinstance(data, dict) or not ({"components", "incidents", "scheduled_maintenances"} & data.keys()):
        return [Problem(
            shown, 1, "",
            "is not a Statuspage export: expected an object with components, incidents or scheduled_maintenances "
            "(the response of /api/v2/summary.json, components.json, incidents.json or scheduled-maintenances.json)",
        )]
    lines = _Lines(text)
    problems: list[Problem] = []
    for key, adapter in (("components", _COMPONENTS), ("incidents", _INCIDENTS), ("scheduled_maintenances", _INCIDENTS)):
        if key not in data:
            continue
        value, found = _checked(adapter, data[key], lines, shown, (key,))
        problems += found
        if value is None:
            continue
        if key == "components":
            export.components = export.components or value
        else:
            export.add(export.incidents if key == "incidents" else export.maintenances, value)
    return problems


class _Unread(Exception):
    """A file that is not read, with the reason."""


def _read_capped(file: Path) -> bytes:
    """A regular file's bytes, never more than ``MAX_EXPORT_BYTES`` (a pipe or a device is refused, never waited on)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(file, flags)
    with os.fdopen(handle, "rb") as opened:
        if not stat.S_ISREG(os.fstat(opened.fileno()).st_mode):
            raise _Unread("is not a regular file; name the export's files, saved as the API gave them")
        data = opened.read(MAX_EXPORT_BYTES + 1)
    if len(data) > MAX_EXPORT_BYTES:
        raise _Unread(f"is larger than the {MAX_EXPORT_BYTES:,} bytes an export file may be; it is not read")
    return data


def _too_deep(text: str) -> int | None:
    """Where JSON text nests past ``MAX_DEPTH`` (its position), counted in one pass that needs no stack, or None."""
    depth = 0
    for part in _JSON_PARTS.finditer(text):
        piece = part.group()
        if piece in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return part.start()
        elif piece in ("]", "}"):
            depth -= 1
        elif piece == '"':
            return None  # a string never closed: the JSON reader says where
    return None


def _strings(data: Any) -> Iterator[tuple[FieldPath, str]]:
    """Every text of a JSON document, keys included, with where it stands (no recursion: depth is checked first)."""
    stack: list[tuple[FieldPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield path, key
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack += [((*path, index), item) for index, item in enumerate(value)]


def _refused_text(shown: str, text: str, data: Any) -> list[Problem]:
    """A problem for each text holding a character no report may hold, on the line the character (or its escape) is on."""
    problems = []
    for path, value in _strings(data):
        position = refused_character(value)
        if position is None:
            continue
        char = value[position]
        line = _line_of_character(text, char)
        problems.append(Problem(
            shown, line, join_path(path),
            f"holds {describe_character(char)}, which no report may hold (a control character, a lone surrogate or a "
            "bidirectional control); nothing is imported: correct the text on Statuspage and export again, or delete "
            "the character from the export",
        ))
    return sorted(problems)


def _line_of_character(text: str, char: str) -> int:
    """The line of the first place ``char`` stands in JSON text, written as itself or as a ``\\u`` escape (else 1)."""
    found = text.find(char)
    if found == -1:
        escape = re.search(re.escape(f"\\u{ord(char):04x}"), text, re.IGNORECASE)
        found = escape.start() if escape is not None else 0
    return text.count("\n", 0, found) + 1


def _read_feed(shown: str, text: str, export: Export) -> list[Problem]:
    """The entry id of each incident in the page's Atom feed: its link ends with the incident's id."""
    # Entities can only be declared in a DOCTYPE, which the page's feed never has: without one, none can expand.
    doctype = text.find("<!DOCTYPE")
    if doctype != -1:
        line = text.count("\n", 0, doctype) + 1
        return [Problem(shown, line, "", "has a DOCTYPE, which the page's history.atom never has; save the feed as it came")]
    try:
        root = ElementTree.fromstring(text)  # noqa: S314 (a DOCTYPE is refused above, so no entity can be declared or expanded)
    except ElementTree.ParseError as exc:
        return [Problem(shown, exc.position[0], "", f"is not XML ({exc}); save the page's history.atom as it came")]
    if root.tag != f"{_ATOM}feed":
        return [Problem(shown, 1, "", "is not an Atom feed; of the page's feeds, save history.atom")]
    for entry in root.iter(f"{_ATOM}entry"):
        entry_id = (entry.findtext(f"{_ATOM}id") or "").strip()
        position = refused_character(entry_id)
        if position is not None:
            line = text.count("\n", 0, max(0, text.find(entry_id[position]))) + 1
            return [Problem(
                shown, line, "", f"an entry's id holds {describe_character(entry_id[position])}, which no report may hold; "
                "save the page's history.atom as it came",
            )]
        links = [link.get("href") or "" for link in entry.iter(f"{_ATOM}link")]
        for href in links:
            incident_id = href.rstrip("/").rsplit("/", 1)[-1]
            if entry_id and "/incidents/" in href and incident_id:
                export.feed_ids.setdefault(incident_id, entry_id)
    return []


class _Lines:
    """Where each value of a JSON file stands, worked out only when a problem needs it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._parsed: ParsedYaml | None = None

    def parsed(self) -> ParsedYaml:
        if self._parsed is None:
            try:
                # JSON is YAML: its reading keeps the line of every key and list item.
                self._parsed = parse_yaml(self.text)
            except YamlError:
                self._parsed = ParsedYaml(None)
        return self._parsed


def _checked(adapter: TypeAdapter[Any], value: Any, lines: _Lines, shown: str, prefix: FieldPath) -> tuple[Any, list[Problem]]:
    """``check_value`` whose line numbers come from the file only when something is wrong."""
    try:
        return adapter.validate_python(value), []
    except ValueError:
        return check_value(adapter, value, lines.parsed(), shown, prefix, lambda loc: ())
