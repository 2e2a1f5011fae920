"""The invariant, tested with generated hostile reports: whatever validation accepts, both builds build.

Reports are generated with hostile text in every field (every Unicode category,
control characters, very long words and ids, deep nesting, huge numbers, extreme
dates, markup). Each one either gets clear problems from validation (no exception,
every problem on a real line and printed as one line) or is accepted; a hundred of
the accepted ones are then built together, both ways, and every feed, calendar and
JSON file of both sites must parse. The seed is fixed (``derandomize``), so CI runs
the same reports every time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_reports.core.catalogue import catalogue_from_bytes
from incident_reports.core.problems import Level, Problem

from conftest import REPO, copy_site, run_build
from reports import check

#: How many generated reports validation sees, and how many accepted ones are built; how many catalogues are checked.
VALIDATED, BUILT, CATALOGUES = 2000, 100, 300

MARKUP = st.sampled_from([
    "<script>alert(1)</script>", "<style>*{}</style>", "<textarea>x</textarea>", "]]>", "&amp;", "</title>",
    "{{ 7*7 }}", "{% raw %}", "`tick`", "*stars*", "# heading", "---", "...", "- item", ": colon", " #hash",
    "END:VEVENT\nBEGIN:VEVENT", "\\", '"', "'", "\t", "\r\n", "\u2028", "\ufeff", "\x00", "\x1b[31m", "\x85", "\u202e",
    # Hostile Markdown: hidden text, images from another host, entities, unclosed and nested markup.
    "<!-- hidden -->", "<!-- unclosed", "<script>", "<SCRIPT>x</SCRIPT>", "<template>x</template>", "<noscript>x</noscript>",
    "![x](https://tracker.example.net/p.gif)", '<img src="https://tracker.example.net/p.gif" alt="x">',
    "[![b](//t.example/b)](x)",
    "&#0;", "&#x1b;", "&#xD800;", "&nbsp;", "&bogus;", "<br />", "<your email>", "[a](javascript:x)", "\n\n```\n<b>\n```\n",
])
#: Runs of the characters Markdown gives meaning to, long enough that a superlinear transform would never end.
RUNS = st.tuples(st.sampled_from(["`", "[", "<", "*", "_", "\\", "](", "<!--", "&"]), st.integers(1, 3000)).map(
    lambda run: run[0] * run[1]
)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
LONG_WORD = st.integers(100, 3000).map(lambda n: "W" * n)
TEXT = st.lists(st.one_of(ANY_TEXT, MARKUP, LONG_WORD, st.just("plain words")), min_size=1, max_size=4).map("".join)
#: Markdown for update messages and narrative fields: the text above, and runs of markup characters.
MARKDOWN = st.lists(st.one_of(ANY_TEXT, MARKUP, MARKUP, RUNS, st.just("plain words")), min_size=1, max_size=5).map("".join)
NUMBER = st.one_of(st.integers(0, 10**6), st.integers(-10**30, 10**30), st.integers(4290, 5000).map(lambda n: "9" * n))


@st.composite
def moments(draw: st.DrawFn) -> str:
    """A timestamp: usually a plausible one, sometimes at the ends of the calendar, with any offset."""
    if draw(st.integers(0, 9)) < 8:
        moment = draw(st.datetimes(datetime(2024, 1, 1), datetime(2026, 11, 1)))
    else:
        moment = draw(st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30)))
    offset = draw(st.integers(-(23 * 60 + 59), 23 * 60 + 59))
    sign, offset = ("-" if offset < 0 else "+"), abs(offset)
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
            f"{moment.second:02d}{sign}{offset // 60:02d}:{offset % 60:02d}")


EXTRA = st.recursive(
    st.one_of(TEXT, st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text("abcxyz_", min_size=1, max_size=8), inner, max_size=3),
    max_leaves=12,
)


def scalar(value: object) -> str:
    """A value as YAML: a JSON value (double-quoted text, flow lists and maps) is YAML too."""
    if isinstance(value, str) and value.isdigit():
        return value  # a huge number, written out
    return json.dumps(value, ensure_ascii=False, allow_nan=True).replace("NaN", ".nan").replace("Infinity", ".inf")


#: Stands for the report's file name in its text until it is given one (every report its own).
STEM = "2026-01-01-fuzz-STEM"


@st.composite
def reports(draw: st.DrawFn) -> str:
    """A report's text (its file name ``STEM``): a valid skeleton with hostile values in it."""
    stem = STEM
    started = draw(moments())
    fields = [
        ("title", scalar(draw(TEXT))),
        ("severity", "P3"),
        ("status", "investigating"),
        ("visibility", draw(st.sampled_from(["public", "internal"]))),
        ("services", "[payments]"),
        ("started", started),
        ("summary", scalar(draw(TEXT))),
    ]
    if draw(st.booleans()):
        fields.append(("id", draw(st.one_of(
            st.just(stem), st.integers(90, 320).map(lambda n: f"{stem}-" + "x" * n),
            st.sampled_from(["index", "archive-index", "con", "nul", "page"]),
        ))))
    if draw(st.booleans()):
        fields.append(("users_affected", scalar(draw(NUMBER))))
    if draw(st.booleans()):
        fields.append(("report_public", "true"))
        fields.append(("root_cause", scalar(draw(MARKDOWN))))
    if draw(st.booleans()):
        fields.append(("extra", scalar(draw(st.dictionaries(st.text("abcxyz", min_size=1, max_size=6), EXTRA, max_size=4)))))
    lines = [f"{key}: {value}" for key, value in fields]
    if draw(st.booleans()):
        lines += ["updates:", f"  - at: {started}", "    status: investigating", f"    message: {scalar(draw(MARKDOWN))}"]
        if draw(st.booleans()):
            # An explicit id, sometimes the one the first update takes from its time (refused).
            try:
                derived = f"{stem}-{datetime.fromisoformat(started).astimezone(UTC):%Y%m%dT%H%M%SZ}"
            except (ValueError, OverflowError):
                derived = f"{stem}-u1"
            update_id = draw(st.sampled_from([f"{stem}-u1", derived]))
            lines += [f"  - at: {started}", "    status: investigating", f"    message: {scalar(draw(MARKDOWN))}",
                      f"    id: {update_id}"]
    if draw(st.booleans()):
        lines += ["timeline:", f"  - at: {started}", f"    event: {scalar(draw(TEXT))}"]
    body = draw(st.one_of(st.just(""), TEXT))
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


#: Service ids: ones a second slug step would merge (a-b, a--b, a-b-), device names, a group's component id, too long.
SERVICE_ID = st.one_of(
    st.sampled_from(["a-b", "a--b", "a-b-", "con", "nul", "lpt1", "group-extra", "x" * 101, "payments", "9"]),
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True),
)
#: Group names: one name in several cases, device names, letters of other scripts, names with no letters at all.
GROUP_NAME = st.one_of(st.sampled_from(["Extra", "extra", "EXTRA", "Con", "Łódź", "李雷", "Public services", "!!!"]), TEXT)
SERVICE_NAME = st.one_of(st.sampled_from(["Card payments", "Łódź", "<b>bold</b>", "{{ 7*7 }}", "a\tb", "A & B"]), TEXT)


@st.composite
def catalogue_entries(draw: st.DrawFn) -> str:
    """Entries added to the example's ``services.yml``: groups (perhaps sharing a name or an id) and services alone."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            lines.append(f"  - name: {scalar(draw(GROUP_NAME))}")
            if draw(st.booleans()):
                lines.append(f"    id: {draw(SERVICE_ID)}")
            lines.append("    services:")
            for _ in range(draw(st.integers(1, 3))):
                lines += [f"      - id: {draw(SERVICE_ID)}", f"        name: {scalar(draw(SERVICE_NAME))}"]
        else:
            lines += [f"  - id: {draw(SERVICE_ID)}", f"    name: {scalar(draw(SERVICE_NAME))}"]
    return "\n".join(lines) + "\n"


def catalogue_problems(text: str) -> list[Problem]:
    """The problems of a ``services.yml``, each checked to be clear: a real line, one printed line, no raw control."""
    problems = catalogue_from_bytes(text.encode("utf-8", "surrogatepass"), "status/services.yml")[1]
    lines = text.count("\n") + 1
    for problem in problems:
        assert problem.message and 1 <= problem.line <= lines, str(problem)
        assert "\n" not in str(problem) and "\x1b" not in str(problem), str(problem)
    return problems


def accepted_catalogues(count: int) -> list[str]:
    """Generate ``count`` catalogues (the example's with hostile entries added), keep those validation accepts."""
    example = (REPO / "status" / "services.yml").read_text(encoding="utf-8").rstrip("\n") + "\n"
    accepted: list[str] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(catalogue_entries())
    def each(entries: str) -> None:
        text = example + entries
        if not any(p.level is Level.ERROR for p in catalogue_problems(text)):
            accepted.append(text)

    each()
    return accepted


def validated(stem: str, text: str) -> list[Problem]:
    """The report's problems, each checked to be clear: a real line, one printed line, no raw control."""
    raw = text.encode("utf-8", "surrogatepass")
    problems = check(raw, path=f"incidents/fuzz/{stem}.md")
    # Lines as the validator counts them, and as editors show them: a lone carriage return ends a line too.
    newlines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    lines = max(1, newlines.count(b"\n") + (0 if newlines.endswith(b"\n") else 1))
    for problem in problems:
        assert isinstance(problem, Problem) and problem.message
        assert 1 <= problem.line <= lines, str(problem)
        printed = str(problem)
        assert "\n" not in printed and "\x1b" not in printed and "\r" not in printed, printed
    return problems


def accepted_reports(count: int) -> list[tuple[str, str]]:
    """Generate ``count`` reports, validating each, and keep those validation accepts."""
    accepted: list[tuple[str, str]] = []
    generated = iter(range(10**9))

    @settings(max_examples=count, derandomize=True, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(reports())
    def each(template: str) -> None:
        stem = f"2026-01-01-fuzz-{next(generated)}"
        text = template.replace(STEM, stem)
        problems = validated(stem, text)
        if not any(p.level is Level.ERROR for p in problems):
            accepted.append((stem, text))

    each()
    return accepted


@pytest.fixture(scope="module")
def accepted() -> list[tuple[str, str]]:
    return accepted_reports(VALIDATED)


@pytest.fixture(scope="module")
def catalogue() -> str:
    """Of the accepted hostile catalogues, the one with the most services."""
    found = accepted_catalogues(CATALOGUES)
    assert len(found) >= CATALOGUES // 20, len(found)
    return max(found, key=lambda text: text.count("- id:"))


def test_validation_reports_clear_problems_or_accepts(accepted: list[tuple[str, str]]) -> None:
    # Enough get through for the builds to be tested on hostile text that validation lets in.
    assert len(accepted) >= BUILT, len(accepted)


def test_whatever_validation_accepts_builds_both_ways(accepted: list[tuple[str, str]], catalogue: str, tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    (site / "status" / "services.yml").write_text(catalogue, encoding="utf-8")
    folder = site / "incidents" / "fuzz"
    folder.mkdir()
    ids: set[str] = set()
    written = 0
    for stem, text in accepted:
        report_id = next((line[4:] for line in text.split("\n---\n")[0].split("\n") if line.startswith("id: ")), stem)
        if report_id in ids:
            continue  # two generated reports with one id (index, say) are a problem between reports, not of either
        ids.add(report_id)
        (folder / f"{stem}.md").write_bytes(text.encode("utf-8"))
        written += 1
        if written == BUILT:
            break
    assert written == BUILT
    for config, output in (("mkdocs.yml", "site"), ("mkdocs.public.yml", "site-public")):
        result = run_build(site, config, strict=False)
        assert result.returncode == 0, result.stderr[-3000:]
        check_outputs(site / output)
    check_services(site, catalogue)


def check_services(site: Path, catalogue: str) -> None:
    """Every service has its own pages under its own id, and no component id repeats."""
    parsed = catalogue_from_bytes(catalogue.encode("utf-8"), "status/services.yml")[0]
    for service in parsed.services.values():
        assert (site / "site" / "services" / service.id / "feed.xml").is_file(), service.id
    components = json.loads((site / "site" / "api" / "v2" / "components.json").read_text(encoding="utf-8"))["components"]
    ids = [component["id"] for component in components]
    assert len(ids) == len(set(ids)), ids
    # Each service a report lists has its archive page under its id, unchanged.
    pages = site / "site" / "incidents" / "service"
    listed = [folder.name for folder in pages.iterdir() if folder.is_dir()] if pages.is_dir() else []
    assert listed and all(name in parsed.services for name in listed), listed


def check_outputs(folder: Path) -> None:
    """Every feed, calendar and JSON file of a built site parses."""
    counts = {"feed": 0, "ics": 0, "json": 0}
    for file in sorted(folder.rglob("*")):
        if file.suffix == ".xml" and file.name != "sitemap.xml":
            parsed = feedparser.parse(file.read_bytes())
            assert not parsed.bozo, (file, parsed.get("bozo_exception"))
            ElementTree.parse(file)
            counts["feed"] += 1
        elif file.suffix == ".ics":
            icalendar.Calendar.from_ical(file.read_bytes())
            counts["ics"] += 1
        elif file.suffix == ".json":
            json.loads(file.read_text(encoding="utf-8"))
            counts["json"] += 1
    assert all(counts.values()), counts
