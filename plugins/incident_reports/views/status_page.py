"""The status page (status/), issue 3."""

from __future__ import annotations

from .context import Output, SiteContext


def render(ctx: SiteContext) -> list[Output]:
    """Not built yet."""
    return []
