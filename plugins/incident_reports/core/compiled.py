"""Whether the core's hot modules run compiled, and running them from source when they must.

setup.py compiles ``COMPILED`` with mypyc where it can, and writes beside them the
SHA-256 of each source it compiled (``SOURCES_RECORD``). Compiled modules built from
other sources than those beside them (an editable install, then an edit) would run the
old code; then, or when ``INCIDENT_REPORTS_PURE_PYTHON=1`` is set, all of them are
imported from source instead. They call each other directly, so it is all or none.
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from types import ModuleType
from typing import Mapping, Sequence

#: The modules setup.py compiles (it names the same ones).
COMPILED = ("yaml_fast", "loader", "validate", "rules", "archive")
#: The file setup.py writes beside the compiled modules: a line "<module> <sha256 of its source>" each.
SOURCES_RECORD = "compiled_sources.txt"
#: Set to 1, the compiled modules are never used.
PURE_PYTHON_VARIABLE = "INCIDENT_REPORTS_PURE_PYTHON"
_CORE = Path(__file__).parent
_PACKAGE = __name__.rpartition(".")[0]


def compiled_builds(folder: Path) -> list[Path]:
    """The compiled builds of ``COMPILED`` in ``folder`` (none for a pure Python install)."""
    return [folder / f"{name}{suffix}" for name in COMPILED for suffix in EXTENSION_SUFFIXES if (folder / f"{name}{suffix}").is_file()]


def compiled_current(folder: Path) -> bool:
    """Whether the compiled modules in ``folder`` were built from the sources beside them."""
    try:
        recorded = dict(line.split(" ", 1) for line in (folder / SOURCES_RECORD).read_text().splitlines())
        return recorded == source_digests(folder)
    except (OSError, ValueError):  # no record, a broken one, or a source missing
        return False


def source_digests(folder: Path) -> dict[str, str]:
    """Each compiled module's name and the SHA-256 of its source in ``folder``."""
    return {name: hashlib.sha256((folder / f"{name}.py").read_bytes()).hexdigest() for name in COMPILED}


def pure_python_asked(environ: Mapping[str, str]) -> bool:
    """Whether ``INCIDENT_REPORTS_PURE_PYTHON=1`` asks for the sources (when building, for no compiled modules)."""
    return environ.get(PURE_PYTHON_VARIABLE) == "1"


def runs_compiled(environ: Mapping[str, str], folder: Path = _CORE) -> bool:
    """Whether the core's hot modules are to be imported compiled."""
    built = {path.name.partition(".")[0] for path in compiled_builds(folder)}
    return not pure_python_asked(environ) and built == set(COMPILED) and compiled_current(folder)


class _FromSource(MetaPathFinder):
    """Finds ``COMPILED`` as source files, ahead of the compiled modules beside them."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != _PACKAGE or name not in COMPILED:
            return None
        return spec_from_file_location(fullname, _CORE / f"{name}.py")


def import_from_source_unless_compiled() -> None:
    """Make ``COMPILED`` import from source, unless their compiled builds are present, current and wanted."""
    if compiled_builds(_CORE) and not runs_compiled(os.environ):
        sys.meta_path.insert(0, _FromSource())
