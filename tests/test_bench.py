"""The benchmark runs end to end at a small size and writes its results; it never asserts a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, build_env

COMMANDS = {"internal", "public", "floor", "public-floor", "validate", "preview", "serve", "serve-dirty"}


def test_generated_site_is_valid_and_its_floors_carry_the_same_text(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    made = generate(tmp_path / "gen", 30, seed=7)
    reports = sorted((made.site / "incidents").glob("*.md"))
    assert len(reports) == 30
    assert len(list((made.floor / "docs" / "reports").glob("*.md"))) == 30
    assert 0 < made.public_reports < 30
    assert len(list((made.public_floor / "docs" / "reports").glob("*.md"))) == made.public_reports
    # The same seed writes the same site, byte for byte.
    again = generate(tmp_path / "again", 30, seed=7)
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


def test_benchmark_runs_at_a_small_size_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "20", "--repeats", "1", "--out", str(out)],
        cwd=REPO, env=build_env(), capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["machine"]["cores"] >= 1 and data["machine"]["python"]
    size = data["sizes"]["20"]
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
    assert {t["target"] for t in data["targets"]}, "the targets are listed"
    assert "Medians" in result.stdout
