"""The structure the design page describes: no state kept between calls in the core and the views, each option's
default written once, and no import cycle between the package's modules."""

from __future__ import annotations

import ast
from pathlib import Path

from incident_reports.core.settings import Settings
from incident_reports.mkdocs_plugin.config import checked_options, settings_from

from conftest import REPO

PACKAGE = REPO / "plugins" / "incident_reports"
#: Methods that change a dict, list or set in place.
MUTATORS = frozenset({
    "append", "extend", "insert", "remove", "sort", "reverse", "update", "setdefault", "pop", "popitem", "clear", "add",
    "discard", "__setitem__",
})


def module_state_changes(path: Path) -> list[str]:
    """Where a module keeps state between calls: ``global``, a cache decorator, or a module-level name changed in place."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        where = f"{path.parent.name}/{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Global):
            found.append(f"{where}: global {', '.join(node.names)}")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            decorators = [ast.unparse(d) for d in node.decorator_list]
            found += [f"{where}: @{d}" for d in decorators if "cache" in d.replace("cached_property", "")]
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id in names:
            found.append(f"{where}: {node.target.id} changed")
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else []
        for target in [*targets, *([node.target] if isinstance(node, ast.AugAssign) else [])]:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id in names:
                found.append(f"{where}: {ast.unparse(target)} changed")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            if isinstance(node.func.value, ast.Name) and node.func.value.id in names:
                found.append(f"{where}: {ast.unparse(node.func)}() changes a module-level {node.func.value.id}")
    return found


def test_the_core_and_the_views_keep_no_state_between_calls() -> None:
    # What a build keeps (the renderer, what serve reuses) is owned by the plugin and handed to them.
    modules = sorted([*(PACKAGE / "core").glob("*.py"), *(PACKAGE / "views").glob("*.py")])
    assert len(modules) > 40
    found = [change for module in modules for change in module_state_changes(module)]
    assert not found, found


def test_the_checker_finds_each_kind_of_kept_state(tmp_path: Path) -> None:
    module = tmp_path / "kept.py"
    module.write_text(
        "import functools\nSEEN = {}\nCOUNT = 0\n\n@functools.lru_cache\ndef a(x):\n    SEEN[x] = 1\n"
        "    SEEN.setdefault(x, 2)\n\ndef b():\n    global COUNT\n    COUNT += 1\n",
        encoding="utf-8",
    )
    found = module_state_changes(module)
    assert len(found) == 5, found


def test_an_empty_options_map_gives_the_cores_defaults(tmp_path: Path) -> None:
    # Each option the core shares takes its default from Settings: nothing is written twice to drift apart.
    options = checked_options({}, str(tmp_path / "mkdocs.yml"))
    assert settings_from(options, tmp_path, None, None) == Settings()


def package_imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """The package's modules that ``name`` imports, wherever in it (imports for type hints alone left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hints = {
        id(inner) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.ImportFrom):
            parts = base[: len(base) - node.level + 1] if node.level else []
            target = ".".join([*parts, *([node.module] if node.module else [])])
            found |= {f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {module for module in found if module in modules and module != name}


def test_no_module_imports_one_that_imports_it_back() -> None:
    files = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): path
        for path in PACKAGE.rglob("*.py")
    }
    graph = {name: package_imports(path, name, set(files)) for name, path in files.items()}
    assert graph["incident_reports.cli.edit_commands"] and graph["incident_reports.views.site"]
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            assert module != start, f"{start} imports a module that imports it back"
            if module not in seen:
                seen.add(module)
                todo += graph[module]
