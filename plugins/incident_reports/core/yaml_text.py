"""Values written as YAML text that reads back exactly: plain words, quoted names, blocks of prose.

At 3 a.m. nobody should fight YAML quoting, so the commands never write a value
YAML could misread: ``Fixed by PR #123`` or ``Update: found it`` as a plain
scalar would lose text or break the file. Prose is written as a literal block
(``|-``), short text as a plain scalar only when YAML reads it back unchanged,
else double-quoted with every unsafe character escaped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

#: Characters a YAML file may not contain raw, and those YAML 1.1 reads as line breaks.
_UNSAFE = re.compile("[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]")
#: Text a literal block cannot hold exactly: line breaks YAML would fold, characters it refuses.
_NOT_FOR_BLOCKS = re.compile("[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff\r]")


@dataclass(frozen=True)
class Block:
    """Free text (an update message, a root cause) to be written as a literal block scalar."""

    text: str


@dataclass(frozen=True)
class Word:
    """A value known to be safe unquoted: a timestamp, a date, a status, a level."""

    text: str


def plain_value(value: Any) -> Any:
    """The value YAML reads back from what ``value`` is written as (markers removed)."""
    if isinstance(value, (Block, Word)):
        return value.text
    if isinstance(value, dict):
        return {key: plain_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    return value


def scalar(value: Any, flow: bool = False) -> str | None:
    """A one-line YAML scalar for ``value``, or None when it needs a block (only prose may)."""
    if isinstance(value, Word):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Block):
        return quoted(value.text) if flow or block_header(value.text, 2) is None else None
    text = str(value)
    # In a flow list or map, commas and brackets end a plain value early.
    plain = reads_back_plain(text) and not (flow and any(char in text for char in ",[]{}"))
    return text if plain else quoted(text)


def reads_back_plain(text: str) -> bool:
    """Whether ``text`` written unquoted as a map value reads back as exactly this text."""
    if not text or text != text.strip() or "\n" in text or _UNSAFE.search(text):
        return False
    try:
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except yaml.YAMLError:
        return False


def quoted(text: str) -> str:
    """``text`` double-quoted, with every character YAML would not keep as it is escaped."""
    body = json.dumps(text, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: _escape(m.group()), body)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def block_header(text: str, increment: int) -> str | None:
    """The header (``|-``, ``|``, ``|2-``) of a literal block holding ``text`` exactly, or None if none can.

    ``increment`` is how much deeper than its key (or list dash) the block's lines are indented.
    """
    if not text.strip() or _NOT_FOR_BLOCKS.search(text):
        return None
    trailing = len(text) - len(text.rstrip("\n"))
    # Keep chomping (|+) would also swallow blank lines that follow in the file.
    if trailing > 1:
        return None
    chomp = "" if trailing else "-"
    lines = text.split("\n")
    first = next(index for index, line in enumerate(lines) if line.strip())
    # YAML finds a block's indentation from its first lines; text starting with a space or a tab must state it.
    leading_space = any(line.startswith((" ", "\t")) for line in lines[: first + 1])
    return f"|{increment if leading_space else ''}{chomp}"


def block_lines(text: str, indent: int) -> list[str]:
    """The lines of a literal block's content, indented by ``indent`` spaces (empty lines left empty)."""
    content = text[:-1] if text.endswith("\n") else text
    return [" " * indent + line if line else "" for line in content.split("\n")]


@dataclass(frozen=True)
class Layout:
    """How a file indents: map children, the dash of list items, and item content after the dash."""

    map_step: int = 2
    dash: int = 2
    content: int = 2


def entry_lines(key: str, value: Any, indent: int, layout: Layout) -> list[str]:
    """``key: value`` as block-style lines, the key at column ``indent``."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = [f"{pad}{key}:"]
        for child_key, child in value.items():
            lines += entry_lines(child_key, child, indent + layout.map_step, layout)
        return lines
    if isinstance(value, list):
        lines = [f"{pad}{key}:"]
        for item in value:
            lines += item_lines(item, indent + layout.dash, indent + layout.dash + layout.content, layout)
        return lines
    one_line = scalar(value)
    if one_line is not None:
        return [f"{pad}{key}: {one_line}"]
    header = block_header(value.text, layout.map_step)
    return [f"{pad}{key}: {header}"] + block_lines(value.text, indent + layout.map_step)


def item_lines(item: Any, dash: int, content: int, layout: Layout) -> list[str]:
    """One list item as block-style lines: the dash at column ``dash``, its content at ``content``."""
    if isinstance(item, dict):
        lines: list[str] = []
        for key, value in item.items():
            lines += entry_lines(key, value, content, layout)
    else:
        one_line = scalar(item)
        if one_line is not None:
            lines = [" " * content + one_line]
        else:
            header = block_header(item.text, content - dash + layout.map_step)
            lines = [" " * content + str(header)] + block_lines(item.text, content + layout.map_step)
    first = lines[0]
    lines[0] = " " * dash + "-" + " " * (content - dash - 1) + first[content:]
    return lines


def flow_text(value: Any) -> str:
    """``value`` in flow style (``{at: ..., message: "..."}``), for lists and maps written that way."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {flow_text(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(item) for item in value) + "]"
    return str(scalar(value, flow=True))
