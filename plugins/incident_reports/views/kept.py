"""What ``mkdocs serve`` keeps of one build's renderings for the next: Markdown texts and report pages.

The plugin owns the one ``KeptRenderings`` of a serve session and hands it to each build's renderer;
a one-off build keeps nothing (``kept`` is None).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class KeptRenderings:
    """What this build and the one before rendered.

    A rebuild after one report's edit renders every page again to find which
    changed; almost everything in them is what the last build rendered. What the
    last build did not use is dropped, so the memory held stays that of one build.
    """

    def __init__(self) -> None:
        self.current: dict[Hashable, Any] = {}
        self.previous: dict[Hashable, Any] = {}

    def next_build(self) -> None:
        """Start a build: what the last one rendered may be reused, the rest is dropped."""
        self.previous, self.current = self.current, {}

    def forget(self) -> None:
        """Drop everything (a template changed)."""
        self.previous, self.current = {}, {}

    def get(self, key: Hashable) -> Any:
        """What was rendered for ``key`` in this build or the last (then kept for this one too), or None."""
        found = self.current.get(key)
        if found is None:
            found = self.previous.get(key)
            if found is not None:
                self.current[key] = found
        return found


def kept_or_made(kept: KeptRenderings | None, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``; with renderings ``kept`` (``mkdocs serve``), what it made for ``key`` in this build or the last if any."""
    if kept is None:
        return make()
    # What is kept for a key is what ``make`` made for it.
    found: T | None = kept.get(key)
    if found is None:
        found = kept.current[key] = make()
    return found
