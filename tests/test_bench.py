"""The benchmark runs end to end at a small size and writes its results; it never asserts a timing."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO, build_env

COMMANDS = {"internal", "public", "floor", "public-floor", "validate", "preview", "serve", "serve-dirty"}


def test_generated_site_is_valid_and_its_floors_carry_the_same_text(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    made = generate(tmp_path / "gen", 30, seed=7, corpus="short")
    reports = sorted((made.site / "incidents").glob("*.md"))
    assert len(reports) == 30
    assert len(list((made.floor / "docs" / "reports").glob("*.md"))) == 30
    assert 0 < made.public_reports < 30
    assert len(list((made.public_floor / "docs" / "reports").glob("*.md"))) == made.public_reports
    # The same seed writes the same site, byte for byte.
    again = generate(tmp_path / "again", 30, seed=7, corpus="short")
    assert [p.read_bytes() for p in reports] == [p.read_bytes() for p in sorted((again.site / "incidents").glob("*.md"))]
    # Every report is valid at the benchmark's fixed now (the CLI agrees with the generator's own check).
    result = subprocess.run(
        [sys.executable, "-m", "incident_reports.cli.main", "validate", "--strict"],
        cwd=made.site, env=build_env(), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # A floor page carries the report's body and its front-matter as tables.
    body_reference = next(line for line in made.edit_file.read_text(encoding="utf-8").splitlines() if "LOG-" in line)
    floor_page = (made.floor / "docs" / "reports" / f"{made.edit_id}.md").read_text(encoding="utf-8")
    assert body_reference in floor_page
    assert "| Field | Value |" in floor_page and "## Timeline" in floor_page
    # The floors carry the example's own pages and navigation, with its theme features.
    example = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    floor = yaml.safe_load((made.floor / "mkdocs.yml").read_text(encoding="utf-8"))
    assert floor["nav"] == example["nav"] and floor["theme"]["features"] == example["theme"]["features"]
    handbook_page = "docs/handbook/report-format.md"
    assert (made.floor / handbook_page).read_bytes() == (REPO / handbook_page).read_bytes()
    public_floor = yaml.safe_load((made.public_floor / "mkdocs.yml").read_text(encoding="utf-8"))
    assert public_floor["nav"] == yaml.safe_load((REPO / "mkdocs.public.yml").read_text(encoding="utf-8"))["nav"]
    assert (made.public_floor / "docs" / "accessibility.md").is_file()


def test_the_two_corpora_have_their_shapes(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    words = {}
    for corpus in ("short", "long"):
        made = generate(tmp_path / corpus, 60, seed=5, corpus=corpus)
        reports = [p.read_text(encoding="utf-8") for p in sorted((made.site / "incidents").glob("*.md"))]
        incidents = [r for r in reports if "\nkind: incident" in r and "status: resolved" in r]
        # Every resolved incident has 8 timeline events, 3 actions and 2 updates.
        for report in incidents:
            front_matter = yaml.safe_load(report.split("\n---\n", 1)[0].removeprefix("---\n"))
            shape = [len(front_matter[key]) for key in ("timeline", "actions", "updates")]
            assert shape == [8, 3, 2], shape
        words[corpus] = statistics.median(_prose_words(r) for r in incidents)
        internal = 1 - made.public_reports / 60
        assert (0.1 <= internal <= 0.3) if corpus == "short" else (0.25 <= internal <= 0.5), internal
    assert 400 <= words["short"] <= 600, words
    assert words["long"] >= 2 * words["short"], words


def _prose_words(report: str) -> int:
    """Words a reader reads in a report: its values, without keys, times, dates, ids and addresses."""
    values = re.sub(r"(?m)^\s*(- )?[a-z_]+:", " ", report)
    return len(re.findall(r"[A-Za-z][A-Za-z'-]*", re.sub(r"\S*\d\S*", " ", values)))


def test_benchmark_runs_at_a_small_size_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [
            sys.executable, str(REPO / "bench" / "run.py"), "--corpus", "short", "--sizes", "20", "--repeats", "1",
            "--out", str(out), "--annotate",
        ],
        cwd=REPO, env=build_env(), capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["machine"]["cores"] >= 1 and data["machine"]["python"]
    size = data["corpora"]["short"]["20"]
    measured = {m["command"]: m for m in size["measurements"]}
    assert set(measured) == COMMANDS
    for command, m in measured.items():
        assert m["ok"], f"{command}: {m['note']}"
        assert m["wall_s"] > 0 and m["cpu_s"] >= 0 and m["peak_rss_mb"] > 0
    # Every build's search index was measured; each report's body is in it exactly once.
    for build in ("internal", "public", "floor", "public-floor"):
        index = size["search"][build]
        assert index["bytes"] > 0 and index["entries"] > 0
        assert index["body_duplicated"] == 0 and index["body_missing"] == 0
    # At a size the targets do not name, the ratios are held to them at the largest size run (as the workflow's N = 200).
    listed = {t["target"] for t in data["targets"]}
    for name in ("internal build / floor", "public build / floor", "internal peak memory / floor's"):
        assert f"{name} (short, N=20)" in listed, listed
    # The serve --dirty target is MkDocs' own rebuild time; the wait from the edit to the page is named beside it.
    rebuild = measured["serve-dirty"]["extra"]["rebuild_s"]
    assert 0 < rebuild < measured["serve-dirty"]["wall_s"]
    serve_target = re.compile(r"serve --dirty rebuild / full build \(short, N=20; edit to page [0-9.]+\)")
    assert any(serve_target.fullmatch(t) for t in listed), listed
    assert "Medians" in result.stdout
    # Each target not met is a GitHub Actions warning, and marked in the Markdown tables.
    missed = [t for t in data["targets"] if not t["met"]]
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning")]
    assert len(warnings) == len(missed)
    summary = out.with_suffix(".md").read_text(encoding="utf-8")
    assert summary.count("**no** ⚠️") == len(missed) and "| target |" in summary
