"""Every validation rule: a failing report, its message, and the line it points at."""

from __future__ import annotations

import pytest

from incident_reports.core.problems import Level
from incident_reports.core.settings import NotificationRule, Settings

from reports import MINIMAL, check, check_many, line_of, with_lines


def only(problems, field: str):
    """The single problem for ``field`` (fails if there is none or several)."""
    matching = [p for p in problems if p.field == field]
    assert len(matching) == 1, f"expected one problem on {field}, got {[str(p) for p in problems]}"
    return matching[0]


def test_the_minimal_report_is_valid():
    assert check(MINIMAL) == []


# Each case: the report text, the field named, a fragment of the message, the text on the expected line.
CASES = [
    (
        "unknown key with a suggestion",
        with_lines(MINIMAL, "sumary: x"),
        "sumary",
        "unknown key (did you mean 'summary'?)",
        "sumary:",
    ),
    (
        "unknown key without a close match",
        with_lines(MINIMAL, "chat_channel: '#inc-1'"),
        "chat_channel",
        "custom data goes under extra",
        "chat_channel",
    ),
    (
        "timestamp without offset",
        with_lines(MINIMAL, "started: 2026-03-05T13:52:00", drop=("started",)),
        "started",
        "timestamp has no UTC offset; write 2026-03-05T13:52:00Z",
        "started:",
    ),
    (
        "not a timestamp",
        with_lines(MINIMAL, "started: yesterday afternoon", drop=("started",)),
        "started",
        "is not a timestamp; write it like 2026-03-05T13:52:00Z",
        "started:",
    ),
    (
        "no read as false",
        with_lines(MINIMAL, "title: no", drop=("title",)),
        "title",
        "'no' was read as false, not text",
        "title:",
    ),
    (
        "10:30 read as a number",
        with_lines(MINIMAL, "started: 10:30", drop=("started",)),
        "started",
        "'10:30' was read as the number 630",
        "started:",
    ),
    (
        "severity not configured",
        with_lines(MINIMAL, "severity: P5", drop=("severity",)),
        "severity",
        "'P5' is not one of P1, P2, P3, P4",
        "severity:",
    ),
    (
        "status misspelt",
        with_lines(MINIMAL, "status: resolvd", drop=("status",)),
        "status",
        "did you mean 'resolved'?",
        "status:",
    ),
    (
        "unknown service",
        with_lines(MINIMAL, "services: [paymnts]", drop=("services",)),
        "services[0]",
        "'paymnts' is not a service in status/services.yml (did you mean 'payments'?)",
        "services:",
    ),
    (
        "internal service on a public report",
        with_lines(MINIMAL, "services:", "  - payments", "  - caseworker-tool", drop=("services",)),
        "services[1]",
        "'caseworker-tool' is an internal service; a public report may not list it",
        "- caseworker-tool",
    ),
    (
        "bad impact in a services map",
        with_lines(MINIMAL, "services:", "  payments: total_outage", drop=("services",)),
        "services",
        "must be one of none, degraded_performance, partial_outage, major_outage",
        "services:",
    ),
    ("missing title", with_lines(MINIMAL, drop=("title",)), "title", "is required", "---"),
    (
        "missing summary on a public report",
        with_lines(MINIMAL, drop=("summary",)),
        "summary",
        "is required for a public report",
        "---",
    ),
    (
        "resolved status without a time",
        with_lines(MINIMAL, "status: resolved", drop=("status",)),
        "status",
        "has no resolved time",
        "status:",
    ),
    (
        "resolved time while still investigating",
        with_lines(MINIMAL, "resolved: 2026-03-05T15:00:00Z"),
        "resolved",
        "remove resolved until it is resolved",
        "resolved:",
    ),
    (
        "mitigated before started",
        with_lines(MINIMAL, "mitigated: 2026-03-05T13:00:00Z"),
        "mitigated",
        "is before started",
        "mitigated:",
    ),
    (
        "detected after mitigated",
        with_lines(MINIMAL, "detected: 2026-03-05T15:00:00Z", "mitigated: 2026-03-05T14:00:00Z"),
        "mitigated",
        "is before detected",
        "mitigated:",
    ),
    (
        "a time in the future",
        with_lines(MINIMAL, "started: 2026-11-26T12:30:00Z", drop=("started",)),
        "started",
        "is in the future (now is 2026-11-26T12:00:00Z)",
        "started:",
    ),
    (
        "status differs from the newest update",
        with_lines(MINIMAL, "updates:", "  - at: 2026-03-05T14:00:00Z", "    status: identified", "    message: Found it."),
        "status",
        "differs from the newest update's status 'identified'",
        "status:",
    ),
    (
        "updates out of order",
        with_lines(
            MINIMAL,
            "updates:",
            "  - at: 2026-03-05T14:00:00Z",
            "    status: investigating",
            "    message: a",
            "  - at: 2026-03-05T13:55:00Z",
            "    status: investigating",
            "    message: b",
        ),
        "updates[1].at",
        "is before the entry above it",
        "13:55:00Z",
    ),
    (
        "unknown key in an update",
        with_lines(MINIMAL, "updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    mesage: a"),
        "updates[0].mesage",
        "unknown key 'mesage' (did you mean 'message'?)",
        "mesage",
    ),
    (
        "an update's message missing",
        with_lines(MINIMAL, "updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating"),
        "updates[0].message",
        "is required",
        "- at: 2026-03-05T14:00:00Z",
    ),
    (
        "update impact names a service the report does not list",
        with_lines(
            MINIMAL,
            "updates:",
            "  - at: 2026-03-05T14:00:00Z",
            "    status: investigating",
            "    message: a",
            "    impact:",
            "      sign-in: degraded_performance",
        ),
        "updates[0].impact.sign-in",
        "is not among this report's services",
        "sign-in:",
    ),
    (
        "a maintenance status on an incident",
        with_lines(MINIMAL, "status: scheduled", drop=("status",)),
        "status",
        "is not a status for a incident",
        "status:",
    ),
    (
        "report_public on a security report",
        with_lines(MINIMAL, "category: security", "report_public: true"),
        "report_public",
        "a security report's narrative is never published",
        "report_public:",
    ),
    (
        "category not configured",
        with_lines(MINIMAL, "category: outage"),
        "category",
        "'outage' is not one of availability",
        "category:",
    ),
    (
        "users_affected negative",
        with_lines(MINIMAL, "users_affected: -3"),
        "users_affected",
        "must be 0 or more",
        "users_affected:",
    ),
    (
        "users_affected not a number",
        with_lines(MINIMAL, "users_affected: many"),
        "users_affected",
        "must be a whole number",
        "users_affected:",
    ),
    (
        "report_public not a boolean",
        with_lines(MINIMAL, "report_public: sometimes"),
        "report_public",
        "must be true or false",
        "report_public:",
    ),
    (
        "id not a slug",
        with_lines(MINIMAL, "id: Card_Payments"),
        "id",
        "is not a valid id; use lowercase letters, digits and hyphens",
        "id:",
    ),
    ("reserved id", with_lines(MINIMAL, "id: page"), "id", "'page' is reserved for the archive's own pages", "id:"),
    (
        "timeline out of order",
        with_lines(
            MINIMAL, "timeline:", "  - at: 2026-03-05T14:00:00Z", "    event: a", "  - at: 2026-03-05T13:58:00Z", "    event: b"
        ),
        "timeline[1].at",
        "keep timeline oldest first",
        "13:58:00Z",
    ),
    ("a list written as text", with_lines(MINIMAL, "responders: Asha Patel"), "responders", "must be a list", "responders:"),
    (
        "category beside categories",
        with_lines(MINIMAL, "category: data", "categories: [availability]"),
        "categories",
        "category or categories, not both",
        "categories:",
    ),
    (
        "an unknown category in categories",
        with_lines(MINIMAL, "categories: [availability, securty]"),
        "categories[1]",
        "did you mean 'security'",
        "categories:",
    ),
    (
        "an update id with a space",
        with_lines(
            MINIMAL, "updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    message: m", "    id: not ok"
        ),
        "updates[0].id",
        "",
        "id: not ok",
    ),
    (
        "two updates with one id",
        with_lines(
            MINIMAL,
            "updates:",
            "  - at: 2026-03-05T14:00:00Z",
            "    status: investigating",
            "    message: m",
            "    id: u1",
            "  - at: 2026-03-05T14:05:00Z",
            "    status: identified",
            "    message: n",
            "    id: 'u1'",
        ),
        "updates[1].id",
        "'u1' is already the id of updates[0]",
        "id: 'u1'",
    ),
    (
        "an unknown timezone",
        with_lines(MINIMAL, "timezone: Pacific/Atlantis"),
        "timezone",
        "is not an IANA timezone name",
        "timezone:",
    ),
    (
        "a time without offset in a report with a timezone",
        with_lines(
            MINIMAL,
            "timezone: America/Los_Angeles",
            "detected: 2026-03-05T05:50:00",
        ),
        "detected",
        "this report's times are in America/Los_Angeles, so write 2026-03-05T05:50:00-08:00 (that is 2026-03-05T13:50:00Z)",
        "detected:",
    ),
    (
        "lessons with an unknown key",
        with_lines(MINIMAL, "lessons:", "  went_badly: x"),
        "lessons.went_badly",
        "unknown key",
        "went_badly",
    ),
]


@pytest.mark.parametrize("text, field, message, line_text", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_names_field_line_and_fix(text, field, message, line_text):
    problem = only(check(text), field)
    assert message in problem.message
    assert problem.line == line_of(text, line_text)
    assert problem.path == "incidents/2026-03-05-payments.md"
    assert str(problem).startswith(f"incidents/2026-03-05-payments.md:{problem.line}: {field}: ")


MAINTENANCE = """\
---
title: Database upgrade
kind: maintenance
visibility: public
services: [licence-check-api]
scheduled_for: 2026-12-03T20:00:00Z
scheduled_until: 2026-12-03T23:00:00Z
summary: The licence checking API will be unavailable while we upgrade its database.
---
"""


def test_a_maintenance_needs_only_its_window_services_visibility_and_summary():
    assert check(MAINTENANCE) == []


@pytest.mark.parametrize(
    "text, field, message",
    [
        (
            with_lines(MAINTENANCE, "scheduled_until: 2026-12-03T19:00:00Z", drop=("scheduled_until",)),
            "scheduled_until",
            "must be after scheduled_for",
        ),
        (with_lines(MAINTENANCE, drop=("scheduled_for",)), "scheduled_for", "is required for a maintenance"),
        (with_lines(MAINTENANCE, "severity: P3"), "severity", "a maintenance has no severity"),
        (with_lines(MAINTENANCE, "stage: final"), "stage", "stage applies to incidents and exercises only"),
        (with_lines(MAINTENANCE, "status: investigating"), "status", "is not a status for a maintenance"),
    ],
)
def test_maintenance_rules(text, field, message):
    assert message in only(check(text), field).message


def test_an_exercise_is_never_public():
    text = with_lines(MINIMAL, "kind: exercise")
    problem = only(check(text), "visibility")
    assert "an exercise is never public; write visibility: internal" in problem.message
    assert problem.line == line_of(text, "visibility:")


def test_future_maintenance_windows_and_due_dates_are_allowed():
    assert check(with_lines(MAINTENANCE, drop=())) == []
    text = with_lines(
        MINIMAL,
        "stage: final",
        "lead: Asha Patel",
        "comms_lead: Tom Reed",
        "user_impact: Payments failed.",
        "timeline:",
        "  - at: 2026-03-05T14:00:00Z",
        "    event: Paged.",
        "root_cause: A bad deploy.",
        "resolution: Rolled back.",
        "status: resolved",
        "resolved: 2026-03-05T15:00:00Z",
        "actions:",
        "  - title: Add a canary",
        "    owner: Asha Patel",
        "    due: 2027-06-01",
        "    status: open",
        drop=("status",),
    )
    assert check(text) == []


def test_an_empty_value_counts_as_missing():
    text = with_lines(MINIMAL, "summary:", drop=("summary",))
    assert "is required for a public report" in only(check(text), "summary").message


def test_duplicate_ids_name_both_files():
    other = with_lines(MINIMAL, "id: payments-down")
    problems = check_many({"incidents/a.md": other, "incidents/b.md": other})
    problem = only(problems, "id")
    assert "'payments-down' is already the id of incidents/" in problem.message
    assert {problem.path, problem.message.split("id of ")[1].split(";")[0]} == {"incidents/a.md", "incidents/b.md"}
    assert problem.line == line_of(other, "id:")


def test_related_reports_must_exist():
    text = with_lines(MINIMAL, "related:", "  - 2025-01-01-nothing")
    problem = only(check_many({"incidents/a.md": text}), "related[0]")
    assert problem.message == "no report has the id '2025-01-01-nothing'"
    assert problem.line == line_of(text, "- 2025-01-01-nothing")


def test_related_reports_that_exist_are_fine():
    first = with_lines(MINIMAL, "id: first")
    second = with_lines(MINIMAL, "id: second", "related: [first]")
    assert check_many({"incidents/a.md": first, "incidents/b.md": second}) == []


def test_notification_policy_warns_for_each_person_not_told():
    settings = Settings(
        notification_policy=(
            NotificationRule("Service owner", severities=("P1", "P2")),
            NotificationRule("Data protection officer", categories=("data",)),
        )
    )
    text = with_lines(MINIMAL, "notified:", "  - who: Press office", "    at: 2026-03-05T14:00:00Z")
    problems = check(text, settings=settings)
    assert [p.level for p in problems] == [Level.WARNING]
    assert "the notification policy says Service owner must be told" in problems[0].message
    assert problems[0].line == line_of(text, "notified:")
    told = with_lines(MINIMAL, "notified:", "  - who: service owner", "    at: 2026-03-05T14:00:00Z")
    assert check(told, settings=settings) == []


def test_text_cut_by_a_yaml_comment_is_a_warning_with_the_fix():
    text = with_lines(MINIMAL, "resolution: Fixed by PR #123")
    problem = only(check(text), "resolution")
    assert problem.level is Level.WARNING
    assert "read as a YAML comment and dropped; if it belongs to the text, put the whole value in quotes" in problem.message
    assert "if it is a comment, move it to its own line above the key" in problem.message
    assert problem.line == line_of(text, "resolution:")
    # Both fixes the message offers leave nothing to warn of.
    assert check(with_lines(MINIMAL, 'resolution: "Fixed by PR #123"')) == []
    assert check(with_lines(MINIMAL, "# Fixed by PR", "resolution: Fixed by PR 123")) == []


def test_a_comment_after_a_timestamp_or_number_is_only_a_comment():
    text = MINIMAL.replace("started: 2026-03-05T13:52:00Z", "started: 2026-03-05T13:52:00Z # from the pager")
    assert check(text) == []
    assert check(with_lines(MINIMAL, "users_affected: 700 # roughly")) == []


def test_assumed_timezone_reads_local_times_and_refuses_dst_gaps_and_overlaps():
    settings = Settings(timezone="Europe/London", assume_timezone=True)
    assert check(with_lines(MINIMAL, "started: 2026-03-05T13:52:00", drop=("started",)), settings=settings) == []
    gap = with_lines(MINIMAL, "started: 2026-03-29T01:30:00", drop=("started",))
    assert "does not exist in Europe/London (clocks went forward)" in only(check(gap, settings=settings), "started").message
    overlap = with_lines(MINIMAL, "started: 2026-10-25T01:30:00", drop=("started",))
    message = only(check(overlap, settings=settings), "started").message
    assert "happens twice in Europe/London" in message
    assert "2026-10-25T00:30:00Z or 2026-10-25T01:30:00Z" in message


def test_every_problem_in_a_file_is_reported_in_one_run():
    text = with_lines(MINIMAL, "sumary: x", "users_affected: -1", "mitigated: 2026-03-05T13:00:00Z", drop=("severity",))
    fields = sorted(p.field for p in check(text))
    assert fields == ["mitigated", "severity", "sumary", "users_affected"]


@pytest.mark.parametrize("said", ["in_progress", "verifying"])
def test_a_maintenance_still_in_progress_after_its_window_is_a_warning(said):
    text = with_lines(
        MAINTENANCE,
        "scheduled_for: 2026-11-20T19:00:00Z",
        "scheduled_until: 2026-11-20T22:00:00Z",
        f"status: {said}",
        drop=("scheduled_for", "scheduled_until"),
    )
    problem = only(check(text), "status")
    assert problem.level is Level.WARNING
    assert f"the window ended at 2026-11-20T22:00:00Z but status is still '{said}'" in problem.message
    assert "write status: completed (or cancelled)" in problem.message
    assert problem.line == line_of(text, f"status: {said}")
    # Within its window, once it says completed, or when its status follows its window, nothing is wrong.
    assert check(with_lines(MAINTENANCE, f"status: {said}")) == []
    assert check(with_lines(text, "status: completed", drop=("status",))) == []
    assert check(with_lines(text, drop=("status",))) == []
