"""The lock (requirements/dev.txt): one universal file, exact versions with hashes, that holds every
dependency of the package and of its test and development tools, within the ranges pyproject.toml
allows; scripts/test and every CI job install from it (the weekly newest-dependencies run aside)."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import REPO

LOCK = REPO / "requirements" / "dev.txt"
#: One entry: ``name==version [; marker]`` followed by its ``--hash=sha256:`` lines.
ENTRY = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)(?: ; (.+?))? \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)
#: The platforms the lock holds for: Linux, macOS and Windows, on each Python the package supports.
PLATFORMS = [
    {"sys_platform": platform, "platform_system": system, "platform_machine": machine, "os_name": os_name,
     "python_version": f"3.{minor}", "python_full_version": f"3.{minor}.{patch}",
     "platform_python_implementation": "CPython", "implementation_name": "cpython"}
    for platform, system, machine, os_name in (
        ("linux", "Linux", "x86_64", "posix"), ("linux", "Linux", "aarch64", "posix"),
        ("darwin", "Darwin", "arm64", "posix"), ("win32", "Windows", "AMD64", "nt"),
    )
    for minor, patch in ((11, 0), (11, 7), (12, 8), (13, 1), (14, 0))
]


def locked() -> dict[str, list[tuple[Version, Marker | None]]]:
    text = LOCK.read_text(encoding="utf-8")
    entries: dict[str, list[tuple[Version, Marker | None]]] = {}
    for name, version, marker, _hashes in ENTRY.findall(text):
        entries.setdefault(canonicalize_name(name), []).append((Version(version), Marker(marker) if marker else None))
    pinned = [line for line in text.splitlines() if "==" in line and not line.startswith(("#", " "))]
    assert len(pinned) == sum(map(len, entries.values())), "an entry of the lock has no hash"
    return entries


def wanted() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [Requirement(text) for text in (*project["dependencies"], *extras["test"], *extras["dev"])]


def test_the_lock_is_universal_and_made_with_hashes() -> None:
    header = LOCK.read_text(encoding="utf-8").splitlines()[:2]
    command = header[1]
    for option in ("--universal", "--generate-hashes", "--extra test", "--extra dev", "-o requirements/dev.txt"):
        assert option in command, header


def test_every_dependency_is_locked_within_its_range_on_every_platform() -> None:
    entries = locked()
    for platform in PLATFORMS:
        for requirement in wanted():
            if requirement.marker is not None and not requirement.marker.evaluate(platform):
                continue
            versions = [version for version, marker in entries.get(canonicalize_name(requirement.name), [])
                        if marker is None or marker.evaluate(platform)]
            assert len(versions) == 1, f"{requirement.name} on {platform['sys_platform']} {platform['python_full_version']}"
            assert requirement.specifier.contains(versions[0], prereleases=True), (requirement, versions[0])


def test_scripts_and_ci_install_from_the_lock() -> None:
    environment = (REPO / "scripts" / "environment.sh").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements/dev.txt" in environment
    for name in ("serve", "test"):
        assert ". scripts/environment.sh" in (REPO / "scripts" / name).read_text(encoding="utf-8")
    for path in sorted((REPO / ".github" / "workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_name, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                for line in str(step.get("run", "")).splitlines():
                    if "pip install" not in line:
                        continue
                    where = f"{path.name}: {job_name}: {line.strip()}"
                    if path.name == "newest-dependencies.yml":
                        assert "--upgrade" in line, where
                    elif "dist/*.whl" in line:
                        continue  # the release checks the wheel as a team installs it, with the newest versions
                    else:
                        assert "--require-hashes -r requirements/dev.txt" in line or "--no-deps" in line, where
