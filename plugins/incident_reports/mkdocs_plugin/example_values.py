"""The example site's own values, left in a team's public configuration: a warning for each, until it is the team's.

A team that forks the example site and forgets one of its values (a copyright line, an
address, the accessibility statement) would publish the fictional Department for Rivers
on its status page. Each public configuration (and every configuration it inherits) and
the public pages folder are read for the example's names and addresses; only the example
itself says it is the example (``example_site: true``), which silences the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from ..core.problems import Level, Problem
from .config import DEFAULT_DOCS_DIR, incidents_options, raw_config

#: What only the example's values hold: its domain, its repository, its organisation (in English and
#: Welsh) and its service.
EXAMPLE_MARKS = re.compile(
    r"rivers\.example\.gov\.uk|department-for-rivers|Department for Rivers|Adran Afonydd|fishing rod licence",
    re.IGNORECASE,
)
#: Where the list of every such value is, for the message.
WHERE_LISTED = 'docs/handbook/adopting.md, "Make it yours"'
#: A key path in a configuration: keys of maps, and positions in lists.
KeyPath = tuple[str | int, ...]


def example_value_problems(config_file: Path, root: Path) -> list[Problem]:
    """A warning for each example value the public configurations of ``config_file``'s site still hold.

    The public configurations are ``config_file`` itself, if public, and each ``mkdocs*.yml`` beside it that is;
    one that sets ``example_site: true`` (itself or through what it inherits) is the example and is not read.
    """
    found: dict[tuple[str, int, str], Problem] = {}
    for public in public_configurations(config_file):
        for problem in _public_configuration_problems(public, root):
            found.setdefault((problem.path, problem.line, problem.field), problem)
    return sorted(found.values())


def public_example_values(config_file: Path, root: Path) -> list[Problem]:
    """The example values one public configuration (a public build's) still holds, its public pages included."""
    return sorted(set(_public_configuration_problems(config_file, root)))


def public_configurations(config_file: Path) -> list[Path]:
    """``config_file`` and the ``mkdocs*.yml`` beside it whose ``incidents`` plugin has ``audience: public``."""
    candidates = {config_file.resolve(), *(path.resolve() for path in config_file.parent.glob("mkdocs*.y*ml"))}
    return sorted(path for path in candidates if path.is_file() and _option(_chain(path), "audience") == "public")


def _public_configuration_problems(config_file: Path, root: Path) -> Iterator[Problem]:
    chain = _chain(config_file)
    if _option(chain, "example_site") is True:
        return
    nearer: list[dict[str, Any]] = []
    for path, raw in chain:
        for key_path, line, value in _marked_values(path):
            if not any(_sets(tree, key_path) for tree in nearer):
                yield Problem(
                    _shown(path, root), line, _joined(key_path),
                    f"'{value}' is the example site's, and the public site would publish it; write your own "
                    f"({WHERE_LISTED}, lists every value to change)",
                    Level.WARNING,
                )
        nearer.append(raw)
    yield from _public_pages_problems(config_file, chain, root)


def _public_pages_problems(config_file: Path, chain: list[tuple[Path, dict[str, Any]]], root: Path) -> Iterator[Problem]:
    """The public pages folder's pages that still name the example (its accessibility statement)."""
    docs_dir = next((str(raw["docs_dir"]) for path, raw in chain if "docs_dir" in raw), DEFAULT_DOCS_DIR)
    folder = config_file.parent / docs_dir
    for page in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        lines = page.read_text(encoding="utf-8-sig", errors="replace").splitlines()
        marked = [(number, found) for number, text in enumerate(lines, start=1) for found in EXAMPLE_MARKS.findall(text)]
        if marked:
            number, first = marked[0]
            yield Problem(
                _shown(page, root), number, "",
                f"names the example site ('{first}', on {len(marked)} line{'s' if len(marked) != 1 else ''}), and the "
                f"public site would publish it; write your own page ({WHERE_LISTED}, lists every value to change)",
                Level.WARNING,
            )


def _chain(config_file: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The configuration and every one it inherits, nearest first, each as written."""
    chain: list[tuple[Path, dict[str, Any]]] = []
    path: Path | None = config_file.resolve()
    while path is not None and path not in {seen for seen, _ in chain} and path.is_file():
        raw = raw_config(path)
        chain.append((path, raw))
        inherited = raw.get("INHERIT")
        path = (path.parent / str(inherited)).resolve() if inherited else None
    return chain


def _option(chain: list[tuple[Path, dict[str, Any]]], name: str) -> Any:
    """An ``incidents`` option as the nearest configuration that sets it gives it."""
    return next((options[name] for _, raw in chain if name in (options := incidents_options(raw.get("plugins")))), None)


def _marked_values(path: Path) -> Iterator[tuple[KeyPath, int, str]]:
    """Every text value of a configuration file that holds one of the example's marks, with its key path and line."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=get_yaml_loader())  # noqa: S506 (MkDocs' own safe loader; nodes are only composed)
    except (OSError, yaml.YAMLError):
        return
    stack: list[tuple[Any, KeyPath]] = [(node, ())]
    while stack:
        current, key_path = stack.pop()
        if isinstance(current, yaml.MappingNode):
            stack += [(value, (*key_path, str(key.value))) for key, value in reversed(current.value)]
        elif isinstance(current, yaml.SequenceNode):
            stack += [(item, (*key_path, index)) for index, item in reversed(list(enumerate(current.value)))]
        elif isinstance(current, yaml.ScalarNode) and EXAMPLE_MARKS.search(str(current.value)):
            yield key_path, current.start_mark.line + 1, str(current.value)


def _sets(tree: dict[str, Any], key_path: KeyPath) -> bool:
    """Whether a nearer configuration replaces the value at ``key_path`` (maps are merged, anything else replaced)."""
    current: Any = tree
    for key in key_path:
        if not isinstance(current, dict) or key not in current:
            return False
        current = current[key]
        if not isinstance(current, dict):
            return True
    return True


def _joined(key_path: KeyPath) -> str:
    """``plugins.incidents.subscribe_channels[0].url``."""
    return "".join(f"[{key}]" if isinstance(key, int) else (f".{key}" if index else key) for index, key in enumerate(key_path))


def _shown(path: Path, root: Path) -> str:
    """A file as problems name it: relative to the site's root where possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
