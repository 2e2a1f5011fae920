"""Editing a report's front-matter in place, changing only the lines the edit is about.

A round-trip YAML dump can still reflow text, re-indent lists or drop a byte
order mark. So ruamel.yaml is used only to find where each key and list item
stands; new lines are spliced into the original text, in the file's own
indentation and line endings. Every other byte stays as it was.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from ..core.yaml_text import Layout, entry_lines, flow_text, item_lines, plain_value, scalar
from .common import EditError, composed

_BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BOUNDARY = re.compile(r"-{3,}\s*")
#: The rest of a block scalar's header line: indicators, then perhaps a comment.
_BLOCK_HEADER_REST = re.compile(r"[|>][-+0-9]*(?P<rest>\s+#.*)?$")

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class SetField:
    """Give the key at ``path`` (a top-level key, or one inside a list item or map) this value."""

    path: KeyPath
    value: Any
    #: The keys of the map in their usual order, to place a new key after its natural neighbour.
    order: Sequence[str] = ()


@dataclass(frozen=True)
class InsertItem:
    """Insert ``item`` into the list under the top-level ``key`` at ``index`` (creating the list if needed)."""

    key: str
    index: int
    item: Any
    order: Sequence[str] = ()


Edit = SetField | InsertItem


class ReportText:
    """A report file as lines, each remembering its own line ending, plus the byte order mark."""

    def __init__(self, raw: bytes) -> None:
        text = raw.decode("utf-8")
        self.bom = text.startswith(_BOM)
        text = text.removeprefix(_BOM)
        parts = _LINE_BREAK.split(text)
        breaks = _LINE_BREAK.findall(text)
        self.lines: list[str] = parts
        self.endings: list[str] = breaks + [""]
        # New lines take the ending most lines already have.
        self.newline = max(("\n", "\r\n", "\r"), key=breaks.count) if breaks else "\n"
        self.front_start, self.front_end = self._front_matter()

    def _front_matter(self) -> tuple[int, int]:
        if not self.lines or not _BOUNDARY.fullmatch(self.lines[0]):
            raise EditError("the file has no front-matter to edit")
        for index in range(1, len(self.lines)):
            if _BOUNDARY.fullmatch(self.lines[index]):
                return 1, index
        raise EditError("the front-matter is never closed")

    def to_bytes(self) -> bytes:
        """The file's bytes: the lines with their endings, the byte order mark if it had one."""
        text = "".join(line + ending for line, ending in zip(self.lines, self.endings, strict=True))
        return ((_BOM if self.bom else "") + text).encode("utf-8")

    def insert(self, index: int, lines: list[str]) -> None:
        """Insert whole lines before line ``index`` (0-based, in the file)."""
        self.lines[index:index] = lines
        self.endings[index:index] = [self.newline] * len(lines)
        self.front_end += len(lines)

    def replace(self, first: int, last: int, lines: list[str]) -> None:
        """Replace lines ``first``..``last`` (inclusive) by ``lines``; the last line keeps its ending."""
        ending = self.endings[last]
        self.lines[first : last + 1] = lines
        self.endings[first : last + 1] = [self.newline] * (len(lines) - 1) + [ending]
        self.front_end += len(lines) - (last + 1 - first)

    def root(self) -> MappingNode:
        """The front-matter's node tree (line numbers relative to the first front-matter line)."""
        text = "\n".join(self.lines[self.front_start : self.front_end]) + "\n"
        node = composed(text, "the front-matter cannot be read for editing")
        if not isinstance(node, MappingNode):
            raise EditError("the front-matter is not a map of fields")
        return node

    def line(self, node_line: int) -> int:
        """The file line index of a front-matter node line."""
        return self.front_start + node_line


def apply_edits(raw: bytes, data: dict[str, Any], edits: list[Edit]) -> tuple[bytes, dict[str, Any]]:
    """The file's new bytes after ``edits``, and the front-matter values they should read back as."""
    document = ReportText(raw)
    expected = copy.deepcopy(data)
    for edit in edits:
        if isinstance(edit, SetField):
            _set_field(document, edit)
            _set_value(expected, edit.path, plain_value(edit.value))
        else:
            _insert_item(document, edit)
            items = expected.get(edit.key) or []
            items.insert(edit.index, plain_value(edit.item))
            expected[edit.key] = items
    return document.to_bytes(), expected


def _set_value(data: Any, path: KeyPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


# --- Finding things ---------------------------------------------------------------------------------


def _lookup(mapping: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    return next(((k, v) for k, v in mapping.value if k.value == key), None)


def _node_at(root: MappingNode, path: KeyPath) -> Node:
    node: Node = root
    for part in path:
        if isinstance(part, int) and isinstance(node, SequenceNode):
            node = node.value[part]
        elif isinstance(part, str) and isinstance(node, MappingNode) and (pair := _lookup(node, part)):
            node = pair[1]
        else:
            raise EditError(f"cannot find {'.'.join(map(str, path))} in the front-matter")
    return node


def _empty(node: Node) -> bool:
    """A value left empty (``key:`` with nothing after it)."""
    return isinstance(node, ScalarNode) and not node.style and node.value == "" and node.start_mark.index == node.end_mark.index


def _null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and not node.style and node.value in ("", "~", "null", "Null", "NULL")


def _is_block_scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style in ("|", ">")


def _last_line(document: ReportText, node: Node) -> int:
    """The front-matter line where ``node``'s own text ends (trailing blank lines and comments excluded)."""
    if isinstance(node, ScalarNode):
        if not _is_block_scalar(node):
            return node.end_mark.line
        end = node.end_mark.line if node.end_mark.column else node.end_mark.line - 1
        # Blank lines after a block belong to it only under keep chomping (|+).
        header = document.lines[document.line(node.start_mark.line)][node.start_mark.column :]
        if "+" not in header.split("#")[0]:
            while end > node.start_mark.line and not document.lines[document.line(end)].strip():
                end -= 1
        return end
    if isinstance(node, CollectionNode) and node.flow_style:
        return node.end_mark.line
    if isinstance(node, SequenceNode):
        if not node.value or _empty(node.value[-1]):
            raise EditError("a list item is empty; fill it in or remove it first")
        return _last_line(document, node.value[-1])
    key, value = node.value[-1]
    return key.end_mark.line if _empty(value) else _last_line(document, value)


def _entry_end(document: ReportText, key: ScalarNode, value: Node) -> int:
    """The front-matter line where a ``key: value`` entry ends."""
    return key.end_mark.line if _empty(value) else _last_line(document, value)


def _layout(root: MappingNode) -> Layout:
    """The file's own indentation, read from its first nested map and first list of maps."""
    map_step = dash = content = None
    for key, value in root.value:
        if isinstance(value, MappingNode) and not value.flow_style and value.value and map_step is None:
            map_step = value.start_mark.column - key.start_mark.column
        if isinstance(value, SequenceNode) and not value.flow_style and value.value and dash is None:
            dash = value.start_mark.column - key.start_mark.column
            first = value.value[0]
            if isinstance(first, MappingNode) and not first.flow_style:
                content = first.start_mark.column - value.start_mark.column
    default = Layout()
    return Layout(map_step or default.map_step, default.dash if dash is None else dash, content or default.content)


def _colon_end(document: ReportText, key: ScalarNode) -> tuple[int, int]:
    """The file line and column just after the ``:`` that follows ``key``."""
    line = document.line(key.end_mark.line)
    column = document.lines[line].index(":", key.end_mark.column) + 1
    return line, column


# --- Setting a key ----------------------------------------------------------------------------------


def _set_field(document: ReportText, edit: SetField) -> None:
    root = document.root()
    parent = _node_at(root, edit.path[:-1])
    key = str(edit.path[-1])
    if not isinstance(parent, MappingNode):
        raise EditError(f"{'.'.join(map(str, edit.path[:-1]))} is not a map")
    pair = _lookup(parent, key)
    if pair is None:
        _add_key(document, root, parent, key, edit.value, edit.order)
    else:
        _replace_value(document, root, parent, pair[0], pair[1], edit.value)


def _replace_value(document: ReportText, root: MappingNode, parent: MappingNode, key: ScalarNode, old: Node, value: Any) -> None:
    """Write ``value`` where ``old`` stands, keeping what comes before and after it on its lines."""
    flow = bool(parent.flow_style)
    if _null(old):
        first, start = _colon_end(document, key)
        last, end = (first, start) if _empty(old) else (document.line(old.end_mark.line), old.end_mark.column)
        before, after = document.lines[first][:start] + " ", document.lines[last][end:]
        if _empty(old):
            after = after.lstrip(" ")
            after = f" {after}" if after else ""
    elif isinstance(old, ScalarNode):
        first, last = document.line(old.start_mark.line), document.line(_last_line(document, old))
        before = document.lines[first][: old.start_mark.column]
        if _is_block_scalar(old):
            match = _BLOCK_HEADER_REST.match(document.lines[first][old.start_mark.column :])
            after = (match.group("rest") or "") if match else ""
        else:
            after = document.lines[last][old.end_mark.column :]
    elif isinstance(old, SequenceNode) and old.flow_style and not old.value:
        # An empty flow list (actions: []) gives way to a block list.
        first = last = document.line(old.start_mark.line)
        before, after = document.lines[first][: old.start_mark.column], document.lines[first][old.end_mark.column :]
    else:
        raise EditError(f"'{key.value}' already holds a list or map; edit it in the file")
    one_line = flow_text(value) if flow else (scalar(value) if not isinstance(value, (list, dict)) else None)
    if one_line is not None:
        document.replace(first, last, [before + one_line + after])
        return
    key_column = key.start_mark.column
    lines = entry_lines(key.value, value, key_column, _layout(root))
    head = lines[0][key_column + len(key.value) + 1 :].lstrip(" ")
    document.replace(first, last, [before.rstrip(" ") + (" " + head if head else "") + after] + lines[1:])


def _add_key(document: ReportText, root: MappingNode, parent: MappingNode, key: str, value: Any, order: Sequence[str]) -> None:
    """Add ``key: value`` to a map, after the nearest key that comes before it in ``order``."""
    if parent.flow_style:
        closing = document.line(parent.end_mark.line), parent.end_mark.column - 1
        _insert_flow(document, closing, f"{key}: {flow_text(value)}", bool(parent.value))
        return
    if not parent.value:
        raise EditError("cannot add a key to an empty map")
    rank = {name: index for index, name in enumerate(order)}
    wanted = rank.get(key, len(rank))
    first_key = parent.value[0][0]
    column = first_key.start_mark.column
    before = [(k, v) for k, v in parent.value if rank.get(k.value, len(rank)) <= wanted]
    # A list item's first key shares its line with the dash: nothing can go above it.
    if not before and document.lines[document.line(first_key.start_mark.line)][:column].strip():
        before = parent.value[:1]
    lines = entry_lines(key, value, column, _layout(root))
    if before:
        document.insert(document.line(_entry_end(document, *before[-1])) + 1, lines)
    else:
        document.insert(document.line(first_key.start_mark.line), lines)


def _insert_flow(document: ReportText, at: tuple[int, int], text: str, after_items: bool) -> None:
    """Insert a flow entry at a line and column, with the comma it needs."""
    line, column = at
    current = document.lines[line]
    previous = current[:column].rstrip()
    needs_comma = after_items and not previous.endswith((",", "[", "{"))
    document.replace(line, line, [current[:column] + (", " if needs_comma else "") + text + current[column:]])


# --- Inserting a list item --------------------------------------------------------------------------


def _insert_item(document: ReportText, edit: InsertItem) -> None:
    root = document.root()
    pair = _lookup(root, edit.key)
    if pair is None or _null(pair[1]) or (isinstance(pair[1], SequenceNode) and pair[1].flow_style and not pair[1].value):
        _set_field(document, SetField((edit.key,), [edit.item], edit.order))
        return
    key, sequence = pair
    if not isinstance(sequence, SequenceNode):
        raise EditError(f"'{edit.key}' is not a list")
    items = sequence.value
    if sequence.flow_style:
        if edit.index < len(items):
            at = document.line(items[edit.index].start_mark.line), items[edit.index].start_mark.column
            line, column = at
            current = document.lines[line]
            document.replace(line, line, [current[:column] + flow_text(edit.item) + ", " + current[column:]])
        else:
            closing = document.line(sequence.end_mark.line), sequence.end_mark.column - 1
            _insert_flow(document, closing, flow_text(edit.item), True)
        return
    dash = sequence.start_mark.column
    first = items[0]
    content = first.start_mark.column if isinstance(first, MappingNode) and not first.flow_style else dash + Layout().content
    lines = item_lines(edit.item, dash, content, _layout(root))
    if edit.index < len(items):
        document.insert(document.line(_item_line(document, items[edit.index], dash)), lines)
    else:
        document.insert(document.line(_last_line(document, items[-1])) + 1, lines)


def _item_line(document: ReportText, item: Node, dash: int) -> int:
    """The front-matter line of a list item's dash (the item's content may start on a later line)."""
    line = item.start_mark.line
    while line > 0 and document.lines[document.line(line)][dash : dash + 1] != "-":
        line -= 1
    return line
