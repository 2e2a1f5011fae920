"""Adding services to ``status/services.yml`` as text: new lines go in, every other byte stays.

ruamel.yaml only finds where the groups and their services stand; comments, blank
lines and the order the team chose are kept as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.yaml_text import Layout, Word, item_lines
from .common import EditError, composed

#: The first lines of a catalogue the import creates.
HEADER = [
    "# The service catalogue: groups of services (or services on their own), in display order.",
    "# Services are retired, never deleted: old reports still refer to them.",
]


def service_item(service: Any) -> dict[str, Any]:
    """A service as the catalogue writes it (``since`` only when known)."""
    item: dict[str, Any] = {"id": Word(service.id), "name": service.name}
    if service.description:
        item["description"] = service.description
    if service.since:
        item["since"] = Word(service.since)
    return item


def new_catalogue(services: Sequence[Any]) -> str:
    """A whole catalogue of these services, grouped as they say, groups in order of their first service."""
    lines = [*HEADER, "groups:"]
    for entry in _entries(services):
        lines += item_lines(entry, 2, 4, Layout())
    return "\n".join(lines) + "\n"


def _entries(services: Sequence[Any]) -> list[dict[str, Any]]:
    """The top-level entries for some services: a group for each group name, a service for each one alone."""
    entries: list[dict[str, Any]] = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for service in services:
        if service.group is None:
            entries.append(service_item(service))
        elif service.group in groups:
            groups[service.group].append(service_item(service))
        else:
            groups[service.group] = [service_item(service)]
            named = {"id": Word(service.group_id)} if service.group_id else {}
            entries.append({**named, "name": service.group, "services": groups[service.group]})
    return entries


def added_to_catalogue(text: str, services: Sequence[Any]) -> str:
    """``text`` with the services added: into their group where the file has it, else at the end."""
    lines = text.split("\n")
    groups_node = _groups(text)
    if groups_node is None or not groups_node.value:
        if not text.strip():
            return new_catalogue(services)
        raise EditError("status/services.yml has no 'groups:' list to add the imported services to; add 'groups:' first")
    dash, content = _columns(lines, groups_node)
    existing = {_name(item): item for item in groups_node.value if isinstance(item, MappingNode) and _name(item)}
    insertions: list[tuple[int, list[str]]] = []
    rest = []
    for service in services:
        group = existing.get(service.group) if service.group else None
        members = _value(group, "services") if group is not None else None
        if isinstance(members, SequenceNode) and members.value:
            inner, inner_content = _columns(lines, members)
            insertions.append(
                (_end_line(lines, members, inner), item_lines(service_item(service), inner, inner_content, Layout()))
            )
        else:
            rest.append(service)
    end = _end_line(lines, groups_node, dash)
    for entry in _entries(rest):
        insertions.append((end, item_lines(entry, dash, content, Layout())))
    # Insert from the bottom up, so each position still holds; equal positions keep their order.
    for _, new in sorted(enumerate(insertions), key=lambda pair: (pair[1][0], pair[0]), reverse=True):
        lines[new[0] + 1 : new[0] + 1] = new[1]
    return "\n".join(lines)


def _groups(text: str) -> SequenceNode | None:
    root = composed(text, "status/services.yml cannot be read for adding services")
    if not isinstance(root, MappingNode):
        return None
    node = _value(root, "groups")
    return node if isinstance(node, SequenceNode) else None


def _value(mapping: MappingNode, key: str) -> Node | None:
    return next((value for name, value in mapping.value if isinstance(name, ScalarNode) and name.value == key), None)


def _name(item: MappingNode) -> str | None:
    node = _value(item, "name")
    return node.value if isinstance(node, ScalarNode) and _value(item, "services") is not None else None


def _columns(lines: list[str], sequence: SequenceNode) -> tuple[int, int]:
    """The column of a block list's dashes and of its items' content, as its first item has them."""
    first = sequence.value[0].start_mark
    line = lines[first.line]
    dash = line.rfind("-", 0, first.column)
    return (dash if dash >= 0 else first.column), first.column


def _end_line(lines: list[str], sequence: SequenceNode, dash: int) -> int:
    """The last line (0-based) with content of a block list whose dashes stand at column ``dash``."""
    last = sequence.value[-1].start_mark.line
    end = last
    for index in range(last + 1, len(lines)):
        line = lines[index]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent > dash:
            end = index
            continue
        break
    return end
