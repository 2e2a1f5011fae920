"""Files that cannot be read as reports: each gets one clear problem with a line, never a traceback."""

from __future__ import annotations

import time

import pytest

from incident_reports.core.catalogue import catalogue_from, load_catalogue
from incident_reports.core.yaml_source import parse_yaml

from reports import MINIMAL, check


@pytest.mark.parametrize(
    "raw, line, message",
    [
        (b"", 1, "the file is empty"),
        (b"\n  \n", 1, "the file is empty"),
        (b"# Payments down\n\nNo front-matter here.\n", 1, "has no front-matter; start the file with a line of ---"),
        (b"---\ntitle: x\nvisibility: public\n", 3, "the front-matter is never closed; add a line of ---"),
        (b"---\n---\nbody\n", 1, "the front-matter is empty"),
        (b"---\n- a\n- b\n---\n", 2, "the front-matter must be a map of fields"),
        (b"---\ntitle: caf\xe9\n---\n", 2, "is not UTF-8 (byte 0xe9 on this line); save the file as UTF-8"),
        (
            b"---\ntitle: x\nsummary: Update: found it\n---\n",
            3,
            "the value of 'summary' contains ': ' or ' #': put the text in quotes",
        ),
        (b"---\ntitle: x\ntitle: y\n---\n", 3, "'title' is given twice; keep one"),
        (b"---\na: &a [x, x]\nb: *a\n---\n", 3, "YAML aliases (*name) are not allowed"),
        (b"---\ntitle: !!python/object:os.system x\n---\n", 2, "the YAML tag '!!python/object:os.system' is not allowed"),
        (b"---\n[a, b]: x\n---\n", 2, "keys must be plain words"),
    ],
)
def test_unreadable_files_get_one_clear_problem(raw, line, message):
    problems = check(raw)
    assert len(problems) == 1, [str(p) for p in problems]
    assert message in problems[0].message
    assert problems[0].line == line
    assert 1 <= problems[0].line <= max(1, raw.count(b"\n"))


def test_an_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]"
        for i in range(1, 10)
    ]
    raw = ("---\n" + "\n".join(lines) + "\n---\n").encode()
    started = time.process_time()
    problems = check(raw)
    assert "YAML aliases (*name) are not allowed" in problems[0].message
    assert time.process_time() - started < 1.0  # a bomb would expand to 10**10 items


def test_bom_and_crlf_are_accepted_and_lines_still_count():
    raw = ("\ufeff" + MINIMAL.replace("\n", "\r\n")).encode("utf-8")
    assert check(raw) == []
    broken = ("\ufeff" + MINIMAL.replace("severity: P2", "severity: P9").replace("\n", "\r\n")).encode("utf-8")
    (problem,) = check(broken)
    assert problem.line == 3 and problem.field == "severity"


def test_catalogue_problems_point_at_their_lines():
    text = (
        "groups:\n  - name: Public\n    services:\n      - id: payments\n        name: Card payments\n"
        "        colour: red\n      - id: payments\n        name: Again\n"
    )
    _, problems = catalogue_from(parse_yaml(text), "status/services.yml")
    messages = {(p.line, p.field): p.message for p in problems}
    assert messages[(6, "groups[0].services[0].colour")].startswith("unknown key 'colour'")
    assert "'payments' is already used at line 4" in messages[(7, "groups[0].services[1].id")]


def test_a_missing_catalogue_is_a_problem_not_a_crash(tmp_path):
    catalogue, problems = load_catalogue(tmp_path / "services.yml", "status/services.yml")
    assert catalogue.groups == () and "the service catalogue is missing" in problems[0].message
