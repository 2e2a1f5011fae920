"""A Statuspage v2 export as saved from a page's public API: its components, incidents and maintenance.

The files are those the API serves (``incidents.json``, ``scheduled-maintenances.json``,
``summary.json``, ``components.json``) and the page's feed (``history.atom``), told apart by their content. Each is checked
against the shapes the import relies on; a mistake is reported on its line, as
``path:line: field: message``, and nothing is imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, NamedTuple
from xml.etree import ElementTree

from pydantic import BaseModel, BeforeValidator, ConfigDict, StrictBool, TypeAdapter, model_validator
from pydantic_core import PydanticCustomError

from ..core.fields import check_value
from ..core.problems import Problem, Refused
from ..core.yaml_source import FieldPath, ParsedYaml, YamlError, parse_yaml

#: The file names the API serves (and the page's Atom feed), looked for in a folder given on the command line.
EXPORT_FILES = ("summary.json", "components.json", "incidents.json", "scheduled-maintenances.json", "history.atom")
_ATOM = "{http://www.w3.org/2005/Atom}"


def _time(value: Any) -> datetime:
    """A time as Statuspage writes it (ISO 8601 with an offset), as an aware datetime."""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
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
        elif path.is_file():
            files.append(path)
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
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [Problem(shown, 1, "", f"is not UTF-8 ({exc.reason}); save the API's response as it came")]
    if text.lstrip().startswith("<"):
        return _read_feed(shown, text, export)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [Problem(shown, exc.lineno, "", f"is not JSON ({exc.msg}); save the API's response as it came")]
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
