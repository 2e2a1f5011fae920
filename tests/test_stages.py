"""The live document: each stage requires more than the one before."""

from __future__ import annotations

import pytest

from reports import MINIMAL, check, line_of, with_lines

INITIAL = ["lead: Asha Patel", "comms_lead: Tom Reed", "user_impact: Some payments failed.",
           "timeline:", "  - at: 2026-03-05T14:00:00Z", "    event: Alert fired.", "    by: Asha Patel"]
FINAL = ["root_cause: A certificate expired.", "resolution: We renewed it.",
         "actions:", "  - title: Alert on expiry", "    owner: Asha Patel", "    due: 2026-04-01", "    status: open"]
REVIEWED = ["review:", "  date: 2026-03-12", "  attendees: [Asha Patel, Tom Reed]", "  facilitator: Sam Jones"]


def report(stage: str, *lines: str, drop: tuple[str, ...] = ()) -> str:
    return with_lines(MINIMAL, f"stage: {stage}", *lines, drop=drop)


def missing(text: str) -> set[str]:
    return {p.field for p in check(text) if "is required from stage" in p.message}


def test_draft_needs_nothing_more():
    assert check(report("draft")) == []


def test_initial_needs_lead_comms_lead_user_impact_and_a_timeline():
    text = report("initial")
    assert missing(text) == {"lead", "comms_lead", "user_impact", "timeline"}
    assert {p.line for p in check(text)} == {line_of(text, "stage:")}
    assert check(report("initial", *INITIAL)) == []


def test_comms_lead_is_required_only_for_configured_severities():
    lines = [line for line in INITIAL if not line.startswith("comms_lead")]
    assert missing(report("initial", "severity: P3", *lines, drop=("severity",))) == set()
    assert missing(report("initial", *lines)) == {"comms_lead"}


def test_an_empty_timeline_does_not_count():
    lines = [line for line in INITIAL if not line.startswith(("timeline", "  - at", "    event", "    by"))]
    assert missing(report("initial", *lines, "timeline: []")) == {"timeline"}


def test_final_needs_root_cause_resolution_and_actions():
    assert missing(report("final", *INITIAL)) == {"root_cause", "resolution", "actions"}
    assert check(report("final", *INITIAL, *FINAL)) == []


def test_an_explicit_empty_action_list_means_none_needed():
    lines = [line for line in FINAL if line.startswith(("root_cause", "resolution"))]
    assert check(report("final", *INITIAL, *lines, "actions: []")) == []


@pytest.mark.parametrize("status", ["open", "in_progress"])
def test_from_final_an_unfinished_action_needs_a_due_date(status):
    lines = [line for line in FINAL if not line.strip().startswith(("due", "status"))] + [f"    status: {status}"]
    text = report("final", *INITIAL, *lines)
    (problem,) = check(text)
    assert problem.field == "actions[0]" and "but has no due date; add due: YYYY-MM-DD" in problem.message
    assert problem.line == line_of(text, "- title: Alert on expiry")


def test_every_action_has_an_owner():
    lines = [line for line in FINAL if "owner" not in line]
    (problem,) = check(report("final", *INITIAL, *lines))
    assert problem.field == "actions[0].owner" and problem.message == "is required"


def test_reviewed_needs_the_review_meeting():
    assert missing(report("reviewed", *INITIAL, *FINAL)) == {"review"}
    assert check(report("reviewed", *INITIAL, *FINAL, *REVIEWED)) == []


def test_review_date_is_a_plain_date_and_attendees_are_listed():
    text = report("reviewed", *INITIAL, *FINAL, "review:", "  date: next Tuesday", "  attendees: []")
    fields = {p.field: p.message for p in check(text)}
    assert "is not a date; write it like 2026-03-05" in fields["review.date"]
    assert fields["review.attendees"] == "must have at least one entry"


def test_an_overdue_action_is_never_an_error():
    # Due long before "now": shown on the site, never a problem in validation.
    assert check(report("reviewed", *INITIAL, *FINAL, *REVIEWED)) == []


def test_stages_apply_to_exercises_too():
    text = with_lines(MINIMAL, "kind: exercise", "stage: initial", drop=("visibility",)) .replace(
        "services: [payments]", "visibility: internal\nservices: [payments]")
    assert missing(text) == {"lead", "comms_lead", "user_impact", "timeline"}
