"""What the commands share: their code run only when they run, the site and "now", files written whole,
and the layout of YAML text read for editing.

Every command imports this module (it registers its arguments through ``later``): it imports
nothing heavy itself, so ``incidents validate`` starts as fast as it can.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
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
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
