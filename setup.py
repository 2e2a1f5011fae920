"""Builds the package; the modules every report passes through are compiled with mypyc where possible.

Compiled, a report is read and checked in about four fifths of the CPU time (``incidents
validate`` of 10,000 reports, see bench/RESULTS.md). Where mypyc or a C compiler is missing,
or ``INCIDENT_REPORTS_PURE_PYTHON=1`` is set, the package is installed as pure Python and
behaves the same. Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

import os
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

CORE = Path("plugins", "incident_reports", "core")


def _load_compiled_module() -> ModuleType:
    """core/compiled.py (standard library only), read without importing the package, whose dependencies may be missing."""
    spec = spec_from_file_location("incident_reports_compiled", CORE / "compiled.py")
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Which modules are compiled, and the record of their sources, as the package reads them.
compiled = _load_compiled_module()
#: The dependencies are left out of the type check (they may or may not be installed where the package
#: is built), so the compiled code is the same wherever it is built; errors outside the compiled modules are not ours to stop on.
MYPY_FLAGS = ["--no-site-packages", "--ignore-missing-imports", "--follow-imports=silent", "--no-warn-unused-ignores"]
#: Stands in for the compiled modules until build_ext runs: mypyc's type check takes half a minute, and
#: pip runs this file three times for one install, twice only to read the package's metadata.
PLACEHOLDER = Extension("incident_reports_core__mypyc", sources=[])


def compiled_extensions() -> list[Extension]:
    """mypyc's extensions for the compiled modules, or none when they cannot be made here."""
    if compiled.pure_python_asked(os.environ):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("warning: mypyc is not installed; installing incident_reports as pure Python")
        return []
    paths = [str(CORE / f"{name}.py") for name in compiled.COMPILED]
    try:
        return mypycify([*MYPY_FLAGS, *paths], group_name="incident_reports_core", opt_level="3")
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error
        print(f"warning: mypyc cannot compile the core ({exc}); installing incident_reports as pure Python")
        return []


def remove_compiled(root: Path) -> None:
    """Delete the compiled modules, and the record of their sources, from a package root (plugins/ or a build's)."""
    core = root / "incident_reports" / "core"
    for built in [*root.glob("incident_reports_core__mypyc.*"), *core.glob("*.so"), *core.glob("*.pyd"), core / compiled.SOURCES_RECORD]:
        built.unlink(missing_ok=True)


class CompiledCore(build_ext):
    """Builds every compiled module or none: without mypyc or a working C compiler the package stays pure Python."""

    def finalize_options(self) -> None:
        self.distribution.ext_modules = compiled_extensions()
        super().finalize_options()

    def run(self) -> None:
        # Modules of an earlier build (or of an earlier editable install) would outlive a pure build and be packed or run.
        roots = [Path(self.build_lib)] + ([Path("plugins")] if self.inplace else [])
        for root in roots:
            remove_compiled(root)
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as exc:  # the compiler's errors have no common base class
            for root in roots:
                remove_compiled(root)
            print(f"warning: the compiled modules could not be built ({exc}); installing pure Python")
            return
        # The package runs its compiled modules only beside the sources they were made from (core/compiled.py).
        record = "".join(f"{name} {digest}\n" for name, digest in compiled.source_digests(CORE).items())
        for root in roots:
            (root / "incident_reports" / "core" / compiled.SOURCES_RECORD).write_text(record)


setup(ext_modules=[PLACEHOLDER], cmdclass={"build_ext": CompiledCore})
