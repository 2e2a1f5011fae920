"""The Statuspage v2 API (api/v2/), issue 4."""

from __future__ import annotations

from .context import Output, SiteContext


def render(ctx: SiteContext) -> list[Output]:
    """Not built yet."""
    return []
