"""``incidents import statuspage`` of hostile exports: it writes a site that validates, or refuses and writes nothing.

Exports are generated with hostile values everywhere the import reads one: names and ids in every script,
with controls, lone surrogates, bidirectional controls, markup and very long words; times at the ends of the
calendar and beyond; update text with comments, scripts, images from another host, runs of backticks and
brackets; groups that share a name, components named twice, references to components that do not exist;
values of the wrong type, and lists nested far too deep. For each, in the test's own process, the command
exits 0 or 1 and raises nothing (a traceback would fail the test); on 1 not a byte of the site changed;
on 0 ``incidents validate`` finds nothing wrong, and importing the same export again changes nothing. The
seed is fixed (``derandomize``), so CI runs the same exports every time.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_reports.cli.main import main

from conftest import EXAMPLE_EPOCH

EXAMPLES = 150

SITE = {
    "mkdocs.yml": "site_name: Fuzz\nsite_url: https://status.example.org/\nplugins:\n  - incidents\n",
    "status/services.yml": (
        "groups:\n  - name: Public\n    services:\n      - id: payments\n        name: Card payments\n"
        "        since: 2024-01-15\n"
    ),
    "incidents/2026-01-01-payments.md": (
        "---\ntitle: Card payments failing\nseverity: P2\nstatus: resolved\nvisibility: public\nservices: [payments]\n"
        "started: 2026-01-01T10:00:00Z\nresolved: 2026-01-01T11:00:00Z\nsummary: Card payments failed for an hour.\n---\n"
    ),
}

#: Characters no report may hold: an export holding one is refused.
REFUSED = st.sampled_from(["\x1b[31m", "\x00", "\x07", "\x85", "\u202e", "\u2066", "\u2028", "\ud800", "\udfff", "\ufffe"])
#: Markup and words that are allowed, and must come out sanitised, escaped or made to fit.
MARKUP = st.sampled_from([
    "<!-- hidden -->", "<script>alert(1)</script>", "<style>p{}</style>", '<img src="https://tracker.example.net/p.gif">',
    "![x](https://tracker.example.net/p.gif)", "`" * 50, "[" * 50, "](", "&amp;", "&#0;", "<br />", "\n", "\r\n", "  ",
    "\u200b", "\u200e", "con", "a b/../x", "../../etc", "-", "--", ":", "#", "'", '"', "\\", "{{ 7*7 }}", "<your email>",
])
WORDS = st.one_of(
    st.sampled_from(["Card payments", "Sign in", "We are investigating.", "Fixed.", "Łódź", "李雷", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=12),
)
LONG = st.integers(60, 400).map(lambda n: "Long " * (n // 5))
#: Text: words, markup and very long words; in a hostile export, sometimes a character no report may hold.
CLEAN_TEXT = st.lists(st.one_of(WORDS, WORDS, WORDS, MARKUP, LONG), min_size=0, max_size=4).map("".join)
HOSTILE_TEXT = st.one_of(CLEAN_TEXT, st.tuples(CLEAN_TEXT, REFUSED, CLEAN_TEXT).map("".join))
GOOD_MOMENT = st.one_of(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 11, 25)).map(
        lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    ),
    # The ends of the years a report may hold, with extreme offsets.
    st.sampled_from(["1970-01-01T23:59:59+23:59", "2026-11-25T23:59:59.999999-12:00", "2025-06-01T12:00:00+05:45"]),
)
BAD_MOMENT = st.sampled_from([
    "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "1969-12-31T23:59:59Z", "3000-01-01T00:00:00Z",
    "2026-02-30T10:00:00Z", "2026-11-20T10:00:00", "yesterday", "",
])
STATUSES = ["investigating", "identified", "monitoring", "resolved", "postmortem", "scheduled", "in_progress", "verifying",
            "completed"]
COMPONENT_STATUS = st.sampled_from(["operational", "degraded_performance", "partial_outage", "major_outage", "x"])
#: Lists nested far deeper than any export, put where the import ignores the value.
DEEP = st.integers(40, 900).map(lambda n: json.loads("[" * n + "]" * n))


class Values:
    """The strategies of one export's values: a hostile export's may hold what no report may."""

    def __init__(self, hostile: bool) -> None:
        self.hostile = hostile
        self.text = HOSTILE_TEXT if hostile else CLEAN_TEXT
        self.name = st.one_of(st.sampled_from(["Card payments", "Sign in", "card payments", "Card Payments", "CON"]), self.text)
        self.identifier = st.one_of(st.sampled_from(["a", "b", "c", "a b/../x", "A", "k7m2x9q1w3ab", "x" * 80]), self.text)
        self.moment = st.one_of(GOOD_MOMENT, BAD_MOMENT) if hostile else GOOD_MOMENT
        self.status = st.one_of(st.sampled_from(STATUSES), self.text)


@st.composite
def components(draw: st.DrawFn, values: Values) -> list[dict[str, Any]]:
    ids = draw(st.lists(values.identifier, min_size=1, max_size=5))
    found: list[dict[str, Any]] = []
    for component_id in ids:
        component: dict[str, Any] = {"id": component_id, "name": draw(values.name)}
        if draw(st.booleans()):
            component["description"] = draw(values.text)
        shape = draw(st.sampled_from(["alone", "grouped", "group"]))
        if shape == "group":
            component |= {"group": True, "components": draw(st.lists(st.sampled_from(ids), max_size=3))}
        elif shape == "grouped":
            component["group_id"] = draw(st.sampled_from(ids))
        if draw(st.booleans()):
            component["start_date"] = draw(st.sampled_from(["2024-01-15", "2024-13-01", "soon"]))
        found.append(component)
    return found


@st.composite
def incidents(draw: st.DrawFn, values: Values, component_ids: list[str], maintenance: bool) -> list[dict[str, Any]]:
    found = []
    for incident_id in draw(st.lists(values.identifier, max_size=3)):
        updates = [
            {
                "id": draw(values.identifier), "status": draw(values.status), "body": draw(values.text),
                "created_at": draw(values.moment),
                "affected_components": [
                    {"code": draw(st.sampled_from(component_ids)), "name": draw(values.name),
                     "new_status": draw(COMPONENT_STATUS)}
                    for _ in range(draw(st.integers(0, 2)))
                ],
            }
            for _ in range(draw(st.integers(0, 3)))
        ]
        incident: dict[str, Any] = {
            "id": incident_id, "name": draw(values.name), "status": draw(values.status),
            "impact": draw(st.sampled_from(["none", "minor", "major", "critical", "maintenance", "x"])),
            "created_at": draw(values.moment), "incident_updates": updates,
            "components": [
                {"id": draw(st.sampled_from(component_ids)), "name": draw(values.name)} for _ in range(draw(st.integers(0, 2)))
            ],
        }
        if maintenance:
            incident |= {"scheduled_for": draw(values.moment), "scheduled_until": draw(values.moment)}
        if draw(st.booleans()):
            incident["resolved_at"] = draw(values.moment)
        if values.hostile and draw(st.booleans()):
            incident["extra"] = draw(DEEP)
        found.append(incident)
    return found


@st.composite
def exports(draw: st.DrawFn) -> dict[str, Any]:
    """An export's files (components, incidents and maintenance, as JSON values): a third of them hostile."""
    values = Values(hostile=draw(st.sampled_from([False, False, True])))
    found = draw(components(values))
    ids = [str(component["id"]) for component in found]
    files: dict[str, Any] = {"components.json": {"components": found}}
    files["incidents.json"] = {"incidents": draw(incidents(values, ids, maintenance=False))}
    if draw(st.booleans()):
        files["scheduled-maintenances.json"] = {"scheduled_maintenances": draw(incidents(values, ids, maintenance=True))}
    if values.hostile and draw(st.booleans()):
        files["incidents.json"]["incidents"].append({"id": 1, "name": None, "status": [], "created_at": {}})
    return files


def run(site: Path, *args: str) -> tuple[int, str]:
    """The command in this process: its exit code and what it printed (an exception is the test's failure)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["-f", str(site / "mkdocs.yml"), *args])
    return code, out.getvalue() + err.getvalue()


def snapshot(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def imported(export: dict[str, Any]) -> int:
    """Import ``export`` into a small site of its own; the exit code, once every outcome is checked."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site, files = root / "site", root / "export"
        for name, text in SITE.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(text, encoding="utf-8")
        files.mkdir()
        for name, document in export.items():
            # ensure_ascii writes a lone surrogate as the escape an export would hold.
            (files / name).write_text(json.dumps(document), encoding="utf-8")
        before = snapshot(site)
        code, printed = run(site, "import", "statuspage", str(files))
        assert code in (0, 1), printed
        if code == 1:
            assert snapshot(site) == before, printed
            return code
        validated, problems = run(site, "validate")
        assert validated == 0, problems
        after = snapshot(site)
        again, printed = run(site, "import", "statuspage", str(files))
        assert again == 0 and snapshot(site) == after, printed
        return code


def test_a_hostile_export_is_imported_into_a_valid_site_or_refused_with_nothing_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EXAMPLE_EPOCH))
    codes: list[int] = []

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(exports())
    def each(export: dict[str, Any]) -> None:
        codes.append(imported(export))

    each()
    # Not vacuous: many exports get through, hostile text and all, and many are refused.
    assert codes.count(0) >= EXAMPLES // 5 and codes.count(1) >= EXAMPLES // 5, (codes.count(0), codes.count(1))
