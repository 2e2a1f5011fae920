"""The preview as Markdown for a pull request's comment and job summary: nothing quoted can be read as markup.

Text from reports, the catalogue and git is only ever in code: a code span or a
fenced block whose fence is longer than any run of backticks inside it, so it
can neither close its fence nor become a link, a mention, HTML or a heading.
The preview's own words are escaped too. The whole stays under GitHub's limit
for a comment, cut between parts with a note saying so.
"""

from __future__ import annotations

import re
from html import escape

from ..core.terminal_escape import printable
from .document import Block, Heading, Inline, Item, Paragraph, Part, Quoted

#: GitHub refuses a comment over 65,536 characters; counted in UTF-8 bytes (never fewer than characters),
#: with room left for the line that marks the comment as the preview's.
LIMIT_BYTES = 60_000
#: The longest piece of quoted text shown whole, in characters.
QUOTE_LIMIT = 4_000
#: The longest name or title shown on one line, in characters.
INLINE_LIMIT = 300
TITLE = "## Preview of the public site"
#: What Markdown or HTML would act on in the preview's own words; HTML's three as entities, the rest after a backslash.
_MARKDOWN_SPECIALS = re.compile(r"[\\`*_\[\]|~#&<>]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BACKTICKS = re.compile(r"`+")


def as_markdown(parts: list[Part], limit: int = LIMIT_BYTES) -> str:
    """The document as Markdown, cut between parts when it would pass ``limit`` bytes."""
    written = [TITLE]
    size = len(TITLE.encode("utf-8"))
    for index, part in enumerate(parts):
        # A list's items stay together; everything else stands apart.
        joint = "\n" if isinstance(part, Item) and index and isinstance(parts[index - 1], Item) else "\n\n"
        chunk = joint + markdown(part)
        # Room for the note that says where it was cut, whatever comes after.
        if size + len(chunk.encode("utf-8")) + 400 > limit:
            written.append("\n\n" + cut_note(len(parts) - index))
            break
        written.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "".join(written) + "\n"


def markdown(part: Part) -> str:
    """One part as Markdown."""
    if isinstance(part, Heading):
        return "#" * (part.level + 1) + " " + inline(part.parts)
    if isinstance(part, Item):
        return "- " + inline(part.parts)
    if isinstance(part, Paragraph):
        return inline(part.parts)
    return block(part)


def inline(parts: Inline) -> str:
    """The preview's words escaped, quoted text as code spans."""
    return "".join(code_span(part.text) if isinstance(part, Quoted) else words(part) for part in parts)


def words(text: str) -> str:
    """The preview's own words, with every character Markdown or HTML would act on escaped."""
    return _MARKDOWN_SPECIALS.sub(lambda found: _ENTITIES.get(found.group()) or f"\\{found.group()}", text)


def code_span(text: str) -> str:
    """Text on one line as a code span no backtick inside can end; a long one cut."""
    shown = printable(cut(text, INLINE_LIMIT), one_line=True)
    if not shown.strip():
        return "(empty)"
    fence = "`" * (longest_backticks(shown) + 1)
    pad = " " if shown[0] in "` " or shown[-1] in "` " else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def block(part: Block) -> str:
    """A label, then the text in a fenced block (folded away under the label when ``folded``)."""
    text = printable(cut(part.text, QUOTE_LIMIT)).strip("\n") or "(empty)"
    fence = "`" * max(3, longest_backticks(text) + 1)
    fenced = f"{fence}\n{text}\n{fence}"
    if part.folded:
        return f"<details><summary>{escape(plain(part.label))}</summary>\n\n{fenced}\n\n</details>"
    return f"{inline(part.label)}:\n\n{fenced}"


def plain(parts: Inline) -> str:
    """A label's words and quoted text as one plain line (for an HTML summary, escaped where it is used)."""
    return "".join(printable(part.text, one_line=True) if isinstance(part, Quoted) else part for part in parts)


def longest_backticks(text: str) -> int:
    """The longest run of backticks in ``text``."""
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)


def cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters: see the report's page)"


def cut_note(left: int) -> str:
    """What ends a preview cut short."""
    return (f"*The preview is cut here: {left} more part{'s' if left != 1 else ''} would not fit in a comment "
            "(GitHub's limit is 65,536 characters). Run incidents preview for the whole of it.*")
