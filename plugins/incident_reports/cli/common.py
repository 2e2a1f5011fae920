"""What the commands share: their code run only when they run, the site and "now", files written whole,
and the layout of YAML text read for editing.

Every command imports this module (it registers its arguments through ``later``): it imports
nothing heavy itself, so ``incidents validate`` starts as fast as it can.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.timestamps import TimestampError, build_now
from .inputs import InputError
from .site import Site, load_site

if TYPE_CHECKING:  # ruamel.yaml is imported only by the commands that edit YAML text
    from ruamel.yaml.nodes import Node


def later(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """The function ``name`` of ``cli/<module>.py`` as a command, imported only when it runs."""

    def run(args: argparse.Namespace) -> int:
        command: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        return command(args)

    return run


def site_and_now(config_file: str) -> tuple[Site, datetime]:
    """The site's settings and "now" (``SOURCE_DATE_EPOCH`` when set, as for a build)."""
    site = load_site(config_file)
    try:
        return site, build_now(dict(os.environ), time.time())
    except TimestampError as exc:
        raise InputError(str(exc)) from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a new file beside it (with the old one's permissions), then moved in place,
    so that an editor or a build never sees half a file."""
    write_files_atomically({path: data})


def write_files_atomically(files: Mapping[Path, bytes], shown: Callable[[Path], str] = str) -> None:
    """Write every file whole, or none: each first to a new file beside it, and all moved into place only once
    every one is written. A failure before (a full disk) removes the new files and folders and leaves every file as
    it was; its error names the file (as ``shown`` names it)."""
    written: dict[Path, str] = {}
    made_folders: list[Path] = []
    for path, data in files.items():
        try:
            made_folders += _made_folders(path.parent)
            written[path] = _written_beside(path, data)
        except BaseException as exc:
            for temporary in written.values():
                Path(temporary).unlink(missing_ok=True)
            for folder in reversed(made_folders):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            if isinstance(exc, OSError):
                raise OSError(exc.errno, exc.strerror or str(exc), shown(path)) from None
            raise
    for path, temporary in written.items():
        os.replace(temporary, path)


def _made_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and the folders above it that are missing; those it made, outermost first."""
    missing = [parent for parent in (folder, *folder.parents) if not parent.exists()][::-1]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _written_beside(path: Path, data: bytes) -> str:
    """``data`` in a new file beside ``path`` (with its permissions, if it exists); the new file's name."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.close(handle)
        handle = -1
        if path.exists():
            shutil.copymode(path, temporary)
    except BaseException:
        if handle != -1:
            os.close(handle)
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


class EditError(Exception):
    """The edit cannot be made without touching other lines; the message says what to do instead."""


def composed(text: str, unreadable: str) -> Node:
    """The node tree ruamel.yaml reads from ``text`` (where each key and item stands); ``unreadable`` starts the
    error when it cannot be read."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        node: Node = YAML().compose(text)
    except YAMLError as exc:
        raise EditError(f"{unreadable}: {exc}") from None
    return node
