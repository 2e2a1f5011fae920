"""Where Markdown shows text as it is written: fenced code blocks and code spans, found in linear time.

Text is scanned once: every run of backticks and every fence line is found by one pattern, and
each opening is paired with the next closing of its length through a pointer that only moves
forward, so no stretch of text is read twice (a pattern that searches ahead from each opening
takes minutes over a message of backticks).

The pairing follows Python-Markdown where it matters: a fence is three or more backticks or
tildes at the start of a line, closed by the same fence on a line of its own; a code span opens
with a run of backticks (not after a backslash) and closes at the next run of the same length in
the same paragraph. Where Python-Markdown pairs otherwise (an unmatched longer run with a shorter
one), the text is treated as text: its ``<`` is then shown as ``&lt;`` inside the code, never
read as markup.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

#: A line that opens a fenced block, as Python-Markdown's fenced code reads one (a fence, then a language or attributes).
_OPENING_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*)$", re.MULTILINE)
#: A line that may close a fenced block: a fence and nothing else but spaces.
_CLOSING_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*$", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
#: A blank line: code spans do not cross paragraphs.
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")

Span = tuple[int, int]


class _NextOfKind:
    """For each key, the positions it occurs at in order, read with a pointer that only moves forward."""

    def __init__(self, occurrences: Iterator[tuple[str | int, int]]) -> None:
        self.positions: dict[str | int, list[int]] = {}
        for key, position in occurrences:
            self.positions.setdefault(key, []).append(position)
        self.pointers: dict[str | int, int] = {}

    def after(self, key: str | int, position: int) -> int | None:
        """The first occurrence of ``key`` after ``position`` (positions asked for never go back)."""
        found = self.positions.get(key, ())
        pointer = self.pointers.get(key, 0)
        while pointer < len(found) and found[pointer] <= position:
            pointer += 1
        self.pointers[key] = pointer
        return found[pointer] if pointer < len(found) else None


def fenced_blocks(text: str) -> list[Span]:
    """Where each fenced code block starts and ends (its fences included), in order."""
    closings = list(_CLOSING_FENCE.finditer(text))
    closing_ends = {found.start(): found.end() for found in closings}
    next_closing = _NextOfKind((found.group(1), found.start()) for found in closings)
    blocks: list[Span] = []
    covered = -1
    for opening in _OPENING_FENCE.finditer(text):
        if opening.start() <= covered:
            continue
        closing = next_closing.after(opening.group(1), opening.end())
        if closing is not None:
            blocks.append((opening.start(), closing_ends[closing]))
            covered = closing_ends[closing]
    return blocks


def inline_code(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Where each code span of ``text[start:end]`` starts and ends (its backticks included), in order."""
    end = len(text) if end is None else end
    runs = [(found.start(), found.end()) for found in _BACKTICKS.finditer(text, start, end)]
    next_run = _NextOfKind((run_end - run_start, index) for index, (run_start, run_end) in enumerate(runs))
    paragraph_ends = [found.start() for found in _BLANK_LINE.finditer(text, start, end)]
    spans: list[Span] = []
    index = 0
    while index < len(runs):
        run_start, run_end = runs[index]
        if run_start > 0 and text[run_start - 1] == "\\":
            run_start += 1  # an escaped backtick is text; the rest of the run may still open a span
        length = run_end - run_start
        closing = next_run.after(length, index) if length else None
        if closing is not None:
            paragraph = bisect_right(paragraph_ends, run_start)
            limit = paragraph_ends[paragraph] if paragraph < len(paragraph_ends) else end
            if runs[closing][0] < limit:
                spans.append((run_start, runs[closing][1]))
                index = closing + 1
                continue
        index += 1
    return spans


def code_parts(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into its parts, each marked True where it is code (a fenced block or a code span)."""
    parts: list[tuple[bool, str]] = []
    last = 0
    for block_start, block_end in [*fenced_blocks(text), (len(text), len(text))]:
        for span_start, span_end in inline_code(text, last, block_start):
            parts += [(False, text[last:span_start]), (True, text[span_start:span_end])]
            last = span_end
        parts += [(False, text[last:block_start]), (True, text[block_start:block_end])]
        last = block_end
    return [(code, part) for code, part in parts if part]
