"""A failed build leaves the previous site folder as it was; a good one replaces it whole.

The build writes into a staging folder beside the site folder and swaps it in at the
very end of the command. Each failure is forced late, after MkDocs has written files:
an exception in the last build step (a hook), a --strict warning logged after every
plugin's last step, and a Markdown extension that fails while pages are being written.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from incident_reports.mkdocs_plugin.staging import replace_contents

from conftest import build_env, copy_site, run_build

#: Test-only hooks: each fails the build late when the environment asks it to.
HOOKS = '''\
import logging
import os


def on_post_build(config):
    if os.environ.get("LATE_FAILURE") == "raise":
        raise RuntimeError("a late failure, forced by the test")
    if os.environ.get("LATE_FAILURE") == "warn":
        logging.getLogger("mkdocs.hooks").warning("a late warning, forced by the test")
'''
#: A test-only Markdown extension that fails while MkDocs writes pages (some are written already).
EXTENSION = '''\
import os

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor


class _Fail(Postprocessor):
    def run(self, text):
        global converted
        converted += 1
        if os.environ.get("LATE_FAILURE") == "page" and converted == 3:
            raise RuntimeError("a page failed to render, forced by the test")
        return text


converted = 0


class FailingExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(_Fail(md), "fail_late", 0)


def makeExtension(**kwargs):
    return FailingExtension(**kwargs)
'''


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` with a digest of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with the failing hooks and extension in place (idle unless asked), built once each way."""
    root = copy_site(tmp_path_factory.mktemp("staging"))
    (root / "late_hooks.py").write_text(HOOKS)
    (root / "late_failure.py").write_text(EXTENSION)
    config = root / "mkdocs.yml"
    text = config.read_text().replace("markdown_extensions:\n", "markdown_extensions:\n  - late_failure\n", 1)
    config.write_text(text + "\nhooks:\n  - late_hooks.py\n")
    for config_name in ("mkdocs.yml", "mkdocs.public.yml"):
        result = run_build(root, config_name, env=failing_env(root, "none"))
        assert result.returncode == 0, result.stderr
    return root


def failing_env(root: Path, how: str) -> dict[str, str]:
    return build_env(LATE_FAILURE=how, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))


@pytest.mark.parametrize("how, said", [
    ("raise", "a late failure, forced by the test"),
    ("warn", "Aborted with 1 warnings in strict mode"),
    ("page", "a page failed to render, forced by the test"),
])
@pytest.mark.parametrize("config, output", [("mkdocs.yml", "site"), ("mkdocs.public.yml", "site-public")])
def test_a_failed_build_leaves_the_previous_site_intact(site: Path, how: str, said: str, config: str, output: str) -> None:
    before = snapshot(site / output)
    assert len(before) > 50
    # A change the failed build would have published.
    report = site / "incidents" / "2026-11-26-card-payments-failing.md"
    original = report.read_text()
    report.write_text(original + "\nChanged by the failed build.\n")
    try:
        result = run_build(site, config, env=failing_env(site, how))
    finally:
        report.write_text(original)
    assert result.returncode != 0
    assert said in result.stdout + result.stderr
    assert snapshot(site / output) == before
    assert not any(path.name.endswith((".building", ".previous")) for path in site.iterdir()), sorted(os.listdir(site))


def test_a_good_build_replaces_the_site_whole(site: Path) -> None:
    stale = site / "site" / "left-by-an-old-build.html"
    stale.write_text("old")
    report = site / "incidents" / "2026-11-26-card-payments-failing.md"
    original = report.read_text()
    report.write_text(original + "\nA sentence only the new build has.\n")
    try:
        result = run_build(site, "mkdocs.yml", env=failing_env(site, "none"))
    finally:
        report.write_text(original)
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    page = site / "site" / "incidents" / "2026-11-26-card-payments-failing" / "index.html"
    assert "A sentence only the new build has." in page.read_text()
    assert not any(path.name.endswith((".building", ".previous")) for path in site.iterdir())


def test_a_site_folder_that_is_a_link_stays_a_link_to_the_new_build(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    served = tmp_path / "www"
    served.mkdir()
    (served / "left-by-an-old-build.html").write_text("old")
    (root / "site-public").symlink_to(served, target_is_directory=True)
    result = run_build(root, "mkdocs.public.yml")
    assert result.returncode == 0, result.stderr
    assert (root / "site-public").is_symlink() and (root / "site-public").resolve() == served.resolve()
    assert (served / "status" / "index.html").is_file() and not (served / "left-by-an-old-build.html").exists()


def test_replacing_contents_copies_the_new_build_first_then_removes_what_it_no_longer_has(tmp_path: Path) -> None:
    site, staging = tmp_path / "site", tmp_path / ".site.building"
    (site / "gone").mkdir(parents=True)
    (site / "gone" / "page.html").write_text("old")
    (site / "index.html").write_text("old")
    (staging / "kept").mkdir(parents=True)
    (staging / "kept" / "page.html").write_text("new")
    (staging / "index.html").write_text("new")
    replace_contents(site, staging)
    assert snapshot(site) == {
        "index.html": hashlib.sha256(b"new").hexdigest(), "kept/page.html": hashlib.sha256(b"new").hexdigest(),
    }
    assert not staging.exists()
