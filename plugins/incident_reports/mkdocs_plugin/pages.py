"""Generated pages as MkDocs pages that skip Python-Markdown: their meta is known and their body is HTML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..views.context import Output
from .files import GeneratedFile

#: Where Material's "Skip to content" link leads on a generated page: the start of its content.
SKIP_TARGET = "incidents-content"


class GeneratedPage(Page):
    """A page made by a view, set as its file's page in ``on_files`` as Material's blog sets its views.

    MkDocs would parse a meta block and run Python-Markdown with every extension on
    each page; a generated page has neither to do. Its HTML body is made in
    ``on_page_context`` (just before Material's search indexes it) and dropped once
    the page is written, so until then it has no content. A plugin that replaces the
    file's content gets an ordinary page back.
    """

    file: GeneratedFile

    @property
    def output(self) -> Output | None:
        """What makes the page (None once another plugin replaced the file's content)."""
        return self.file.output

    def read_source(self, config: MkDocsConfig) -> None:
        if self.output is None:
            return super().read_source(config)
        self.markdown = ""
        self.meta = dict(self.output.meta or {})
        # A page that repeats another (the public home page shows the status page) names the original.
        canonical = self.meta.pop("canonical", None)
        if canonical:
            self.canonical_url = urljoin(config.site_url, canonical) if config.site_url else canonical
        return None

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.output is None:
            return super().render(config, files)
        self.content = ""
        # Material shows its skip link only on a page with headings in its contents: this one leads
        # to the start of the page's HTML (a level-1 entry, which Material leaves out of the contents).
        self.toc = get_toc([{"level": 1, "id": SKIP_TARGET, "name": self.title or "", "children": []}])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}
        return None


    def body_html(self) -> str:
        """The page's HTML, after the anchor its skip link leads to."""
        if self.output is None:
            raise RuntimeError(f"{self.file.src_uri}: only a page the plugin generates has a body_html")
        return f'<span id="{SKIP_TARGET}"></span>' + str(self.output.body).strip()


def add_generated_pages(files: Files, config: MkDocsConfig) -> None:
    """Give each generated page's file its ``GeneratedPage``, titled as the nav titles it (as MkDocs would)."""
    titles = nav_titles(config.nav)
    for file in files.documentation_pages():
        if isinstance(file, GeneratedFile) and file.output is not None and file.output.meta is not None:
            GeneratedPage(titles.get(file.src_uri), file, config)


def nav_titles(nav: Any) -> dict[str, str | None]:
    """Each page in the ``nav`` setting with the title it gives it (None: the page's own), by path as MkDocs looks it up."""
    return {PurePath(path).as_posix(): title for path, title in _nav_entries(nav, None)}


def _nav_entries(item: Any, title: str | None) -> Iterator[tuple[str, str | None]]:
    """The (path, title) pairs of one ``nav`` item: a path, a ``{title: path}`` map or a list of items."""
    if isinstance(item, str):
        yield item, title
    elif isinstance(item, dict):
        for key, value in item.items():
            yield from _nav_entries(value, key)
    elif isinstance(item, list):
        for child in item:
            yield from _nav_entries(child, None)
