"""The small JSON index that lets the archive's form combine filters in the browser, and the form's words.

It holds only what the build's list pages already show (in the public build,
public fields only), with each report's filter values as the filter pages' slugs.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .archive_entries import ARCHIVE, Entry
from .archive_facets import Choice, Facet
from .context import Output, SiteContext
from .i18n import Language

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
                "status": e.status.label, "state": e.status.key, "values": values[e.id],
            }
            for e in entries.values()
        ],
    }
    return Output(INDEX_PATH, partial(compact_json, data))


def form_words(language: Language) -> Markup:
    """The words static/archive.js writes, in the page's language, as compact JSON for an attribute."""
    words = language.catalogue
    return htmlsafe_json_dumps({
        "matches": language.plural_forms(lambda n: words.ngettext(
            "%(count)s report matches the chosen filters.", "%(count)s reports match the chosen filters.", n)),
        "all": language.plural_forms(lambda n: words.ngettext(
            "No filter is chosen: %(count)s report.", "No filter is chosen: all %(count)s reports.", n)),
        "more": language.plural_forms(lambda n: words.ngettext("Show %(count)s more", "Show %(count)s more", n)),
        "loading": language.gettext("Loading…"),
        "failed": language.gettext("The filters could not be loaded; use the links above instead."),
    }, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def compact_json(data: object) -> str:
    """The filter index as compact JSON with stable key order."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
