"""Rebuilds under ``mkdocs serve --dirty`` reuse what they rendered before, and never show it stale.

A serve process keeps unchanged reports, rendered Markdown and report pages between
rebuilds. After each edit below, every generated page and file it wrote must be what a
fresh build of the same files writes.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import build_env, copy_site

#: Rebuilds as ``mkdocs serve`` makes them: one process, plugins kept, a snapshot of the site after each.
REBUILDS = r"""
import json, shutil, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, out, steps = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
config = load_config(str(site / "mkdocs.yml"), site_dir=str(out / "live"))
config.plugins.on_startup(command="serve", dirty=True)
build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
for number, (path, old, new) in enumerate(steps):
    file = site / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    build(load_config(str(site / "mkdocs.yml"), site_dir=str(out / "live")), serve_url="http://127.0.0.1:8000/", dirty=True)
    shutil.copytree(out / "live", out / f"after-{number}")
"""

RELATING = "incidents/2025-06-24-card-payments-provider-outage.md"
RELATED = "incidents/2026-11-26-card-payments-failing.md"
EDITED = "incidents/2026-11-25-sign-in-failures.md"
OVERRIDE = "overrides/incidents/archive/report.html"
PACKAGE_TEMPLATE = Path(__file__).resolve().parent.parent / "plugins/incident_reports/templates/archive/report.html"


def _generated(folder: Path) -> list[str]:
    """The files the plugin writes (pages under incidents/, actions/, status/; feeds, API, data)."""
    kept = ("incidents/", "actions/", "status/", "api/", "feed.xml", "atom.xml", "updates.xml", "incidents.json")
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and str(p.relative_to(folder)).startswith(kept)
    )


def _fresh_build(site: Path, out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml"), "-d", str(out)],
        env=build_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_each_rebuild_writes_what_a_fresh_build_writes(tmp_path: Path) -> None:
    site, fresh_site = copy_site(tmp_path / "site"), copy_site(tmp_path / "fresh-site")
    # The site overrides the report template from the start (with the same text, at first).
    for folder in (site, fresh_site):
        (folder / OVERRIDE).parent.mkdir(parents=True)
        shutil.copyfile(PACKAGE_TEMPLATE, folder / OVERRIDE)
    steps = [
        # A report's own page changes; every other report page is reused.
        [EDITED, "\nsummary: ", "\nsummary: Edited under serve. "],
        # A related report's new title reaches the page that links to it.
        [RELATED, "\ntitle: ", "\ntitle: Renamed and "],
        # An edited template reaches every report page.
        [OVERRIDE, "<h1", "<p>Overridden under serve</p>\n<h1"],
    ]
    served_run = subprocess.run(
        [sys.executable, "-c", REBUILDS, str(site), str(tmp_path / "serve"), json.dumps(steps)],
        env=build_env(),
        capture_output=True,
        text=True,
        cwd=site,
    )
    assert served_run.returncode == 0, served_run.stderr[-3000:]
    # The states of the site after each step, built afresh.
    expected_texts = ["Edited under serve.", "Renamed and ", "Overridden under serve"]
    for number, (path, old, new) in enumerate(steps):
        file = fresh_site / path
        file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        fresh = tmp_path / f"fresh-{number}"
        _fresh_build(fresh_site, fresh)
        served = tmp_path / "serve" / f"after-{number}"
        files = _generated(fresh)
        assert files == _generated(served)
        _, mismatch, errors = filecmp.cmpfiles(fresh, served, files, shallow=False)
        assert not mismatch and not errors, f"after step {number}: stale or different: {mismatch[:5]} {errors[:5]}"
        assert expected_texts[number] in (
            served / "incidents" / Path(RELATING if number else EDITED).stem / "index.html"
        ).read_text(encoding="utf-8")
