"""Insights (insights/), issue 6."""

from __future__ import annotations

from .context import Output, SiteContext


def render(ctx: SiteContext) -> list[Output]:
    """Not built yet."""
    return []
