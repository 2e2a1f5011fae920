"""Checking values against the pydantic models, with every error placed on its line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .messages import join_path, translate
from .problems import Problem
from .yaml_source import FieldPath, ParsedYaml

AllowedKeys = Callable[[FieldPath], Iterable[str]]


def field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator for one field of ``model`` (slow to build: make each once, see ``validate.FIELD_ADAPTERS``)."""
    info = model.model_fields[name]
    # An annotation put together at run time is a typing form no static type describes.
    annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def check_value(
    adapter: TypeAdapter[Any],
    value: Any,
    parsed: ParsedYaml,
    path: str,
    prefix: FieldPath,
    allowed_keys: AllowedKeys,
    context: dict[str, Any] | None = None,
) -> tuple[Any, list[Problem]]:
    """Validate ``value`` (found at ``prefix``); return the parsed value or the problems."""
    try:
        return adapter.validate_python(value, context=context), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = prefix + tuple(part for part in error["loc"] if isinstance(part, (str, int)))
            # A missing key has no line of its own: point at the map that lacks it.
            line = parsed.line_of(loc)
            message = translate(error, parsed.scalars.get(loc), allowed_keys(loc[:-1]))
            problems.append(Problem(path, line, join_path(loc), message))
        return None, problems
