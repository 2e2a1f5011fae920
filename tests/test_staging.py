"""A failed build leaves the previous site folder as it was; a good one replaces it whole.

The build writes into a staging folder beside the site folder and swaps it in at the
very end of the command. Each failure is forced late, after MkDocs has written files:
an exception in the last build step (a hook), a --strict warning logged after every
plugin's last step, and a Markdown extension that fails while pages are being written.

Staging owns its paths: a link, a file or a folder it did not make at the staging or
previous path, and a site folder that is a file, a link out of the repository, tracked by
git or a mount point, stop the build before anything is written. The swap only renames:
where a rename fails (simulated as another platform fails it), the site is left as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from incident_reports.mkdocs_plugin.staging import MARKER

from conftest import REPO, build_env, copy_site, run_build

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


def test_a_site_folder_that_is_a_link_inside_the_repository_stays_a_link_to_the_new_build(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    served = root / "www"
    served.mkdir()
    (served / "left-by-an-old-build.html").write_text("old")
    (root / "site-public").symlink_to("www", target_is_directory=True)
    result = run_build(root, "mkdocs.public.yml")
    assert result.returncode == 0, result.stderr
    assert (root / "site-public").is_symlink() and (root / "site-public").resolve() == served.resolve()
    assert (served / "status" / "index.html").is_file() and not (served / "left-by-an-old-build.html").exists()
    assert not (served / MARKER).exists()
    assert sorted(path.name for path in root.iterdir() if path.name.startswith(".")) == []


# --------------------------------------------------------------------------- staging owns its paths


#: A test-only hook that makes a rename fail as another platform would: a mount point (EXDEV) or a
#: folder a program holds open on Windows (Access is denied), or a site folder that is a mount point.
RENAME_HOOKS = '''\
import errno
import os
from pathlib import Path

_replace, _ismount = os.replace, os.path.ismount
FAILING = os.environ.get("FAIL_RENAME", "")


def replace(source, target):
    if FAILING and Path(source).name == FAILING.split(":")[0]:
        if FAILING.endswith(":windows"):
            raise PermissionError(errno.EACCES, "Access is denied")
        raise OSError(errno.EXDEV, "Invalid cross-device link")
    return _replace(source, target)


def ismount(path):
    return Path(path).name == os.environ.get("MOUNT_POINT") or _ismount(path)


os.replace = replace
os.path.ismount = ismount
'''


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with its public site built once, and the rename hook in place (idle unless asked)."""
    root = copy_site(tmp_path_factory.mktemp("owned") / "site")
    (root / "rename_hooks.py").write_text(RENAME_HOOKS)
    config = root / "mkdocs.public.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - rename_hooks.py\n")
    result = run_build(root, "mkdocs.public.yml")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def public(public_site: Path, tmp_path: Path) -> Path:
    """A copy of the built public site for one test."""
    return Path(shutil.copytree(public_site, tmp_path / "site", symlinks=True))


def hostile_entry(kind: str, path: Path, elsewhere: Path) -> None:
    """Put at ``path`` what a pull request or an old build could leave there."""
    if kind == "link":
        path.symlink_to(elsewhere, target_is_directory=True)
    elif kind == "file":
        path.write_text("a file, not a folder")
    else:
        path.mkdir()
        (path / "page.html").write_text("a folder the plugin did not make")


@pytest.mark.parametrize("name", [".site-public.building", ".site-public.previous"])
@pytest.mark.parametrize("kind, said", [
    ("link", "is a link"), ("file", "is a file"), ("folder", "is a folder this plugin did not make"),
])
def test_a_staging_path_the_plugin_did_not_make_stops_the_build_before_anything_is_written(
    public: Path, tmp_path: Path, name: str, kind: str, said: str,
) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("must survive")
    hostile_entry(kind, public / name, precious)
    site_before = snapshot(public / "site-public")
    result = run_build(public, "mkdocs.public.yml")
    assert result.returncode != 0
    assert f"{name}: {said}" in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert snapshot(public / "site-public") == site_before
    assert snapshot(precious) == {"keep.txt": hashlib.sha256(b"must survive").hexdigest()}
    assert os.path.lexists(public / name), "what was there is left for a person to look at"


def test_a_site_folder_that_is_a_link_out_of_the_repository_stops_the_build(public: Path, tmp_path: Path) -> None:
    outside = tmp_path / "www"
    shutil.move(public / "site-public", outside)
    (public / "site-public").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    result = run_build(public, "mkdocs.public.yml")
    assert result.returncode != 0
    assert "the site folder is a link leading out of the repository" in result.stderr
    assert f"site_dir: {outside.resolve()}" in result.stderr
    assert snapshot(outside) == before and (public / "site-public").is_symlink()


@pytest.mark.parametrize("tracked", ["link", "folder"])
def test_a_site_folder_tracked_by_git_stops_the_build(public: Path, tracked: str) -> None:
    git = shutil.which("git")
    assert git, "the test needs git (the check itself is skipped where git is missing)"
    if tracked == "link":
        shutil.move(public / "site-public", public / "www")
        (public / "site-public").symlink_to("www", target_is_directory=True)
    commands = [["init", "-q"], ["add", "-f", "site-public" if tracked == "link" else "site-public/index.html"]]
    for command in commands:
        subprocess.run([git, *command], cwd=public, check=True, capture_output=True)
    served = public / ("www" if tracked == "link" else "site-public")
    before = snapshot(served)
    result = run_build(public, "mkdocs.public.yml")
    assert result.returncode != 0
    assert "the site folder is tracked by git" in result.stderr
    assert snapshot(served) == before


def test_a_site_folder_that_is_a_file_stops_the_build(public: Path) -> None:
    shutil.rmtree(public / "site-public")
    (public / "site-public").write_text("not a folder")
    result = run_build(public, "mkdocs.public.yml")
    assert result.returncode != 0 and "the site folder is a file" in result.stderr
    assert (public / "site-public").read_text() == "not a folder"
    assert not any(path.name.endswith((".building", ".previous")) for path in public.iterdir())


def test_a_mount_point_stops_the_build_before_anything_is_written(public: Path) -> None:
    before = snapshot(public / "site-public")
    result = run_build(public, "mkdocs.public.yml", env=build_env(MOUNT_POINT="site-public"))
    assert result.returncode != 0
    assert "the site folder is a mount point" in result.stderr and "set site_dir to a folder inside it" in result.stderr
    assert snapshot(public / "site-public") == before
    assert not any(path.name.endswith((".building", ".previous")) for path in public.iterdir())


@pytest.mark.parametrize("failing", [
    "site-public",  # the site folder cannot be moved aside: a mount point, another device
    "site-public:windows",  # a program holds it open
    ".site-public.building:windows",  # the new site cannot take its place: the old one is put back
])
def test_where_renaming_fails_the_build_stops_and_the_site_is_left_byte_for_byte(public: Path, failing: str) -> None:
    before = snapshot(public / "site-public")
    report = public / "incidents" / "2026-11-26-card-payments-failing.md"
    report.write_text(report.read_text() + "\nA sentence the failed swap must not publish.\n")
    result = run_build(public, "mkdocs.public.yml", env=build_env(FAIL_RENAME=failing))
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "cannot be renamed" in said and "the build only ever renames" in said and "Traceback" not in said
    assert ("Invalid cross-device link" if "windows" not in failing else "Access is denied") in said
    assert snapshot(public / "site-public") == before
    assert not any(path.name.endswith((".building", ".previous")) for path in public.iterdir()), sorted(os.listdir(public))


def test_what_a_killed_build_left_is_removed_and_the_site_holds_no_marker(public: Path) -> None:
    for name in (".site-public.building", ".site-public.previous"):
        (public / name / "deep").mkdir(parents=True)
        (public / name / "deep" / "page.html").write_text("left by a killed build")
        (public / name / MARKER).write_text("made by the plugin")
    result = run_build(public, "mkdocs.public.yml")
    assert result.returncode == 0, result.stderr
    assert not any(path.name.endswith((".building", ".previous")) for path in public.iterdir())
    assert not list((public / "site-public").rglob(MARKER))


def test_gitignore_covers_links_and_files_at_the_staging_paths() -> None:
    patterns = (REPO / ".gitignore").read_text().splitlines()
    for pattern in (".site*.building", ".site*.previous"):
        # Without a trailing slash, a pattern matches a link or a file too, not only a folder.
        assert pattern in patterns, pattern
    assert not [p for p in patterns if p.startswith(".site") and p.endswith("/")]
