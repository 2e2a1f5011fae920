"""The speed-ups in the core change nothing: each fast path gives exactly what the general path gives."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incident_reports.cli import validate_workers
from incident_reports.cli.site import load_site
from incident_reports.core import loader, timestamps, validate, yaml_fast, yaml_source
from incident_reports.core.archive import archive_problems, load_archive
from incident_reports.core.cache import ReportCache
from incident_reports.core.loader import read_report

from conftest import EXAMPLE_EPOCH, REPO, copy_site

NOW = datetime.fromtimestamp(EXAMPLE_EPOCH, UTC)
EXAMPLE_REPORTS = sorted((REPO / "incidents").glob("*.md"))
#: Text that only PyYAML may read, and text the fast reader must read exactly as PyYAML does.
EDGE_CASES = [
    "a: 1\nb: yes\nc: no\nd: ~\ne: 10:30\nf: 0x1F\ng: .5\nh: 2026-01-01\ni: 1e3\nj: null\nk:\n",
    "a: |\n  one\n\n  two\nb: >-\n  p\n  q\n\n  r\nc: |-\n  x\n",
    'a: "quoted \\"text\\" \\\\ done"\nb: \'it\'\'s\'\nc: [a, 1, yes, 2026-01-01]\nd: []\n',
    "list:\n- a\n- b\nnext: c\n",
    "items:\n  - title: x\n    owner: y\n  - title: z\n    owner: w\n",
    "a: b # a comment\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: {b: 1}\n", "a: b\n  c\n", "a: [a,\n  b]\n",
    "a: 'x\n  y'\n", "a: b: c\n", "a: 1\na: 2\n", "? a\n: b\n", "a:\tb\n", "- a\n- b\n", "a: |+\n  x\n\n", "a: |2\n   x\n",
    "a:\n  # note\n  b: 1\n", "a: -5\nb: '-'\n", "title: Card payments: failing\n", "a: x #y\n", "a: C#\n",
]


def _typed(value):
    """A value with every type spelled out (``True == 1`` must not hide a difference)."""
    if isinstance(value, dict):
        return ("map", tuple((key, _typed(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("list", tuple(_typed(item) for item in value))
    return (type(value).__name__, repr(value))


def _assert_same_reading(text: str) -> bool:
    """The fast reader gives PyYAML's reading, or declines; True when it read the text itself."""
    try:
        general: yaml_source.ParsedYaml | yaml_source.YamlError = yaml_source.parse_yaml(text, 2)
    except yaml_source.YamlError as error:
        general = error
    try:
        fast = yaml_fast.parse_fast(text, 2)
    except yaml_fast.Unsupported:
        return False
    assert not isinstance(general, yaml_source.YamlError), f"PyYAML refuses this, the fast reader read it:\n{text}"
    # Lines of short paths come from what the reader kept at once (asked first, before the rest is read).
    for path in [*general.lines, ("no-such-key",), ("no-such-key", 0)] + [(*p, "no-such-key") for p in general.lines]:
        assert fast.line_of(path) == general.line_of(path), (text, path)
    assert fast.lines == general.lines, text
    assert fast.scalars == general.scalars, text
    assert fast.comment_cuts == general.comment_cuts, text
    assert _typed(fast.value) == _typed(general.value), text
    return True


def _front(file: Path) -> str:
    text = file.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return text.split("\n---\n", 1)[0][4:] + "\n"


def test_the_fast_reader_reads_every_example_report_itself_and_exactly() -> None:
    assert all(_assert_same_reading(_front(file)) for file in EXAMPLE_REPORTS)
    assert _assert_same_reading((REPO / "status" / "services.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", EDGE_CASES)
def test_the_fast_reader_agrees_or_declines_on_edge_cases(text: str) -> None:
    _assert_same_reading(text)


def test_the_fast_reader_agrees_or_declines_on_mutated_reports() -> None:
    pieces = [" ", "  ", "- ", ": ", " #", "#", '"', "'", "|", ">-", "[", "]", "{", ",", "&a", "*a", "!", "\\", "\\n",
              "\n", "\n  ", "\n\n", "yes", "10:30", "~", "0x1F", "-", "?", "%", "@", "\t", "\u2028", "---", "é", "[]"]
    rng = random.Random(20261126)
    texts = [_front(file) for file in EXAMPLE_REPORTS]
    read_fast = 0
    for _ in range(1500):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.6:
                text = text[:at] + rng.choice(pieces) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 5):]
        read_fast += _assert_same_reading(text)
    assert read_fast > 100, "the fast reader should still read most lightly changed reports"


def test_validating_all_fields_at_once_gives_the_field_by_field_values() -> None:
    rng = random.Random(7)
    junk = [None, "", "x", 1, True, "no", [], {}, ["a"], {"a": 1}, "2026-01-01", "2026-01-01T10:00:00Z", "P1", 1.5]
    sources = [read_report(file, file.name) for file in EXAMPLE_REPORTS]
    at_once = 0
    for _ in range(1500):
        source = rng.choice(sources)
        data = dict(source.front.value)
        if rng.random() < 0.8:
            key = rng.choice(list(data))
            if rng.random() < 0.2:
                del data[key]
            else:
                data[key if rng.random() < 0.9 else key + "s"] = rng.choice(junk)
        context = {"assume_zone": rng.choice([None, "Europe/London"])}
        checked = validate._checked_at_once(data, context)
        if checked is None:
            continue
        at_once += 1
        problems: list = []
        parsed = yaml_source.ParsedYaml(data, source.front.lines, source.front.scalars)
        one_by_one = validate._checked_field_by_field(
            type(source)(source.path, source.stem, parsed, source.body, source.line_count), context, problems,
        )
        assert not problems
        assert _typed(checked) == _typed(one_by_one)
    assert at_once > 100


def test_canonical_timestamps_read_as_the_general_reading_does(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    texts = [
        f"{rng.choice(['2026', '0000', '1970'])}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}T"
        f"{rng.randint(0, 25):02d}:{rng.randint(0, 61):02d}:{rng.randint(0, 61):02d}"
        f"{rng.choice(['Z', '+01:00', '-05:30', '+24:00', '+00:60', '-00:00'])}"
        for _ in range(3000)
    ]

    def reading(text: str):
        try:
            moment = timestamps.parse_timestamp(text)
        except Exception as error:  # noqa: BLE001 - the error itself is compared
            return (type(error), str(error))
        return (repr(moment), moment.utcoffset())

    fast = [reading(text) for text in texts]
    monkeypatch.setattr(timestamps, "_CANONICAL", re.compile(r"(?!)"))
    assert fast == [reading(text) for text in texts]


def test_the_closing_boundary_is_the_one_the_pattern_finds() -> None:
    rng = random.Random(11)
    pieces = ["---", "\n---", "\n--- ", "\n----\n", "---\n", "\n", " ", "-", "\n\n---\n\n", "\t", "\n---\t\n", "x", "\n \n"]
    texts = [file.read_text(encoding="utf-8") for file in EXAMPLE_REPORTS]
    for _ in range(3000):
        text = rng.choice(texts)[: rng.randint(0, 600)]
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(pieces) + text[at + rng.randint(0, 2):]
        for start in {3, 4, rng.randrange(1, len(text) + 2)}:
            expected = loader._BOUNDARY.search(text, start)
            found = loader._closing_boundary(text, start)
            assert (found and found.span()) == (expected and expected.span()), (text, start)


def test_the_ascii_check_finds_what_the_pattern_finds() -> None:
    rng = random.Random(13)
    for code in range(0x80):
        text = f"title: a{chr(code)}b\n"
        assert yaml_fast._unsupported_characters(text) == bool(yaml_fast._UNSUPPORTED.search(text)), code
    alphabet = [chr(code) for code in range(0x80)] + ["é", "\u2028", "\x85", "\ufeff"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert yaml_fast._unsupported_characters(text) == bool(yaml_fast._UNSUPPORTED.search(text)), repr(text)


def test_usual_timestamps_and_dates_are_tagged_as_pyyaml_tags_them() -> None:
    rng = random.Random(17)
    for _ in range(3000):
        day = f"{rng.randint(0, 9999):04d}-{rng.randint(0, 99):02d}-{rng.randint(0, 99):02d}"
        time_of_day = (
            f"T{rng.randint(0, 99):02d}:{rng.randint(0, 99):02d}:{rng.randint(0, 99):02d}"
            f"{rng.choice(['Z', '+01:00', '-05:30', '+2400', 'z', '', '.5Z', ' Z'])}"
        )
        text = rng.choice([day, day + time_of_day, day + time_of_day, day + " 10:30:00", day[1:]])
        shortcut = yaml_fast._TIMESTAMP_FORM.fullmatch(text) is not None
        if shortcut:
            assert yaml_fast._resolve(text) == "tag:yaml.org,2002:timestamp", text
        parsed = yaml_fast.parse_fast(f"at: {text}\n")
        assert parsed.scalars[("at",)] == yaml_source.parse_yaml(f"at: {text}\n").scalars[("at",)], text


def test_problems_checked_without_building_records_are_those_of_the_archive(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    broken = site / "incidents" / "2026-11-26-card-payments-failing.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("severity: P2", "severity: P9", 1), encoding="utf-8")
    related = site / "incidents" / "2026-11-25-sign-in-failures.md"
    text = related.read_text(encoding="utf-8").replace("\nid: ", "\nrelated: [no-such-report]\nid: ", 1)
    related.write_text(text, encoding="utf-8")
    (site / "incidents" / "2026-11-25-sign-in-failures-copy.md").write_text(related.read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_site(str(site / "mkdocs.yml")).settings
    expected = load_archive(site, settings, NOW).problems
    assert any("related" in problem.field for problem in expected) and any(
        "already the id" in problem.message for problem in expected
    )
    assert archive_problems(site, settings, NOW) == expected


def test_problems_checked_in_several_processes_are_those_of_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_site(tmp_path / "site")
    broken = site / "incidents" / "2026-11-26-card-payments-failing.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("severity: P2", "severity: P9", 1), encoding="utf-8")
    (site / "incidents" / "2026-11-25-sign-in-failures-copy.md").write_text(
        (site / "incidents" / "2026-11-25-sign-in-failures.md").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    settings = load_site(str(site / "mkdocs.yml")).settings
    expected = load_archive(site, settings, NOW).problems
    assert expected, "the broken site has problems"
    monkeypatch.setattr(validate_workers, "PARALLEL_FROM", 2)
    assert archive_problems(site, settings, NOW, checker=validate_workers.on_every_core(2)) == expected


def test_the_serve_cache_reuses_unchanged_reports_and_rereads_changed_ones(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    settings = load_site(str(site / "mkdocs.yml")).settings
    cache = ReportCache()
    first = load_archive(site, settings, NOW, cache=cache)
    edited = site / "incidents" / "2026-11-25-sign-in-failures.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")
    later = NOW + timedelta(hours=1)
    second = load_archive(site, settings, later, cache=cache)
    fresh = load_archive(site, settings, later)
    before = {r.id: r for r in first.records}
    after = {r.id: r for r in second.records}
    assert after["2026-11-25-sign-in-failures"].report.title.startswith("Edited")
    assert after["2026-11-26-card-payments-failing"].report is before["2026-11-26-card-payments-failing"].report
    # Reused or not, the archive is the one a fresh load gives (derived facts follow the new "now").
    assert second.records == fresh.records and second.problems == fresh.problems
    # A change to the catalogue means every report is checked again.
    catalogue = site / "status" / "services.yml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = load_archive(site, settings, later, cache=cache)
    assert third.by_id()["2026-11-26-card-payments-failing"].report is not after["2026-11-26-card-payments-failing"].report


@given(st.text(alphabet="abcXY09 .,;:'\"?()%/-\n", max_size=80))
def test_a_messages_plain_text_is_the_same_by_the_shortcut(text: str) -> None:
    """A plain sentence's plain text is what rendering it and reading its text back gives."""
    from incident_reports.views.markdown_text import MarkdownText, text_angles_escaped
    from incident_reports.views.plain_text import plain_text

    if not text:
        return
    markdown = MarkdownText()
    assert markdown.message_text(text) == plain_text(str(markdown.sanitised_html(text_angles_escaped(text), True, True)))
