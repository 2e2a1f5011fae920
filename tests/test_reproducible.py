"""Reproducible builds: the same input and SOURCE_DATE_EPOCH give the same bytes, whatever the machine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import EXAMPLE_EPOCH, build_env, copy_site, run_build

#: What differs on the second build: timezone, locale, hash seed (and below, the path and file times).
OTHER_MACHINE = {
    "TZ": "Pacific/Chatham", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "PYTHONHASHSEED": "4242",
}


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def touch_everything(folder: Path, when: int) -> None:
    """Give every input file (and folder) the same, different modification time."""
    for path in folder.rglob("*"):
        os.utime(path, (when, when))


@pytest.mark.parametrize("config, output", [("mkdocs.yml", "site"), ("mkdocs.public.yml", "site-public")])
def test_a_second_build_elsewhere_is_byte_identical(
    config: str, output: str, example_site: Path, tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The session's build is the first; the second runs from another folder with another environment.
    second = copy_site(tmp_path_factory.mktemp("elsewhere") / "a" / "deeper" / "checkout")
    touch_everything(second, 978307200)
    result = run_build(second, config, env=build_env(EXAMPLE_EPOCH, **OTHER_MACHINE))
    assert result.returncode == 0, result.stderr
    first_files = files_of(example_site / output)
    second_files = files_of(second / output)
    assert sorted(first_files) == sorted(second_files), "the two builds wrote different files"
    differing = [path for path in first_files if first_files[path] != second_files[path]]
    assert not differing, f"{len(differing)} files differ between the builds: {', '.join(differing)}"
    # The feeds, calendar, API and data set are among the files compared.
    for path in ("feed.xml", "atom.xml", "updates.xml", "maintenance.ics", "api/v2/summary.json", "sitemap.xml"):
        assert path in first_files
