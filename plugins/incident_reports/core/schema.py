"""The report format, schema version 1, as pydantic models.

These models are the single definition of a report's shape: the validator
checks each field against them and the published JSON Schema is generated
from them. Rules that involve several fields, the configuration or the
service catalogue (stages, order, kinds) live in ``rules``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from .timestamps import TimestampError, parse_date, parse_timestamp

SCHEMA_VERSION = 1

Kind = Literal["incident", "maintenance", "exercise"]
IncidentStatus = Literal["investigating", "identified", "monitoring", "resolved"]
MaintenanceStatus = Literal["scheduled", "in_progress", "verifying", "completed", "cancelled"]
Status = Literal[
    "investigating", "identified", "monitoring", "resolved",
    "scheduled", "in_progress", "verifying", "completed", "cancelled",
]
Stage = Literal["draft", "initial", "final", "reviewed"]
Visibility = Literal["public", "internal"]
Impact = Literal["none", "degraded_performance", "partial_outage", "major_outage"]
DetectedBy = Literal["alert", "user", "staff", "supplier", "other"]
ActionStatus = Literal["open", "in_progress", "done", "wont_do"]
ActionType = Literal["technical", "organisational"]

INCIDENT_STATUSES: tuple[str, ...] = get_args(IncidentStatus)
MAINTENANCE_STATUSES: tuple[str, ...] = get_args(MaintenanceStatus)
STAGES: tuple[str, ...] = get_args(Stage)
IMPACTS: tuple[str, ...] = get_args(Impact)
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
#: An update's explicit id (e.g. kept from an imported history).
UPDATE_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


def _text(value: Any) -> str:
    """Plain text; YAML's non-text readings (``no``, ``10:30``) are reported, never coerced."""
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("empty_text", "is empty; write the text or remove the key")
        return value
    raise PydanticCustomError("not_text", "must be text", {"got": value})


def _timestamp(value: Any, info: ValidationInfo) -> datetime:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("not_timestamp", "must be a timestamp like 2026-03-05T13:52:00Z", {"got": value})
    context = info.context or {}
    try:
        return parse_timestamp(value, context.get("assume_zone"), context.get("hint_zone"))
    except TimestampError as exc:
        raise PydanticCustomError("bad_timestamp", str(exc)) from None


def _date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("not_date", "must be a date like 2026-03-05", {"got": value})
    try:
        return parse_date(value)
    except TimestampError as exc:
        raise PydanticCustomError("bad_date", str(exc)) from None


def _zone(value: Any) -> str:
    """An IANA timezone name this machine knows (``Europe/London``, ``America/Los_Angeles``)."""
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("not_zone", "must be an IANA timezone name like Europe/London", {"got": value})
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "bad_zone", "'{got}' is not an IANA timezone name; write one like Europe/London or America/Los_Angeles",
            {"got": value},
        ) from None
    return value


def _update_id(value: Any) -> str:
    """An update's explicit id: letters, digits, ``_`` and ``-``, at most 64 characters."""
    text = _text(value) if not isinstance(value, int) or isinstance(value, bool) else str(value)
    if not re.fullmatch(UPDATE_ID_PATTERN, text):
        raise PydanticCustomError(
            "bad_update_id",
            "'{got}' is not a valid update id; use at most 64 letters, digits, '_' and '-' (e.g. k7m2x9q1w3)",
            {"got": text},
        )
    return text


def _statuspage_id(value: Any) -> str:
    """An incident's id on Statuspage (or a page that publishes its API), kept when its history was imported."""
    text = _text(value) if not isinstance(value, int) or isinstance(value, bool) else str(value)
    if not re.fullmatch(UPDATE_ID_PATTERN, text):
        raise PydanticCustomError(
            "bad_statuspage_id",
            "'{got}' is not a Statuspage incident id; write the id the page's API gave the incident "
            "(at most 64 letters, digits, '_' and '-'), like p4gkz1b9r3nd",
            {"got": text[:80]},
        )
    return text


def _feed_id(value: Any) -> str:
    """A feed entry id kept from another tool: a URI, without spaces."""
    text = _text(value)
    if len(text) > 500 or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:\S+", text):
        raise PydanticCustomError(
            "bad_feed_id",
            "'{got}' is not a feed entry id; write the URI the old feed gave the entry "
            "(at most 500 characters, no spaces), like tag:status.example.com,2005:Incident/12345678",
            {"got": text[:80]},
        )
    return text


def _markdown_or_list(value: Any) -> str | list[str]:
    """Markdown text, or a list of Markdown texts (one point each)."""
    if isinstance(value, list):
        if not value:
            raise PydanticCustomError("empty_list", "is an empty list; write at least one point or remove the key")
        return [_text(item) for item in value]
    return _text(value)


def _impact_or_map(value: Any) -> str | dict[str, str]:
    """An impact level, or a map of service id to impact level."""
    if isinstance(value, str):
        if value not in IMPACTS:
            raise PydanticCustomError("bad_impact", "must be one of {allowed}", {"allowed": ", ".join(IMPACTS), "got": value})
        return value
    if isinstance(value, dict):
        return _impact_map(value)
    raise PydanticCustomError("bad_impact", "must be an impact level or a map of service id to impact level")


def _impact_map(value: dict[Any, Any]) -> dict[str, str]:
    """A map of service id to impact level."""
    for service, level in value.items():
        if level not in IMPACTS:
            raise PydanticCustomError(
                "bad_impact", "{service}: must be one of {allowed}",
                {"service": service, "allowed": ", ".join(IMPACTS), "got": level},
            )
    return dict(value)


def _services(value: Any) -> list[str] | dict[str, str]:
    """A list of service ids, or a map of service id to impact level (empty: the service as a whole)."""
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, str):
                raise PydanticCustomError("bad_service", "must list service ids as text", {"got": item})
        return list(value)
    if isinstance(value, dict):
        return _impact_map(value)
    raise PydanticCustomError("bad_services", "must be a list of service ids or a map of service id to impact")


#: A BCP 47 language tag: a language, then optional script, region or variant parts (``cy``, ``en-GB``, ``sr-Latn``).
LANGUAGE_TAG_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


def _language_tag(value: Any) -> str:
    """The language a report is written in, as a BCP 47 tag."""
    if isinstance(value, str) and re.fullmatch(LANGUAGE_TAG_PATTERN, value):
        return value
    raise PydanticCustomError(
        "bad_language", "is not a language tag; write a BCP 47 tag such as cy, en or en-GB", {"got": value},
    )


Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Markdown = Annotated[
    str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1, "contentMediaType": "text/markdown"})
]
Name = Text
UpdateId = Annotated[str, BeforeValidator(_update_id), WithJsonSchema({"type": "string", "pattern": UPDATE_ID_PATTERN})]
StatuspageId = Annotated[
    str, BeforeValidator(_statuspage_id), WithJsonSchema({"type": "string", "pattern": UPDATE_ID_PATTERN}),
]
FeedId = Annotated[str, BeforeValidator(_feed_id), WithJsonSchema({"type": "string", "format": "uri", "maxLength": 500})]
Zone = Annotated[str, BeforeValidator(_zone), WithJsonSchema({"type": "string", "description": "IANA timezone name"})]
MarkdownOrList = Annotated[
    str | list[str], BeforeValidator(_markdown_or_list),
    WithJsonSchema({"oneOf": [
        {"type": "string", "minLength": 1, "contentMediaType": "text/markdown"},
        {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1, "contentMediaType": "text/markdown"}},
    ]}),
]
Slug = Annotated[str, BeforeValidator(_text), Field(pattern=SLUG_PATTERN)]
Timestamp = Annotated[
    datetime, BeforeValidator(_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time", "description": "RFC 3339 with a UTC offset"}),
]
Day = Annotated[date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
_IMPACT_SCHEMA: dict[str, Any] = {"type": "string", "enum": list(IMPACTS)}
ImpactOrMap = Annotated[
    str | dict[str, str], BeforeValidator(_impact_or_map),
    WithJsonSchema({"oneOf": [_IMPACT_SCHEMA, {"type": "object", "additionalProperties": _IMPACT_SCHEMA}]}),
]
ServiceList = Annotated[
    list[str] | dict[str, str], BeforeValidator(_services),
    WithJsonSchema({"oneOf": [
        {"type": "array", "items": {"type": "string", "pattern": SLUG_PATTERN}},
        {"type": "object", "additionalProperties": _IMPACT_SCHEMA},
    ]}),
]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Update(_Part):
    """A public status update; its message is Markdown."""

    at: Timestamp
    status: Status
    message: Markdown
    impact: ImpactOrMap | None = None
    id: UpdateId | None = None


class Lessons(_Part):
    """What the postmortem learnt: what went well, what went wrong, where the team got lucky."""

    went_well: MarkdownOrList | None = None
    went_wrong: MarkdownOrList | None = None
    got_lucky: MarkdownOrList | None = None


class TimelineEntry(_Part):
    """An internal record of who did what, and when."""

    at: Timestamp
    event: Markdown
    by: Name | None = None


class Notification(_Part):
    """Someone who was told of the incident, and when."""

    who: Name
    at: Timestamp


class Action(_Part):
    """A follow-up action; every action has an owner."""

    title: Text
    owner: Name
    due: Day | None = None
    status: ActionStatus
    done_on: Day | None = None
    ticket: Text | None = None
    type: ActionType | None = None


class Review(_Part):
    """The postmortem meeting."""

    date: Day
    attendees: list[Name] = Field(min_length=1)
    facilitator: Name | None = None
    notes: Markdown | None = None


class Report(_Part):
    """A report's front-matter, schema version 1."""

    model_config = ConfigDict(
        extra="forbid", frozen=True,
        json_schema_extra={"$comment": "Incident report front-matter, schema version 1"},
    )

    id: Slug | None = None
    title: Text
    kind: Kind = "incident"
    severity: Text | None = None
    category: Text | None = None
    categories: list[Text] = []
    status: Status | None = None
    stage: Stage = "draft"
    visibility: Visibility
    report_public: StrictBool = False
    services: ServiceList = []
    impact: Impact | None = None
    started: Timestamp | None = None
    detected: Timestamp | None = None
    detected_by: DetectedBy | None = None
    mitigated: Timestamp | None = None
    resolved: Timestamp | None = None
    scheduled_for: Timestamp | None = None
    scheduled_until: Timestamp | None = None
    summary: Text | None = None
    what_to_do: Markdown | None = None
    updates: list[Update] = []
    feed_id: FeedId | None = None
    statuspage_id: StatuspageId | None = None
    lead: Name | None = None
    comms_lead: Name | None = None
    responders: list[Name] = []
    authors: list[Name] = []
    notified: list[Notification] = []
    user_impact: Markdown | None = None
    users_affected: Annotated[StrictInt, Field(ge=0)] | None = None
    users_affected_text: Text | None = None
    timezone: Zone | None = None
    lessons: Lessons | None = None
    timeline: list[TimelineEntry] = []
    questions: list[Text] = []
    trigger: Markdown | None = None
    root_cause: Markdown | None = None
    resolution: Markdown | None = None
    contributing_factors: list[Markdown] = []
    actions: list[Action] | None = None
    review: Review | None = None
    related: list[Slug] = []
    tags: list[Text] = []
    extra: dict[str, Any] = {}
    language: Annotated[
        str, BeforeValidator(_language_tag), WithJsonSchema({"type": "string", "pattern": LANGUAGE_TAG_PATTERN}),
    ] | None = None


#: The model of each nested part, by the report field that holds it (for messages).
PARTS: dict[str, type[BaseModel]] = {
    "updates": Update, "timeline": TimelineEntry, "notified": Notification,
    "actions": Action, "review": Review, "lessons": Lessons,
}


def report_categories(report: Report) -> list[str]:
    """Every category a report names, through ``category`` or ``categories``."""
    return [report.category] if report.category else list(report.categories)


def service_ids(services: list[str] | dict[str, str]) -> list[str]:
    """The service ids a ``services`` value lists, in order."""
    return list(services)
