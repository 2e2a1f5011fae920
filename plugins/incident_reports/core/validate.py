"""Validating one report: each field against the model, then the rules across fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from .catalogue import Catalogue
from .fields import check_value, field_adapter
from .ids import ID, MAX_ID_LENGTH, id_rule_problem, reserved_by_windows
from .loader import SourceReport, describe_character
from .messages import did_you_mean, over_cap
from .problems import Level, Problem
from .rules import RULES, RuleContext
from .schema import PARTS, Report
from .settings import Settings
from .yaml_source import FieldPath

#: Names the archive uses for its own pages and files under incidents/: its index, its search
#: index (archive-index.json), and the folders of its filters and pagination.
RESERVED_IDS = frozenset({
    "index", "archive-index", "year", "service", "impact", "kind", "severity", "status", "stage", "lead", "page",
})
#: The report's fields, looked up once: ``model_fields`` is a slow class property in pydantic.
_FIELDS = Report.model_fields
#: A validator for each field, to place each mistake on its line (built once, when the module loads: 5 ms).
FIELD_ADAPTERS = MappingProxyType({name: field_adapter(Report, name) for name in _FIELDS})


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
    if "id" not in data and not ID.fullmatch(source.stem):
        problems.append(Problem(
            source.path, 1, "id",
            f"the file name '{source.stem}' is not a valid id; rename the file (lowercase, digits, hyphens) or add id:",
        ))
    report_id = values.get("id", source.stem)
    problems += id_problems(report_id, source.path, parsed.line_of(("id",)) if "id" in data else 1)
    if "id" in data:  # else the file name is the id, checked just above
        problems += file_name_problems(source.stem, source.path)
    rule_context = RuleContext(source.path, values, parsed, settings, catalogue, now, problems, report_id)
    for rule in RULES:
        rule(rule_context)
    if len(source.body) > settings.max_body_chars:
        too_long = over_cap(len(source.body), settings.max_body_chars, "a body", "max_body_chars")
        problems.append(Problem(source.path, source.body_line, "", f"the body below the front-matter {too_long}"))
    if any(p.level is Level.ERROR for p in problems):
        return None, problems
    values.setdefault("id", source.stem)
    return values, problems


def id_problems(report_id: str, path: str, line: int) -> list[Problem]:
    """Ids the site cannot give a page of its own: its own pages' names, names Windows reserves, over-long ids."""
    if report_id in RESERVED_IDS:
        return [Problem(
            path, line, "id",
            f"'{report_id}' is reserved for the archive's own pages and files; choose another id (e.g. 2026-03-05-{report_id})",
        )]
    why = id_rule_problem(report_id)
    if why is None:
        return []
    fix = "shorten it: the date and a few words are enough" if len(report_id) > MAX_ID_LENGTH else (
        f"choose another id (e.g. 2026-03-05-{report_id})"
    )
    return [Problem(path, line, "id", f"{why}; {fix}")]


def file_name_problems(stem: str, path: str) -> list[Problem]:
    """A report file's own name: one Windows reserves, or too long (whatever id the report gives)."""
    if not stem.isprintable():  # controls, line breaks, bidi controls and unassigned characters alike
        char = next(char for char in stem if not char.isprintable())
        return [Problem(
            path, 1, "", f"the file name holds {describe_character(char)}; rename the file (lowercase, digits, hyphens)"
        )]
    base = stem.split(".")[0].rstrip(" ").casefold()
    if reserved_by_windows(stem):
        return [Problem(
            path, 1, "",
            f"the file name '{stem}' is reserved by Windows for a device; rename the file (e.g. 2026-03-05-{base}.md)",
        )]
    if len(stem) > MAX_ID_LENGTH:
        return [Problem(
            path, 1, "",
            f"the file name is {len(stem)} characters long, over the {MAX_ID_LENGTH} allowed; "
            "rename the file to something shorter",
        )]
    return []


def case_clashes(files: Sequence[Path], name: Callable[[Path], str]) -> list[Problem]:
    """Report files whose paths differ only in case (one file on macOS and Windows, which cannot check out both).

    ``name`` says how a problem names a file; it is called only for the few that clash.
    """
    first: dict[str, Path] = {}
    problems: list[Problem] = []
    for file in files:
        folded = str(file).casefold()
        if folded in first:
            problems.append(Problem(
                name(file), 1, "",
                f"differs from {name(first[folded])} only in upper and lower case; "
                "macOS and Windows see one file: rename one of them",
            ))
        first.setdefault(folded, file)
    return problems


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
        checked, found = check_value(FIELD_ADAPTERS[key], value, parsed, source.path, (key,), _allowed_keys, context)
        problems += found
        if not found:
            values[key] = checked
    return values
