"""Putting generated outputs into MkDocs' file collection."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..views.context import Output, SiteContext


class GeneratedFile(File):
    """A generated file that a dirty rebuild may skip when its content is what the last build wrote."""

    unchanged = False

    def is_modified(self) -> bool:
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


def encoded(outputs: list[Output]) -> list[Output]:
    """The outputs with their text as UTF-8, in place.

    MkDocs keeps every generated file's content until the build ends; as text, one
    icon outside Latin-1 makes Python store a whole page at 2 or 4 bytes a character.
    """
    for index, output in enumerate(outputs):
        if isinstance(output.content, str):
            outputs[index] = Output(output.path, output.content.encode("utf-8"))
    return outputs


def output_digest(output: Output) -> bytes:
    """A digest of an output's content, to tell an unchanged output from one build to the next."""
    content = output.content.encode("utf-8") if isinstance(output.content, str) else output.content
    return hashlib.blake2b(content, digest_size=16).digest()


def generated_files(
    files: Files, outputs: list[Output], config: MkDocsConfig, ctx: SiteContext, root: Path,
    unchanged: set[str] | frozenset[str] = frozenset(),
) -> Files:
    """Add every output as a generated file; the public build keeps only generated and theme files.

    Outputs in ``unchanged`` (``mkdocs serve --dirty``: same content as the last build) are not written again.
    """
    if ctx.public:
        files = _without_docs(files, config)
        if ctx.settings.public_docs_dir:
            _add_folder(files, root / ctx.settings.public_docs_dir, config)
    for output in outputs:
        existing = files.get_file_from_path(output.path)
        if existing is not None:
            files.remove(existing)
        # Generated pages are listed nowhere in the nav: a nav entry per report would grow every page.
        file = GeneratedFile.generated(config, output.path, content=output.content, inclusion=InclusionLevel.NOT_IN_NAV)
        file.unchanged = output.path in unchanged
        files.append(file)
    return files


def _without_docs(files: Files, config: MkDocsConfig) -> Files:
    """The files that do not come from docs_dir (the theme's assets)."""
    docs_dir = str(Path(config.docs_dir).resolve())
    kept = [f for f in files if f.abs_src_path is None or not str(Path(f.abs_src_path).resolve()).startswith(docs_dir)]
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
