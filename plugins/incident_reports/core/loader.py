"""Reading report files: bytes to text, front-matter split from body, YAML parsed once."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from .problems import Problem
from .yaml_fast import parse
from .yaml_source import ParsedYaml, YamlError, problem_from

#: python-frontmatter's boundary line (a line of three or more dashes), as its YAML handler finds it.
_BOUNDARY = YAMLHandler.FM_BOUNDARY


@dataclass(frozen=True)
class SourceReport:
    """A report file read and parsed, not yet validated."""

    path: str
    stem: str
    front: ParsedYaml
    body: str
    line_count: int


def read_report(file: Path, display_path: str) -> SourceReport | Problem:
    """Read one report file; any reason it cannot be read at all is a single problem."""
    try:
        raw = _read_bytes(file)
    except OSError as exc:
        return Problem(display_path, 1, "", f"cannot be read: {exc.strerror}")
    return parse_report(raw, display_path, file.stem)


#: A read of this size takes a whole report file at once.
_READ_SIZE = 1 << 20


def _read_bytes(file: Path) -> bytes:
    """A file's bytes, as ``Path.read_bytes`` gives them, without its buffered file object (thousands are read)."""
    handle = os.open(file, os.O_RDONLY)
    try:
        chunks = [os.read(handle, _READ_SIZE)]
        while chunks[-1]:
            chunks.append(os.read(handle, _READ_SIZE))
        return b"".join(chunks)
    finally:
        os.close(handle)


def parse_report(raw: bytes, display_path: str, stem: str) -> SourceReport | Problem:
    """Parse a report's bytes (UTF-8, optional BOM, LF or CRLF) into front-matter and body."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Problem(display_path, line, "", f"is not UTF-8 (byte 0x{raw[exc.start]:02x} on this line); save the file as UTF-8")
    # Nearly every file has LF line ends already: finding none is cheaper than copying the text twice.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    line_count = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    if not text or text.isspace():
        return Problem(display_path, 1, "", "the file is empty; a report starts with a line of ---, its front-matter, and another ---")
    opening = _BOUNDARY.match(text)
    if opening is None:
        return Problem(display_path, 1, "", "has no front-matter; start the file with a line of ---, then the report's fields, then another ---")
    closing = _closing_boundary(text, opening.end())
    if closing is None:
        return Problem(display_path, line_count, "", "the front-matter is never closed; add a line of --- after the last field")
    front_text = text[opening.end() : closing.start()]
    body = text[closing.end() :]
    try:
        # Lines are counted from the file's start so every problem points at the real line;
        # the plain YAML reports are written in is read by the fast reader, the rest by PyYAML.
        front = parse(front_text, first_line=text.count("\n", 0, opening.end()) + 1)
    except YamlError as exc:
        return problem_from(exc, display_path)
    if front.value is None:
        return Problem(display_path, 1, "", "the front-matter is empty; a report needs at least title, visibility, services and summary")
    if not isinstance(front.value, dict):
        return Problem(display_path, 2, "", "the front-matter must be a map of fields (key: value), one per line")
    return SourceReport(display_path, stem, front, body, line_count)


def _closing_boundary(text: str, start: int) -> re.Match[str] | None:
    """The first boundary line from ``start``, as ``_BOUNDARY.search`` finds it.

    A boundary starts a line with ``---``: trying only such lines spares the
    pattern a try at every character of the front-matter.
    """
    candidate = text.find("\n---", start - 1)
    while candidate != -1:
        found = _BOUNDARY.match(text, candidate + 1)
        if found is not None:
            return found
        candidate = text.find("\n---", candidate + 1)
    return None
