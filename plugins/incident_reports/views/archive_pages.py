"""The archive (incidents/): the index, one page per filter value, one page per report."""

from __future__ import annotations

from .context import Output, SiteContext


def render(ctx: SiteContext) -> list[Output]:
    """Not built yet."""
    return []
