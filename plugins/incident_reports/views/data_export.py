"""The internal build's full data set (``incidents.json``): every valid report, every field, for other tools."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from functools import partial
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
    # The largest output of a large archive: made only when it is written.
    return [Output(EXPORT_PATH, partial(export_text, ctx))]


def export_text(ctx: SiteContext) -> Iterator[str]:
    """The data set as JSON text, a report at a time.

    Sorted keys and no ASCII escaping: stable bytes that diff well between builds. The
    text is exactly ``json.dumps(data, indent=2, sort_keys=True)``; each report is
    written out on its own, so the whole data set is never in memory at once.
    """
    records = ctx.archive.records
    data = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": ctx.now,
        "site": {
            "name": ctx.settings.site_name, "url": ctx.settings.site_url,
            "id_authority": ctx.id_authority, "timezone": ctx.settings.timezone,
        },
        "services": [group.model_dump(mode="json") for group in ctx.archive.catalogue.groups],
        "reports": [],
    }
    text = _json(data)
    if not records:
        yield text + "\n"
        return
    # Keys are sorted and strings escape their quotes, so the first '"reports": []' is the key's.
    before, after = text.split(f"{_REPORTS_KEY}[]", 1)
    yield before + _REPORTS_KEY + "[\n"
    for index, record in enumerate(records):
        yield ("" if index == 0 else ",\n") + _kept_report_text(ctx, record)
    yield "\n  ]" + after + "\n"


def _kept_report_text(ctx: SiteContext, record: Record) -> str:
    """A report's item of the data set; under ``mkdocs serve``, the last build's while the report and "now" are unchanged.

    The same report object is only reused while its file, the settings and the catalogue are unchanged
    (``ReportCache``), and is held with the text, so its ``id`` stays its own.
    """
    # A report is an item of a list two levels deep: every line indented by 4 more spaces.
    key = ("data set report", ctx.now)
    return ctx.renderer.kept_for(record.report, key, lambda: textwrap.indent(_json(report_data(ctx, record)), "    "))


_REPORTS_KEY = '"reports": '


def _json(data: Any) -> str:
    """Indented JSON with sorted keys and no ASCII escaping."""
    return json.dumps(to_jsonable_python(data), indent=2, sort_keys=True, ensure_ascii=False)


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
        "update_ids": record.update_ids,
        "active": record.active,
        "public": record.public,
        "updated": record.updated,
        "url": ctx.url(report_path(record.id)),
        "tag_uri": ctx.tag_uri(record.id),
    }
    return data
