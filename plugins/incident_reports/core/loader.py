"""Reading report files: bytes to text, front-matter split from body, YAML parsed once."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem
from .settings import Settings
from .yaml_fast import parse
from .yaml_source import ParsedYaml, YamlError, problem_from

#: The front-matter's boundary line: three or more dashes (the pattern Jekyll-style front-matter readers such as
#: python-frontmatter use, so a report they read is split in the same place).
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)


@dataclass(frozen=True)
class SourceReport:
    """A report file read and parsed, not yet validated."""

    path: str
    stem: str
    front: ParsedYaml
    body: str
    line_count: int

    @property
    def body_line(self) -> int:
        """The line the body's text starts on (worked out only when a problem needs it)."""
        text = self.body.lstrip()
        if not text:
            return self.line_count
        # The lines after the body's first: its line breaks from there on.
        after = text.count("\n") - (1 if text.endswith("\n") else 0)
        return max(1, self.line_count - after)


@dataclass(frozen=True)
class ReadLimits:
    """What a report file may be: its size cap, and the folder its symlinks must stay in (None: anywhere)."""

    max_bytes: int = Settings.max_report_bytes
    inside: Path | None = None


#: What other kinds of file are called, for the message that refuses them.
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


class _Refused(Exception):
    """A file that is not read, with the reason."""


def read_report(file: Path, display_path: str, limits: ReadLimits = ReadLimits()) -> SourceReport | Problem:
    """Read one report file; any reason it cannot be read at all is a single problem."""
    try:
        raw = _read_bytes(file, limits)
    except _Refused as exc:
        return Problem(display_path, 1, "", str(exc))
    except OSError as exc:
        return Problem(display_path, 1, "", f"cannot be read: {exc.strerror or exc}")
    return parse_report(raw, display_path, file.stem)


#: A read of this size takes a whole report file at once.
_READ_SIZE = 1 << 20
#: Never wait on a pipe or a device that has nothing to give (not on Windows, which has neither).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
#: Opening with this fails on a symlink, which is then checked before it is followed (0 where there is none).
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read_bytes(file: Path, limits: ReadLimits) -> bytes:
    """A regular file's bytes; anything else is refused before it is read, and nothing is read past the size cap.

    A plain file costs an open, an ``fstat`` and (nearly always) one read: thousands are read.
    Only when the open fails (a symlink, a socket) is the path looked at more closely.
    """
    if not _NO_FOLLOW and os.path.islink(file):
        _followed(file, limits)
    try:
        handle = os.open(file, _OPEN_FLAGS | _NO_FOLLOW)
    except OSError:
        handle = _open_checked(file, limits)
    try:
        info = os.fstat(handle)
        _check_kind(info.st_mode)
        _check_size(info.st_size, limits)
        data = os.read(handle, info.st_size + 1)
        if len(data) == info.st_size:
            return data  # the whole file: a read short of what was asked is its end
        chunks, total = [data], len(data)
        while chunks[-1]:
            chunks.append(os.read(handle, _READ_SIZE))
            total += len(chunks[-1])
            _check_size(total, limits)  # the file grew since it was looked at
        return b"".join(chunks)
    finally:
        os.close(handle)


def _open_checked(file: Path, limits: ReadLimits) -> int:
    """Open what could not be opened as a plain file: a symlink that may be followed; refuse anything else."""
    info = os.lstat(file)
    if stat.S_ISLNK(info.st_mode):
        info = _followed(file, limits)
    _check_kind(info.st_mode)
    return os.open(file, _OPEN_FLAGS)


def _followed(file: Path, limits: ReadLimits) -> os.stat_result:
    """What a symlink leads to, refused when it leaves the repository (unless that is allowed)."""
    target = Path(os.path.realpath(file))
    if limits.inside is not None:
        inside = Path(os.path.realpath(limits.inside))
        if target != inside and inside not in target.parents:
            raise _Refused(
                f"is a symlink to {target}, outside the repository; a report's text must be in the "
                "reviewed repository: copy the file in (or set the plugin option allow_outside_links: true)"
            )
    try:
        return os.stat(file)
    except OSError as exc:
        raise _Refused(
            f"is a symlink to {target}, which cannot be read ({exc.strerror or exc}); fix or remove the link"
        ) from None


def _check_kind(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise _Refused(f"is {kind}, not a report file; only regular files named *.md are reports: remove it or rename it")


def _check_size(size: int, limits: ReadLimits) -> None:
    refusal = size_refusal(size, limits.max_bytes)
    if refusal is not None:
        raise _Refused(refusal)


def size_refusal(size: int, max_bytes: int) -> str | None:
    """Why a report file of ``size`` bytes is refused unread, or None when it is within the cap."""
    if size <= max_bytes:
        return None
    return (
        f"is {size:,} bytes, over the {max_bytes:,}-byte limit for a report; move long material "
        "(logs, data) out of the report and link to it, or raise the plugin option max_report_bytes"
    )


def parse_report(raw: bytes, display_path: str, stem: str) -> SourceReport | Problem:
    """Parse a report's bytes (UTF-8, optional BOM, LF or CRLF) into front-matter and body."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Problem(
            display_path, line, "", f"is not UTF-8 (byte 0x{raw[exc.start]:02x} on this line); save the file as UTF-8"
        )
    # Nearly every file has LF line ends already: finding none is cheaper than copying the text twice.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    line_count = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    if not text or text.isspace():
        return Problem(
            display_path, 1, "", "the file is empty; a report starts with a line of ---, its front-matter, and another ---"
        )
    opening = _BOUNDARY.match(text)
    if opening is None:
        return Problem(
            display_path, 1, "",
            "has no front-matter; start the file with a line of ---, then the report's fields, then another ---",
        )
    closing = _closing_boundary(text, opening.end())
    if closing is None:
        return Problem(display_path, line_count, "", "the front-matter is never closed; add a line of --- after the last field")
    refused = _refused_in_report(text, raw, closing.start())
    if refused is not None:
        return _character_problem(text, refused, display_path)
    front_text = text[opening.end() : closing.start()]
    body = text[closing.end() :]
    try:
        # Lines are counted from the file's start so every problem points at the real line;
        # the plain YAML reports are written in is read by the fast reader, the rest by PyYAML.
        front = parse(front_text, first_line=text.count("\n", 0, opening.end()) + 1)
    except YamlError as exc:
        return problem_from(exc, display_path)
    if front.value is None:
        return Problem(
            display_path, 1, "", "the front-matter is empty; a report needs at least title, visibility, services and summary"
        )
    if not isinstance(front.value, dict):
        return Problem(display_path, 2, "", "the front-matter must be a map of fields (key: value), one per line")
    return SourceReport(display_path, stem, front, body, line_count)


#: Characters no report needs and XML 1.0 (feeds), terminals or reviewers cannot be trusted with:
#: C0 controls but tab and line breaks (ESC starts terminal escape sequences), DEL, C1 controls,
#: the line and paragraph separators U+2028 and U+2029 (line breaks to YAML, JavaScript and some
#: terminals, invisible elsewhere, as NEL is), U+FFFE and U+FFFF, and lone surrogates (which a
#: decoded file cannot hold, but a YAML escape can).
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
#: The separators among them, which get their own explanation.
_SEPARATORS = "\u2028\u2029"
#: The same for ASCII text, found by deleting every other byte: far faster than the pattern.
_ASCII_ALLOWED = bytes(sorted(set(range(0x80)) - {*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F}))  # CR too
#: Bidirectional embeddings, overrides and isolates: they make text display in another order than it
#: is written (a name or an id that reads as another), so the front-matter refuses them.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_FORBIDDEN_OR_BIDI = re.compile(FORBIDDEN.pattern[:-1] + _BIDI.pattern[1:])
#: A line's key, for naming the field a character stands in.
_LINE_KEY = re.compile(r"[ \t]*(?:- +)?([A-Za-z0-9_][A-Za-z0-9_-]*):(?:[ \t]|$)")


def character_problem(text: str, display_path: str) -> Problem | None:
    """The problem of the first forbidden or bidirectional control character in ``text``, if any."""
    position = refused_character(text)
    return None if position is None else _character_problem(text, position, display_path)


def refused_character(text: str) -> int | None:
    """Where ``text`` holds its first forbidden or bidirectional control character, or None."""
    position = forbidden_character(text)
    if position is None:
        bidi = _BIDI.search(text)
        position = bidi.start() if bidi is not None else None
    return position


def _refused_in_report(text: str, raw: bytes, front_end: int) -> int | None:
    """Where a report's text (read from ``raw``) holds its first refused character: a forbidden one
    anywhere, a bidi control before ``front_end``.

    One pass over the text; ASCII files, nearly every report, are checked on their bytes, far faster still.
    """
    if raw.isascii():
        return None if not raw.translate(None, _ASCII_ALLOWED) else forbidden_character(text)
    for found in _FORBIDDEN_OR_BIDI.finditer(text):
        if found.start() < front_end or not _BIDI.match(found.group()):
            return found.start()
    return None


def forbidden_character(text: str) -> int | None:
    """Where ``text`` holds its first forbidden character (``FORBIDDEN``), or None."""
    if text.isascii():
        if not text.encode("ascii").translate(None, _ASCII_ALLOWED):
            return None
    found = FORBIDDEN.search(text)
    return found.start() if found is not None else None


def describe_character(char: str) -> str:
    """``U+001B (ESCAPE)``: a character named so that a reader can find it."""
    name = unicodedata.name(char, "") or {"\x1b": "ESCAPE", "\x00": "NUL", "\x7f": "DELETE"}.get(char, "a control character")
    return f"U+{ord(char):04X} ({name})"


def _character_problem(text: str, position: int, display_path: str) -> Problem:
    """The problem of a forbidden character at ``position``, on its own line and naming its field."""
    char = text[position]
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    key = _LINE_KEY.match(text, start, end if end != -1 else len(text))
    field = key.group(1) if key is not None and key.end() <= position else ""
    line = text.count("\n", 0, position) + 1
    if _BIDI.match(char):
        why = ("a bidirectional control, which makes text display in another order than it is written; "
               "delete it (right-to-left text displays correctly without it)")
    elif char in _SEPARATORS:
        why = ("a line or paragraph separator, which YAML, scripts and terminals read as a line break that "
               "does not show; write an ordinary line break or a space instead (text pasted from a word "
               "processor often holds one)")
    else:
        why = ("a control character that feeds (XML), calendars and terminals cannot carry safely; "
               "delete it (copied terminal output often holds colour codes)")
    return Problem(display_path, line, field, f"holds {describe_character(char)}, {why}")


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
