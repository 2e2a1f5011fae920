"""Putting generated outputs into MkDocs' file collection."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..views.context import Output, SiteContext


def generated_files(files: Files, outputs: list[Output], config: MkDocsConfig, ctx: SiteContext, root: Path) -> Files:
    """Add every output as a generated file; the public build keeps only generated and theme files."""
    if ctx.public:
        files = _without_docs(files, config)
        if ctx.settings.public_docs_dir:
            _add_folder(files, root / ctx.settings.public_docs_dir, config)
    for output in outputs:
        existing = files.get_file_from_path(output.path)
        if existing is not None:
            files.remove(existing)
        # Generated pages are listed nowhere in the nav: a nav entry per report would grow every page.
        files.append(File.generated(config, output.path, content=output.content, inclusion=InclusionLevel.NOT_IN_NAV))
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
