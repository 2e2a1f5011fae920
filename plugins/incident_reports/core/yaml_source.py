"""YAML parsed once into plain values, keeping where each value stands.

PyYAML's composer (the C one where available) gives a node tree with marks.
We turn it into plain Python values ourselves so that we keep, for every key
and list item, its line in the file, and for every scalar how it was written.
That lets validation point at the exact line and explain YAML's surprises
(``no`` read as false, ``10:30`` read as a number, text cut at `` #``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

try:  # The C composer is several times faster on large archives.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the pure-Python loader, same interface as the C one

from .problems import Problem

FieldPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_CONSTRUCTOR = yaml.SafeLoader("")  # only its scalar constructors are used
#: Whole numbers are exact in JSON readers (JavaScript's doubles) up to this size.
LARGEST_NUMBER = 2**53 - 1
#: Characters a double-quoted escape (``"\e"``, ``"\x00"``) could put in text that the file itself may not hold.
_ESCAPED_FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


class Scalar(NamedTuple):
    """How a scalar was written: its source text, resolved tag and whether it was quoted.

    A named tuple rather than a dataclass: a report has a couple of hundred, made fast.
    """

    source: str
    tag: str
    quoted: bool


@dataclass
class ParsedYaml:
    """Plain values plus, for each field path, the line it stands on and how scalars were written."""

    value: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    scalars: dict[FieldPath, Scalar] = field(default_factory=dict)
    comment_cuts: list[tuple[FieldPath, int]] = field(default_factory=list)

    def line_of(self, path: FieldPath, default: int = 1) -> int:
        """The line of the deepest known part of ``path`` (a missing key points at its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return default


class YamlError(Exception):
    """YAML that cannot be read as report data; carries a ready-made problem."""

    def __init__(self, line: int, message: str, field: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


def parse_yaml(text: str, first_line: int = 1) -> ParsedYaml:
    """Parse one YAML document whose first line is line ``first_line`` of its file.

    Raises ``YamlError`` with a line and a readable message for anything that is
    not plain data: syntax errors, explicit tags, aliases, duplicate or non-text keys.
    """
    try:
        _check_events(text, first_line)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, first_line) from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"the YAML cannot be read: {exc}") from None
    parsed = ParsedYaml(value=None)
    if node is None:
        return parsed
    builder = _Builder(parsed, text.split("\n"), first_line)
    parsed.value = builder.build(node, ())
    return parsed


#: How deeply maps and lists may nest. Reports need four or five levels; composing thousands
#: would exhaust the stack (PyYAML's composer is recursive).
MAX_DEPTH = 50
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, yaml.AliasEvent, *_OPENS)


def _check_events(text: str, first_line: int) -> None:
    """Refuse explicit tags and nesting past ``MAX_DEPTH``, found from the parser's events (which need no stack)
    before anything is constructed: a tag would choose how a value is made (``!!int "abc"`` cannot be made)."""
    try:
        _check_events_with(_Loader, text, first_line)
    except yaml.MarkedYAMLError:
        # libyaml scans ahead of the events counted here and stops at a nesting limit of its own,
        # in its own words: the pure-Python parser has none, so it finds this one first (or the same error).
        _check_events_with(yaml.SafeLoader, text, first_line)
        raise


class _Frame:
    """A map or list being read: its path, and where its next value goes (a map's key, then its value)."""

    __slots__ = ("is_map", "key", "next", "path")

    def __init__(self, path: FieldPath, is_map: bool) -> None:
        self.path, self.is_map = path, is_map
        self.next: int = 0  # a list's next index; in a map, 0 before a key and 1 before its value
        self.key: str | int = ""

    def place(self, event: yaml.Event) -> tuple[FieldPath, bool]:
        """The path of the node ``event`` starts, and whether it is a map's key."""
        if not self.is_map:
            self.next += 1
            return self.path + (self.next - 1,), False
        if self.next == 0:
            self.next, self.key = 1, event.value if isinstance(event, yaml.ScalarEvent) else ""
            return self.path, True
        self.next = 0
        return self.path + (self.key,), False


def _check_events_with(loader: type, text: str, first_line: int) -> None:
    frames: list[_Frame] = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _NODES):
            path, is_key = frames[-1].place(event) if frames else ((), False)
            # The parser marks every event; without a mark the error points at the text's first line.
            line = first_line + (event.start_mark.line if event.start_mark is not None else 0)
            tag = getattr(event, "tag", None)
            if tag is not None:
                shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
                fix = ("keys are plain words" if is_key else
                       "write the value itself (text in quotes, a number, true or false, a list or a map)")
                raise YamlError(line, f"the YAML tag '{shown}' is not allowed in reports; remove it: {fix}", _field_name(path))
            if isinstance(event, _OPENS):
                if len(frames) >= MAX_DEPTH:
                    raise YamlError(line, f"maps and lists are nested more than {MAX_DEPTH} levels deep here; flatten the data")
                frames.append(_Frame(path, isinstance(event, yaml.MappingStartEvent)))
        elif isinstance(event, _CLOSES):
            frames.pop()


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line_index = mark.line if mark is not None else 0
    lines = text.split("\n")
    problem = (exc.problem or "is not valid").strip()
    context = f" {exc.context.strip()}" if exc.context else ""
    message = f"YAML syntax error: {problem}{context}"
    line_text = lines[line_index] if 0 <= line_index < len(lines) else ""
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip(" \t"))]:
        message, hint = "a tab in the indentation; YAML indents with spaces only: replace the tab with spaces", ""
    else:
        hint = _quoting_hint(lines, line_index)
    return YamlError(first_line + min(line_index, max(len(lines) - 1, 0)), message + hint)


def _quoting_hint(lines: list[str], line_index: int) -> str:
    """Suggest quoting when the offending line (or the one before) holds text with ``: `` or `` #``."""
    for index in (line_index, line_index - 1):
        if not 0 <= index < len(lines):
            continue
        key, sep, value = lines[index].partition(": ")
        value = value.strip()
        if sep and value and value[0] not in "\"'|>" and (": " in value or " #" in value):
            return (
                f"; the value of '{key.strip().lstrip('- ')}' contains ': ' or ' #': "
                "put the text in quotes, or write it as a block (key: |, then the text indented below)"
            )
    return ""


class _Builder:
    """Turns composed nodes into plain values, recording lines and scalar sources."""

    def __init__(self, parsed: ParsedYaml, lines: list[str], first_line: int) -> None:
        self.parsed = parsed
        self.source_lines = lines
        self.first_line = first_line
        self.seen: set[int] = set()

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        # An alias is the same node object met twice; refusing it also defuses alias bombs.
        if id(node) in self.seen:
            # The node is the anchor's, so its mark is the anchor's line: point at where it is used.
            raise YamlError(
                self.parsed.lines.get(path, self.line(node)),
                "YAML aliases (*name) are not allowed in reports; write the value out",
            )
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.item(child, path + (index,)) for index, child in enumerate(node.value)]
        if not isinstance(node, yaml.ScalarNode):
            # A node is a map, a list or a scalar: nothing else reaches here.
            raise TypeError(f"unexpected YAML node {type(node).__name__}")
        return self.scalar(node, path)

    def item(self, node: yaml.Node, path: FieldPath) -> Any:
        self.parsed.lines[path] = self.line(node)
        return self.build(node, path)

    def mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                raise YamlError(self.line(key_node), "keys must be plain words (merge keys and complex keys are not allowed)")
            key = key_node.value
            if key_node.style == '"':
                self.check_escapes(key_node, path + (key,))
            if key in result:
                raise YamlError(self.line(key_node), f"'{key}' is given twice; keep one")
            self.parsed.lines[path + (key,)] = self.line(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        quoted = node.style in ("'", '"', "|", ">")
        self.parsed.scalars[path] = Scalar(node.value, node.tag, quoted)
        if not node.style:  # plain (None from the Python composer, '' from the C one)
            self.check_comment_cut(node, path)
        elif node.style == '"':
            self.check_escapes(node, path)
        tag = node.tag
        if tag in (_TAG + "str", _TAG + "timestamp"):
            # Timestamps and dates stay text: the model parses them with our rules (offsets required).
            return node.value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == _TAG + "int":
            return self.number(node, path)
        if tag == _TAG + "float":
            value = _CONSTRUCTOR.construct_yaml_float(node)
            if not math.isfinite(value):
                raise self.error(node, path, f"'{node.value}' is not a finite number; write a number, or put text in quotes")
            return value
        raise self.error(node, path, f"unsupported YAML tag {tag!r}; write plain text, numbers, lists and maps")

    def number(self, node: yaml.ScalarNode, path: FieldPath) -> int:
        """A whole number no larger than JSON readers keep exactly (a huge one is refused before it is converted)."""
        too_big = f"the number is too large (at most {LARGEST_NUMBER:,}); write a smaller number, or put it in quotes as text"
        if len(node.value) > 40:
            raise self.error(node, path, too_big)
        value: int = _CONSTRUCTOR.construct_yaml_int(node)
        if abs(value) > LARGEST_NUMBER:
            raise self.error(node, path, too_big)
        return value

    def check_escapes(self, node: yaml.ScalarNode, path: FieldPath) -> None:
        """Refuse what a double-quoted escape wrote that the file itself may not hold (controls, ESC, bidi)."""
        found = _ESCAPED_FORBIDDEN.search(node.value)
        if found is not None:
            char = found.group()
            raise self.error(
                node, path,
                f"an escape in the quoted text makes U+{ord(char):04X}, a control character feeds (XML), calendars "
                "and terminals cannot carry safely (or a line separator or bidirectional control); remove the escape",
            )

    def error(self, node: yaml.Node, path: FieldPath, message: str) -> YamlError:
        """A ``YamlError`` on ``node``'s line, naming its field."""
        return YamlError(self.line(node), message, _field_name(path))

    def check_comment_cut(self, node: yaml.ScalarNode, path: FieldPath) -> None:
        """Remember plain scalars whose line goes on with `` #``: YAML read the rest as a comment."""
        line_index = node.end_mark.line
        if not 0 <= line_index < len(self.source_lines):
            return
        rest = self.source_lines[line_index][node.end_mark.column :]
        if rest.lstrip().startswith("#") and rest[:1].isspace() and rest.strip() != "#":
            self.parsed.comment_cuts.append((path, self.first_line + line_index))


def problem_from(error: YamlError, path: str) -> Problem:
    """The problem a ``YamlError`` stands for, in file ``path``."""
    return Problem(path, error.line, error.field, error.message)


def _field_name(path: FieldPath) -> str:
    """``('updates', 2, 'status')`` as ``updates[2].status`` (as ``messages.join_path`` writes it)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
