"""What real incidents and postmortems need of the format: no service named, services without a group,
update ids, Markdown update messages, a report's own timezone, lessons, categories, approximate counts;
and outputs real clients rely on (an update in every incident, valid ``<time datetime>``)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incident_reports.core.catalogue import Catalogue, Group, Service, catalogue_from
from incident_reports.core.model import build_record, update_ids
from incident_reports.core.public import public_record
from incident_reports.core.schema import Report, Update
from incident_reports.core.settings import Settings
from incident_reports.core.status import overall, service_statuses, shown_statuses
from incident_reports.core.yaml_source import parse_yaml
from incident_reports.statuspage.mapping import markdown_from_statuspage
from incident_reports.views.markdown_text import MarkdownText
from incident_reports.views.times import datetime_attribute

from reports import MINIMAL, NOW, check, check_many, line_of, with_lines

CATALOGUE = Catalogue((Group(name="Public", services=[Service(id="apply", name="Apply"), Service(id="pay", name="Pay")]),))


def record(**fields):
    report = Report.model_validate({"visibility": "public", "summary": "Something happened.", **fields})
    return build_record(report, "incidents/r.md", "", Settings(), NOW)


# --- An incident that names no service ------------------------------------------------------------------


def test_a_report_without_services_is_valid():
    assert check(with_lines(MINIMAL, drop=("services",))) == []
    assert check(with_lines(MINIMAL, "services: []", drop=("services",))) == []


def test_an_update_impact_map_needs_the_service_among_the_reports_with_the_key_left_out_too():
    text = MINIMAL.replace("services: [payments]\n", "") + ""
    text = text.replace("---\n", "---\nupdates:\n  - at: 2026-03-05T14:00:00Z\n    status: investigating\n"
                        "    message: Looking.\n    impact: {payments: major_outage}\n", 1)
    text = text.replace("status: investigating\nvisibility", "visibility")
    problems = check(text)
    assert [(p.field, p.message) for p in problems] == [
        ("updates[0].impact.payments", "'payments' is not among this report's services"),
    ]
    assert problems[0].line == line_of(text, "impact: {payments")


def test_an_unresolved_incident_without_services_sets_the_overall_status_and_no_service_row():
    down = record(
        id="down", title="Down", severity="P3", status="investigating", started="2026-11-26T10:00:00Z", impact="major_outage"
    )
    statuses = service_statuses([down], CATALOGUE, NOW)
    assert statuses["apply"] == statuses["pay"] == "operational"
    assert overall(shown_statuses(statuses, CATALOGUE, NOW.date())) == ("critical", "Major Service Outage")


def test_without_impact_the_severity_mapping_sets_it_and_a_resolved_one_sets_nothing():
    mapped = record(id="down", title="Down", severity="P2", status="investigating", started="2026-11-26T10:00:00Z")
    assert overall(shown_statuses(service_statuses([mapped], CATALOGUE, NOW), CATALOGUE, NOW.date()))[0] == "major"
    over = record(
        id="over", title="Over", severity="P1", status="resolved", started="2026-11-26T10:00:00Z", resolved="2026-11-26T11:00:00Z"
    )
    assert overall(shown_statuses(service_statuses([over], CATALOGUE, NOW), CATALOGUE, NOW.date()))[0] == "none"


# --- Services without a group ---------------------------------------------------------------------------


def test_the_catalogue_may_hold_services_beside_groups():
    text = "groups:\n  - id: api\n    name: API\n  - name: Public\n    services:\n      - id: apply\n        name: Apply\n"
    catalogue, problems = catalogue_from(parse_yaml(text), "status/services.yml")
    assert problems == []
    assert list(catalogue.services) == ["api", "apply"]
    assert [g.name for g in catalogue.groups] == [None, "Public"]


def test_a_mistake_in_a_service_standing_alone_names_its_line():
    text = "groups:\n  - id: api\n    nmae: API\n"
    _, problems = catalogue_from(parse_yaml(text), "status/services.yml")
    assert [(p.line, p.field) for p in problems] == [(2, "groups[0].name"), (3, "groups[0].nmae")]
    assert "did you mean 'name'" in problems[1].message


def test_a_service_id_used_twice_across_a_group_and_a_lone_service_is_named():
    text = "groups:\n  - id: api\n    name: API\n  - name: G\n    services:\n      - id: api\n        name: Again\n"
    _, problems = catalogue_from(parse_yaml(text), "status/services.yml")
    assert [(p.line, p.field) for p in problems] == [(6, "groups[1].services[0].id")]
    assert "'api' is already used at line 2" in problems[0].message


# --- Update ids ----------------------------------------------------------------------------------------


def update(at: str, status: str = "investigating", **more) -> Update:
    return Update.model_validate({"at": at, "status": status, "message": "m", **more})


def test_derived_ids_get_a_suffix_in_file_order_when_updates_share_a_second():
    updates = [
        update("2026-11-19T10:15:07Z"),
        update("2026-11-19T10:15:07.500Z"),
        update("2026-11-19T10:16:00Z"),
        update("2026-11-19T10:15:07.900Z", id="sp-1"),
    ]
    assert update_ids("r", updates) == ["r-20261119T101507Z", "r-20261119T101507Z-2", "r-20261119T101600Z", "sp-1"]


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=12))
def test_update_ids_never_repeat_and_adding_an_update_changes_none_before_it(seconds):
    updates = [update(f"2026-11-19T10:15:{second:02d}Z") for second in sorted(seconds)]
    ids = update_ids("r", updates)
    assert len(set(ids)) == len(ids)
    assert update_ids("r", updates + [update("2026-11-19T10:15:59Z")])[: len(ids)] == ids


def test_an_explicit_update_id_used_by_another_report_is_an_error_on_its_line():
    first = with_lines(
        MINIMAL, "updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    message: m", "    id: sp-1"
    )
    second = with_lines(
        MINIMAL,
        "id: other",
        "updates:",
        "  - at: 2026-03-05T14:00:00Z",
        "    status: investigating",
        "    message: m",
        "    id: sp-1",
    )
    problems = check_many({"incidents/a.md": first, "incidents/b.md": second})
    assert [(p.path, p.line, p.field) for p in problems] == [("incidents/b.md", line_of(second, "id: sp-1"), "updates[0].id")]
    assert "'sp-1' is already the id of an update in incidents/a.md:" in problems[0].message


UPDATE = ("updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    message: m")


def test_an_explicit_update_id_equal_to_one_derived_in_its_report_is_an_error_on_its_line():
    text = with_lines(
        MINIMAL, *UPDATE, "  - at: 2026-03-05T15:00:00Z", "    status: investigating", "    message: n",
        "    id: 2026-03-05-payments-20260305T140000Z",
    )
    [problem] = check(text)
    assert (problem.field, problem.line) == ("updates[1].id", line_of(text, "    id:"))
    assert "is the id updates[0] takes from its time" in problem.message


def test_an_explicit_update_id_equal_to_one_another_report_derives_is_an_error_on_its_line():
    second = ("  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    message: n")
    taken = with_lines(MINIMAL, "id: other", *UPDATE, *second)
    claiming = with_lines(MINIMAL, *UPDATE, "    id: other-20260305T140000Z-2")
    # A report without updates publishes its summary under an id made from when it began.
    statement = with_lines(MINIMAL, "id: z", *UPDATE, "    id: quiet-20260305T135200Z")
    problems = check_many({
        "incidents/a.md": claiming, "incidents/other.md": taken, "incidents/quiet.md": MINIMAL, "incidents/z.md": statement,
    })
    assert [(p.path, p.line, p.field) for p in problems] == [
        ("incidents/a.md", line_of(claiming, "    id:"), "updates[0].id"),
        ("incidents/z.md", line_of(statement, "    id:"), "updates[0].id"),
    ]
    assert "is the id an update of incidents/other.md takes from its time" in problems[0].message
    assert "incidents/quiet.md" in problems[1].message
    # Ids that only look derived are anyone's.
    assert check_many({"incidents/a.md": with_lines(MINIMAL, *UPDATE, "    id: nobody-20260305T140000Z")}) == []


def test_a_feed_id_used_by_two_reports_is_an_error_on_the_second():
    first = with_lines(MINIMAL, "feed_id: 'tag:status.example.com,2005:Incident/1'")
    second = with_lines(MINIMAL, "id: other", "feed_id: 'tag:status.example.com,2005:Incident/1'")
    [problem] = check_many({"incidents/a.md": first, "incidents/b.md": second})
    assert (problem.path, problem.line, problem.field) == ("incidents/b.md", line_of(second, "feed_id:"), "feed_id")
    assert "is already the feed_id of incidents/a.md" in problem.message


def test_a_feed_id_equal_to_the_one_the_site_gives_another_report_is_an_error():
    settings = Settings(id_authority="status.example.com")
    claiming = with_lines(MINIMAL, "feed_id: 'tag:status.example.com,2026:incident/other'")
    reports = {"incidents/a.md": claiming, "incidents/other.md": MINIMAL.replace("title:", "id: other\ntitle:")}
    [problem] = check_many(reports, settings=settings)
    assert (problem.path, problem.field) == ("incidents/a.md", "feed_id")
    assert "is the feed entry id the site gives incidents/other.md" in problem.message
    # Under another authority the same text names nothing of this site's.
    assert check_many(reports, settings=Settings(id_authority="status.example.org")) == []


@pytest.mark.parametrize("value", ["has space", "x" * 65, "é"])
def test_an_update_id_outside_the_pattern_says_what_to_write(value):
    text = with_lines(
        MINIMAL, "updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    message: m", f"    id: '{value}'"
    )
    [problem] = check(text)
    assert problem.field == "updates[0].id" and problem.line == line_of(text, "    id:")
    assert "at most 64 letters, digits, '_' and '-'" in problem.message


# --- Update messages are Markdown -----------------------------------------------------------------------


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize(
    "text, html",
    [
        ("use <your email> to sign in", "<p>use &lt;your email&gt; to sign in</p>"),
        ("line one\nline two", "<p>line one<br>\nline two</p>"),
        ("first<br />second", "<p>first<br>\nsecond</p>"),
        (
            "see [the notice](https://example.org/n) **now**",
            '<p>see <a href="https://example.org/n" rel="noopener noreferrer">the notice</a> <strong>now</strong></p>',
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("keep `a <b> c` as code", "<p>keep <code>a &lt;b&gt; c</code> as code</p>"),
        ("x < y and 3 > 2", "<p>x &lt; y and 3 &gt; 2</p>"),
        ("words <script>alert(1)</script> more", "<p>words  more</p>"),
        ("words <!-- a note for staff --> more", "<p>words  more</p>"),
        ("words <STYLE>p{}</STYLE> more", "<p>words  more</p>"),
        ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        (
            "![status](https://tracker.example.net/p.gif) seen",
            '<p><a href="https://tracker.example.net/p.gif" rel="noopener noreferrer">status</a> seen</p>',
        ),
    ],
)
def test_an_update_message_is_sanitised_markdown_that_keeps_its_words(text, html, public):
    assert str(MarkdownText().message_html(text, public)) == html


def test_an_update_message_is_plain_text_where_the_api_has_plain_text():
    text = "We are **investigating**.\nSee [the notice](https://example.org/n).\n\n- use <your email>\n- retry"
    plain = "We are investigating.\nSee the notice (https://example.org/n).\n\n- use <your email>\n- retry"
    assert MarkdownText().message_text(text) == plain


@pytest.mark.parametrize(
    "body, markdown",
    [
        ("Investigating.<br />More soon.", "Investigating.\nMore soon."),
        ("Line\nbreak", "Line\nbreak"),
        ('See <a href="https://x.example/a_b">the <strong>notice</strong></a>.', "See [the **notice**](https://x.example/a_b)."),
        ("use <your email> &amp; retry", "use <your email> & retry"),
        ("<p>One</p><p>Two</p><ul><li>a</li></ul>", "One\n\nTwo\n\n- a"),
        ("Fixed<!-- internal: blame the vendor -->.", "Fixed."),
        ("Fixed.<script>track()</script><style>p{}</style>", "Fixed."),
        ('Fixed. <img src="https://tracker.example.net/p.gif" alt="pixel">', "Fixed. [pixel](https://tracker.example.net/p.gif)"),
    ],
)
def test_statuspage_text_becomes_markdown(body, markdown):
    assert markdown_from_statuspage(body) == markdown


def test_a_feed_id_is_a_uri_without_spaces():
    assert check(with_lines(MINIMAL, "feed_id: 'tag:status.example.com,2005:Incident/12345678'")) == []
    text = with_lines(MINIMAL, "feed_id: not an id")
    [problem] = check(text)
    assert problem.field == "feed_id" and problem.line == line_of(text, "feed_id:")
    assert "is not a feed entry id; write the URI the old feed gave the entry" in problem.message


# --- The Statuspage id an imported incident keeps -----------------------------------------------------------


@pytest.mark.parametrize("value", ["p4gkz1b9r3nd", "01HV3K9Q2Z-8W", "28544107"])
def test_a_statuspage_id_is_letters_digits_dashes_and_underscores(value):
    assert check(with_lines(MINIMAL, f"statuspage_id: {value}")) == []


@pytest.mark.parametrize("value", ["'has space'", "'" + "x" * 65 + "'", "'é'"])
def test_a_statuspage_id_outside_the_pattern_says_what_to_write(value):
    text = with_lines(MINIMAL, f"statuspage_id: {value}")
    [problem] = check(text)
    assert problem.field == "statuspage_id" and problem.line == line_of(text, "statuspage_id:")
    assert "is not a Statuspage incident id; write the id the page's API gave the incident" in problem.message


def test_a_statuspage_id_kept_by_two_reports_is_an_error_on_the_second_ones_line():
    first = with_lines(MINIMAL, "statuspage_id: p4gkz1b9r3nd")
    second = with_lines(MINIMAL, "id: other", "statuspage_id: p4gkz1b9r3nd")
    problems = check_many({"incidents/a.md": first, "incidents/b.md": second})
    where = [(p.path, p.line, p.field) for p in problems]
    assert where == [("incidents/b.md", line_of(second, "statuspage_id:"), "statuspage_id")]
    message = problems[0].message
    assert f"'p4gkz1b9r3nd' is already the statuspage_id of incidents/a.md:{line_of(first, 'statuspage_id:')}" in message


def test_a_statuspage_id_that_is_another_reports_id_is_an_error():
    """Both would be published in the API under the same id."""
    mine = with_lines(MINIMAL, "id: mine", "statuspage_id: other")
    other = with_lines(MINIMAL, "id: other")
    problems = check_many({"incidents/mine.md": mine, "incidents/other.md": other})
    where = [(p.path, p.line, p.field) for p in problems]
    assert where == [("incidents/mine.md", line_of(mine, "statuspage_id:"), "statuspage_id")]
    assert "'other' is the id of incidents/other.md, so the API would publish two incidents as 'other'" in problems[0].message
    # A report may keep its own id as its Statuspage id.
    assert check_many({"incidents/other.md": with_lines(MINIMAL, "id: other", "statuspage_id: other")}) == []


# --- Postmortems: timezone, lessons, categories, approximate counts ----------------------------------------


POSTMORTEM = with_lines(
    MINIMAL,
    "timezone: America/Los_Angeles",
    "categories: [availability, data]",
    "users_affected: 712",
    "users_affected_text: about 700",
    "report_public: true",
    "lessons:",
    "  went_well: Paging *worked*.",
    "  went_wrong:",
    "    - No alert on the queue.",
    "    - The runbook was out of date.",
    "  got_lucky: It was a quiet day.",
)


def test_a_postmortem_with_the_new_fields_is_valid():
    assert check(POSTMORTEM) == []


def test_a_time_without_offset_in_a_report_with_a_timezone_suggests_that_zone_in_summer_too():
    text = with_lines(POSTMORTEM, "detected: 2026-07-05T06:50:00")
    [problem] = check(text)
    assert problem.field == "detected" and problem.line == line_of(text, "detected:")
    assert "write 2026-07-05T06:50:00-07:00 (that is 2026-07-05T13:50:00Z)" in problem.message


def test_with_assume_timezone_a_report_reads_offset_less_times_in_its_own_zone():
    from incident_reports.core.loader import parse_report
    from incident_reports.core.validate import validate_report

    from reports import example_catalogue

    text = with_lines(POSTMORTEM, "detected: 2026-07-05T06:50:00")
    source = parse_report(text.encode(), "incidents/pm.md", "pm")
    report, problems = validate_report(source, Settings(timezone="Europe/London", assume_timezone=True), example_catalogue(), NOW)
    assert problems == [] and report.detected == datetime(2026, 7, 5, 13, 50, tzinfo=UTC)


def test_security_among_categories_keeps_the_narrative_internal():
    text = with_lines(POSTMORTEM, "categories: [security]", drop=("categories",))
    [problem] = check(text)
    assert problem.field == "report_public"


def test_lessons_are_public_only_with_report_public_and_the_rest_never():
    fields = dict(
        id="pm",
        title="PM",
        severity="P2",
        status="resolved",
        started="2026-11-20T10:00:00Z",
        resolved="2026-11-20T11:00:00Z",
        categories=["data"],
        users_affected_text="about 700",
        timezone="Europe/London",
        lessons={"went_well": "Paging worked."},
    )
    fields["feed_id"] = "tag:status.example.com,2005:Incident/1"
    hidden = public_record(record(**fields)).report
    shown = public_record(record(report_public=True, **fields)).report
    assert hidden.feed_id == "tag:status.example.com,2005:Incident/1"
    assert hidden.lessons is None and shown.lessons is not None and shown.lessons.went_well == "Paging worked."
    for report in (hidden, shown):
        assert not getattr(report, "categories", None) and not getattr(report, "users_affected_text", None)
        assert not getattr(report, "timezone", None)


def test_the_json_schema_describes_the_new_fields():
    schema = Report.model_json_schema()
    properties = schema["properties"]
    for name in ("timezone", "lessons", "categories", "users_affected_text"):
        assert name in properties
    assert "services" not in schema.get("required", [])
    lessons = schema["$defs"]["Lessons"]["properties"]
    assert set(lessons) == {"went_well", "went_wrong", "got_lucky"}
    assert schema["$defs"]["Update"]["properties"]["id"]["anyOf"][0]["pattern"] == "^[A-Za-z0-9_-]{1,64}$"


# --- Outputs clients rely on -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment, text",
    [
        (datetime(2026, 11, 26, 9, 40, 5, 489000, tzinfo=UTC), "2026-11-26T09:40:05.489Z"),
        (datetime(2026, 11, 26, 9, 40, 5, 489123, tzinfo=UTC), "2026-11-26T09:40:05.489Z"),
        (datetime(2026, 11, 26, 9, 40, tzinfo=UTC), "2026-11-26T09:40:00Z"),
        (date(2026, 11, 26), "2026-11-26"),
    ],
)
def test_time_datetime_values_have_at_most_milliseconds(moment, text):
    assert datetime_attribute(moment) == text


#: A valid HTML date, or global date and time with at most millisecond precision.
VALID_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?")


@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_every_time_element_on_the_example_site_is_valid_html(build, request):
    folder: Path = request.getfixturevalue(build)
    values = set()
    for page in folder.rglob("*.html"):
        values.update(re.findall(r'<time datetime="([^"]*)"', page.read_text(encoding="utf-8")))
    for feed in ("feed.xml", "atom.xml", "updates.xml"):
        values.update(re.findall(r'&lt;time datetime="([^"&]*)"', (folder / feed).read_text(encoding="utf-8")))
    assert values
    assert [v for v in values if not VALID_DATETIME.fullmatch(v)] == []


def newest_update(incident: dict) -> dict:
    """What a real client does: read the newest update of each incident."""
    return incident["incident_updates"][0]


@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_a_client_reading_the_newest_update_of_every_incident_works(build, request):
    api: Path = request.getfixturevalue(build) / "api" / "v2"
    summary = json.loads((api / "summary.json").read_text())
    lists = [
        json.loads((api / "incidents.json").read_text())["incidents"],
        summary["incidents"],
        summary["scheduled_maintenances"],
        json.loads((api / "scheduled-maintenances.json").read_text())["scheduled_maintenances"],
    ]
    seen = 0
    for incidents in lists:
        for incident in incidents:
            update = newest_update(incident)
            assert update["body"] and update["status"] and update["created_at"] and update["incident_id"] == incident["id"]
            seen += 1
    assert seen


def test_a_public_report_without_updates_gets_its_summary_as_first_statement(tmp_path):
    from conftest import built, copy_site

    site = copy_site(tmp_path / "site")
    # The smallest report (a P3, so the example's notification policy asks for nobody).
    smallest = MINIMAL.replace("started: 2026-03-05T13:52:00Z", "started: 2026-11-26T11:00:00Z").replace(
        "severity: P2", "severity: P3"
    )
    (site / "incidents" / "2026-11-26-smallest.md").write_text(smallest)
    api = built(site, "mkdocs.public.yml") / "api" / "v2"
    incident = next(i for i in json.loads((api / "incidents.json").read_text())["incidents"] if i["id"] == "2026-11-26-smallest")
    [first] = incident["incident_updates"]
    assert first["body"] == "Some card payments are failing. We are investigating."
    assert first["status"] == "investigating" and first["id"] == "2026-11-26-smallest-20261126T110000Z"
    assert first["display_at"] == "2026-11-26T11:00:00.000Z"
