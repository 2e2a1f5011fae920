"""Shared fixtures: real sites copied into temporary folders and built with the real mkdocs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings

# No test asserts how fast something runs (the benchmark measures that): hypothesis's per-example
# deadline would fail a property test on a busy machine, so it is off for every test.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

# A suite started in the background without job control (nohup, a CI runner's `&`) inherits
# SIGINT ignored, and so would every server a test stops as Ctrl-C does: each would wait out its
# stop timeout (30 s) before being killed. Handling it here gives the children the default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

#: Fixture modules: the headless browser and the in-process command line.
pytest_plugins = ["browser", "inline_cli"]

REPO = Path(__file__).resolve().parents[1]
#: The example site's fixed "now": 2026-11-26T12:00:00Z.
EXAMPLE_EPOCH = 1795694400
SITE_PARTS = (
    "mkdocs.yml", "mkdocs.public.yml", "incidents", "status", "docs", "public-docs", "overrides",
    # The handbook's changelog page includes it.
    "CHANGELOG.md",
)


def copy_site(dest: Path) -> Path:
    """Copy the example site (config, reports, catalogue, docs, overrides) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        elif source.is_file():
            shutil.copy2(source, dest / part)
    return dest


def build_env(epoch: int | None = EXAMPLE_EPOCH, **extra: str) -> dict[str, str]:
    """The environment for a build: fixed now, Material's end-of-life notice silenced."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)
    if epoch is None:
        env.pop("SOURCE_DATE_EPOCH", None)
    else:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def run_build(
    site: Path, config: str = "mkdocs.yml", *, epoch: int | None = EXAMPLE_EPOCH, strict: bool = True,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` on ``site`` in a subprocess, exactly as a user would."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", config] + (["--strict"] if strict else [])
    return subprocess.run(
        command, cwd=site, env=env or build_env(epoch), capture_output=True, text=True, timeout=600,
    )


def run_cli(site: Path, *args: str, epoch: int | None = EXAMPLE_EPOCH, env: dict[str, str] | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``incidents`` command line in ``site``."""
    command = [sys.executable, "-m", "incident_reports.cli.main", *args]
    return subprocess.run(command, cwd=site, env=env or build_env(epoch), capture_output=True, text=True,
                          timeout=600, input=input)


def built(site: Path, config: str) -> Path:
    """Build ``site`` with ``config`` and return its output folder; a failed build fails the test."""
    result = run_build(site, config)
    assert result.returncode == 0, f"mkdocs build -f {config} failed:\n{result.stderr}"
    return site / ("site-public" if config == "mkdocs.public.yml" else "site")


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Callable[[Path], None]], Path]:
    """``shared(name, make)``: a folder made once per test run by ``make``, whichever pytest-xdist worker asks first.

    The others wait on a file lock and reuse it, so a site that many tests read is built once, not once
    per worker. What is shared is only read: a test that changes a site works on a copy of its own.
    """
    base = tmp_path_factory.getbasetemp()
    # Under pytest-xdist each worker's temporary folder is one of several in the run's own folder.
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared"
    root.mkdir(exist_ok=True)

    def made(name: str, make: Callable[[Path], None]) -> Path:
        folder = root / name
        with FileLock(str(root / f"{name}.lock")):
            if not (root / f"{name}.made").exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                make(folder)
                (root / f"{name}.made").touch()
        return folder

    return made


def _example_built(folder: Path) -> None:
    copy_site(folder)
    built(folder, "mkdocs.yml")
    built(folder, "mkdocs.public.yml")


@pytest.fixture(scope="session")
def example_site(shared: Callable[[str, Callable[[Path], None]], Path]) -> Path:
    """The example site, built once per test run (internal and public builds); read only."""
    return shared("example", _example_built)


@pytest.fixture(scope="session")
def internal_build(example_site: Path) -> Path:
    """The example site's internal build output (``site/``)."""
    return example_site / "site"


@pytest.fixture(scope="session")
def public_build(example_site: Path) -> Path:
    """The example site's public build output (``site-public/``)."""
    return example_site / "site-public"


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the example site for one test."""
    return copy_site(tmp_path / "site-src")
