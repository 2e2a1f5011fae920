"""RSS and Atom feeds, issue 4."""

from __future__ import annotations

from .context import Output, SiteContext


def render(ctx: SiteContext) -> list[Output]:
    """Not built yet."""
    return []
