"""The id rule: what the id of a report, a service or a group may be, and ids made to follow it.

An id names a page's folder and files, an address and a component of the API: lowercase letters,
digits and hyphens (the schema's pattern), at most ``MAX_ID_LENGTH`` characters, and never a name
Windows keeps for a device. Pages use an id as it is: nothing slugs it a second time.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .slugs import slugify

#: Lowercase letters, digits and hyphens, starting with a letter or digit.
ID = re.compile(r"[a-z0-9][a-z0-9-]*")
#: The longest id: its page's folder and every file named after it stay far below the 255 bytes common file
#: systems allow for one name (an id also goes into addresses).
MAX_ID_LENGTH = 100
#: Names Windows cannot give a file, whatever its case and extension: a repository holding one cannot be
#: checked out there (the superscript digits too, which Windows reads as the digits).
WINDOWS_RESERVED = frozenset({
    "con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")),
})


def reserved_by_windows(name: str) -> bool:
    """Whether Windows keeps ``name`` for a device, in any case and with any extension (``con``, ``LPT1.txt``)."""
    return name.split(".")[0].rstrip(" ").casefold() in WINDOWS_RESERVED


def id_rule_problem(value: str) -> str | None:
    """Why ``value``, which has an id's pattern, cannot be an id (a device name, too long), or None when it can."""
    if reserved_by_windows(value):
        return f"'{value}' is a name Windows reserves for a device, so the site could not be checked out or built there"
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value)} characters long, over the {MAX_ID_LENGTH} an id may have (file names have a length limit)"
    return None


def id_from(text: str, fallback: str) -> str:
    """An id made from free text (a name): its slug, with ``-<fallback>`` after a name Windows keeps for a device."""
    made = slugify(text, fallback)
    return f"{made}-{fallback}" if reserved_by_windows(made) else made


def unique_id(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not ``taken``, within ``MAX_ID_LENGTH``.

    Always ends: among ``len(taken) + 1`` numbers one is free. ``base`` follows the id rule.
    """
    if base not in taken and len(base) <= MAX_ID_LENGTH:
        return base
    numbered = (base[: MAX_ID_LENGTH - len(f"-{n}")].rstrip("-") + f"-{n}" for n in range(2, len(taken) + 3))
    return next(candidate for candidate in numbered if candidate not in taken)
