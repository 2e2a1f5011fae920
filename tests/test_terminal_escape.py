"""One terminal escape for everything the ``incidents`` command prints.

Characters a terminal or a CI log acts on or hides, rather than shows (C0 and C1 controls,
ESC, DEL, line and paragraph separators, bidirectional marks, overrides and isolates,
zero-width characters), are shown as visible escapes (``\\x1b``, ``\\u200e``) by every
command: validate, show, list, the editing commands' messages, import's quirks and errors,
and announce. Text that validation lets through (a left-to-right mark, a zero-width space)
is shown escaped too.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incident_reports.core.terminal_escape import printable, printable_json

from conftest import EXAMPLE_EPOCH, REPO, build_env, copy_site, run_cli

#: Each character a terminal would act on or hide, and how it is shown.
UNSHOWN = {
    "\x1b": "\\x1b", "\x07": "\\x07", "\r": "\\r", "\x7f": "\\x7f", "\x85": "\\x85", "\x9b": "\\x9b",
    "\u2028": "\\u2028", "\u2029": "\\u2029",
    "\u200e": "\\u200e", "\u200f": "\\u200f", "\u061c": "\\u061c",
    "\u202a": "\\u202a", "\u202e": "\\u202e", "\u2066": "\\u2066", "\u2069": "\\u2069",
    "\u200b": "\\u200b", "\u200c": "\\u200c", "\u200d": "\\u200d", "\u2060": "\\u2060", "\ufeff": "\\ufeff",
    "\U000e0041": "\\U000e0041",
}
#: Raw, any of them in printed text is a failure.
RAW = re.compile("[" + "".join(UNSHOWN) + "]")
#: Characters validation lets through but a terminal hides or turns: marks and zero-width characters.
VALID_BUT_HIDDEN = "\u200e\u061c\u200b\u200d\u2060\ufeff"


def test_every_character_a_terminal_acts_on_is_shown_escaped() -> None:
    for char, shown in UNSHOWN.items():
        assert printable(f"a{char}b") == f"a{shown}b"
    # Multi-line text keeps its line breaks and tabs; one-line text escapes them too.
    assert printable("one\ttwo\nthree") == "one\ttwo\nthree"
    assert printable("one\ttwo\nthree", one_line=True) == "one\\ttwo\\nthree"
    # Ordinary text of every script is left alone.
    assert printable("Llandudno — Łódź, 李雷, مرحبا, עברית") == "Llandudno — Łódź, 李雷, مرحبا, עברית"


@given(st.text())
def test_escaped_text_holds_nothing_a_terminal_acts_on(text: str) -> None:
    assert not RAW.search(printable(text))
    assert not RAW.search(printable(text, one_line=True)) and "\n" not in printable(text, one_line=True)
    as_json = printable_json(json.dumps({"text": text}, ensure_ascii=False))
    assert not RAW.search(as_json) and json.loads(as_json) == {"text": text}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with a valid report whose text hides marks and zero-width characters, and an invalid one."""
    root = copy_site(tmp_path_factory.mktemp("terminal"))
    report = root / "incidents" / "2026-11-26-card-payments-failing.md"
    text = report.read_text(encoding="utf-8")
    text = text.replace("title: Card payments", f"title: Card{VALID_BUT_HIDDEN} payments", 1)
    report.write_text(text, encoding="utf-8")
    invalid = root / "incidents" / "2026-11-27-hidden-severity.md"
    invalid.write_text(text.replace("id: 2026-11-26-card-payments-failing", "id: 2026-11-27-hidden-severity")
                       .replace("severity: P2", "severity: P2\u200b\u200e"), encoding="utf-8")
    return root


def assert_escaped(printed: str, *shown: str) -> None:
    assert not RAW.search(printed), [char for char in printed if RAW.match(char)]
    for escape in shown:
        assert escape in printed, (escape, printed)


def test_show_list_and_validate_escape_what_validation_lets_through(site: Path) -> None:
    shown = run_cli(site, "show", "2026-11-26-card-payments-failing")
    assert shown.returncode == 0, shown.stderr
    assert_escaped(shown.stdout + shown.stderr, "Card\\u200e\\u061c\\u200b\\u200d\\u2060\\ufeff payments")
    listed = run_cli(site, "list", env=build_env(EXAMPLE_EPOCH, COLUMNS="200"))
    assert listed.returncode == 0, listed.stderr
    assert_escaped(listed.stdout + listed.stderr, "Card\\u200e\\u061c\\u200b\\u200d\\u2060\\ufeff payments")
    as_json = run_cli(site, "list", "--format", "json")
    assert_escaped(as_json.stdout)
    titles = {report["id"]: report["title"] for report in json.loads(as_json.stdout)["reports"]}
    assert titles["2026-11-26-card-payments-failing"] == f"Card{VALID_BUT_HIDDEN} payments failing for some users"
    validated = run_cli(site, "validate")
    assert validated.returncode == 1
    assert_escaped(validated.stdout + validated.stderr, "2026-11-27-hidden-severity.md", "P2\\u200b\\u200e")


def test_command_messages_escape_what_was_typed(site: Path) -> None:
    listed = run_cli(site, "list", "--service", "pay\u200ements")
    assert listed.returncode == 2
    assert_escaped(listed.stderr, "'pay\\u200ements' is not")
    update = run_cli(site, "update", "2026-11-26-card-payments-failing", "--status", "fix\u200bed", "-m", "x")
    assert update.returncode == 2
    assert_escaped(update.stdout + update.stderr, "fix\\u200bed")


def test_import_quirks_show_an_exports_controls_escaped(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    export = tmp_path / "export"
    shutil.copytree(REPO / "tests" / "fixtures" / "statuspage", export)
    incidents = json.loads((export / "incidents.json").read_text(encoding="utf-8"))
    # A status the import does not know is a quirk that quotes it: here marks a terminal hides and a line break
    # (controls are refused with the export's line, as a report refuses them).
    signin = next(incident for incident in incidents["incidents"] if incident["name"] == "Sign in unavailable")
    signin["incident_updates"][0]["status"] = "\u200e\u200bresolved\n  - a forged quirk"
    (export / "incidents.json").write_text(json.dumps(incidents), encoding="utf-8")
    result = run_cli(site, "import", "statuspage", "--dry-run", str(export))
    assert result.returncode == 0, result.stderr
    assert_escaped(result.stdout + result.stderr, "has status '\\u200e\\u200bresolved\\n  - a forged quirk'")
    quirks = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
    assert not any(line.startswith("  - a forged quirk") for line in quirks)


def test_import_errors_show_an_exports_controls_escaped(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    bad = tmp_path / "incidents.json"
    bad.write_text('{"incidents": [{"id": "a", "name": "Down\\u001b[2J\\u200e", "status": "x\\u001b]0;t\\u0007"}]}',
                   encoding="utf-8")
    result = run_cli(site, "import", "statuspage", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert_escaped(result.stdout + result.stderr)
