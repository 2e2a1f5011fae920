"""The core's hot modules compiled with mypyc: used when current, and giving exactly what the source gives."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from conftest import EXAMPLE_EPOCH, REPO, build_env, copy_site, run_build, run_cli
from incident_reports.core import compiled, yaml_fast
from test_reproducible import files_of

PURE = {compiled.PURE_PYTHON_VARIABLE: "1"}
#: Mistakes of several kinds (a line of an example report, and what it becomes), each placed on its line.
BROKEN = {
    "bad-time.md": (r"^started: .*$", "started: 2026-03-05 13:52"),
    "bad-word.md": (r"^title: .*$", "title: no"),
    "unknown-key.md": (r"^summary:", "sumary:"),
    "bad-yaml.md": (r"^title: .*$", "title: [unclosed"),
    "bad-list.md": (r"^services: .*$", "services: payments"),
}


def test_the_core_runs_compiled_where_a_c_compiler_built_it() -> None:
    # scripts/test installs the package, which compiles the core wherever there is a C compiler.
    if compiled.pure_python_asked(os.environ) or not shutil.which("cc"):
        assert not compiled.runs_compiled(os.environ)
        assert yaml_fast.__file__.endswith(".py")
        return
    assert compiled.runs_compiled(os.environ), (
        "the core's compiled modules are missing or were built from other sources; "
        "run `pip install -e .` (scripts/test does) to build them"
    )
    assert Path(yaml_fast.__file__).name.endswith(tuple(EXTENSION_SUFFIXES))


def test_the_source_runs_when_asked_for_or_when_the_builds_are_not_of_it(tmp_path: Path) -> None:
    suffix = EXTENSION_SUFFIXES[0]
    for name in compiled.COMPILED:
        (tmp_path / f"{name}.py").write_text(f"# {name}\n")
        (tmp_path / f"{name}{suffix}").write_bytes(b"built")
    record = "".join(f"{name} {digest}\n" for name, digest in compiled.source_digests(tmp_path).items())
    (tmp_path / compiled.SOURCES_RECORD).write_text(record)
    assert compiled.runs_compiled({}, tmp_path)
    assert not compiled.runs_compiled(PURE, tmp_path)
    # An edit after the build: the builds are of other sources.
    (tmp_path / "rules.py").write_text("# rules, edited\n")
    assert not compiled.runs_compiled({}, tmp_path)
    (tmp_path / "rules.py").write_text("# rules\n")
    assert compiled.runs_compiled({}, tmp_path)
    # One module not built, or no record of what was built: none of them runs compiled.
    (tmp_path / f"archive{suffix}").unlink()
    assert not compiled.runs_compiled({}, tmp_path)
    (tmp_path / f"archive{suffix}").write_bytes(b"built")
    (tmp_path / compiled.SOURCES_RECORD).unlink()
    assert not compiled.runs_compiled({}, tmp_path)


def test_asked_for_the_source_the_core_imports_it() -> None:
    code = "from incident_reports.core import archive, loader, rules, validate, yaml_fast; print(archive.__file__, yaml_fast.__file__)"
    result = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, **PURE), capture_output=True, text=True, check=True)
    assert all(path.endswith(".py") for path in result.stdout.split()), result.stdout


def test_validate_finds_the_same_problems_compiled_and_from_source(site_copy: Path) -> None:
    texts = [path.read_text() for path in sorted((site_copy / "incidents").glob("*.md"))]
    for name, (line, mistake) in BROKEN.items():
        text = next(text for text in texts if re.search(line, text, re.MULTILINE))
        broken = re.sub(line, mistake, text, count=1, flags=re.MULTILINE)
        (site_copy / "incidents" / name).write_text(re.sub(r"^id: ", "id: copy-", broken, count=1, flags=re.MULTILINE))
    compiled_run = run_cli(site_copy, "validate")
    source_run = run_cli(site_copy, "validate", env=build_env(EXAMPLE_EPOCH, **PURE))
    assert compiled_run.returncode == source_run.returncode == 1
    assert compiled_run.stdout.count("\n") >= len(BROKEN)
    assert (compiled_run.stdout, compiled_run.stderr) == (source_run.stdout, source_run.stderr)


@pytest.mark.parametrize("config, output", [("mkdocs.yml", "site"), ("mkdocs.public.yml", "site-public")])
def test_builds_are_byte_identical_compiled_and_from_source(
    config: str, output: str, example_site: Path, tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The session's builds ran compiled (where built); this one runs from source.
    site = copy_site(tmp_path_factory.mktemp("from-source"))
    result = run_build(site, config, env=build_env(EXAMPLE_EPOCH, **PURE))
    assert result.returncode == 0, result.stderr
    assert files_of(example_site / output) == files_of(site / output)


def test_the_source_reader_reads_as_pyyaml_does() -> None:
    # The fast paths' own checks, against the source modules (this process runs the compiled ones).
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fast_paths.py"]
    result = subprocess.run(command, cwd=REPO, env=dict(os.environ, **PURE), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize("environment, says", [
    ({"CC": "false"}, "the compiled modules could not be built"),
    ({compiled.PURE_PYTHON_VARIABLE: "1"}, ""),
])
def test_a_build_that_cannot_compile_leaves_pure_python(environment: dict[str, str], says: str, tmp_path: Path) -> None:
    # A copy of the project, built with a C compiler that always fails, or with compiling turned off.
    project = tmp_path / "project"
    shutil.copytree(REPO / "plugins", project / "plugins", ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__", compiled.SOURCES_RECORD))
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, project / name)
    command = [sys.executable, "setup.py", "build_ext", "--build-lib", str(tmp_path / "lib"), "--build-temp", str(tmp_path / "temp")]
    result = subprocess.run(command, cwd=project, env=dict(os.environ, **environment), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert says in result.stdout
    built = [path.name for folder in (tmp_path / "lib", project / "plugins") for path in folder.rglob("*") if path.suffix in (".so", ".pyd") or path.name == compiled.SOURCES_RECORD]
    assert built == []
