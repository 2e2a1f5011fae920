"""Validating one report: each field against the model, then the rules across fields."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

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
#: The report's fields, looked up once: ``model_fields`` is a slow class property in pydantic.
_FIELDS = Report.model_fields


def _allowed_keys(loc: FieldPath) -> Iterable[str]:
    """The keys allowed in the map at ``loc`` (for did-you-mean on unknown keys)."""
    model = PARTS.get(str(loc[0])) if loc else Report
    return model.model_fields if model is not None else ()


def validate_report(
    source: SourceReport, settings: Settings, catalogue: Catalogue, now: datetime
) -> tuple[Report | None, list[Problem]]:
    """Check a parsed report; return the report when it has no errors, and every problem found."""
    values, problems = check_report(source, settings, catalogue, now)
    if values is None:
        return None, problems
    return Report.model_construct(**values), problems


def check_report(
    source: SourceReport, settings: Settings, catalogue: Catalogue, now: datetime
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """``validate_report`` without building the report: its checked values (id always set) when it has no errors."""
    parsed = source.front
    data: dict[str, Any] = parsed.value
    problems: list[Problem] = []
    # A report's own timezone is where its offset-less times are read when the site allows them, else only a hint.
    own_zone = _hint_zone(data)
    parse_context = {"assume_zone": (own_zone or settings.timezone) if settings.assume_timezone else None, "hint_zone": own_zone}
    # Most reports are valid: one check of all their fields at once, and field by field only to place mistakes.
    values = _checked_at_once(data, parse_context)
    if values is None:
        values = _checked_field_by_field(source, parse_context, problems)
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
    return values, problems


def _hint_zone(data: dict[str, Any]) -> str | None:
    """The report's own ``timezone``, when it names one this machine knows (for the hint on offset-less times)."""
    zone = data.get("timezone")
    if not isinstance(zone, str):
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return zone


def _checked_at_once(data: dict[str, Any], context: dict[str, Any]) -> dict[str, Any] | None:
    """The given fields' checked values, when every key is known and the whole report passes; else None."""
    if not _FIELDS.keys() >= data.keys():
        return None
    given = {key: value for key, value in data.items() if value is not None}
    try:
        report = Report.model_validate(given, context=context)
    except ValidationError:
        return None
    # pydantic keeps a model's field values in its __dict__: read there, without an attribute look-up each.
    fields = report.__dict__
    return {key: fields[key] for key in given}


def _checked_field_by_field(source: SourceReport, context: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """Each field checked on its own, every mistake placed on its line; the values that passed."""
    parsed = source.front
    values: dict[str, Any] = {}
    for key, value in parsed.value.items():
        if key not in _FIELDS:
            hint = did_you_mean(key, _FIELDS) or "; custom data goes under extra:"
            problems.append(Problem(source.path, parsed.line_of((key,)), key, f"unknown key{hint}"))
            continue
        if value is None:  # an empty value is the same as leaving the key out
            continue
        checked, found = check_value(field_adapter(Report, key), value, parsed, source.path, (key,), _allowed_keys, context)
        problems += found
        if not found:
            values[key] = checked
    return values
