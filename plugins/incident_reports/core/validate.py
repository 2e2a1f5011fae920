"""Validating one report: each field against the model, then the rules across fields."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Iterable

from .catalogue import Catalogue
from .fields import check_value, field_adapter
from .loader import SourceReport
from .messages import did_you_mean
from .problems import Level, Problem
from .rules import RULES, RuleContext
from .schema import PARTS, Report
from .settings import Settings
from .yaml_source import FieldPath

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
#: Ids the archive uses for its own pages under incidents/ (filters and pagination).
RESERVED_IDS = frozenset({"year", "service", "impact", "kind", "severity", "status", "stage", "lead", "page"})


def _allowed_keys(loc: FieldPath) -> Iterable[str]:
    """The keys allowed in the map at ``loc`` (for did-you-mean on unknown keys)."""
    model = PARTS.get(str(loc[0])) if loc else Report
    return model.model_fields if model is not None else ()


def validate_report(
    source: SourceReport, settings: Settings, catalogue: Catalogue, now: datetime
) -> tuple[Report | None, list[Problem]]:
    """Check a parsed report; return the report when it has no errors, and every problem found."""
    parsed = source.front
    data: dict[str, Any] = parsed.value
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    parse_context = {"assume_zone": settings.timezone if settings.assume_timezone else None}
    for key, value in data.items():
        if key not in Report.model_fields:
            hint = did_you_mean(key, Report.model_fields) or "; custom data goes under extra:"
            problems.append(Problem(source.path, parsed.line_of((key,)), key, f"unknown key{hint}"))
            continue
        if value is None:  # an empty value is the same as leaving the key out
            continue
        checked, found = check_value(field_adapter(Report, key), value, parsed, source.path, (key,), _allowed_keys, parse_context)
        problems += found
        if not found:
            values[key] = checked
    if "id" not in data and not _SLUG.fullmatch(source.stem):
        problems.append(Problem(
            source.path, 1, "id",
            f"the file name '{source.stem}' is not a valid id; rename the file (lowercase, digits, hyphens) or add id:",
        ))
    report_id = values.get("id", source.stem)
    if report_id in RESERVED_IDS:
        problems.append(Problem(
            source.path, parsed.line_of(("id",)), "id",
            f"'{report_id}' is reserved for the archive's own pages; choose another id (e.g. 2026-03-05-{report_id})",
        ))
    rule_context = RuleContext(source.path, values, parsed, settings, catalogue, now, problems)
    for rule in RULES:
        rule(rule_context)
    if any(p.level is Level.ERROR for p in problems):
        return None, problems
    values.setdefault("id", source.stem)
    return Report.model_construct(**values), problems
