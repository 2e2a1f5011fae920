"""The service catalogue, ``status/services.yml``: groups of services, in display order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter

from .fields import check_value
from .ids import id_from, id_rule_problem
from .loader import character_problem
from .messages import join_path
from .problems import Problem
from .schema import Day, Slug, Text, Visibility
from .yaml_source import FieldPath, ParsedYaml, YamlError, parse_yaml, problem_from


class Service(BaseModel):
    """A service users can see the status of (or an internal one, never published)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Text
    description: Text | None = None
    since: Day | None = None
    visibility: Visibility = "public"
    retired: Day | None = None

    @property
    def public(self) -> bool:
        """Whether the service may appear in public output."""
        return self.visibility == "public"


class Group(BaseModel):
    """A named group of services; a service that stands without a group is held in one without a name.

    A named group has an id (its API component is ``group-<id>``): its own ``id``, else one made from its name.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug | None = None
    name: Text | None = None
    services: list[Service]

    @property
    def component_id(self) -> str | None:
        """The group's id among the API's components (services' ids are theirs unchanged); None without a name."""
        made = group_id(self.id, self.name)
        return f"{GROUP_COMPONENT_PREFIX}{made}" if made is not None else None


#: What a group's component id starts with, so that it never meets a service's.
GROUP_COMPONENT_PREFIX = "group-"
#: The word after an id made from a name that Windows keeps for a device (``Con`` gives ``con-group``).
GROUP_ID_FALLBACK = "group"


def group_id(given: Any, name: Any) -> str | None:
    """A named group's id: the one it gives, else one made from its name (None without either)."""
    if isinstance(given, str):
        return given
    return id_from(name, GROUP_ID_FALLBACK) if isinstance(name, str) and name.strip() else None


class CatalogueFile(BaseModel):
    """The whole of ``services.yml``: groups, and services that stand without a group, in display order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    groups: list[Group | Service]


_FILE = TypeAdapter(CatalogueFile)
_GROUP = TypeAdapter(Group)
_SERVICE = TypeAdapter(Service)


@dataclass(frozen=True)
class Catalogue:
    """Groups and services in display order, with look-up by id."""

    groups: tuple[Group, ...]

    @property
    def services(self) -> dict[str, Service]:
        """Every service by id, in display order."""
        return {s.id: s for g in self.groups for s in g.services}

    def public(self) -> Catalogue:
        """The catalogue without internal services (and without groups left empty)."""
        groups = []
        for group in self.groups:
            services = [s for s in group.services if s.public]
            if services:
                groups.append(group.model_copy(update={"services": services}))
        return Catalogue(tuple(groups))

    def current(self, today: date) -> Catalogue:
        """The catalogue without services retired on or before ``today``."""
        groups = []
        for group in self.groups:
            services = [s for s in group.services if s.retired is None or s.retired > today]
            if services:
                groups.append(group.model_copy(update={"services": services}))
        return Catalogue(tuple(groups))

    def group_of(self, service_id: str) -> Group | None:
        """The group a service belongs to."""
        return next((g for g in self.groups if any(s.id == service_id for s in g.services)), None)


def _allowed_keys(loc: FieldPath) -> Iterable[str]:
    depth = sum(1 for part in loc if isinstance(part, str))
    model = (CatalogueFile, Group, Service)[min(depth, 2)]
    return model.model_fields


def _entry_keys(loc: FieldPath) -> Iterable[str]:
    """Keys allowed in a top-level entry standing alone: a service's."""
    return Service.model_fields if len(loc) <= 2 else ()


def load_catalogue(file: Path, display_path: str) -> tuple[Catalogue, list[Problem]]:
    """Read and check ``services.yml``; an unreadable file gives an empty catalogue and problems."""
    if not file.is_file():
        return missing_catalogue(display_path)
    return catalogue_from_bytes(file.read_bytes(), display_path)


def missing_catalogue(display_path: str) -> tuple[Catalogue, list[Problem]]:
    """What a site without its ``services.yml`` has: no services, and the problem that says so."""
    return Catalogue(()), [Problem(display_path, 1, "", "the service catalogue is missing; create it with a 'groups:' list")]


def catalogue_from_bytes(raw: bytes, display_path: str) -> tuple[Catalogue, list[Problem]]:
    """Check the bytes of ``services.yml`` (from a file, or from git for another commit)."""
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        return Catalogue(()), [Problem(display_path, 1, "", f"is not UTF-8 ({exc.reason}); save it as UTF-8")]
    # Names and descriptions reach every page, feed and terminal, as report text does.
    refused = character_problem(text.replace("\r", "\n"), display_path)
    if refused is not None:
        return Catalogue(()), [refused]
    try:
        parsed = parse_yaml(text)
    except YamlError as exc:
        return Catalogue(()), [problem_from(exc, display_path)]
    return catalogue_from(parsed, display_path)


def catalogue_from(parsed: ParsedYaml, display_path: str) -> tuple[Catalogue, list[Problem]]:
    """Check parsed ``services.yml`` data: shape, then unique ids."""
    data: Any = parsed.value if parsed.value is not None else {}
    entries = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        _, problems = check_value(_FILE, data, parsed, display_path, (), _allowed_keys)
        return Catalogue(()), problems
    _, problems = check_value(_FILE, {**data, "groups": []}, parsed, display_path, (), _allowed_keys)
    groups: list[Group] = []
    for index, entry in enumerate(entries):
        # An entry with a services list is a group; any other is a service standing on its own.
        grouped = isinstance(entry, dict) and "services" in entry
        adapter, keys = (_GROUP, _allowed_keys) if grouped else (_SERVICE, _entry_keys)
        checked, found = check_value(adapter, entry, parsed, display_path, ("groups", index), keys)
        problems += found
        if checked is not None and grouped and checked.name is not None:
            checked = checked.model_copy(update={"id": group_id(checked.id, checked.name)})
        if checked is not None:
            groups.append(checked if grouped else Group(services=[checked]))
    shaped = not problems
    problems += _id_problems(data, parsed, display_path)
    return (Catalogue(tuple(groups)) if shaped else Catalogue(())), problems


def _id_problems(data: Any, parsed: ParsedYaml, display_path: str) -> list[Problem]:
    """Service and group ids that break the id rule or are used twice, and a service id that is a group's
    component id (read from the raw data, so found even when other fields are wrong)."""
    problems: list[Problem] = []
    services: dict[str, FieldPath] = {}
    groups: dict[str, FieldPath] = {}
    entries = data.get("groups") if isinstance(data, dict) else None
    entries = list(enumerate(entries if isinstance(entries, list) else []))
    for g, entry in entries:
        if isinstance(entry, dict) and entry.get("services") is not None:
            problems += _group_id_problems(entry, ("groups", g), parsed, display_path, groups)
    for g, entry in entries:
        members = entry.get("services") if isinstance(entry, dict) else None
        standing = [(("groups", g), entry)] if isinstance(entry, dict) and members is None else []
        listed = [(("groups", g, "services", s), item) for s, item in enumerate(members if isinstance(members, list) else [])]
        for loc, service in standing + listed:
            service_id = service.get("id") if isinstance(service, dict) else None
            if isinstance(service_id, str):
                problems += _service_id_problems(service_id, (*loc, "id"), parsed, display_path, services, groups)
    return problems


def _service_id_problems(
    service_id: str, loc: FieldPath, parsed: ParsedYaml, display_path: str,
    seen: dict[str, FieldPath], groups: dict[str, FieldPath],
) -> list[Problem]:
    line, field = parsed.line_of(loc), join_path(loc)
    problems = []
    why = id_rule_problem(service_id)
    if why is not None:
        problems.append(Problem(display_path, line, field, f"{why}; choose another id"))
    if service_id in seen:
        first = parsed.line_of(seen[service_id])
        problems.append(Problem(
            display_path, line, field, f"'{service_id}' is already used at line {first}; service ids must be unique",
        ))
    grouped = service_id.removeprefix(GROUP_COMPONENT_PREFIX)
    if grouped != service_id and grouped in groups:
        problems.append(Problem(
            display_path, line, field,
            f"'{service_id}' is the API's component id of the group at line {parsed.line_of(groups[grouped])} "
            f"({GROUP_COMPONENT_PREFIX} and the group's id); choose another service id, or give the group another id",
        ))
    seen.setdefault(service_id, loc)
    return problems


def _group_id_problems(
    group: dict[str, Any], loc: FieldPath, parsed: ParsedYaml, display_path: str, seen: dict[str, FieldPath],
) -> list[Problem]:
    given = group.get("id")
    made = group_id(given, group.get("name"))
    if made is None:
        return []
    at = (*loc, "id") if isinstance(given, str) else (*loc, "name")
    line, field = parsed.line_of(at), join_path(at)
    problems = []
    why = id_rule_problem(made) if isinstance(given, str) else None
    if why is not None:
        problems.append(Problem(display_path, line, field, f"{why}; choose another id"))
    if made in seen:
        first = parsed.line_of(seen[made])
        whose = f"'{made}' is already the id of the group at line {first}" if isinstance(given, str) else (
            f"the group takes the id '{made}' from its name, as the group at line {first} does"
        )
        problems.append(Problem(
            display_path, line, field,
            f"{whose}; every group needs its own id (its API component is {GROUP_COMPONENT_PREFIX}<id>): give one of "
            f"them an id of its own, e.g. id: {made}-2",
        ))
    seen.setdefault(made, at)
    return problems
