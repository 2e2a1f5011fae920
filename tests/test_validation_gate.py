"""The validator is the gate: every class of input the build, feeds, calendar, API or file system
could not take gets a clear ``path:line: field: message`` error (never a traceback).

Each case is a failing report with its field, its message and its line asserted.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config.base import ValidationError

from incident_reports.core.archive import archive_problems, load_archive, report_files
from incident_reports.core.catalogue import catalogue_from_bytes, load_catalogue
from incident_reports.core.loader import ReadLimits, read_report
from incident_reports.core.problems import Problem
from incident_reports.core.settings import Settings
from incident_reports.mkdocs_plugin.config import checked_options

from conftest import build_env, copy_site, run_cli
from reports import MINIMAL, NOW, check, line_of, with_lines

CONTROL = "a control character that feeds (XML), calendars and terminals cannot carry safely"
ESCAPE_MADE = "an escape in the quoted text makes"
SEPARATOR = "a line or paragraph separator, which YAML, scripts and terminals read as a line break that does not show"
TOO_BIG = "the number is too large (at most 9,007,199,254,740,991)"
OUT_OF_RANGE = "is outside the years 1970 to 2999"
TAG = "is not allowed in reports; remove it"

#: (name, report text, field, part of the message, text of the line the problem is on)
CASES = [
    (
        "ESC in a title",
        MINIMAL.replace("Card payments", "Card \x1b[31mpayments"),
        "title",
        "holds U+001B (ESCAPE), " + CONTROL,
        "title:",
    ),
    ("NUL in the summary", MINIMAL.replace("Some card", "Some\x00 card"), "summary", "holds U+0000", "summary:"),
    ("a C1 control", MINIMAL.replace("Some card", "Some\x85 card"), "summary", "holds U+0085", "summary:"),
    ("U+FFFE", MINIMAL.replace("Some card", "Some\ufffe card"), "summary", "holds U+FFFE", "summary:"),
    (
        "form feed in an update",
        with_lines(
            MINIMAL, "updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    message: We are\x0c looking"
        ),
        "message",
        "holds U+000C",
        "message: We are",
    ),
    ("ESC in extra", with_lines(MINIMAL, "extra:", "  ticket: OPS-1\x1b[2J"), "ticket", "holds U+001B", "ticket:"),
    (
        "ESC in the body, on its own line",
        MINIMAL + "\nFirst paragraph.\n\nA \x1b]0;title\x07 terminal title.\n",
        "",
        "holds U+001B",
        "terminal title",
    ),
    (
        "a bidi override in the title",
        MINIMAL.replace("Card payments", "Card \u202epayments"),
        "title",
        "holds U+202E (RIGHT-TO-LEFT OVERRIDE), a bidirectional control",
        "title:",
    ),
    ("an isolate in a service list", MINIMAL.replace("[payments]", "[pay\u2066ments]"), "services", "holds U+2066", "services:"),
    (
        "a line separator in a title",
        MINIMAL.replace("Card payments", "Card\u2028payments"),
        "title",
        "holds U+2028 (LINE SEPARATOR), " + SEPARATOR,
        "title:",
    ),
    ("a paragraph separator in extra", with_lines(MINIMAL, "extra:", "  note: one\u2029two"), "note", "holds U+2029", "note:"),
    ("a paragraph separator in the body", MINIMAL + "\nFirst.\u2029Second.\n", "", "holds U+2029", "First."),
    (
        "a line separator written as a YAML escape",
        with_lines(MINIMAL, "extra:", '  note: "one\\Ltwo"'),
        "extra.note",
        ESCAPE_MADE + " U+2028",
        "note:",
    ),
    (
        "a paragraph separator written as a YAML escape in a title",
        MINIMAL.replace("title: Card payments failing for some users", 'title: "Card\\Ppayments"'),
        "title",
        ESCAPE_MADE + " U+2029",
        "title:",
    ),
    (
        "ESC written as a YAML escape in extra",
        with_lines(MINIMAL, "extra:", '  colour: "\\e[31mred"'),
        "extra.colour",
        ESCAPE_MADE + " U+001B",
        "colour:",
    ),
    (
        "NUL written as a YAML escape in a title",
        MINIMAL.replace("title: Card payments failing for some users", 'title: "Card\\0 payments"'),
        "title",
        ESCAPE_MADE + " U+0000",
        "title:",
    ),
    (
        "a bidi override written as an escape in a key",
        with_lines(MINIMAL, "extra:", '  "k\\u202e": 1'),
        "extra.k\u202e",
        ESCAPE_MADE + " U+202E",
        '"k\\u202e"',
    ),
    ("a 5,000-digit number", with_lines(MINIMAL, "users_affected: " + "9" * 5000), "users_affected", TOO_BIG, "users_affected:"),
    ("a 5,000-digit number in extra", with_lines(MINIMAL, "extra:", "  big: " + "1" * 5000), "extra.big", TOO_BIG, "big:"),
    (
        "a number past 2**53",
        with_lines(MINIMAL, "users_affected: 9007199254740993"),
        "users_affected",
        TOO_BIG,
        "users_affected:",
    ),
    ("infinity", with_lines(MINIMAL, "extra:", "  ratio: .inf"), "extra.ratio", "'.inf' is not a finite number", "ratio:"),
    ("not a number", with_lines(MINIMAL, "extra:", "  ratio: .nan"), "extra.ratio", "'.nan' is not a finite number", "ratio:"),
    (
        "a time that overflows in UTC",
        MINIMAL.replace("2026-03-05T13:52:00Z", "9999-12-31T23:59:59-23:59"),
        "started",
        OUT_OF_RANGE,
        "started:",
    ),
    (
        "a time before 1970",
        MINIMAL.replace("2026-03-05T13:52:00Z", "0001-01-01T00:00:00+23:59"),
        "started",
        OUT_OF_RANGE,
        "started:",
    ),
    (
        "a date out of range",
        with_lines(MINIMAL, "actions:", "  - title: Fix it", "    owner: Sam", "    due: 3000-01-01"),
        "actions[0].due",
        OUT_OF_RANGE.replace("times", "dates"),
        "due:",
    ),
    ("!!set on a map", with_lines(MINIMAL, "extra: !!set {a, b}"), "extra", "the YAML tag '!!set' " + TAG, "extra:"),
    (
        "!!python/tuple on a list",
        with_lines(MINIMAL, "extra:", "  pair: !!python/tuple [1, 2]"),
        "extra.pair",
        "the YAML tag '!!python/tuple' " + TAG,
        "pair:",
    ),
    (
        "!!python/object/apply on a list",
        with_lines(MINIMAL, 'extra: !!python/object/apply:os.system ["true"]'),
        "extra",
        "the YAML tag '!!python/object/apply:os.system' " + TAG,
        "extra:",
    ),
    ("!!omap on a list", with_lines(MINIMAL, "extra:", "  ordered: !!omap [a: 1]"), "extra.ordered", TAG, "ordered:"),
    # A tag chooses how a value is made: one that cannot be made was a traceback, one that could was let through.
    ("!!int on text", with_lines(MINIMAL, 'users_affected: !!int "abc"'), "users_affected", "'!!int' " + TAG, "users_affected:"),
    ("!!int on nothing", with_lines(MINIMAL, 'users_affected: !!int ""'), "users_affected", "'!!int' " + TAG, "users_affected:"),
    ("!!bool on a word", with_lines(MINIMAL, 'report_public: !!bool "maybe"'), "report_public", "'!!bool' " + TAG,
     "report_public:"),
    ("!!float on text", with_lines(MINIMAL, "extra:", '  ratio: !!float "x"'), "extra.ratio", "'!!float' " + TAG, "ratio:"),
    ("!!null on text", with_lines(MINIMAL, 'trigger: !!null "x"'), "trigger", "'!!null' " + TAG, "trigger:"),
    ("!!str on plain text", with_lines(MINIMAL, "trigger: !!str a deploy"), "trigger", "'!!str' " + TAG, "trigger:"),
    ("the empty tag", with_lines(MINIMAL, "trigger: ! a deploy"), "trigger", "'!' " + TAG, "trigger:"),
    ("a local tag", with_lines(MINIMAL, "extra:", "  x: !mine 1"), "extra.x", "'!mine' " + TAG, "x:"),
    ("a tag in a flow list", with_lines(MINIMAL, "tags: [a, !!int b]"), "tags[1]", "'!!int' " + TAG, "tags:"),
    ("a tag on a key", with_lines(MINIMAL, "!!str lead: Sam"), "", "'!!str' " + TAG + ": keys are plain words", "lead:"),
    ("a tag on a nested key", with_lines(MINIMAL, "extra:", "  !!null k: v"), "extra", "'!!null' " + TAG, "k: v"),
    ("the id index", with_lines(MINIMAL, "id: index"), "id", "'index' is reserved for the archive's own pages and files", "id:"),
    ("the id archive-index", with_lines(MINIMAL, "id: archive-index"), "id", "is reserved for the archive's own pages", "id:"),
    ("an archive folder as id", with_lines(MINIMAL, "id: year"), "id", "'year' is reserved", "id:"),
    ("a Windows device name as id", with_lines(MINIMAL, "id: nul"), "id", "'nul' is a name Windows reserves", "id:"),
    ("com1 as id", with_lines(MINIMAL, "id: com1"), "id", "'com1' is a name Windows reserves", "id:"),
    (
        "a 300-character id",
        with_lines(MINIMAL, "id: " + "a" * 300),
        "id",
        "is 300 characters long, over the 100 an id may have",
        "id:",
    ),
    (
        "lists nested 100,000 deep",
        with_lines(MINIMAL, "extra:", "  deep: " + "[" * 100_000 + "]" * 100_000),
        "",
        "maps and lists are nested more than 50 levels deep here; flatten the data",
        "deep:",
    ),
    (
        "maps nested 3,000 deep",
        with_lines(MINIMAL, "extra:", *(" " * (i + 2) + f"k{i}:" for i in range(3000)), " " * 3002 + "v: 1"),
        "",
        "nested more than 50 levels deep",
        "  k49:",
    ),
    (
        "an update message over its cap",
        with_lines(MINIMAL, "updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    message: |-",
                   "      " + "`" * 20_001),
        "updates[0].message",
        "is 20,001 characters long, over the 20,000 an update message may have; shorten it or raise the option "
        "max_update_message_chars",
        "message: |-",
    ),
    (
        "a summary over its cap",
        MINIMAL.replace("summary: Some card payments are failing. We are investigating.", "summary: " + "Some " * 1_000 + "1"),
        "summary",
        "is 5,001 characters long, over the 5,000 a summary may have; shorten it or raise the option max_summary_chars",
        "summary:",
    ),
    (
        "what to do over its cap",
        with_lines(MINIMAL, "what_to_do: |-", "  " + "_" * 5_001),
        "what_to_do",
        "is 5,001 characters long, over the 5,000 the what_to_do text may have; shorten it or raise the option max_summary_chars",
        "what_to_do:",
    ),
    (
        "a root cause over its cap",
        with_lines(MINIMAL, "root_cause: |", "  " + "[" * 50_001),
        "root_cause",
        "is 50,002 characters long, over the 50,000 a narrative field may have; shorten it or raise the option "
        "max_narrative_chars",
        "root_cause:",
    ),
    (
        "a lesson in a list over its cap",
        with_lines(MINIMAL, "lessons:", "  went_well:", "    - short", "    - '" + "*" * 50_001 + "'"),
        "lessons.went_well[1]",
        "is 50,001 characters long, over the 50,000 a narrative field may have",
        "    - '***",
    ),
    (
        "a contributing factor over its cap",
        with_lines(MINIMAL, "contributing_factors:", "  - " + "_" * 50_001),
        "contributing_factors[0]",
        "over the 50,000 a narrative field may have",
        "  - ___",
    ),
    (
        "a timeline event over its cap",
        with_lines(MINIMAL, "timeline:", "  - at: 2026-03-05T14:00:00Z", "    event: " + "\\" * 50_001),
        "timeline[0].event",
        "over the 50,000 a narrative field may have",
        "event:",
    ),
    (
        "review notes over their cap",
        with_lines(MINIMAL, "review:", "  date: 2026-03-06", "  attendees: [Sam]", "  notes: " + "<" * 50_001),
        "review.notes",
        "over the 50,000 a narrative field may have",
        "notes:",
    ),
    (
        "a body over its cap",
        MINIMAL + "\nFirst line of the body.\n" + "x" * 200_000 + "\n",
        "",
        "the body below the front-matter is 200,026 characters long, over the 200,000 a body may have; shorten it or "
        "raise the option max_body_chars",
        "First line of the body.",
    ),
    (
        "a tab in the indentation",
        with_lines(MINIMAL, "extra:", "\tticket: 1"),
        "",
        "a tab in the indentation; YAML indents with spaces only",
        "\tticket",
    ),
]


@pytest.mark.parametrize("text, field, message, line_text", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_class_is_refused_on_its_line(text: str, field: str, message: str, line_text: str) -> None:
    problems = check(text)
    matching = [p for p in problems if p.field == field and message in p.message]
    assert matching, [str(p) for p in problems]
    assert matching[0].line == line_of(text, line_text)
    assert "\x1b" not in str(matching[0]) and "\n" not in str(matching[0])


def test_a_control_byte_is_reported_on_its_own_line_even_late_in_a_block() -> None:
    text = with_lines(MINIMAL, "root_cause: |", "  first line", "  second line", "  third \x07 line")
    (problem,) = check(text)
    assert problem.line == line_of(text, "third")
    assert "U+0007" in problem.message


def test_text_at_its_cap_passes_and_the_caps_are_options() -> None:
    update = ["updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    message: |-"]
    message = with_lines(MINIMAL, *update, "      " + "`" * 20_000)
    assert check(message) == []
    assert check(message.replace("`" * 20_000, "`" * 30_000), settings=Settings(max_update_message_chars=30_000)) == []
    body = MINIMAL + "x" * 1_000
    assert check(body) == [] and [p.field for p in check(body, settings=Settings(max_body_chars=999))] == [""]


@pytest.mark.parametrize("option", ["max_update_message_chars", "max_summary_chars", "max_narrative_chars", "max_body_chars"])
def test_the_text_caps_are_whole_numbers_of_at_least_one(option: str) -> None:
    assert getattr(checked_options({option: 12}, "mkdocs.yml"), option) == 12
    with pytest.raises(ValidationError, match=option):
        checked_options({option: 0}, "mkdocs.yml")


def test_numbers_and_times_in_range_pass() -> None:
    text = with_lines(MINIMAL, "users_affected: 9007199254740991", "extra:", "  ratio: 0.25", "  when: 2999-12-31T23:59:59Z")
    assert check(text) == []


def test_timestamps_with_extreme_offsets_near_the_ends_pass() -> None:
    assert check(MINIMAL.replace("2026-03-05T13:52:00Z", "2026-03-05T13:52:00-23:59")) == []


def test_reserved_and_windows_file_names_are_refused() -> None:
    problems = check(MINIMAL.replace("title:", "id: 2026-03-05-payments\ntitle:"), path="incidents/aux.md")
    assert [str(p) for p in problems] == [
        "incidents/aux.md:1: the file name 'aux' is reserved by Windows for a device; rename the file (e.g. 2026-03-05-aux.md)",
    ]
    (problem,) = check(MINIMAL.replace("title:", "id: 2026-03-05-payments\ntitle:"), path="incidents/LPT1.txt.md")
    assert problem.field == "" and "'LPT1.txt' is reserved by Windows" in problem.message
    (problem,) = check(MINIMAL, path="incidents/index.md")
    assert problem.field == "id" and "'index' is reserved" in problem.message


def archive_at(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A site folder with the example catalogue and these report files."""
    root = tmp_path / "site"
    (root / "status").mkdir(parents=True)
    (root / "status" / "services.yml").write_bytes((Path(__file__).parents[1] / "status" / "services.yml").read_bytes())
    (root / "incidents").mkdir()
    for name, text in files.items():
        path = root / "incidents" / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
    return root


def problems_of(root: Path, settings: Settings | None = None) -> list[str]:
    return [str(p) for p in archive_problems(root, settings or Settings(), NOW)]


def test_report_file_names_that_differ_only_in_case(tmp_path: Path) -> None:
    root = archive_at(
        tmp_path,
        {"2026-03-05-payments.md": MINIMAL, "2026-03-05-Payments.md": MINIMAL.replace("title:", "id: 2026-03-05-other\ntitle:")},
    )
    assert problems_of(root) == [
        "incidents/2026-03-05-payments.md:1: differs from incidents/2026-03-05-Payments.md only in upper and lower case; "
        "macOS and Windows see one file: rename one of them",
    ]


def test_a_symlink_to_a_device_is_refused_unread(tmp_path: Path) -> None:
    root = archive_at(tmp_path, {})
    (root / "incidents" / "zero.md").symlink_to("/dev/zero")
    (message,) = problems_of(root)
    assert message.startswith("incidents/zero.md:1: is a symlink to /dev/zero, outside the repository;")
    (allowed,) = problems_of(root, Settings(allow_outside_links=True))
    assert allowed == (
        "incidents/zero.md:1: is a character device, not a report file; only regular files named *.md "
        "are reports: remove it or rename it"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    root = archive_at(tmp_path, {})
    os.mkfifo(root / "incidents" / "pipe.md")
    # Run in a process of its own: a reader that opened the pipe would wait for a writer for ever.
    code = (
        "import sys; from pathlib import Path; from incident_reports.core.loader import read_report; "
        f"print(read_report(Path({str(root / 'incidents' / 'pipe.md')!r}), 'incidents/pipe.md'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=build_env())
    assert result.stdout.strip() == (
        "incidents/pipe.md:1: is a named pipe (FIFO), not a report file; "
        "only regular files named *.md are reports: remove it or rename it"
    )


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets")
def test_a_socket_and_a_folder_named_md_are_refused(tmp_path: Path) -> None:
    root = archive_at(tmp_path, {})
    (root / "incidents" / "folder.md").mkdir()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "incidents" / "s.md"))
        assert problems_of(root) == [
            "incidents/folder.md:1: is a folder, not a report file; "
            "only regular files named *.md are reports: remove it or rename it",
            "incidents/s.md:1: is a socket, not a report file; only regular files named *.md are reports: remove it or rename it",
        ]
    finally:
        server.close()


def test_a_report_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    root = archive_at(tmp_path, {"2026-03-05-payments.md": MINIMAL + "x" * 5000})
    (message,) = problems_of(root, Settings(max_report_bytes=4096))
    assert message.startswith("incidents/2026-03-05-payments.md:1: is 5,")
    assert "over the 4,096-byte limit for a report" in message and "max_report_bytes" in message
    assert problems_of(root) == []  # the default cap (2,000,000 bytes) takes it


def test_symlinks_inside_the_repository_are_followed_and_outside_ones_refused(tmp_path: Path) -> None:
    root = archive_at(tmp_path, {})
    (root / "shared.txt").write_text(MINIMAL)
    (root / "incidents" / "2026-03-05-payments.md").symlink_to(root / "shared.txt")
    outside = tmp_path / "elsewhere.md"
    outside.write_text(MINIMAL.replace("title:", "id: 2026-03-05-elsewhere\ntitle:"))
    (root / "incidents" / "2026-03-05-elsewhere.md").symlink_to(outside)
    (message,) = problems_of(root)
    assert message.startswith(f"incidents/2026-03-05-elsewhere.md:1: is a symlink to {outside}, outside the repository;")
    assert "allow_outside_links: true" in message
    assert problems_of(root, Settings(allow_outside_links=True)) == []
    assert len(load_archive(root, Settings(allow_outside_links=True), NOW).records) == 2


def test_read_report_refuses_what_it_is_not_given_room_for(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text(MINIMAL)
    problem = read_report(path, "r.md", ReadLimits(max_bytes=10))
    assert isinstance(problem, Problem) and "over the 10-byte limit" in problem.message


def test_service_names_and_descriptions_refuse_controls(tmp_path: Path) -> None:
    catalogue = tmp_path / "services.yml"
    catalogue.write_text(
        "groups:\n  - name: Public\n    services:\n      - id: payments\n        name: Pay\x1b[5m\n        description: ok\n"
    )
    _, problems = load_catalogue(catalogue, "status/services.yml")
    assert [str(p) for p in problems] == [
        "status/services.yml:5: name: holds U+001B (ESCAPE), "
        + CONTROL
        + "; delete it (copied terminal output often holds colour codes)",
    ]
    catalogue.write_text(
        "groups:\n  - name: Public\n    services:\n      - id: payments\n        name: Pay\n"
        '        description: "evil \\u202e txt"\n'
    )
    _, problems = load_catalogue(catalogue, "status/services.yml")
    assert problems[0].line == 6 and problems[0].field == "groups[0].services[0].description"
    catalogue.write_text("groups:\n  - name: Public\n    services:\n      - id: payments\n        name: Pay\u2028ments\n")
    _, problems = load_catalogue(catalogue, "status/services.yml")
    assert problems[0].line == 5 and "holds U+2028 (LINE SEPARATOR)" in problems[0].message
    catalogue.write_text(f"groups:\n  - name: Public\n    services:\n      - id: {'p' * 101}\n        name: Pay\n")
    _, problems = load_catalogue(catalogue, "status/services.yml")
    assert problems[0].line == 4 and "is 101 characters long" in problems[0].message


def test_a_file_name_with_a_line_break_stays_on_one_line_and_in_a_valid_annotation(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    odd = site / "incidents" / "bad\nname%,:.md"
    odd.write_text(MINIMAL.replace("title:", "id: 2026-03-05-odd\ntitle:").replace("P2", "P4") + "\x1b[2J\n")
    result = run_cli(site, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "incidents/bad\\nname%,:.md:11: holds U+001B (ESCAPE), "
        + CONTROL
        + "; delete it (copied terminal output often holds colour codes)",
    ]
    annotated = run_cli(site, "validate", env=build_env(GITHUB_ACTIONS="true"))
    (annotation,) = annotated.stdout.splitlines()
    assert annotation.startswith("::error file=incidents/bad%0Aname%25%2C%3A.md,line=11::holds U+001B (ESCAPE)")
    odd.write_text(MINIMAL.replace("title:", "id: 2026-03-05-odd\ntitle:").replace("P2", "P4"))
    assert run_cli(site, "validate").stdout.splitlines() == [
        "incidents/bad\\nname%,:.md:1: the file name holds U+000A (a control character); "
        "rename the file (lowercase, digits, hyphens)",
    ]


def test_authoring_commands_refuse_controls_and_say_which(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    before = (site / "incidents" / "2026-11-26-card-payments-failing.md").read_bytes()
    typed = run_cli(site, "update", "2026-11-26-card-payments-failing", "-m", "fixed \x1b[31mred")
    assert typed.returncode == 2
    assert "the --message value holds U+001B (ESCAPE), which a report may not hold" in typed.stderr
    piped = run_cli(site, "update", "2026-11-26-card-payments-failing", "-m", "-", input="fine\u202e text\n")
    assert piped.returncode == 2 and "the message holds U+202E" in piped.stderr
    separated = run_cli(site, "update", "2026-11-26-card-payments-failing", "-m", "one\u2028two")
    assert separated.returncode == 2 and "the --message value holds U+2028 (LINE SEPARATOR)" in separated.stderr
    assert (site / "incidents" / "2026-11-26-card-payments-failing.md").read_bytes() == before


def test_a_carriage_return_in_authored_text_becomes_a_line_break(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    result = run_cli(
        site,
        "timeline",
        "2026-11-26-card-payments-failing",
        "-",
        "--at",
        "2026-11-26T11:00:00Z",
        input="first\r\nsecond\rthird\n",
    )
    assert result.returncode == 0, result.stderr
    report = load_archive(site, Settings(), NOW).by_id()["2026-11-26-card-payments-failing"].report
    assert any(entry.event.startswith("first\nsecond\nthird") for entry in report.timeline)
    assert report_files(site, Settings())


def test_terminal_output_shows_controls_escaped() -> None:
    from incident_reports.core.terminal_escape import printable

    assert printable("a\x1b[31mb\x85c\u202ed\x7f\ttab\nline") == "a\\x1b[31mb\\x85c\\u202ed\\x7f\ttab\nline"
    assert printable("one\r\ntwo\tthree", one_line=True) == "one\\r\\ntwo\\tthree"
    problem = Problem("incidents/a\x1b]0;x\x07.md", 3, "extra.k", "bad\nvalue\x9b")
    assert str(problem) == "incidents/a\\x1b]0;x\\x07.md:3: extra.k: bad\\nvalue\\x9b"
    assert problem.github_annotation() == "::error file=incidents/a\\x1b]0;x\\x07.md,line=3::extra.k: bad%0Avalue\\x9b"


def test_show_and_list_json_escape_what_a_terminal_would_act_on(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from incident_reports.cli.terminal_views import _print_json, _text

    _print_json({"title": "a\x1b[2Jb\x85c\u2066d"})
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and "\x85" not in printed and "\u2066" not in printed
    assert json.loads(printed) == {"title": "a\x1b[2Jb\x85c\u2066d"}
    assert _text("x\x1b[31my").plain == "x\\x1b[31my"


@pytest.mark.parametrize("value", [0, -1, True, 1.5])
def test_the_size_cap_is_a_whole_number_of_bytes_of_at_least_one(value: object) -> None:
    with pytest.raises(ValidationError, match="max_report_bytes"):
        checked_options({"max_report_bytes": value}, "mkdocs.yml")
    assert checked_options({"max_report_bytes": 4096}, "mkdocs.yml").max_report_bytes == 4096


# --- Ids of services and groups ---------------------------------------------------------------------------


def catalogue_problems(text: str) -> list[str]:
    """The problems of a ``services.yml`` with this text."""
    return [str(p) for p in catalogue_from_bytes(text.encode(), "status/services.yml")[1]]


@pytest.mark.parametrize("service_id", ["con", "nul", "com1", "lpt9"])
def test_a_windows_device_name_is_refused_as_a_service_id(service_id: str) -> None:
    text = f"groups:\n  - name: Public\n    services:\n      - id: {service_id}\n        name: Console\n"
    assert catalogue_problems(text) == [
        f"status/services.yml:4: groups[0].services[0].id: '{service_id}' is a name Windows reserves for a device, "
        "so the site could not be checked out or built there; choose another id",
    ]


def test_a_windows_device_name_is_refused_as_a_group_id_and_a_file_name() -> None:
    text = "groups:\n  - id: aux\n    name: Auxiliary\n    services:\n      - id: a\n        name: A\n"
    assert catalogue_problems(text) == [
        "status/services.yml:2: groups[0].id: 'aux' is a name Windows reserves for a device, so the site could not "
        "be checked out or built there; choose another id",
    ]
    # A group named after a device takes an id that is not one.
    assert catalogue_problems(text.replace("  - id: aux\n    name: Auxiliary", "  - name: Aux")) == []
    for name in ("COM¹.md", "con .md", "Nul.txt.md"):
        (problem,) = check(MINIMAL.replace("title:", "id: 2026-03-05-payments\ntitle:"), path=f"incidents/{name}")
        assert "is reserved by Windows for a device" in problem.message, name


def test_two_groups_with_one_name_are_refused_on_the_second() -> None:
    text = (
        "groups:\n  - name: Payments\n    services:\n      - id: a\n        name: A\n"
        "  - name: payments\n    services:\n      - id: b\n        name: B\n"
    )
    assert catalogue_problems(text) == [
        "status/services.yml:6: groups[1].name: the group takes the id 'payments' from its name, as the group at line 2 "
        "does; every group needs its own id (its API component is group-<id>): give one of them an id of its own, "
        "e.g. id: payments-2",
    ]
    assert catalogue_problems(text.replace("  - name: payments\n", "  - id: payments-2\n    name: payments\n")) == []
    explicit = text.replace("  - name: payments\n", "  - id: payments\n    name: Card payments\n")
    assert "'payments' is already the id of the group at line 2" in catalogue_problems(explicit)[0]


def test_a_service_id_that_is_a_groups_component_id_is_refused() -> None:
    text = (
        "groups:\n  - name: Alpha\n    services:\n      - id: group-beta\n        name: A\n"
        "  - name: Beta\n    services:\n      - id: b\n        name: B\n"
    )
    assert catalogue_problems(text) == [
        "status/services.yml:4: groups[0].services[0].id: 'group-beta' is the API's component id of the group at line 6 "
        "(group- and the group's id); choose another service id, or give the group another id",
    ]


def test_group_ids_name_the_api_components_of_groups() -> None:
    text = "groups:\n  - name: Łódź services\n    services:\n      - id: a\n        name: A\n  - id: b-team\n    name: B\n" \
           "    services:\n      - id: b\n        name: B\n"
    catalogue, problems = catalogue_from_bytes(text.encode(), "status/services.yml")
    assert problems == []
    assert [(group.id, group.component_id) for group in catalogue.groups] == [
        ("lodz-services", "group-lodz-services"), ("b-team", "group-b-team"),
    ]
