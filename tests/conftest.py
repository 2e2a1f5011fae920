"""Shared fixtures: real sites copied into temporary folders and built with the real mkdocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once per test session (internal and public builds)."""
    site = copy_site(tmp_path_factory.mktemp("example"))
    built(site, "mkdocs.yml")
    built(site, "mkdocs.public.yml")
    return site


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
