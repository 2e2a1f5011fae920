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

from jinja2 import Environment, FileSystemLoader

from incident_reports.mkdocs_plugin.dirty_serve import CompiledTemplates

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
    # The site overrides the report template from the start (with the same text, at first). Lists of three
    # reports put the edited report on the archive's second page, away from the filters of its first.
    for folder in (site, fresh_site):
        (folder / OVERRIDE).parent.mkdir(parents=True)
        shutil.copyfile(PACKAGE_TEMPLATE, folder / OVERRIDE)
        config = folder / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("\n  incidents:\n", "\n  incidents:\n      page_size: 3\n", 1), encoding="utf-8")
    steps = [
        # A report's own page changes; every other report page is reused.
        [EDITED, "\nsummary: ", "\nsummary: Edited under serve. "],
        # A related report's new title reaches the page that links to it.
        [RELATED, "\ntitle: ", "\ntitle: Renamed and "],
        # A report moves from one severity's list to another: the archive's filter counts change.
        [EDITED, "\nseverity: P2", "\nseverity: P1"],
        # An action's title changes: its row on each register page that lists it, and nothing else of the register.
        [RELATING, "  - title: Show a specific", "  - title: Show a clear and specific"],
        # An action changes hands: the register, both owners' pages and their counts change.
        [RELATING, "    owner: Callum Reid\n    status: done", "    owner: Dana Whitfield\n    status: done"],
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
    # What each step's report page then shows.
    shown = [
        (EDITED, "Edited under serve."), (RELATING, "Renamed and "), (EDITED, "P1"), (RELATING, "clear and specific"),
        (RELATING, "Dana Whitfield"), (RELATING, "Overridden under serve"),
    ]
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
        page, text = shown[number]
        assert text in (served / "incidents" / Path(page).stem / "index.html").read_text(encoding="utf-8")


#: Two builds of one ``mkdocs serve --dirty`` session on the real clock, a second and more apart: the mtime of each
#: generated file after each, and what the plugin said.
CLOCK = r"""
import json, logging, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, out, edited = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
said = []
handler = logging.Handler()
handler.emit = lambda record: said.append(record.getMessage())
logging.getLogger("mkdocs.plugins.incidents").addHandler(handler)
logging.getLogger("mkdocs").setLevel(logging.INFO)  # as serve shows it
config = load_config(str(site / "mkdocs.yml"), site_dir=str(out))
config.plugins.on_startup(command="serve", dirty=True)
build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
first = {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.html")}
time.sleep(1.2)
file = site / edited
file.write_text(file.read_text(encoding="utf-8").replace("\nsummary: ", "\nsummary: Edited later. ", 1), encoding="utf-8")
build(load_config(str(site / "mkdocs.yml"), site_dir=str(out)), serve_url="http://127.0.0.1:8000/", dirty=True)
second = {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.html")}
print(json.dumps({"first": first, "second": second, "said": said}))
"""


def test_a_dirty_rebuild_on_the_real_clock_writes_only_what_the_edit_changed(tmp_path: Path) -> None:
    """serve --dirty keeps the session's first "now": a later clock would change every page that shows the build's time."""
    site = copy_site(tmp_path / "site")
    run = subprocess.run([sys.executable, "-c", CLOCK, str(site), str(tmp_path / "live"), EDITED],
                         env=build_env(None), capture_output=True, text=True, cwd=site)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.splitlines()[-1])
    edited_page = f"incidents/{Path(EDITED).stem}/index.html"
    other_page = f"incidents/{Path(RELATED).stem}/index.html"
    assert result["second"][edited_page] != result["first"][edited_page]
    assert result["second"][other_page] == result["first"][other_page], "an unedited report's page was written again"
    # Nor is a list that does not hold the edited report, or the register (the edit changes no action).
    for unchanged in ("incidents/kind/maintenance/index.html", "actions/index.html", "actions/owner/callum-reid/index.html"):
        assert result["second"][unchanged] == result["first"][unchanged], f"{unchanged} was written again"
    assert "Edited later." in (tmp_path / "live" / edited_page).read_text(encoding="utf-8")
    held = [line for line in result["said"] if line.startswith("serve --dirty: the site shows times as of ")]
    assert len(held) == 1, result["said"]


def test_compiled_templates_are_reused_until_their_source_changes(tmp_path: Path) -> None:
    """The theme's templates are compiled once a serve session, and again when edited (Jinja checks the source)."""
    template = tmp_path / "page.html"
    template.write_text("first {{ word }}", encoding="utf-8")
    compiled = CompiledTemplates()

    def render() -> str:
        env = Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=compiled, autoescape=True)
        return env.get_template("page.html").render(word="<b>")

    assert render() == "first &lt;b&gt;" and len(compiled.compiled) == 1
    kept = dict(compiled.compiled)
    assert render() == "first &lt;b&gt;" and compiled.compiled == kept
    template.write_text("second {{ word }}", encoding="utf-8")
    assert render() == "second &lt;b&gt;"
