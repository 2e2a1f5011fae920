"""A fast reader for the plain YAML that reports are written in, exact or not at all.

PyYAML spends most of a report's parse creating an event, a node and two marks
for every scalar, even with the C parser; on a large archive that is most of
``incidents validate``. Reports use a small part of YAML: block maps and
lists, one-line plain, quoted and flow-list values, ``|`` and ``>`` blocks.
This module reads exactly that part, line by line, into the same
``ParsedYaml`` (values, lines, scalar sources and tags) PyYAML's path gives.
Scalar tags come from PyYAML's own resolver and values from its own
constructors, so ``no``, ``10:30`` and dates read the same.

Anything outside that part (anchors, tags, flow maps, multi-line plain or
quoted text, comments after a value, tabs, odd indentation, duplicate keys,
errors of any kind) raises ``Unsupported`` and the caller falls back to
PyYAML, which also writes every error message: this reader never reports one.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import partial
from typing import Any

import yaml

from .yaml_source import MAX_DEPTH, FieldPath, ParsedYaml, Scalar, parse_yaml

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _TIMESTAMP = _TAG + "str", _TAG + "null", _TAG + "timestamp"
_RESOLVER = yaml.resolver.Resolver()
#: For each first character, the (tag, pattern) pairs a plain scalar starting with it may match.
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = _RESOLVER.yaml_implicit_resolvers
if None in _IMPLICIT or _RESOLVER.yaml_path_resolvers:  # pragma: no cover - a PyYAML that resolves otherwise
    raise ImportError("yaml_fast expects PyYAML's default resolvers")
_CONSTRUCTOR = yaml.SafeLoader("")
_CONSTRUCTORS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    _TAG + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _TAG + "int": _CONSTRUCTOR.construct_yaml_int,
    _TAG + "float": _CONSTRUCTOR.construct_yaml_float,
}
#: Characters and lines that only PyYAML handles: tabs, control and break characters, directives, document markers.
_UNSUPPORTED = re.compile(r"[\t\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
#: In ASCII text those are the control characters but the line break: found by deleting every other byte.
_ASCII_CONTROLS = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])
_ASCII_OTHERS = bytes(sorted(set(range(0x100)) - set(_ASCII_CONTROLS)))
_DOUBLE = re.compile(r'"([^"\\]*(?:\\["\\/nt][^"\\]*)*)" *')
_SINGLE = re.compile(r"'((?:[^']|'')*)' *")
#: How nearly every timestamp and date is written: PyYAML's timestamp pattern matches it, its int and float ones cannot.
_TIMESTAMP_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}:[0-9]{2}))?")
_BLOCK = re.compile(r"([|>])(-?) *")
_FLOW = re.compile(r"\[([^\[\]{}\"'#:]*)\] *")
#: ``Scalar`` made straight from a tuple: the named tuple's own constructor is a Python call, a report has hundreds.
_scalar = partial(tuple.__new__, Scalar)
#: First characters of a value that mean something other than plain text.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


class Unsupported(Exception):
    """The text uses YAML this reader leaves to PyYAML."""


def parse_fast(text: str, first_line: int = 1) -> ParsedYaml:
    """Parse ``text`` as ``yaml_source.parse_yaml`` would, or raise ``Unsupported``.

    The values are read at once; the rest is read again only when asked for (see ``_MarksLater``).
    """
    if (
        _unsupported_characters(text) or text.startswith(("---", "...", "%"))
        or "\n---" in text or "\n..." in text or "\n%" in text
    ):
        raise Unsupported
    return _Reader(text, first_line, marks=False).document()


def _unsupported_characters(text: str) -> bool:
    """Whether ``text`` holds a character of ``_UNSUPPORTED`` (for ASCII text, a byte-level check that is much faster)."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_OTHERS))
    return _UNSUPPORTED.search(text) is not None


class _MarksLater(ParsedYaml):
    """The fast reader's reading: values at once, the line of every part and how every scalar was written later.

    A valid report needs only the lines of its ``id`` and of its related reports (paths of
    one and two parts); the rest is needed only to explain a problem. So the reader keeps
    at once the lines of paths of one or two parts, and reads the text again, marking
    everything, the first time anything else is asked for.
    """

    def __init__(self, value: Any, near: dict[FieldPath, int], text: str, first_line: int) -> None:
        self.value = value
        self.comment_cuts = []  # the fast reader declines any text a comment could cut
        self._near, self._text, self._first_line = near, text, first_line
        self._marked: ParsedYaml | None = None

    @property
    def lines(self) -> dict[FieldPath, int]:  # type: ignore[override]  # read-only and lazy: nothing assigns lines, only reads
        return self._marks().lines

    @property
    def scalars(self) -> dict[FieldPath, Scalar]:  # type: ignore[override]  # read-only and lazy: nothing assigns scalars, only reads
        return self._marks().scalars

    def line_of(self, path: FieldPath, default: int = 1) -> int:
        if len(path) > 2:
            return super().line_of(path, default)
        for end in range(len(path), -1, -1):
            line = self._near.get(path[:end])
            if line is not None:
                return line
        return default

    def _marks(self) -> ParsedYaml:
        if self._marked is None:
            self._marked = _Reader(self._text, self._first_line, marks=True).document()
        return self._marked


#: Every line cut into its indentation, a list dash, a key and the rest, all lines in one call.
#: A line without a dash or a key has them empty; block scalars' lines are read from the text itself.
_LINE = re.compile(r"^( *)(- +)?(?:([A-Za-z0-9_][A-Za-z0-9_-]*):(?: +|$))?(.*)$", re.MULTILINE)


class _Reader:
    """A recursive reader over the document's lines, cut up by ``_LINE``; ``col`` is a block's indentation.

    A line is a tuple (indentation, dash, key, rest); each block reads its lines in a loop
    that keeps what it needs in locals, as the loops run once per line of every report.
    With ``marks``, every key's and item's line and every scalar's writing is kept;
    without, only the lines of paths of one or two parts (``_MarksLater``).
    """

    def __init__(self, text: str, first_line: int, marks: bool) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, str, str]] = _LINE.findall(text)
        self.count = count = len(self.tokens)
        self.first_line = first_line
        self.marks = marks
        self.lines: dict[FieldPath, int] = {}
        self.scalars: dict[FieldPath, Scalar] = {}
        self._raw_lines: list[str] | None = None
        # From each line, the next that is not blank (or not a comment either): every line points
        # at itself but the few blank and comment lines, which point further on.
        self.contents = list(range(count + 1))
        self.nonblanks = list(range(count + 1))
        spacing = [i for i, (_, dash, key, rest) in enumerate(self.tokens) if not dash and not key and rest[:1] in ("", "#")]
        for index in reversed(spacing):
            if not self.tokens[index][3]:
                self.nonblanks[index] = self.nonblanks[index + 1]
            self.contents[index] = self.contents[index + 1]
        # A value continued on a more indented line is left to PyYAML. Without comment lines, the
        # next line that is not blank is the next content line, which each block checks anyway.
        self.comments = any(self.tokens[index][3] for index in spacing)

    def document(self) -> ParsedYaml:
        start = self.contents[0]
        value = None
        if start < self.count:
            indent, dash, key, _ = self.tokens[start]
            if indent or dash or not key:
                raise Unsupported
            value, end = self.mapping(start, 0, ())
            if self.contents[end] != self.count:
                raise Unsupported
        if self.marks:
            return ParsedYaml(value, self.lines, self.scalars)
        return _MarksLater(value, self.lines, self.text, self.first_line)

    def mapping(self, index: int, col: int, path: FieldPath) -> tuple[dict[str, Any], int]:
        """A block map whose first key stands at ``col`` of line ``index`` (maybe after a dash); later keys at ``col``."""
        if len(path) >= MAX_DEPTH:
            raise Unsupported  # PyYAML's path refuses data nested this deep, and says where
        tokens, contents, count, first_line = self.tokens, self.contents, self.count, self.first_line
        marks, key_lines, scalars, comments = self.marks, self.lines, self.scalars, self.comments
        keep_lines = marks or len(path) < 2
        timestamp, reading = _TIMESTAMP_FORM.fullmatch, _plain_reading
        result: dict[str, Any] = {}
        value: Any  # text, a number, a list ...
        keys = 0  # a repeated key leaves the map with fewer entries than keys read
        key = tokens[index][2]  # the caller found a key on the first line
        rest = tokens[index][3]
        while True:
            keys += 1
            if keep_lines:
                key_lines[path + (key,)] = first_line + index
            if not rest:
                result[key], index = self.nested(index, col, path + (key,))
            elif rest[0] in "|>":
                result[key], index = self.block_scalar(rest, index, col, path + (key,))
            else:
                # A value on the key's line alone: not continued on a more indented line below.
                if comments and self.continued(index, col):
                    raise Unsupported
                head = rest[0]
                if head == '"' and rest[-1] == '"' and len(rest) > 1 and '"' not in (value := rest[1:-1]) and "\\" not in value:
                    # Quoted text without escapes, the other most common value, inline too.
                    if marks:
                        scalars[path + (key,)] = _scalar((value, _STR, True))
                    result[key] = value
                elif head in "\"'[":
                    result[key] = self.inline(rest, index, path + (key,))
                else:
                    # Plain words, inline: most of a report's values are.
                    text = rest.rstrip(" ")
                    tag, value = (_TIMESTAMP, text) if timestamp(text) else reading(text)
                    if marks:
                        scalars[path + (key,)] = _scalar((text, tag, False))
                    result[key] = value
                index += 1
            index = contents[index]
            if index >= count:
                break
            indent, dash, key, rest = tokens[index]
            if len(indent) != col or dash:
                if len(indent) > col:
                    raise Unsupported
                break  # the parent's next key or item (a list at the key's own indentation belongs to it)
            if not key:
                raise Unsupported
        if len(result) != keys:
            raise Unsupported
        return result, index

    def continued(self, index: int, col: int) -> bool:
        """Whether the next line that is not blank (a comment line, say) is indented past ``col``."""
        following = self.nonblanks[index + 1]
        return following < self.count and len(self.tokens[following][0]) > col

    def nested(self, index: int, col: int, path: FieldPath) -> tuple[Any, int]:
        """What follows ``key:`` with nothing after it: a block on the lines below, or null."""
        following = self.contents[index + 1]
        if following < self.count:
            indent, dash, key, _ = self.tokens[following]
            width = len(indent)
            if width > col or (width == col and dash):
                if self.nonblanks[index + 1] != following:
                    raise Unsupported  # a comment line between a key and its nested block
                if dash:
                    return self.sequence(following, width, path)
                if key:
                    return self.mapping(following, width, path)
                raise Unsupported
        if self.marks:
            self.scalars[path] = _scalar(("", _NULL, False))
        return None, index + 1

    def sequence(self, index: int, col: int, path: FieldPath) -> tuple[list[Any], int]:
        """A block list whose dashes stand at ``col``."""
        if len(path) >= MAX_DEPTH:
            raise Unsupported
        tokens, contents, count, first_line = self.tokens, self.contents, self.count, self.first_line
        keep_lines, item_lines, comments = self.marks or len(path) < 2, self.lines, self.comments
        items: list[Any] = []
        value: Any
        while index < count:
            indent, dash, key, rest = tokens[index]
            if len(indent) != col:
                if len(indent) > col:
                    raise Unsupported
                break
            if not dash:
                if key:
                    break  # the parent map's next key, when the list shares its indentation
                raise Unsupported
            item_path = path + (len(items),)
            if keep_lines:
                item_lines[item_path] = first_line + index
            if key:
                value, index = self.mapping(index, col + len(dash), item_path)
            elif not rest or rest[0] in "|>":
                raise Unsupported
            else:
                if comments and self.continued(index, col):
                    raise Unsupported  # continued on the next line (or a YAML error): PyYAML decides
                value = self.inline(rest, index, item_path)
                index += 1
            items.append(value)
            index = contents[index]
        return items, index

    def inline(self, rest: str, index: int, path: FieldPath) -> Any:
        """A value written on line ``index`` alone: quoted, a flow list of plain items, or plain."""
        head = rest[0]
        if head == '"':
            # Text without escapes is just what stands between the quotes; the pattern reads the rest.
            quoted = rest.rstrip(" ")
            value = quoted[1:-1]
            if len(quoted) < 2 or quoted[-1] != '"' or '"' in value or "\\" in value:
                match = _DOUBLE.fullmatch(rest)
                if match is None:
                    raise Unsupported
                inner = match.group(1)
                value = json.loads(f'"{inner}"') if "\\" in inner else inner
            if self.marks:
                self.scalars[path] = _scalar((value, _STR, True))
            return value
        if head == "'":
            match = _SINGLE.fullmatch(rest)
            if match is None:
                raise Unsupported
            value = match.group(1).replace("''", "'")
            if self.marks:
                self.scalars[path] = _scalar((value, _STR, True))
            return value
        if head == "[":
            match = _FLOW.fullmatch(rest)
            if match is None:
                raise Unsupported
            inner = match.group(1).strip(" ")
            keep_lines = self.marks or len(path) < 2
            return [
                self.plain(part.strip(" "), index, path + (position,), keep_lines)
                for position, part in enumerate(inner.split(",") if inner else ())
            ]
        return self.plain(rest.rstrip(" "), index, path, False)

    def plain(self, text: str, index: int, path: FieldPath, keep_line: bool) -> Any:
        """A plain one-line scalar, tagged by PyYAML's resolver and built by its constructors."""
        if keep_line:
            self.lines[path] = self.first_line + index
        # Timestamps and dates (a dozen a report, all different) skip the remembered readings of the recurring words.
        tag, value = (_TIMESTAMP, text) if _TIMESTAMP_FORM.fullmatch(text) else _plain_reading(text)
        if self.marks:
            self.scalars[path] = _scalar((text, tag, False))
        return value

    def raw_lines(self) -> list[str]:
        """The lines as written, for block scalars (their tokens may have cut them at a colon)."""
        if self._raw_lines is None:
            self._raw_lines = self.text.split("\n")
        return self._raw_lines

    def block_scalar(self, rest: str, index: int, col: int, path: FieldPath) -> tuple[str, int]:
        """A ``|`` or ``>`` block (clip or strip chomping) whose lines are indented past ``col``."""
        header = _BLOCK.fullmatch(rest)
        if header is None:
            raise Unsupported
        folded, strip = header.group(1) == ">", header.group(2) == "-"
        tokens, count = self.tokens, self.count
        end = index + 1
        if end >= count or not (tokens[end][1] or tokens[end][2] or tokens[end][3]):
            raise Unsupported  # leading blank lines keep line breaks: left to PyYAML
        content = len(tokens[end][0])
        if content <= col:
            raise Unsupported
        lines = self.raw_lines()
        parts: list[str] = []
        last = end
        while end < count:
            indent, dash, key, line_rest = tokens[end]
            if not (dash or key or line_rest):
                if len(indent) > content:
                    raise Unsupported
                parts.append("")
            else:
                width = len(indent)
                if width <= col:
                    break
                if width < content or (folded and width > content):
                    raise Unsupported
                line = lines[end]
                if line[-1] == " ":
                    raise Unsupported
                parts.append(line[content:])
                last = end
            end += 1
        parts = parts[: last - index]
        value = _fold(parts) if folded else "\n".join(parts)
        value = value if strip else value + "\n"
        if self.marks:
            self.scalars[path] = Scalar(value, _STR, True)
        return value, last + 1


def _fold(parts: list[str]) -> str:
    """Folded lines: lines joined by spaces; each blank line between them one line break."""
    text = parts[0]
    blanks = 0
    for part in parts[1:]:
        if not part:
            blanks += 1
            continue
        text += ("\n" * blanks if blanks else " ") + part
        blanks = 0
    return text


def _plain_reading(text: str) -> tuple[str, Any]:
    """The tag and value of a plain scalar."""
    if not text or text[0] in _INDICATORS or " #" in text or ": " in text or text[-1] == ":":
        raise Unsupported
    tag = _resolve(text)
    if tag == _STR or tag == _TIMESTAMP:
        return tag, text
    if tag == _NULL:
        return tag, None
    construct = _CONSTRUCTORS.get(tag)
    # Numbers out of range (huge, infinite, not a number) are refused by PyYAML's path, which says why.
    if construct is None or len(text) > 15:
        raise Unsupported
    value = construct(yaml.ScalarNode(tag, text))
    if value != value or value in (math.inf, -math.inf):
        raise Unsupported
    return tag, value


def _resolve(text: str) -> str:
    """PyYAML's tag for a (non-empty) plain scalar, as ``Resolver.resolve`` finds it.

    Only the implicit resolvers for the text's first character can match (there is no
    wildcard one), so text starting with any other character is a string straight away.
    """
    for tag, pattern in _IMPLICIT.get(text[0], ()):
        if pattern.match(text):
            return tag
    return _STR


def parse(text: str, first_line: int = 1) -> ParsedYaml:
    """Parse one YAML document: this module's reader where it applies, else PyYAML's (``parse_yaml``)."""
    try:
        return parse_fast(text, first_line)
    except Unsupported:
        return parse_yaml(text, first_line)

