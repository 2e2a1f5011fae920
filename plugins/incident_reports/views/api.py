"""The Statuspage-compatible API (``api/v2/``): the same files in both builds, made from public data only."""

from __future__ import annotations

import json
from functools import partial

from .api_shapes import StatuspageApi
from .context import Output, SiteContext

API_DIR = "api/v2/"


def render(ctx: SiteContext) -> list[Output]:
    """``summary.json``, ``status.json``, ``components.json``, incidents and scheduled maintenances."""
    documents = StatuspageApi(ctx).documents()
    return [
        Output(API_DIR + path, partial(json_text, document)) for path, document in documents.items()
    ]


def json_text(document: object) -> str:
    """An API document as the indented JSON Statuspage serves."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
