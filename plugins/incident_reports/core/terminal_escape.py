"""The one terminal escape: what any command prints shows every character a terminal would act on or hide.

Text from reports, exports, servers and file names reaches terminals and CI logs. Some
characters are not shown there but obeyed or hidden: C0 and C1 controls (ESC starts the
sequences that recolour, retitle or rewrite a screen), DEL, line and paragraph separators,
bidirectional marks, embeddings, overrides and isolates (text that displays in another
order than it is written), zero-width characters (text that hides inside other text), and
noncharacters. Each is shown as a visible escape instead: ``\\x1b``, ``\\u202e``.
"""

from __future__ import annotations

import re

#: Characters shown escaped wherever text is printed; tab and line feed stay in multi-line text.
_UNSHOWN = (
    r"\x00-\x08\x0b-\x1f"  # C0 controls (ESC among them), carriage return included
    r"\x7f-\x9f"  # DEL and the C1 controls (NEL, CSI ...)
    r"\u061c"  # ARABIC LETTER MARK
    r"\u180e"  # MONGOLIAN VOWEL SEPARATOR (zero width)
    r"\u200b-\u200f"  # zero width space, non-joiner, joiner; left-to-right and right-to-left marks
    r"\u2028-\u202e"  # line and paragraph separators; bidirectional embeddings and overrides
    r"\u2060-\u2064"  # word joiner and the invisible operators
    r"\u2066-\u206f"  # bidirectional isolates; deprecated format characters
    r"\ufeff"  # byte order mark (zero width no-break space) inside text
    r"\ufff9-\ufffb"  # interlinear annotation controls
    r"\ufffe\uffff"  # noncharacters
    r"\ud800-\udfff"  # lone surrogates
    r"\U000e0000-\U000e007f"  # tag characters (invisible)
)
_IN_TEXT = re.compile(f"[{_UNSHOWN}]")
_IN_LINE = re.compile(f"[{_UNSHOWN}\t\n]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    code = ord(char := match.group())
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escaped(match: re.Match[str]) -> str:
    # JSON's own escape, so that the text still parses; characters beyond the BMP as surrogate pairs.
    units = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def printable(text: str, one_line: bool = False) -> str:
    """``text`` with every character a terminal would act on or hide shown as an escape (``\\x1b``, ``\\u202e``).

    With ``one_line``, line breaks and tabs are escaped too, so the text cannot break a one-line format.
    """
    return (_IN_LINE if one_line else _IN_TEXT).sub(_escaped, text)


def printable_json(text: str) -> str:
    """JSON text with the same characters written as JSON escapes (``\\u001b``), so that it still parses."""
    return _IN_TEXT.sub(_json_escaped, text)
