"""``scripts/serve`` and ``scripts/test``: they make and use the project's own environment (.venv/),
install only when the lock or pyproject.toml changed, never install into the Python they were
started with, say what to install where that Python cannot make an environment, and serve the
example (saying where its home page is), reloading the public build when its own pages change."""

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

#: Stands in for the machine's python3. It makes "virtual environments" whose python is the stand-in
#: below, runs everything else with this Python, and records any pip run: there must be none.
BASE_PYTHON = """#!/usr/bin/env bash
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then echo "base $*" >> "$PIP_LOG"; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    echo "venv $3" >> "$PIP_LOG"
    mkdir -p "$3/bin"
    cp "$VENV_PYTHON" "$3/bin/python"
    exit 0
fi
if [ "$1" = "-c" ] && [ -n "${{NO_ENSUREPIP:-}}" ] && [[ "$2" == *ensurepip* ]]; then exit 1; fi
exec {python} "$@"
"""

#: The environment's python: records pip runs (nothing is installed: the plugin is on PYTHONPATH) and
#: ruff, mypy and pytest runs, and runs everything else with this Python.
VENV_PYTHON = """#!/usr/bin/env bash
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then echo "venv $*" >> "$PIP_LOG"; exit 0; fi
case "$1 $2" in "-m ruff"|"-m mypy"|"-m pytest") echo "ran $2" >> "$PIP_LOG"; exit 0;; esac
exec {python} "$@"
"""


def project(tmp_path: Path, **extra: str) -> tuple[Path, dict[str, str]]:
    """A copy of the example and of the project, and an environment where python3 is the stand-in."""
    root = copy_site(tmp_path / "project")
    for part in ("pyproject.toml", "scripts", "requirements"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy2)(REPO / part, root / part)
    shutil.copytree(REPO / "plugins", root / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    # scripts/test installs Chromium and axe-core first: here that step only says it ran.
    (root / "tests").mkdir()
    (root / "tests" / "install-test-deps.sh").write_text('echo "ran install-test-deps" >> "$PIP_LOG"\n', encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("python3", BASE_PYTHON), ("venv-python", VENV_PYTHON)):
        program = bin_dir / name
        program.write_text(text.format(python=sys.executable), encoding="utf-8")
        program.chmod(0o755)
    env = build_env(
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PIP_LOG=str(tmp_path / "pip.log"),
        VENV_PYTHON=str(bin_dir / "venv-python"), PYTHONPATH=str(root / "plugins"), **extra,
    )
    env.pop("VIRTUAL_ENV", None)
    return root, env


def log_of(env: dict[str, str]) -> list[str]:
    log = Path(env["PIP_LOG"])
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


class Served:
    """``scripts/serve`` running, with its output collected."""

    def __init__(self, root: Path, env: dict[str, str], *args: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            ["bash", "scripts/serve", "-a", f"127.0.0.1:{self.port}", *args], cwd=root, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.log: list[str] = []
        assert self.process.stdout is not None
        output = self.process.stdout
        threading.Thread(target=lambda: self.log.extend(iter(output.readline, "")), daemon=True).start()

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


def serve_once(root: Path, env: dict[str, str]) -> None:
    """Serve the internal site until its home page answers with the example's words."""
    served = Served(root, env)
    try:
        home = served.home()
        assert home == f"http://127.0.0.1:{served.port}/internal/"
        wait_for(lambda: fetch(home) is not None, what="the home page")
        assert "holds every incident report" in (fetch(home) or "")
    finally:
        served.stop()


def installs(env: dict[str, str]) -> list[str]:
    return [line for line in log_of(env) if " pip " in line]


def test_serve_makes_its_environment_installs_only_when_needed_and_prints_the_home_page(tmp_path: Path) -> None:
    root, env = project(tmp_path)
    serve_once(root, env)
    assert log_of(env)[0] == f"venv {root / '.venv'}"
    assert installs(env) == [
        "venv -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt",
        "venv -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .",
    ]
    serve_once(root, env)
    assert len(installs(env)) == 2, "nothing changed, so nothing is installed again"
    for changed in ("pyproject.toml", "requirements/dev.txt"):
        path = root / changed
        path.write_text(path.read_text(encoding="utf-8") + "\n# a new dependency\n", encoding="utf-8")
        before = len(installs(env))
        serve_once(root, env)
        assert len(installs(env)) == before + 2, f"{changed} changed, so the environment is filled again"
    assert not [line for line in log_of(env) if line.startswith("base ")], "pip ran in the machine's own Python"
    assert sum(line.startswith("venv /") for line in log_of(env)) == 1, "the environment is made once"


def test_an_active_virtual_environment_is_left_alone(tmp_path: Path) -> None:
    root, env = project(tmp_path)
    # The user's own environment is active: its python3 comes first on PATH. It is the stand-in too,
    # so a pip run in it would be recorded as "base".
    theirs = tmp_path / "their-venv"
    (theirs / "bin").mkdir(parents=True)
    shutil.copy2(tmp_path / "bin" / "python3", theirs / "bin" / "python3")
    env = dict(env, VIRTUAL_ENV=str(theirs), PATH=f"{theirs / 'bin'}{os.pathsep}{env['PATH']}")
    result = subprocess.run(["bash", "scripts/test", "-k", "nothing"], cwd=root, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert not [line for line in log_of(env) if line.startswith("base ")], "pip ran in the user's own environment"
    # The suite ran in .venv: lint, types, then the tests, after the browser's dependencies.
    assert [line for line in log_of(env) if line.startswith("ran ")] == [
        "ran install-test-deps", "ran ruff", "ran mypy", "ran pytest",
    ]
    assert (root / ".venv" / "installed-from").is_file()


def test_a_python_without_venv_gets_one_line_saying_what_to_install(tmp_path: Path) -> None:
    root, env = project(tmp_path, NO_ENSUREPIP="1")
    for script in ("scripts/serve", "scripts/test"):
        result = subprocess.run(["bash", script], cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "cannot make a virtual environment" in lines[0] and "python3-venv" in lines[0], lines[0]
    assert not log_of(env), "nothing is made or installed"
    assert not (root / ".venv").exists()


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
