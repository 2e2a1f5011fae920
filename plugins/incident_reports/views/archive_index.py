"""The small JSON index that lets the archive's form combine filters in the browser.

It holds only what the build's list pages already show (in the public build,
public fields only), with each report's filter values as the filter pages' slugs.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from .archive_entries import ARCHIVE, Entry
from .archive_facets import Choice, Facet
from .context import Output, SiteContext

INDEX_PATH = f"{ARCHIVE}/archive-index.json"


def archive_index(ctx: SiteContext, entries: dict[str, Entry], filters: tuple[tuple[Facet, list[Choice]], ...]) -> Output:
    """``incidents/archive-index.json``: the filters with their values, and each report's values, newest first."""
    values: dict[str, dict[str, list[str]]] = {report_id: {} for report_id in entries}
    for facet, facet_choices in filters:
        for choice in facet_choices:
            for record in choice.records:
                values[record.id].setdefault(facet.name, []).append(choice.slug)
    data: dict[str, Any] = {
        "filters": [
            {"name": facet.name, "label": facet.label, "choices": [{"slug": c.slug, "label": c.label} for c in facet_choices]}
            for facet, facet_choices in filters
        ],
        "reports": [
            {
                "id": e.id, "title": e.title, "date": e.date, "kind": e.kind,
                "status": e.status.label, "icon": e.status.icon, "values": values[e.id],
            }
            for e in entries.values()
        ],
    }
    return Output(INDEX_PATH, partial(compact_json, data))


def compact_json(data: object) -> str:
    """The filter index as compact JSON with stable key order."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
