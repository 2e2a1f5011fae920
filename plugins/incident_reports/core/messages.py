"""Turning pydantic's validation errors into messages a colleague would write."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from .yaml_source import FieldPath, Scalar


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when ``word`` is close to one of ``choices``, else ``''``."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def yaml_reading(value: Any, scalar: Scalar | None) -> str:
    """Explain what YAML made of an unquoted value, e.g. ``'no' was read as false``."""
    if scalar is None or scalar.quoted:
        return ""
    if isinstance(value, bool):
        return f"'{scalar.source}' was read as {str(value).lower()}, not text; put it in quotes: \"{scalar.source}\""
    if isinstance(value, (int, float)):
        return f"'{scalar.source}' was read as the number {value}, not text; put it in quotes: \"{scalar.source}\""
    if value is None:
        return "is empty; write a value or remove the key"
    return ""


def translate(error: Mapping[str, Any], scalar: Scalar | None, allowed_keys: Iterable[str]) -> str:
    """One pydantic error dict as a readable message."""
    kind = error["type"]
    value = error.get("input")
    context = error.get("ctx") or {}
    if kind in ("not_text", "string_type", "not_timestamp", "not_date"):
        reading = yaml_reading(value, scalar)
        expected = {"not_timestamp": "a timestamp like 2026-03-05T13:52:00Z", "not_date": "a date like 2026-03-05"}.get(kind)
        if reading and expected:
            return reading.split(";")[0] + f"; write {expected}"
        return reading or error["msg"]
    if kind == "literal_error":
        allowed = context.get("expected", "")
        return f"'{value}' is not one of {allowed}" + did_you_mean(value, _literals(allowed))
    if kind == "bad_impact":
        got = context.get("got")
        message: str = error["msg"]
        return message + (f" (got '{got}')" if got is not None else "") + did_you_mean(got, _literals(context.get("allowed", "")))
    if kind == "extra_forbidden":
        key = error["loc"][-1]
        keys = sorted(allowed_keys)
        hint = did_you_mean(key, keys) or f"; allowed here: {', '.join(keys)}"
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return "is required"
    if kind == "list_type":
        return "must be a list (one item per line, each starting with '- ')" + _got(value, scalar)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a map of keys and values" + _got(value, scalar)
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false" + _got(value, scalar)
    if kind in ("int_type", "int_parsing"):
        return "must be a whole number" + _got(value, scalar)
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id; use lowercase letters, digits and hyphens (e.g. card-payments)"
    if kind == "too_short":
        return "must have at least one entry"
    if kind == "greater_than_equal":
        return f"must be {context.get('ge')} or more"
    return str(error["msg"])


def _literals(expected: str) -> list[str]:
    return [part.strip(" '\"") for part in expected.replace(" or ", ", ").split(",") if part.strip()]


def _got(value: Any, scalar: Scalar | None) -> str:
    if scalar is not None:
        return f" (got '{scalar.source}')"
    if isinstance(value, (list, dict)):
        return f" (got a {'list' if isinstance(value, list) else 'map'})"
    return ""


def over_cap(length: int, cap: int, what: str, option: str) -> str:
    """``is 30,512 characters long, over the 20,000 an update message may have; ...``: text longer than its cap."""
    return f"is {length:,} characters long, over the {cap:,} {what} may have; shorten it or raise the option {option}"


def join_path(path: FieldPath) -> str:
    """``('updates', 2, 'status')`` as ``updates[2].status``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
