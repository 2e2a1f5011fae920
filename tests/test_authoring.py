"""The editing commands: each changes only the lines it is about, writes text that reads back exactly,
refuses invalid reports, and a whole incident can be run from the first update to the reviewed report.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incident_reports.cli.report_editor import InsertItem, SetField, apply_edits
from incident_reports.core.loader import SourceReport, parse_report, refused_character
from incident_reports.core.yaml_text import Block, Word

from conftest import EXAMPLE_EPOCH, REPO, run_build, run_cli

REPORT_ID = "2026-11-26-card-payments-failing"
BOM = b"\xef\xbb\xbf"
#: The example's fixed now, as the commands stamp it.
NOW = "2026-11-26T12:00:00Z"
#: Comments, quoting, spacing and flow lists a team might well write by hand.
DECORATIONS = [
    ("title: Card payments failing for some users\n", "title: 'Card payments failing for some users'   # as users see it\n"),
    ("status: identified\n", "status: identified  # keep in step with the updates\n"),
    ("stage: initial\n", "stage: initial\n\n# Public facts\n"),
    ("detected_by: user\n", 'detected_by: "user"\n'),
    ("lead: Callum Reid\n", "# Who is on it\nlead:    Callum Reid\n"),
    ("responders: [Callum Reid, Priya Raman, Aisha Okafor]\n", "responders: [ Callum Reid,   Priya Raman, 'Aisha Okafor' ]\n"),
    ("questions:\n", "\n# Still unknown\nquestions:\n"),
    ("related: [2025-06-24-card-payments-provider-outage]\n",
     "actions: [{title: 'Restore the old domain', owner: Aisha Okafor, due: 2026-12-01, status: open}]\n"
     "related: [2025-06-24-card-payments-provider-outage]  # the earlier outage\n"),
]
HOSTILE = 'Fixed by PR #123: it\'s "done" — ünïcödé ✓\nUpdate: second line # not a comment\n  indented: yes'


def decorated() -> str:
    text = (REPO / "incidents" / f"{REPORT_ID}.md").read_text(encoding="utf-8")
    for old, new in DECORATIONS:
        # Each decoration applies to one top-level line.
        assert text.count("\n" + old) == 1, old
        text = text.replace("\n" + old, "\n" + new)
    return text


def encoded(text: str, style: str) -> bytes:
    """The report as bytes: LF, or CRLF with a byte order mark."""
    if style == "crlf-bom":
        return BOM + text.replace("\n", "\r\n").encode("utf-8")
    return text.encode("utf-8")


@pytest.fixture(params=["lf", "crlf-bom"])
def report(request, site_copy: Path) -> tuple[Path, bytes, str]:
    """The decorated report written into the site copy: its path, its bytes, and its line ending."""
    raw = encoded(decorated(), request.param)
    path = site_copy / "incidents" / f"{REPORT_ID}.md"
    path.write_bytes(raw)
    return path, raw, "\r\n" if request.param == "crlf-bom" else "\n"


def changes(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """The lines removed and the lines added, as difflib sees them (line endings kept)."""
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def lines(newline: str, *texts: str) -> list[str]:
    return [text + newline for text in texts]


def front(path: Path) -> dict:
    source = parse_report(path.read_bytes(), path.name, path.stem)
    assert isinstance(source, SourceReport), source
    return source.front.value


def ok(site: Path, *args: str, epoch: int = EXAMPLE_EPOCH) -> str:
    result = run_cli(site, *args, epoch=epoch)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def assert_kept_format(raw: bytes, newline: str) -> None:
    """The byte order mark and every line ending are as the file had them."""
    assert raw.startswith(BOM) == (newline == "\r\n")
    body = raw.replace(b"\r\n", b"")
    assert (b"\n" in body) == (newline == "\n")


# --- Each command changes only its own lines ----------------------------------------------------


def test_update_appends_an_update_and_keeps_status_in_step(report):
    path, before, nl = report
    ok(path.parents[1], "update", REPORT_ID, "--status", "monitoring", "--message", HOSTILE,
       "--impact", "payments=degraded_performance")
    after = path.read_bytes()
    removed, added = changes(before, after)
    assert removed == lines(nl, "status: identified  # keep in step with the updates")
    assert added == lines(
        nl, "status: monitoring  # keep in step with the updates",
        f"  - at: {NOW}", "    status: monitoring", "    message: |-",
        "      Fixed by PR #123: it's \"done\" — ünïcödé ✓", "      Update: second line # not a comment",
        "        indented: yes", "    impact:", "      payments: degraded_performance",
    )
    assert_kept_format(after, nl)
    assert front(path)["updates"][-1]["message"] == HOSTILE


def test_resolve_adds_the_resolving_update_and_resolved(report):
    path, before, nl = report
    ok(path.parents[1], "resolve", REPORT_ID, "--at", "11:58")
    removed, added = changes(before, path.read_bytes())
    assert removed == lines(nl, "status: identified  # keep in step with the updates")
    assert added == lines(
        nl, "status: resolved  # keep in step with the updates", "resolved: 2026-11-26T11:58:00Z",
        "  - at: 2026-11-26T11:58:00Z", "    status: resolved", "    message: |-", "      This incident has been resolved.",
    )
    assert_kept_format(path.read_bytes(), nl)


def test_timeline_entries_go_where_they_belong_in_time(report):
    path, before, nl = report
    site = path.parents[1]
    ok(site, "timeline", REPORT_ID, "Certificate renewed without the old domain: see ticket #42", "--at", "09:38")
    ok(site, "timeline", REPORT_ID, "Fix deployed", "--by", "Aisha Okafor")
    removed, added = changes(before, path.read_bytes())
    assert removed == []
    assert added == lines(
        nl, "  - at: 2026-11-26T09:38:00Z", "    event: |-", "      Certificate renewed without the old domain: see ticket #42",
        f"  - at: {NOW}", "    event: |-", "      Fix deployed", "    by: Aisha Okafor",
    )
    events = [entry["event"] for entry in front(path)["timeline"]]
    assert events[0] == "Certificate renewed without the old domain: see ticket #42" and events[-1] == "Fix deployed"


def test_actions_are_added_and_closed_in_a_flow_list(report):
    path, before, nl = report
    site = path.parents[1]
    ok(site, "action", REPORT_ID, "Add the provider's return URL to the checklist", "--owner", "Priya Raman",
       "--due", "2026-12-10", "--type", "organisational")
    ok(site, "action", REPORT_ID, "1", "--done")
    removed, added = changes(before, path.read_bytes())
    assert removed == lines(
        nl, "actions: [{title: 'Restore the old domain', owner: Aisha Okafor, due: 2026-12-01, status: open}]"
    )
    assert added == lines(
        nl,
        (
            "actions: [{title: 'Restore the old domain', owner: Aisha Okafor, due: 2026-12-01, status: done, "
            "done_on: 2026-11-26}, "
            "{title: Add the provider's return URL to the checklist, owner: Priya Raman, due: 2026-12-10, status: open, "
            "type: organisational}]"
        ),
    )
    actions = front(path)["actions"]
    assert actions[0]["status"] == "done" and actions[1]["title"] == "Add the provider's return URL to the checklist"


def test_actions_in_a_block_list_of_another_report(site_copy):
    path = site_copy / "incidents" / "2026-09-22-apply-online-unavailable.md"
    before = path.read_bytes()
    ok(site_copy, "action", "2026-09-22-apply-online-unavailable", "5", "--done", "--on", "2026-11-20")
    ok(
        site_copy,
        "action",
        "2026-09-22-apply-online-unavailable",
        "Write it up: lessons #1",
        "--owner",
        "Zoë O'Brien",
        "--due",
        "2027-02-01",
    )
    removed, added = changes(before, path.read_bytes())
    assert removed == ["    status: open\n"]
    assert added == [
        "    status: done\n",
        "    done_on: 2026-11-20\n",
        '  - title: "Write it up: lessons #1"\n',
        "    owner: Zoë O'Brien\n",
        "    due: 2027-02-01\n",
        "    status: open\n",
    ]


def test_notify_and_set(report):
    path, before, nl = report
    site = path.parents[1]
    ok(site, "notify", REPORT_ID, "Service owner", "--at", "2026-11-26T10:10:00+00:00")
    ok(site, "set", REPORT_ID, "lead", "Priya Raman")
    ok(site, "set", REPORT_ID, "user_impact", "About 35% of payments failed.\n\nNo one was charged: #good")
    ok(site, "set", REPORT_ID, "mitigated", "11:30")
    removed, added = changes(before, path.read_bytes())
    old_impact = before.decode("utf-8").split("user_impact: |" + nl)[1].split("timeline:")[0].splitlines(keepends=True)
    assert removed == lines(nl, "lead:    Callum Reid", "user_impact: |") + old_impact
    assert added == lines(
        nl,
        "mitigated: 2026-11-26T11:30:00Z",
        "lead:    Priya Raman",
        "  - who: Service owner",
        "    at: 2026-11-26T10:10:00Z",
        "user_impact: |-",
        "  About 35% of payments failed.",
        "",
        "  No one was charged: #good",
    )
    values = front(path)
    assert values["lead"] == "Priya Raman" and values["mitigated"] == "2026-11-26T11:30:00Z"
    assert values["user_impact"] == "About 35% of payments failed.\n\nNo one was charged: #good"
    assert values["notified"][-1] == {"who": "Service owner", "at": "2026-11-26T10:10:00Z"}


def test_stage_moves_on_only_when_the_stage_has_what_it_needs(report):
    path, before, nl = report
    site = path.parents[1]
    refused = run_cli(site, "stage", REPORT_ID, "final")
    assert refused.returncode == 1
    assert path.read_bytes() == before
    assert "not ready for stage 'final'" in refused.stderr
    assert f"incidents/{REPORT_ID}.md:" in refused.stderr and "root_cause: is required from stage 'final'" in refused.stderr
    assert f'incidents set {REPORT_ID} root_cause "..."' in refused.stderr
    ok(site, "set", REPORT_ID, "root_cause", "The renewed certificate left out the old domain.")
    ok(site, "set", REPORT_ID, "resolution", "We put the old domain back on the certificate.")
    moved = ok(site, "stage", REPORT_ID, "final")
    assert "stage final (was initial)" in moved and "review: is required from stage 'reviewed'" in moved
    removed, added = changes(before, path.read_bytes())
    assert removed == lines(nl, "stage: initial")
    assert added == lines(
        nl,
        "stage: final",
        "root_cause: |-",
        "  The renewed certificate left out the old domain.",
        "resolution: |-",
        "  We put the old domain back on the certificate.",
    )
    assert_kept_format(path.read_bytes(), nl)


def test_review_is_recorded_as_a_block(report):
    path, before, nl = report
    ok(
        path.parents[1],
        "review",
        REPORT_ID,
        "--date",
        "2026-11-30",
        "--attendees",
        "Callum Reid, Tom Hughes,  Zoë O'Brien",
        "--facilitator",
        "Eleanor Shaw",
        "--notes",
        "We agreed: #1 is the checklist.",
    )
    removed, added = changes(before, path.read_bytes())
    assert removed == []
    assert added == lines(
        nl,
        "review:",
        "  date: 2026-11-30",
        "  attendees:",
        "    - Callum Reid",
        "    - Tom Hughes",
        "    - Zoë O'Brien",
        "  facilitator: Eleanor Shaw",
        "  notes: |-",
        "    We agreed: #1 is the checklist.",
    )
    # The review lands after the actions, in the usual order of keys.
    text = path.read_bytes().decode("utf-8-sig")
    assert text.index("\nactions:") < text.index("\nreview:") < text.index("\nrelated:")


ODD_LAYOUT = """\
---
id: odd-layout
title: "Sign-in slow"
severity: P4
visibility: internal
services: {sign-in: degraded_performance}
started: 2026-11-20T10:00:00Z
updates:
- at: 2026-11-20T10:05:00Z
  status: investigating
  message: Sign-in is slow.
timeline:   # none yet
notified: ~
actions: []
extra:
    channel: "#inc-odd"
---
Body.
"""


def test_indentless_lists_and_empty_values_are_filled_in_place(site_copy):
    path = site_copy / "incidents" / "odd-layout.md"
    path.write_text(ODD_LAYOUT, encoding="utf-8")
    before = path.read_bytes()
    for command in (
        ["update", "odd-layout", "--status", "identified", "-m", "Found it:\ncache"],
        ["timeline", "odd-layout", "Cache flushed"],
        ["notify", "odd-layout", "Service owner"],
        ["action", "odd-layout", "Alert on cache size", "--owner", "Ana"],
        ["review", "odd-layout", "--attendees", "Ana, Ben"],
    ):
        ok(site_copy, *command)
    removed, added = changes(before, path.read_bytes())
    assert removed == ["timeline:   # none yet\n", "notified: ~\n", "actions: []\n"]
    assert added == [
        # The file indents maps by 4 and lists not at all; new lines do the same.
        f"- at: {NOW}\n",
        "  status: identified\n",
        "  message: |-\n",
        "      Found it:\n",
        "      cache\n",
        "timeline: # none yet\n",
        f"- at: {NOW}\n",
        "  event: |-\n",
        "      Cache flushed\n",
        "notified:\n",
        "- who: Service owner\n",
        f"  at: {NOW}\n",
        "actions:\n",
        "- title: Alert on cache size\n",
        "  owner: Ana\n",
        "  status: open\n",
        "review:\n",
        "    date: 2026-11-26\n",
        "    attendees:\n",
        "    - Ana\n",
        "    - Ben\n",
    ]


def test_an_invalid_report_is_refused_and_left_alone(site_copy):
    path = site_copy / "incidents" / f"{REPORT_ID}.md"
    text = path.read_text(encoding="utf-8").replace("status: identified\n", "status: identifed\n", 1)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    for command in (["update", REPORT_ID, "-m", "x"], ["timeline", REPORT_ID, "x"], ["stage", REPORT_ID, "final"]):
        result = run_cli(site_copy, *command)
        assert result.returncode == 1, result
        assert "has errors, so nothing was changed" in result.stderr
        assert f"incidents/{REPORT_ID}.md:7: status:" in result.stderr
        assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["update", "no-such-report", "-m", "x"], "no report has the id 'no-such-report'"),
        (["update", "2026-11-26-card-payment-failing", "-m", "x"], "did you mean '2026-11-26-card-payments-failing'?"),
        (["update", REPORT_ID, "-m", "x", "--status", "fixed"], "'fixed' is not a status for an incident"),
        (["update", REPORT_ID, "-m", "x", "--impact", "payments=broken"], "'broken' is not an impact level"),
        (["update", REPORT_ID, "-m", "x", "--impact", "sign-in=major_outage"], "'sign-in' is not one of this report's services"),
        (["update", REPORT_ID, "-m", "   "], "the message is empty"),
        (["timeline", REPORT_ID, "x", "--at", "yesterday"], "'yesterday' is not a time"),
        (["timeline", REPORT_ID, "x", "--at", "2026-11-27T09:00Z"], "is in the future"),
        (["timeline", REPORT_ID, "x", "--at", "2026-03-29 01:30"], "does not exist in Europe/London"),
        (["action", REPORT_ID, "Fix it", "--owner", "A", "--due", "2026-02-30"], "'2026-02-30' is not a real date"),
        (["action", REPORT_ID, "Fix it"], "every action has an owner"),
        (["action", REPORT_ID, "3", "--done"], "has no actions; there is no action 3"),
        (["action", REPORT_ID, "Fix it", "--done"], "--done closes an action by its number"),
        (["stage", REPORT_ID, "published"], "invalid choice: 'published'"),
        (["set", REPORT_ID, "severity", "P9"], "'P9' is not a severity"),
        (["resolve", "2026-09-22-apply-online-unavailable"], "is already resolved"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(site_copy, cli, args, message):
    before = (site_copy / "incidents" / f"{REPORT_ID}.md").read_bytes()
    code, _, err = cli(site_copy, *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert (site_copy / "incidents" / f"{REPORT_ID}.md").read_bytes() == before


def test_a_change_that_would_break_the_report_is_refused(site_copy):
    path = site_copy / "incidents" / "2026-09-22-apply-online-unavailable.md"
    before = path.read_bytes()
    # The report is resolved; an update that reopens it contradicts its resolved time.
    result = run_cli(site_copy, "update", "2026-09-22-apply-online-unavailable", "--status", "monitoring", "-m", "Back again")
    assert result.returncode == 1
    assert "would make the report invalid, so nothing was changed" in result.stderr
    assert "resolved: the incident is still 'monitoring'" in result.stderr
    assert path.read_bytes() == before


# --- Text reads back exactly ------------------------------------------------------------------------

TRICKY = [
    "Fixed by PR #123",
    "Update: found it",
    "'single' and \"double\" quotes",
    "Zoë, Łódź, 東京, emoji 🎣",
    "first line\nsecond line: with colon\n\nafter a blank line",
    "  starts with spaces\nthen not",
    "ends with a newline\n",
    "ends with two newlines\n\n",
    "- looks like a list\n---\n...",
    "tab\tinside and trailing spaces   ",
    "yes",
    "2026-11-26",
    "@mention `code` | pipe > angle % percent & amp * star ! bang",
    "zero\u200bwidth, joiner\u200d, mark\u200e and byte order mark\ufeff inside",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_reads_back_exactly_through_the_command(site_copy, cli, text):
    path = site_copy / "incidents" / f"{REPORT_ID}.md"
    code, _, err = cli(site_copy, "timeline", REPORT_ID, text, "--by", text.strip().split("\n")[0])
    assert code == 0, err
    entry = front(path)["timeline"][-1]
    assert entry["event"] == text
    assert entry["by"] == text.strip().split("\n")[0]


@pytest.mark.parametrize("text", [
    "\x85 next-line", "\x7f delete", "\x1b[31m colour", "\u202e override", "nul \x00",
    "line\u2028separator", "paragraph\u2029separator",
])
def test_text_no_report_may_hold_is_refused_before_anything_is_written(site_copy, cli, text):
    path = site_copy / "incidents" / f"{REPORT_ID}.md"
    before = path.read_bytes()
    code, _, err = cli(site_copy, "timeline", REPORT_ID, text)
    assert code == 2 and "which a report may not hold" in err, err
    assert path.read_bytes() == before


def test_new_writes_text_that_reads_back_exactly(site_copy, cli):
    title = 'Sign-in: codes "late" #2 — Zoë'
    summary = "Codes are late: we're on it.\nTry again in 10 minutes #patience"
    code, out, err = cli(
        site_copy,
        "new",
        "--title",
        title,
        "--severity",
        "P3",
        "--services",
        "sign-in",
        "--visibility",
        "public",
        "--summary",
        summary,
        "--at",
        "11:45",
    )
    assert code == 0, err
    values = front(site_copy / out.strip())
    assert values["id"] == Path(out.strip()).stem and values["stage"] == "draft"
    assert values["title"] == title and values["summary"] == summary
    assert values["updates"] == [{"at": "2026-11-26T11:45:00Z", "status": "investigating", "message": summary}]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    message=st.text(min_size=1).filter(lambda t: t.strip() and refused_character(t) is None),
    name=st.text(min_size=1).filter(lambda t: t.strip() and refused_character(t) is None),
)
@example(message="\t0", name="0")  # a block whose text starts with a tab must state its indentation
def test_any_text_reads_back_exactly(message, name):
    raw = ODD_LAYOUT.encode("utf-8")
    data = parse_report(raw, "report.md", "odd-layout").front.value
    edits = [
        InsertItem("timeline", 0, {"at": Word("2026-11-26T09:00:00Z"), "event": Block(message), "by": name}),
        SetField(("lead",), name),
        SetField(("root_cause",), Block(message), ("lead", "root_cause")),
    ]
    new, expected = apply_edits(raw, data, edits)
    source = parse_report(new, "report.md", "odd-layout")
    assert isinstance(source, SourceReport)
    assert source.front.value == expected
    assert expected["timeline"][0]["event"] == message and expected["lead"] == name


# --- A whole incident, replayed with the commands only --------------------------------------------


def test_a_whole_incident_from_first_update_to_reviewed_report(site_copy, cli):
    site = site_copy
    minute = 60

    def step(*args: str, at: int) -> str:
        """One command as someone would type it, ``at`` minutes in, then ``incidents validate``."""
        code, out, err = cli(site, *args, epoch=EXAMPLE_EPOCH + at * minute)
        assert code == 0, err
        code, report, summary = cli(site, "validate", epoch=EXAMPLE_EPOCH + at * minute)
        assert code == 0 and "0 errors" in summary, report + summary
        return out

    def builds(at: int) -> Path:
        result = run_build(site, epoch=EXAMPLE_EPOCH + at * minute)
        assert result.returncode == 0, result.stderr
        return site / "site"

    created = step(
        "new",
        "--title",
        "Licence emails not sent",
        "--severity",
        "P2",
        "--services",
        "notifications",
        "--visibility",
        "public",
        "--summary",
        "Licence emails are not being sent: we're on it.",
        at=0,
    )
    report_id = Path(created.strip()).stem
    path = site / created.strip()
    # A P2 must be notified to the head of operations (a warning, which a strict build refuses).
    step("notify", report_id, "Head of Digital Operations", at=2)
    assert builds(2).joinpath("incidents", report_id, "index.html").is_file()
    step("timeline", report_id, "Alert: email queue over 10,000 #alerts", "--by", "On-call", "--at", "11:55", at=2)
    step("update", report_id, "--status", "identified", "-m", "We found the cause: a full queue.", at=10)
    step("set", report_id, "lead", "Marcus Doyle", at=11)
    step("set", report_id, "comms_lead", "Tom Hughes", at=11)
    step(
        "set", report_id, "user_impact", "People who bought a licence did not get its email.\nThe licence itself is valid.", at=12
    )
    step("stage", report_id, "initial", at=12)
    step(
        "update",
        report_id,
        "--status",
        "monitoring",
        "-m",
        "Emails are going out again.",
        "--impact",
        "degraded_performance",
        at=30,
    )
    step("timeline", report_id, "Queue drained", "--by", "Marcus Doyle", at=40)
    page = builds(40) / "incidents" / report_id / "index.html"
    assert "Emails are going out again." in page.read_text(encoding="utf-8")

    step("update", report_id, "-m", "Nearly all delayed emails have now been sent.", at=50)
    step("resolve", report_id, "-m", "All delayed emails have been sent. If yours has not arrived, contact us.", at=60)
    step("set", report_id, "root_cause", "The queue's disk filled up: nothing alerted on disk space.", at=70)
    step("set", report_id, "resolution", "We cleared space and sent the queued emails.", at=70)
    step("action", report_id, "Alert on the email queue's disk space", "--owner", "Marcus Doyle", "--due", "2026-12-10", at=75)
    step(
        "action",
        report_id,
        "Write the supplier runbook",
        "--owner",
        "Tom Hughes",
        "--due",
        "2026-12-20",
        "--type",
        "organisational",
        at=75,
    )
    step("stage", report_id, "final", at=80)
    step("action", report_id, "1", "--done", at=3 * 24 * 60)
    step(
        "review",
        report_id,
        "--date",
        "2026-11-30",
        "--attendees",
        "Marcus Doyle, Tom Hughes",
        "--facilitator",
        "Eleanor Shaw",
        at=4 * 24 * 60,
    )
    step("stage", report_id, "reviewed", at=4 * 24 * 60)

    values = front(path)
    assert values["stage"] == "reviewed" and "status" not in values
    assert [u["status"] for u in values["updates"]] == ["investigating", "identified", "monitoring", "monitoring", "resolved"]
    assert values["resolved"] == "2026-11-26T13:00:00Z"
    assert [a["status"] for a in values["actions"]] == ["done", "open"]
    built_site = builds(4 * 24 * 60)
    assert "All delayed emails have been sent." in (built_site / "incidents" / report_id / "index.html").read_text(
        encoding="utf-8"
    )
    public = run_build(site, "mkdocs.public.yml", epoch=EXAMPLE_EPOCH + 4 * 24 * 60 * minute)
    assert public.returncode == 0, public.stderr
    api = json.loads((site / "site-public" / "api" / "v2" / "incidents.json").read_text(encoding="utf-8"))
    (incident,) = [i for i in api["incidents"] if i["id"] == report_id]
    assert incident["status"] == "resolved" and len(incident["incident_updates"]) == 5


# --- The pre-commit hook ------------------------------------------------------------------------------


def test_the_pre_commit_hook_entry_checks_a_site_and_fails_on_errors(site_copy):
    import yaml

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    program, *args = hook["entry"].split()
    assert program == "incidents" and hook["pass_filenames"] is False
    # pre-commit appends a hook's `args:` after its entry, so -f must work after the command.
    config = ["-f", str(site_copy / "mkdocs.yml")]
    assert run_cli(site_copy.parent, *args, *config).returncode == 0
    path = site_copy / "incidents" / f"{REPORT_ID}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("severity: P2", "severity: P7"), encoding="utf-8")
    failed = run_cli(site_copy.parent, *args, *config)
    assert failed.returncode == 1 and f"incidents/{REPORT_ID}.md:5: severity:" in failed.stdout


def test_set_writes_what_to_do_as_people_should_read_it(site_copy: Path) -> None:
    """The banner's advice changes as the incident does: ``set`` writes it where the format puts it."""
    report_id = "2026-11-25-sign-in-failures"
    ok(site_copy, "set", report_id, "what_to_do", "If your code does not arrive, ask for it by email: #quick")
    path = site_copy / "incidents" / f"{report_id}.md"
    assert front(path)["what_to_do"] == "If your code does not arrive, ask for it by email: #quick"
    text = path.read_text(encoding="utf-8")
    assert text.index("what_to_do:") > text.index("summary:") and text.index("what_to_do:") < text.index("updates:")
    assert run_cli(site_copy, "validate").returncode == 0
