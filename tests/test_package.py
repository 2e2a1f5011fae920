"""The package as a team installs it: ``python -m build`` makes an sdist and one pure-Python wheel
whose metadata the package index accepts, and the wheel, installed into a new environment
where no C compiler works, validates the example and builds both of its sites."""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, build_env, copy_site

VERSION = "0.2.0"
WHEEL = f"mkdocs_incident_reports-{VERSION}-py3-none-any.whl"
SDIST = f"mkdocs_incident_reports-{VERSION}.tar.gz"
#: What a build needs of the repository (the rest is the example site and the project's own tooling).
PROJECT_PARTS = ("pyproject.toml", "README.md", "LICENSE", "plugins")
#: No compiler: an install that tried to compile anything would fail.
NO_COMPILER = {"CC": "false", "CXX": "false"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built from a clean copy of the project with no working C compiler."""
    work = tmp_path_factory.mktemp("package")
    project = work / "project"
    project.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, project / part)
    # Without isolation: the build backend (setuptools) is already here, and nothing is downloaded.
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(work / "dist"), str(project)],
        env=dict(os.environ, **NO_COMPILER), capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return work / "dist"


def test_build_makes_an_sdist_and_a_pure_python_wheel(dist: Path) -> None:
    assert sorted(path.name for path in dist.iterdir()) == sorted([SDIST, WHEEL])
    with zipfile.ZipFile(dist / WHEEL) as wheel:
        names = wheel.namelist()
        tags = wheel.read(f"mkdocs_incident_reports-{VERSION}.dist-info/WHEEL").decode()
    assert "Root-Is-Purelib: true" in tags and "Tag: py3-none-any" in tags
    assert not [name for name in names if name.endswith((".so", ".pyd", ".c"))]
    assert any(name.startswith("incident_reports/templates/") for name in names)
    assert f"mkdocs_incident_reports-{VERSION}.dist-info/licenses/LICENSE" in names
    with tarfile.open(dist / SDIST) as sdist:
        members = {Path(name).name for name in sdist.getnames()}
    assert {"pyproject.toml", "LICENSE", "README.md"} <= members and "setup.py" not in members


def test_twine_accepts_the_metadata(dist: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_the_metadata_says_what_the_package_index_shows(dist: Path) -> None:
    with zipfile.ZipFile(dist / WHEEL) as wheel:
        metadata = email.message_from_bytes(wheel.read(f"mkdocs_incident_reports-{VERSION}.dist-info/METADATA"))
    assert metadata["Name"] == "mkdocs-incident-reports" and metadata["Version"] == VERSION
    assert metadata["License-Expression"] == "MIT" and metadata["License-File"] == "LICENSE"
    classifiers = metadata.get_all("Classifier")
    assert "Framework :: MkDocs" in classifiers and "Operating System :: OS Independent" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the SPDX expression says it
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL"))
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(urls)
    requires = metadata.get_all("Requires-Dist")
    assert any(r.startswith("tzdata") and "win32" in r for r in requires), requires
    # Nothing compiles at install: mypy is a tool of the project's own (the dev extra), not a dependency.
    assert not [r for r in requires if r.startswith("mypy") and "extra ==" not in r]
    assert {"test", "dev"} <= set(metadata.get_all("Provides-Extra"))


def _site_packages(venv: Path) -> Path:
    """The new environment's own site-packages folder."""
    where = subprocess.run([str(_venv_program(venv, "python")), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                           capture_output=True, text=True, check=True, timeout=120)
    return Path(where.stdout.strip())


def _running_site_packages() -> list[str]:
    """The site-packages folders of the environment running the tests, where its dependencies are installed."""
    return sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})


def _venv_program(venv: Path, name: str) -> Path:
    folder = venv / ("Scripts" if os.name == "nt" else "bin")
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def test_the_wheel_installed_without_a_compiler_validates_and_builds_the_example(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    # The dependencies come from the environment running the tests (the project's .venv, a user's own, or
    # a plain interpreter's), after the new environment's own packages: the test downloads nothing, and
    # the package it imports is the wheel's.
    (_site_packages(venv) / "running-environment.pth").write_text("\n".join(_running_site_packages()) + "\n", encoding="utf-8")
    env = dict(build_env(), **NO_COMPILER)
    env.pop("PYTHONPATH", None)  # the wheel, not the checkout, is what runs
    install = subprocess.run(
        [str(_venv_program(venv, "python")), "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check",
         str(dist / WHEEL)], env=env, capture_output=True, text=True, timeout=600,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    where = subprocess.run(
        [str(_venv_program(venv, "python")), "-c", "import incident_reports; print(incident_reports.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr
    site = copy_site(tmp_path / "site")
    runs = {
        "incidents validate": [str(_venv_program(venv, "incidents")), "validate"],
        # MkDocs itself comes from the running environment (its command is not in the new one); the plugin is the wheel's.
        "internal build": [str(_venv_program(venv, "python")), "-m", "mkdocs", "build", "--strict"],
        "public build": [str(_venv_program(venv, "python")), "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.public.yml"],
    }
    for what, command in runs.items():
        result = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{what}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    assert (site / "site" / "incidents" / "index.html").is_file()
    assert (site / "site-public" / "status" / "index.html").is_file() and (
        site / "site-public" / "api" / "v2" / "summary.json"
    ).is_file()
