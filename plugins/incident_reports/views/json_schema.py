"""The JSON Schema of the report front-matter, published for other tools."""

from __future__ import annotations

import json
from typing import Any

from ..core.schema import Report
from ..core.settings import Settings
from .context import Output, SiteContext

SCHEMA_PATH = "schema/incident-report.schema.json"


def report_schema(settings: Settings) -> dict[str, Any]:
    """The model's JSON Schema, with the configured severities and categories as enums."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Incident report front-matter (schema version 1)"
    properties = schema["properties"]
    for name, allowed in (("severity", settings.severities), ("category", settings.categories)):
        properties[name] = {"anyOf": [{"type": "string", "enum": list(allowed)}, {"type": "null"}], "default": None}
    return schema


def render(ctx: SiteContext) -> list[Output]:
    """The schema file, in both builds (it holds no report data)."""
    text = json.dumps(report_schema(ctx.settings), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return [Output(SCHEMA_PATH, text)]
