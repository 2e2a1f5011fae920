"""The internal build's full data set (``incidents.json``): every valid report, every field, for other tools."""

from __future__ import annotations

import json
from typing import Any

from pydantic_core import to_jsonable_python

from ..core.model import Record
from ..core.schema import SCHEMA_VERSION
from .context import Output, SiteContext
from .report_facts import report_path

EXPORT_PATH = "incidents.json"


def render(ctx: SiteContext) -> list[Output]:
    """The data set, internal build only (it holds every internal field and report)."""
    if ctx.public:
        return []
    data = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": ctx.now,
        "site": {
            "name": ctx.settings.site_name, "url": ctx.settings.site_url,
            "id_authority": ctx.id_authority, "timezone": ctx.settings.timezone,
        },
        "services": [group.model_dump(mode="json") for group in ctx.archive.catalogue.groups],
        "reports": [report_data(ctx, record) for record in ctx.archive.records],
    }
    # Sorted keys and no ASCII escaping: stable bytes that diff well between builds.
    text = json.dumps(to_jsonable_python(data), indent=2, sort_keys=True, ensure_ascii=False)
    return [Output(EXPORT_PATH, text + "\n")]


def report_data(ctx: SiteContext, record: Record) -> dict[str, Any]:
    """A report's front-matter as written (defaults filled in), its body, and what the build derived from it."""
    data = record.report.model_dump(mode="json")
    data["source"] = record.source
    data["body"] = record.body
    data["derived"] = {
        "status": record.status,
        "resolved": record.resolved,
        "impact": record.impact,
        "peak_impact": record.peak_impact,
        "current_impacts": record.current_impacts,
        "impact_periods": [{"start": p.start, "impacts": p.impacts} for p in record.periods],
        "active": record.active,
        "public": record.public,
        "updated": record.updated,
        "url": ctx.url(report_path(record.id)),
        "tag_uri": ctx.tag_uri(record.id),
    }
    return data
