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
import re
from functools import lru_cache, partial
from typing import Any

import yaml

from .yaml_source import FieldPath, ParsedYaml, Scalar, parse_yaml

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _TIMESTAMP = _TAG + "str", _TAG + "null", _TAG + "timestamp"
_RESOLVER = yaml.resolver.Resolver()
_IMPLICIT = _RESOLVER.yaml_implicit_resolvers
if None in _IMPLICIT or _RESOLVER.yaml_path_resolvers:  # pragma: no cover - a PyYAML that resolves otherwise
    raise ImportError("yaml_fast expects PyYAML's default resolvers")
_CONSTRUCTOR = yaml.SafeLoader("")
_CONSTRUCTORS = {
    _TAG + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _TAG + "int": _CONSTRUCTOR.construct_yaml_int,
    _TAG + "float": _CONSTRUCTOR.construct_yaml_float,
}
#: Characters and lines that only PyYAML handles: tabs, control and break characters, directives, document markers.
_UNSUPPORTED = re.compile(r"[\t\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
#: In ASCII text those are the control characters but the line break: found by deleting every other byte.
_ASCII_CONTROLS = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])
_ASCII_OTHERS = bytes(sorted(set(range(0x100)) - set(_ASCII_CONTROLS)))
_MARKERS = ("\n---", "\n...", "\n%")
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_-]*):(?: +|$)")
_DOUBLE = re.compile(r'"([^"\\]*(?:\\["\\/nt][^"\\]*)*)" *')
_SINGLE = re.compile(r"'((?:[^']|'')*)' *")
#: How nearly every timestamp is written: PyYAML's timestamp pattern matches it, its int and float ones cannot.
_TIMESTAMP_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}:[0-9]{2})")
_BLOCK = re.compile(r"([|>])(-?) *")
_FLOW = re.compile(r"\[([^\[\]{}\"'#:]*)\] *")
#: ``Scalar`` made straight from a tuple: the named tuple's own constructor is a Python call, a report has hundreds.
_scalar = partial(tuple.__new__, Scalar)
#: First characters of a value that mean something other than plain text.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


class Unsupported(Exception):
    """The text uses YAML this reader leaves to PyYAML."""


def parse_fast(text: str, first_line: int = 1) -> ParsedYaml:
    """Parse ``text`` as ``yaml_source.parse_yaml`` would, or raise ``Unsupported``."""
    if _unsupported_characters(text) or text.startswith(("---", "...", "%")) or any(m in text for m in _MARKERS):
        raise Unsupported
    return _Reader(text.split("\n"), first_line).document()


def _unsupported_characters(text: str) -> bool:
    """Whether ``text`` holds a character of ``_UNSUPPORTED`` (for ASCII text, a byte-level check that is much faster)."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_OTHERS))
    return _UNSUPPORTED.search(text) is not None


class _Reader:
    """A recursive reader over the document's lines; ``col`` is a block's indentation."""

    def __init__(self, lines: list[str], first_line: int) -> None:
        self.lines = lines
        self.count = len(lines)
        self.first_line = first_line
        self.parsed = ParsedYaml(value=None)
        # Each line's indentation, and from each line the next that is not blank (or not a comment either):
        # every line points at itself but the few blank and comment lines, which point further on.
        unindented = [line.lstrip(" ") for line in lines]
        self.indents = [len(line) - len(rest) for line, rest in zip(lines, unindented)]
        self.contents = list(range(self.count + 1))
        self.nonblanks = list(range(self.count + 1))
        for index in reversed([index for index, rest in enumerate(unindented) if not rest or rest[0] == "#"]):
            if not unindented[index]:
                self.nonblanks[index] = self.nonblanks[index + 1]
            self.contents[index] = self.contents[index + 1]

    def document(self) -> ParsedYaml:
        start = self.next_content(0)
        if start == self.count:
            return self.parsed
        if self.indents[start] != 0 or not _KEY.match(self.lines[start]):
            raise Unsupported
        self.parsed.value, end = self.mapping(start, 0, ())
        if self.next_content(end) != self.count:
            raise Unsupported
        return self.parsed

    def next_content(self, index: int) -> int:
        """The first line from ``index`` that is neither blank nor a comment."""
        return self.contents[index]

    def next_nonblank(self, index: int) -> int:
        return self.nonblanks[index]

    def mapping(self, index: int, col: int, path: FieldPath) -> tuple[dict[str, Any], int]:
        """A block map whose first key stands at ``col`` of line ``index``; later keys at the same column."""
        # The loop runs once per key of a report: what it reads on each line is held in locals.
        lines, indents, contents, count = self.lines, self.indents, self.contents, self.count
        key_lines, first_line = self.parsed.lines, self.first_line
        result: dict[str, Any] = {}
        first = True
        while index < count:
            line = lines[index]
            if not first:
                indent = indents[index]
                if indent < col:
                    break
                if indent > col:
                    raise Unsupported
            match = _KEY.match(line, col)
            if match is None:
                if not first and line.startswith("- ", col):
                    break  # a list at the key's own indentation belongs to the parent key
                raise Unsupported
            first = False
            key = match.group(1)
            if key in result:
                raise Unsupported
            key_path = path + (key,)
            key_lines[key_path] = first_line + index
            rest = line[match.end():]
            # _KEY took every space after the colon, so a value on the key's line starts right here.
            if rest and rest[0] not in "|>":
                result[key] = self.inline(rest, index, col, key_path)
                index = contents[index + 1]
            else:
                result[key], index = self.map_value(rest, index, col, key_path)
                index = contents[index]
        return result, index

    def map_value(self, rest: str, index: int, col: int, path: FieldPath) -> tuple[Any, int]:
        """The value after ``key:``: inline, a block scalar, or a nested block on the lines below."""
        if rest.strip(" "):
            if rest[0] in "|>":
                return self.block_scalar(rest, index, col, path)
            return self.inline(rest, index, col, path), index + 1
        following = self.next_content(index + 1)
        if following < self.count:
            line = self.lines[following]
            indent = self.indents[following]
            if indent > col or (indent == col and line.startswith("- ", col)):
                if self.next_nonblank(index + 1) != following:
                    raise Unsupported  # a comment line between a key and its nested block
                if line.startswith("- ", indent):
                    return self.sequence(following, indent, path)
                if indent > col and _KEY.match(line, indent):
                    return self.mapping(following, indent, path)
                raise Unsupported
        self.parsed.scalars[path] = Scalar("", _NULL, False)
        return None, index + 1

    def sequence(self, index: int, col: int, path: FieldPath) -> tuple[list[Any], int]:
        """A block list whose dashes stand at ``col``."""
        items: list[Any] = []
        while index < self.count:
            line = self.lines[index]
            indent = self.indents[index]
            if indent < col:
                break
            if indent > col:
                raise Unsupported
            if not line.startswith("- ", col):
                if _KEY.match(line, col):
                    break  # the parent map's next key, when the list shares its indentation
                raise Unsupported
            item_path = path + (len(items),)
            self.parsed.lines[item_path] = self.first_line + index
            start = col + 2
            while start < len(line) and line[start] == " ":
                start += 1
            if start == len(line):
                raise Unsupported
            if _KEY.match(line, start):
                value, index = self.mapping(index, start, item_path)
            elif line[start] in "|>":
                raise Unsupported
            else:
                value = self.inline(line[start:], index, col, item_path)
                index += 1
            items.append(value)
            index = self.next_content(index)
        return items, index

    def inline(self, rest: str, index: int, col: int, path: FieldPath) -> Any:
        """A value written on line ``index`` alone: quoted, a flow list of plain items, or plain."""
        following = self.nonblanks[index + 1]
        if following < self.count and self.indents[following] > col:
            raise Unsupported  # continued on the next line (or a YAML error): PyYAML decides
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
            self.parsed.scalars[path] = _scalar((value, _STR, True))
            return value
        if head == "'":
            match = _SINGLE.fullmatch(rest)
            if match is None:
                raise Unsupported
            value = match.group(1).replace("''", "'")
            self.parsed.scalars[path] = _scalar((value, _STR, True))
            return value
        if head == "[":
            match = _FLOW.fullmatch(rest)
            if match is None:
                raise Unsupported
            inner = match.group(1).strip(" ")
            items = []
            line = self.first_line + index
            for position, part in enumerate(inner.split(",") if inner else ()):
                item_path = path + (position,)
                self.parsed.lines[item_path] = line
                items.append(self.plain(part.strip(" "), item_path))
            return items
        return self.plain(rest.rstrip(" "), path)

    def plain(self, text: str, path: FieldPath) -> Any:
        """A plain one-line scalar, tagged by PyYAML's resolver and built by its constructors."""
        # Timestamps (a dozen a report, all different) skip the remembered readings of the recurring words.
        if _TIMESTAMP_FORM.fullmatch(text):
            tag, value = _TIMESTAMP, text
        else:
            tag, value = _plain_reading(text)
        self.parsed.scalars[path] = _scalar((text, tag, False))
        return value

    def block_scalar(self, rest: str, index: int, col: int, path: FieldPath) -> tuple[str, int]:
        """A ``|`` or ``>`` block (clip or strip chomping) whose lines are indented past ``col``."""
        header = _BLOCK.fullmatch(rest)
        if header is None:
            raise Unsupported
        folded, strip = header.group(1) == ">", header.group(2) == "-"
        end = index + 1
        if end >= self.count or not self.lines[end].strip(" "):
            raise Unsupported  # leading blank lines keep line breaks: left to PyYAML
        content = self.indents[end]
        if content <= col:
            raise Unsupported
        parts: list[str] = []
        last = end
        while end < self.count:
            line = self.lines[end]
            if not line.strip(" "):
                if len(line) > content:
                    raise Unsupported
                parts.append("")
            else:
                indent = self.indents[end]
                if indent <= col:
                    break
                if indent < content or (folded and indent > content) or line[-1] == " ":
                    raise Unsupported
                parts.append(line[content:])
                last = end
            end += 1
        parts = parts[: last - index]
        value = _fold(parts) if folded else "\n".join(parts)
        value = value if strip else value + "\n"
        self.parsed.scalars[path] = Scalar(value, _STR, True)
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


@lru_cache(maxsize=4096)
def _plain_reading(text: str) -> tuple[str, Any]:
    """The tag and value of a plain scalar; remembered, as the same words and names recur in every report."""
    if not text or text[0] in _INDICATORS or " #" in text or ": " in text or text[-1] == ":":
        raise Unsupported
    tag = _resolve(text)
    if tag == _STR or tag == _TIMESTAMP:
        return tag, text
    if tag == _NULL:
        return tag, None
    construct = _CONSTRUCTORS.get(tag)
    if construct is None:
        raise Unsupported
    return tag, construct(yaml.ScalarNode(tag, text))


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

