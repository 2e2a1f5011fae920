"""Portability: ``incidents validate`` where there is no ``os.sched_getaffinity`` and no fork
(Windows, and macOS in effect), with workers started by every method the platform has, on
CRLF checkouts, and on a console that cannot show every character (cp1252)."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, build_env, copy_site

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

from incident_reports.cli.validate_workers import PARALLEL_FROM, available_cores  # noqa: E402

#: Enough reports for ``incidents validate`` to check them in worker processes.
REPORTS = PARALLEL_FROM + 20

#: Loaded at the start of every Python process of a run (the command and each worker): a platform
#: without sched_getaffinity, with the start method and core count the test asks for, and (asked)
#: without fork: os.fork gone and multiprocessing's "fork" context refused. Each pool started is
#: written down, with its start method, so that the test knows the workers really ran.
SITECUSTOMIZE = '''
import os, multiprocessing, multiprocessing.context
from concurrent.futures import process

for name in ("sched_getaffinity", "sched_setaffinity"):
    if hasattr(os, name):
        delattr(os, name)
_cores = int(os.environ["SIMULATED_CORES"])
os.cpu_count = lambda: _cores
os.process_cpu_count = lambda: _cores

if os.environ.get("SIMULATED_NO_FORK") == "1":
    for name in ("fork", "forkpty"):
        if hasattr(os, name):
            delattr(os, name)
    _real_get_context = multiprocessing.context.DefaultContext.get_context

    def _get_context(self, method=None):
        if method == "fork":
            raise ValueError("cannot find context for 'fork'")
        return _real_get_context(self, method)

    multiprocessing.context.DefaultContext.get_context = _get_context
    multiprocessing.get_context = lambda method=None: _get_context(multiprocessing.context._default_context, method)

multiprocessing.set_start_method(os.environ["SIMULATED_START_METHOD"])

_real_init = process.ProcessPoolExecutor.__init__

def _traced_init(self, *args, **kwargs):
    _real_init(self, *args, **kwargs)
    with open(os.environ["SIMULATED_TRACE"], "a", encoding="utf-8") as trace:
        trace.write(f"{self._mp_context.get_start_method()} {self._max_workers}\\n")

process.ProcessPoolExecutor.__init__ = _traced_init
'''

#: The errors put into the generated site, so that every run has problems to agree on.
BROKEN = 3


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site of ``REPORTS`` reports, ``BROKEN`` of them with an error."""
    made = generate(tmp_path_factory.mktemp("portable") / "gen", REPORTS, seed=3)
    for report in sorted((made.site / "incidents").glob("*.md"))[:BROKEN]:
        text = report.read_text(encoding="utf-8")
        report.write_text(text.replace("\nseverity: P", "\nseverity: X", 1), encoding="utf-8")
    return made.site


def validate_on(
    site: Path, tmp_path: Path, method: str, cores: int, no_fork: bool
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """``incidents validate`` on ``site`` on the simulated platform; its result and the pools it started."""
    custom = tmp_path / f"custom-{method}-{cores}-{no_fork}"
    custom.mkdir()
    (custom / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    trace = custom / "pools.txt"
    env = build_env(
        SIMULATED_CORES=str(cores),
        SIMULATED_START_METHOD=method,
        SIMULATED_NO_FORK="1" if no_fork else "0",
        SIMULATED_TRACE=str(trace),
        PYTHONPATH=os.pathsep.join([str(custom), *sys.path]),
    )
    result = subprocess.run(
        [sys.executable, "-m", "incident_reports.cli.main", "validate"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result, trace.read_text(encoding="utf-8").splitlines() if trace.exists() else []


def test_validate_runs_in_parallel_without_sched_getaffinity_and_without_fork(big_site: Path, tmp_path: Path) -> None:
    serial, pools = validate_on(big_site, tmp_path, "spawn", cores=1, no_fork=True)
    assert pools == [] and serial.returncode == 1, serial.stderr
    assert f"{REPORTS} reports checked: {BROKEN} errors" in serial.stderr
    assert serial.stdout.count("severity: 'X") == BROKEN
    parallel, pools = validate_on(big_site, tmp_path, "spawn", cores=2, no_fork=True)
    assert pools == ["spawn 2"], parallel.stderr
    assert "Traceback" not in parallel.stderr
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (serial.returncode, serial.stdout, serial.stderr)


def test_the_simulation_really_has_no_fork(tmp_path: Path) -> None:
    """The wrapper of the test above takes away what a platform without fork lacks."""
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    probe = (
        "import os, multiprocessing\n"
        "assert not hasattr(os, 'sched_getaffinity') and not hasattr(os, 'fork')\n"
        "try:\n    multiprocessing.get_context('fork')\nexcept ValueError:\n    print('no fork')\n"
    )
    env = build_env(
        SIMULATED_CORES="2",
        SIMULATED_START_METHOD="spawn",
        SIMULATED_NO_FORK="1",
        SIMULATED_TRACE=str(custom / "pools.txt"),
        PYTHONPATH=os.pathsep.join([str(custom), *sys.path]),
    )
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "no fork", result.stderr


@pytest.mark.parametrize("method", multiprocessing.get_all_start_methods())
def test_workers_start_with_every_method_the_platform_has(big_site: Path, tmp_path: Path, method: str) -> None:
    serial, _ = validate_on(big_site, tmp_path, method, cores=1, no_fork=False)
    parallel, pools = validate_on(big_site, tmp_path, method, cores=2, no_fork=False)
    assert pools == [f"{method} 2"], parallel.stderr
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (serial.returncode, serial.stdout, serial.stderr)


def test_available_cores_is_never_zero() -> None:
    assert available_cores() >= 1


def test_a_crlf_checkout_validates_as_the_lf_one(site_copy: Path) -> None:
    """Git on Windows checks text out with CRLF line endings by default."""
    for file in [*(site_copy / "incidents").rglob("*.md"), site_copy / "status" / "services.yml"]:
        file.write_bytes(file.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    report = site_copy / "incidents" / "2026-11-25-sign-in-failures.md"
    report.write_bytes(report.read_bytes().replace(b"severity: P2", b"severity: P9", 1))
    lf = copy_site(site_copy.parent / "lf")
    lf_report = lf / "incidents" / "2026-11-25-sign-in-failures.md"
    lf_report.write_bytes(lf_report.read_bytes().replace(b"severity: P2", b"severity: P9", 1))
    crlf_run = subprocess.run(
        [sys.executable, "-m", "incident_reports.cli.main", "validate"],
        cwd=site_copy,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    lf_run = subprocess.run(
        [sys.executable, "-m", "incident_reports.cli.main", "validate"],
        cwd=lf,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "incidents/2026-11-25-sign-in-failures.md:" in crlf_run.stdout and "severity: 'P9'" in crlf_run.stdout
    assert (crlf_run.returncode, crlf_run.stdout, crlf_run.stderr) == (lf_run.returncode, lf_run.stdout, lf_run.stderr)


def test_a_cp1252_console_shows_any_report_text(site_copy: Path) -> None:
    """A Windows console encodes cp1252: a character it cannot show is escaped, never a crash."""
    report = site_copy / "incidents" / "2026-11-25-sign-in-failures.md"
    report.write_text(report.read_text(encoding="utf-8").replace("severity: P2", "severity: P2→P1", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "incident_reports.cli.main", "validate"],
        cwd=site_copy,
        env=build_env(PYTHONIOENCODING="cp1252"),
        capture_output=True,
        timeout=300,
    )
    out = result.stdout.decode("cp1252")
    assert result.returncode == 1, result.stderr.decode("cp1252", "replace")
    assert "incidents/2026-11-25-sign-in-failures.md:" in out and "'P2\\u2192P1'" in out
    assert b"Traceback" not in result.stderr
