"""Every view of the site, in one list: each module has ``render(ctx) -> list[Output]`` and decides for
itself whether it has anything for the audience (insights, for one, is internal only)."""

from __future__ import annotations

from collections.abc import Callable

from . import (
    action_register,
    api,
    archive_pages,
    assets,
    badge,
    calendar,
    data_export,
    feeds,
    incident_feeds,
    insights,
    json_schema,
    status_page,
)
from .context import Output, SiteContext

View = Callable[[SiteContext], list[Output]]

VIEWS: tuple[View, ...] = (
    assets.render,
    archive_pages.render,
    status_page.render,
    feeds.render,
    incident_feeds.render,
    calendar.render,
    api.render,
    badge.render,
    data_export.render,
    action_register.render,
    insights.render,
    json_schema.render,
)


def render_site(ctx: SiteContext) -> list[Output]:
    """Every output of every view, in a stable order; two views writing one path is a bug."""
    outputs: dict[str, Output] = {}
    for view in VIEWS:
        for output in view(ctx):
            if output.path in outputs:
                raise ValueError(f"two views write {output.path}")
            outputs[output.path] = output
    return [outputs[path] for path in sorted(outputs)]
