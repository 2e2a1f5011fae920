"""The preview for a terminal: plain lines, quoted text marked at the start of each line, every control escaped."""

from __future__ import annotations

from ..core.terminal_escape import printable
from .document import Block, Heading, Inline, Item, Paragraph, Part, Quoted

#: What starts each line of quoted text, so that it can never pass for the preview's own words.
QUOTE_MARK = "    | "


def as_text(parts: list[Part]) -> str:
    """The document as text; controls in it (an escape sequence in a name from git) are shown, never run."""
    lines: list[str] = []
    for part in parts:
        if isinstance(part, Heading):
            lines += ["", inline(part.parts)] if part.level == 2 else ["", "  " + inline(part.parts)]
        elif isinstance(part, Item):
            lines.append("  - " + inline(part.parts))
        elif isinstance(part, Paragraph):
            lines.append(inline(part.parts))
        else:
            lines += block(part)
    return printable("\n".join(lines).strip("\n")) + "\n"


def inline(parts: Inline) -> str:
    """A line of the preview's words and quoted text (quoted text kept on the line)."""
    return "".join(printable(part.text, one_line=True) if isinstance(part, Quoted) else part for part in parts)


def block(part: Block) -> list[str]:
    """A label, then the quoted text, each of its lines marked."""
    return ["  " + inline(part.label) + ":", *((QUOTE_MARK + line).rstrip(" ") for line in part.text.splitlines() or [""])]
