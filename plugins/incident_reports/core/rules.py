"""Rules across fields: kinds, stages, order in time, services, the notification policy.

Each rule reads the fields that passed their own checks (``values``) and adds
problems; a field that failed its own check is simply absent here, so one
mistake is reported once and the other rules still run.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .catalogue import Catalogue
from .messages import did_you_mean, join_path, over_cap
from .model import update_ids
from .problems import Level, Problem
from .schema import INCIDENT_STATUSES, MAINTENANCE_STATUSES, STAGES
from .settings import Settings
from .yaml_source import FieldPath, ParsedYaml

#: How far in the future a recorded time may be (clocks differ a little).
CLOCK_SKEW = timedelta(minutes=10)


@dataclass
class RuleContext:
    """What a rule needs: the checked values, where they stand, and the world around them."""

    path: str
    values: dict[str, Any]
    parsed: ParsedYaml
    settings: Settings
    catalogue: Catalogue
    now: datetime
    problems: list[Problem]
    #: The report's id: its own ``id``, else its file's name.
    report_id: str = ""

    @property
    def kind(self) -> str:
        kind: str = self.values.get("kind", "incident")
        return kind

    @property
    def is_incident_like(self) -> bool:
        return self.kind in ("incident", "exercise")

    def add(self, loc: FieldPath, message: str, level: Level = Level.ERROR, at: FieldPath | None = None) -> None:
        """Record a problem in field ``loc``, on the line of ``at`` (default: of ``loc`` or its nearest parent)."""
        line = self.parsed.line_of(loc if at is None else at)
        self.problems.append(Problem(self.path, line, join_path(loc), message, level))

    def present(self, key: str) -> bool:
        """Whether the key was written with a value (valid or not); an empty value counts as absent."""
        return self.parsed.value.get(key) is not None


Rule = Callable[[RuleContext], None]


def check_required(ctx: RuleContext) -> None:
    """Fields every report needs, and those its kind needs."""
    required = ["title", "visibility"]
    if ctx.is_incident_like:
        required += ["severity", "started"]
    if ctx.kind == "maintenance":
        required += ["scheduled_for", "scheduled_until"]
    if ctx.values.get("visibility") == "public":
        required.append("summary")
    for key in required:
        if not ctx.present(key):
            ctx.add((key,), f"is required{_for_kind(ctx, key)}")


def _for_kind(ctx: RuleContext, key: str) -> str:
    if key == "summary":
        return " for a public report (one paragraph for users)"
    if key in ("severity", "started"):
        return f" for an {ctx.kind}" if ctx.kind == "incident" or ctx.kind == "exercise" else ""
    if key.startswith("scheduled"):
        return " for a maintenance (its window)"
    return ""


def check_configured_values(ctx: RuleContext) -> None:
    """Severity and category come from the configuration, so they are checked here."""
    for key, allowed in (("severity", ctx.settings.severities), ("category", ctx.settings.categories)):
        value = ctx.values.get(key)
        if value is not None and value not in allowed:
            ctx.add((key,), f"'{value}' is not one of {', '.join(allowed)}" + did_you_mean(value, allowed))
    if ctx.kind == "maintenance" and ctx.values.get("severity") is not None:
        ctx.add(("severity",), "a maintenance has no severity; remove it")
    if ctx.values.get("report_public") and "security" in _categories(ctx.values):
        ctx.add(("report_public",), "a security report's narrative is never published; remove report_public or set it to false")
    if ctx.kind == "exercise" and ctx.values.get("visibility") == "public":
        ctx.add(("visibility",), "an exercise is never public; write visibility: internal")


def _categories(values: dict[str, Any]) -> list[str]:
    """The categories a report names, through ``category`` or ``categories``."""
    return [values["category"]] if values.get("category") else list(values.get("categories") or [])


def check_categories(ctx: RuleContext) -> None:
    """``categories`` names configured categories, each once, and stands instead of ``category``."""
    categories = ctx.values.get("categories") or []
    if categories and ctx.present("category"):
        ctx.add(("categories",), "a report has category or categories, not both; move the category into the categories list")
    allowed = ctx.settings.categories
    for index, value in enumerate(categories):
        if value not in allowed:
            ctx.add(("categories", index), f"'{value}' is not one of {', '.join(allowed)}" + did_you_mean(value, allowed))
        elif value in categories[:index]:
            ctx.add(("categories", index), f"'{value}' is listed twice; list each category once")


def check_update_ids(ctx: RuleContext) -> None:
    """Update ids are unique within the report, an explicit one against the others and against those derived for
    the updates without one (across reports, ``checking.check_identities``)."""
    updates = ctx.values.get("updates") or []
    if not any(update.id is not None for update in updates):
        return
    ids = update_ids(ctx.report_id, updates)
    derived = {update_id: index for index, update_id in enumerate(ids) if updates[index].id is None}
    seen: dict[str, int] = {}
    for index, update in enumerate(updates):
        if update.id is None:
            continue
        if update.id in seen:
            ctx.add(
                ("updates", index, "id"),
                f"'{update.id}' is already the id of updates[{seen[update.id]}]; every update needs its own id",
            )
        elif update.id in derived:
            ctx.add(
                ("updates", index, "id"),
                f"'{update.id}' is the id updates[{derived[update.id]}] takes from its time, as it has no id of its own; "
                "every update needs its own id: choose another, or give that update an id too",
            )
        seen.setdefault(update.id, index)


def check_status(ctx: RuleContext) -> None:
    """Statuses fit the kind; an incident's status follows its newest update."""
    allowed = MAINTENANCE_STATUSES if ctx.kind == "maintenance" else INCIDENT_STATUSES
    status = ctx.values.get("status")
    if status is not None and status not in allowed:
        ctx.add(("status",), f"'{status}' is not a status for a {ctx.kind}; use one of {', '.join(allowed)}")
    updates = ctx.values.get("updates") or []
    for index, update in enumerate(updates):
        if update.status not in allowed:
            ctx.add(
                ("updates", index, "status"),
                f"'{update.status}' is not a status for a {ctx.kind}; use one of {', '.join(allowed)}",
            )
    if ctx.is_incident_like and not ctx.present("status") and not ctx.present("updates"):
        ctx.add(("status",), f"is required when there are no updates; add status: investigating (one of {', '.join(allowed)})")
    if ctx.is_incident_like and status is not None and updates and updates[-1].status != status:
        ctx.add(
            ("status",),
            f"'{status}' differs from the newest update's status '{updates[-1].status}'; make them the same, or remove status",
        )
    if ctx.kind == "maintenance" and ctx.present("stage"):
        ctx.add(("stage",), "stage applies to incidents and exercises only; remove it from a maintenance")


def check_resolution(ctx: RuleContext) -> None:
    """``resolved`` is required once an incident is resolved, and forbidden before."""
    if not ctx.is_incident_like:
        return
    updates = ctx.values.get("updates") or []
    status = ctx.values.get("status") or (updates[-1].status if updates else None)
    has_resolved_update = any(u.status == "resolved" for u in updates)
    if status == "resolved" and not ctx.present("resolved") and not has_resolved_update:
        ctx.add(("status",), "the incident is resolved but has no resolved time; add resolved: <timestamp>")
    if status is not None and status != "resolved" and ctx.present("resolved"):
        ctx.add(("resolved",), f"the incident is still '{status}'; remove resolved until it is resolved")


def check_order(ctx: RuleContext) -> None:
    """Times follow each other as they must, and none lies in the future."""
    v = ctx.values
    pairs = [
        ("started", "mitigated"), ("mitigated", "resolved"), ("started", "resolved"),
        ("detected", "mitigated"), ("detected", "resolved"),
    ]
    for early, late in pairs:
        if v.get(early) and v.get(late) and v[late] < v[early]:
            ctx.add((late,), f"is before {early} ({_iso(v[early])}); {late} must come at or after {early}")
    if v.get("scheduled_for") and v.get("scheduled_until") and v["scheduled_until"] <= v["scheduled_for"]:
        ctx.add(("scheduled_until",), "must be after scheduled_for; the window ends after it starts")
    for key in ("updates", "timeline"):
        entries = v.get(key) or []
        for index in range(1, len(entries)):
            if entries[index].at < entries[index - 1].at:
                ctx.add(
                    (key, index, "at"), f"is before the entry above it ({_iso(entries[index - 1].at)}); keep {key} oldest first"
                )
    limit = ctx.now + CLOCK_SKEW
    for loc, moment in _recorded_times(v):
        if moment > limit:
            ctx.add(loc, f"{_iso(moment)} is in the future (now is {_iso(ctx.now)}); record times that have happened")


def _recorded_times(values: dict[str, Any]) -> list[tuple[FieldPath, datetime]]:
    """Every timestamp that records something that happened (maintenance windows excluded)."""
    times: list[tuple[FieldPath, datetime]] = [
        ((key,), values[key]) for key in ("started", "detected", "mitigated", "resolved") if values.get(key)
    ]
    for key in ("updates", "timeline", "notified"):
        times += [((key, i, "at"), entry.at) for i, entry in enumerate(values.get(key) or [])]
    return times


def check_services(ctx: RuleContext) -> None:
    """Every service exists; a public report lists no internal service."""
    services = ctx.values.get("services")
    # A services value that failed its own check has its error already; none at all means the whole service.
    if services is None and "services" in ctx.parsed.value or not ctx.catalogue.groups:
        return
    services = services or []
    known = ctx.catalogue.services
    for index, service_id in enumerate(services):
        loc: FieldPath = ("services", index) if isinstance(services, list) else ("services", service_id)
        service = known.get(service_id)
        if service is None:
            ctx.add(loc, f"'{service_id}' is not a service in {ctx.settings.services_file}" + did_you_mean(service_id, known))
        elif not service.public and ctx.values.get("visibility") == "public":
            ctx.add(
                loc,
                f"'{service_id}' is an internal service; a public report may not list it (make the report internal, or split it)",
            )
    for index, update in enumerate(ctx.values.get("updates") or []):
        if isinstance(update.impact, dict):
            for service_id in update.impact:
                if service_id not in services:
                    ctx.add(("updates", index, "impact", service_id), f"'{service_id}' is not among this report's services")


def check_stage(ctx: RuleContext) -> None:
    """Each stage of a live report requires more than the one before."""
    if not ctx.is_incident_like:
        return
    stage = ctx.values.get("stage", "draft")
    reached = STAGES.index(stage) if stage in STAGES else 0
    needs: list[tuple[str, str]] = []
    if reached >= 1:
        needs += [("lead", "who is in charge"), ("user_impact", "what users experienced"), ("timeline", "at least one entry")]
        if ctx.values.get("severity") in ctx.settings.comms_lead_severities:
            needs.append(("comms_lead", f"who manages communications (required for {ctx.values['severity']})"))
    if reached >= 2:
        needs += [
            ("root_cause", "why it happened"), ("resolution", "how it was fixed"),
            ("actions", "follow-up actions; write actions: [] if none are needed"),
        ]
    if reached >= 3:
        needs.append(("review", "the postmortem meeting: date and attendees"))
    for key, what in needs:
        if not ctx.present(key) or (key == "timeline" and not ctx.parsed.value.get(key)):
            ctx.add((key,), f"is required from stage '{stage}' ({what})", at=("stage",))
    if reached >= 2:
        for index, action in enumerate(ctx.values.get("actions") or []):
            if action.status in ("open", "in_progress") and action.due is None:
                ctx.add(
                    ("actions", index), f"the action '{action.title}' is {action.status} but has no due date; add due: YYYY-MM-DD"
                )


def check_notifications(ctx: RuleContext) -> None:
    """The notification policy: a warning for each person who should have been told."""
    if ctx.kind != "incident":
        return
    told = {n.who.casefold() for n in ctx.values.get("notified") or []}
    for rule in ctx.settings.notification_policy:
        if rule.applies_to_any(ctx.values.get("severity"), _categories(ctx.values)) and rule.who.casefold() not in told:
            command = f"incidents notify {ctx.values.get('id') or ctx.path} {shell_word(rule.who)}"
            ctx.add(
                ("notified",),
                f"the notification policy says {rule.who} must be told; once they are, record it: {command} "
                "(add --at for the time they were told, if not now)",
                Level.WARNING,
            )


def shell_word(text: str) -> str:
    """``text`` as one word of a shell command: in double quotes, as the handbook writes them, unless it holds
    something a shell would read inside them."""
    return f'"{text}"' if not any(char in text for char in '"$`\\!') else shlex.quote(text)


def check_comment_cuts(ctx: RuleContext) -> None:
    """Unquoted text whose line goes on with `` #`` lost the rest to a YAML comment.

    A comment after a timestamp, a number or a yes/no cuts nothing from text: it is
    simply a comment (quoting the two together would make the value wrong).
    """
    for loc, line in ctx.parsed.comment_cuts:
        scalar = ctx.parsed.scalars.get(loc)
        if scalar is not None and not scalar.tag.endswith(":str"):
            continue
        ctx.problems.append(Problem(
            ctx.path, line, join_path(loc),
            "the text after ' #' was read as a YAML comment and dropped; if it belongs to the text, put the "
            "whole value in quotes; if it is a comment, move it to its own line above the key",
            Level.WARNING,
        ))


def check_maintenance_window_over(ctx: RuleContext) -> None:
    """A maintenance whose window has ended is shown as completed: a ``status`` still saying otherwise is stale."""
    until, status = ctx.values.get("scheduled_until"), ctx.values.get("status")
    if ctx.kind == "maintenance" and until is not None and until <= ctx.now and status in ("in_progress", "verifying"):
        ctx.add(("status",), f"the window ended at {_iso(until.astimezone(UTC))} but status is still "
                             f"'{status}', so the status page shows it as completed; write status: completed (or "
                             "cancelled) and add an update saying how it went", Level.WARNING)


#: The narrative fields of Markdown, each text or a list of texts (timeline events and review notes apart).
_NARRATIVE = ("user_impact", "trigger", "root_cause", "resolution", "contributing_factors")
_LESSONS = ("went_well", "went_wrong", "got_lucky")


def check_lengths(ctx: RuleContext) -> None:
    """Text every output renders stays within its cap (``max_update_message_chars`` and its neighbours).

    Every report takes this path: each text is only measured, and a problem made only for one over its cap.
    """
    settings, values = ctx.settings, ctx.values
    cap = settings.max_update_message_chars
    for index, update in enumerate(values.get("updates") or ()):
        if len(update.message) > cap:
            _too_long(ctx, ("updates", index, "message"), update.message, "an update message", "max_update_message_chars")
    for key, what in (("summary", "a summary"), ("what_to_do", "the what_to_do text")):
        text = values.get(key)
        if text is not None and len(text) > settings.max_summary_chars:
            _too_long(ctx, (key,), text, what, "max_summary_chars")
    cap = settings.max_narrative_chars
    narrative: list[tuple[FieldPath, str | list[str] | None]] = [((key,), values.get(key)) for key in _NARRATIVE]
    if values.get("lessons") is not None:
        narrative += [(("lessons", part), getattr(values["lessons"], part)) for part in _LESSONS]
    if values.get("review") is not None:
        narrative.append((("review", "notes"), values["review"].notes))
    for loc, value in narrative:
        for where, text in [(loc + (i,), item) for i, item in enumerate(value)] if isinstance(value, list) else [(loc, value)]:
            if text is not None and len(text) > cap:
                _too_long(ctx, where, text, "a narrative field", "max_narrative_chars")
    for index, entry in enumerate(values.get("timeline") or ()):
        if len(entry.event) > cap:
            _too_long(ctx, ("timeline", index, "event"), entry.event, "a narrative field", "max_narrative_chars")


def _too_long(ctx: RuleContext, loc: FieldPath, text: str, what: str, option: str) -> None:
    ctx.add(loc, over_cap(len(text), getattr(ctx.settings, option), what, option))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


RULES: tuple[Rule, ...] = (
    check_required, check_configured_values, check_categories, check_update_ids, check_status, check_resolution,
    check_order, check_services, check_stage, check_notifications, check_comment_cuts,
    check_maintenance_window_over, check_lengths,
)
