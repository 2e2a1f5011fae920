"""``scripts/serve``: installs only when it must, says where the home page is, and reloads
the public build when its own pages change."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from conftest import REPO, build_env, copy_site
from test_serve import fetch, free_port, wait_for

#: Stands in for python3: records every pip install and runs everything else with this Python.
FAKE_PYTHON = """#!/usr/bin/env bash
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then echo "$*" >> "$PIP_LOG"; exit 0; fi
exec {python} "$@"
"""


def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the example and of the project, and an environment where python3 is the stand-in."""
    root = copy_site(tmp_path / "project")
    for part in ("pyproject.toml", "scripts"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy2)(REPO / part, root / part)
    shutil.copytree(REPO / "plugins", root / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python3"
    fake.write_text(FAKE_PYTHON.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    # This copy's plugin is the one Python imports, as after an editable install of it.
    env = build_env(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PIP_LOG=str(tmp_path / "pip.log"),
                    PYTHONPATH=str(root / "plugins"))
    return root, env


class Served:
    """``scripts/serve`` running, with its output collected."""

    def __init__(self, root: Path, env: dict[str, str], *args: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            ["bash", "scripts/serve", "-a", f"127.0.0.1:{self.port}", *args], cwd=root, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(iter(self.process.stdout.readline, "")), daemon=True).start()

    def home(self) -> str:
        wait_for(lambda: any("The home page will be at" in line for line in self.log), what="the address")
        line = next(line for line in self.log if "The home page will be at" in line)
        return line.split(" at ", 1)[1].split(" ", 1)[0]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def pip_runs(env: dict[str, str]) -> int:
    log = Path(env["PIP_LOG"])
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def test_serve_installs_only_when_needed_and_prints_the_home_page(tmp_path: Path) -> None:
    root, env = project(tmp_path)
    for expected_installs, change in ((1, None), (1, None), (2, "pyproject")):
        if change == "pyproject":
            pyproject = root / "pyproject.toml"
            pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n# a new dependency\n", encoding="utf-8")
        served = Served(root, env)
        try:
            home = served.home()
            assert home == f"http://127.0.0.1:{served.port}/internal/"
            wait_for(lambda: fetch(home) is not None, what="the home page")
            assert "holds every incident report" in fetch(home)
        finally:
            served.stop()
        assert pip_runs(env) == expected_installs, served.log
    assert "install --quiet --disable-pip-version-check -e ." in Path(env["PIP_LOG"]).read_text(encoding="utf-8")


def test_serve_public_reloads_when_a_public_page_changes(tmp_path: Path) -> None:
    root, env = project(tmp_path)
    served = Served(root, env, "-f", "mkdocs.public.yml")
    try:
        home = served.home()
        assert home == f"http://127.0.0.1:{served.port}/"
        page = home + "accessibility/"
        wait_for(lambda: fetch(page) is not None, what="the accessibility page")
        statement = root / "public-docs" / "accessibility.md"
        statement.write_text(statement.read_text(encoding="utf-8") + "\nEdited-PB93 while serving.\n", encoding="utf-8")
        wait_for(lambda: "Edited-PB93" in (fetch(page) or ""), what="the edited public page")
    finally:
        served.stop()
