"""Putting generated outputs into MkDocs' file collection."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..views.context import Output, SiteContext


class GeneratedFile(File):
    """A file made by a view, when MkDocs reads or writes it rather than when it is added.

    A dirty rebuild may skip it when its content is what the last build wrote.
    """

    output: Output | None = None
    unchanged = False

    @property
    def content_bytes(self) -> bytes:
        return as_bytes(self.output.content) if self.output is not None else super().content_bytes

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.output = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]  # a property: mypy types it as bytes on the class

    @property
    def content_string(self) -> str:
        return self.content_bytes.decode("utf-8") if self.output is not None else super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.output = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]  # a property: mypy types it as str on the class

    def copy_file(self, dirty: bool = False) -> None:
        if self.output is None:
            return super().copy_file(dirty)
        if dirty and not self.is_modified():
            return None
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        # Only files that are not pages are copied: a page's meta block never reaches here.
        with open(self.abs_dest_path, "wb") as file:
            for piece in self.output.pieces():
                file.write(as_bytes(piece))
        return None

    def is_modified(self) -> bool:
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


def as_bytes(content: str | bytes) -> bytes:
    """Content as UTF-8."""
    return content.encode("utf-8") if isinstance(content, str) else content


#: What a generated file holds: a page's meta and body, or a file's content (and None).
Made = tuple[Mapping[str, Any] | None, str | bytes]


def made_now(outputs: list[Output]) -> tuple[list[Output], dict[str, Made]]:
    """Every output made at once, and what each holds (to tell which changed since the last build).

    Made once: the outputs come back with their content in place of the function that makes it.
    Under ``mkdocs serve`` most of it is the very text the last build rendered (see ``KeptRenderings``),
    so comparing it with the last build's costs little where hashing every file cost a tenth of a second.
    """
    made, holds = [], {}
    for output in outputs:
        output = Output(output.path, output.body, output.meta)
        made.append(output)
        holds[output.path] = (output.meta, output.body)
    return made, holds


def generated_files(
    files: Files, outputs: list[Output], config: MkDocsConfig, ctx: SiteContext, root: Path,
    unchanged: set[str] | frozenset[str] = frozenset(),
) -> Files:
    """Add every output as a generated file.

    The public build publishes its own docs_dir (the public pages); with the deprecated ``public_docs_dir``
    it keeps only generated and theme files and that folder's. Outputs in ``unchanged`` (``mkdocs serve
    --dirty``: same content as the last build) are not written again.
    """
    if ctx.public and ctx.settings.public_docs_dir:
        files = _without_docs(files, config)
        _add_folder(files, root / ctx.settings.public_docs_dir, config)
    if ctx.public:
        _refuse_replaced_home_page(files, outputs, root)
    for output in outputs:
        existing = files.get_file_from_path(output.path)
        if existing is not None:
            files.remove(existing)
        # Generated pages are listed nowhere in the nav: a nav entry per report would grow every page.
        file = GeneratedFile.generated(config, output.path, content=b"", inclusion=InclusionLevel.NOT_IN_NAV)
        if not isinstance(file, GeneratedFile):  # File.generated makes an instance of the class it is called on
            raise TypeError(f"File.generated made a {type(file).__name__}, not a GeneratedFile")
        file.output = output
        file.unchanged = output.path in unchanged
        files.append(file)
    return files


def _refuse_replaced_home_page(files: Files, outputs: list[Output], root: Path) -> None:
    """A public page at the site root would be replaced by the generated home page: say so instead of dropping it."""
    if not any(output.path == "index.md" for output in outputs):
        return
    for file in files:
        if file.abs_src_path and file.dest_uri == "index.html" and file.is_documentation_page():
            page = Path(file.abs_src_path)
            shown = page.relative_to(root).as_posix() if page.is_relative_to(root) else str(page)
            raise PluginError(
                f"{shown}:1: page: the public site's home page is the status page, so this page would never be "
                "shown; delete it, and put any links it has in the status page's options (service_url, help_url, "
                "subscribe_channels) or in another page of the folder"
            )


def _without_docs(files: Files, config: MkDocsConfig) -> Files:
    """The files that do not come from docs_dir (the theme's assets)."""
    docs_dir = Path(config.docs_dir).resolve()
    kept = [f for f in files if f.abs_src_path is None or not Path(f.abs_src_path).resolve().is_relative_to(docs_dir)]
    return Files(kept)


def _add_folder(files: Files, folder: Path, config: MkDocsConfig) -> None:
    """Add every file of ``folder`` as if it were in docs_dir (the public build's own pages)."""
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        uri = path.relative_to(folder).as_posix()
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, abs_src_path=str(path)))
