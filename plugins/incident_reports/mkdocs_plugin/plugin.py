"""The ``incidents`` MkDocs plugin: each event method only delegates."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core.archive import Archive, load_archive
from ..core.cache import ReportCache
from ..core.problems import Level
from ..core.public import public_archive
from ..core.timestamps import TimestampError, build_now
from ..views import render_site
from ..views.assets import CSS_PATH, JS_PATH
from ..views.context import SiteContext
from ..views.head import head_links
from .config import IncidentsConfig, settings_from
from .files import GeneratedFile, encoded, generated_files, output_digest

log = logging.getLogger("mkdocs.plugins.incidents")
#: What Python-Markdown converts in place of a generated page's HTML body (one short paragraph).
_BODY_PLACEHOLDER = "incidents-generated-page-body"


class IncidentsPlugin(BasePlugin[IncidentsConfig]):
    """Validates every report and generates the archive, status page, feeds and API."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.context: SiteContext | None = None
        self.archive: Archive | None = None
        self.cache: ReportCache | None = None
        self.dirty = False
        #: Digests of the generated files at the last build that finished, and of the build under way.
        self.built: dict[str, bytes] = {}
        self.building: dict[str, bytes] = {}
        #: Generated pages' HTML bodies, from the Markdown event to the content event.
        self.bodies: dict[str, str] = {}

    # Having on_startup makes mkdocs serve keep this plugin between rebuilds: unchanged reports are
    # reused, and a --dirty rebuild renders again only the generated pages whose content changed.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.cache = ReportCache() if command == "serve" else None
        self.dirty = dirty

    # Settings and "now" are fixed once per build; the public build drops edit links.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path).parent
        self.settings = settings_from(self.config, self.root, config.site_name, config.site_url)
        try:
            self.now = build_now(dict(os.environ), time.time())
        except TimestampError as exc:
            raise PluginError(str(exc)) from None
        if self.config.audience == "public":
            config.edit_uri = ""
            config.repo_url = None
        # Every page gets the plugin's stylesheet and script (the script only enhances).
        config.extra_css.append(CSS_PATH)
        config.extra_javascript.append(JS_PATH)
        return config

    # Reports are validated before MkDocs empties the site folder, so an invalid edit
    # under mkdocs serve fails the rebuild and leaves the last good site being served.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            self.archive = self._load()

    # Every generated file is added.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        archive = self.archive
        if self.config.audience == "public":
            archive = public_archive(archive)
        self.context = SiteContext(archive, self.settings, self.now, self.config.audience)
        outputs = encoded(render_site(self.context))
        self.building = {o.path: output_digest(o) for o in outputs}
        unchanged = {path for path, digest in self.building.items() if self.built.get(path) == digest} if self.dirty else set()
        return generated_files(files, outputs, config, self.context, self.root, unchanged)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.built = self.building

    # A generated page's body is HTML already: Python-Markdown would only parse it again (with
    # md_in_html, into a tree, tag by tag), so it skips conversion and is put back afterwards.
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not isinstance(page.file, GeneratedFile) or not markdown.lstrip().startswith("<"):
            return None
        self.bodies[page.file.src_uri] = markdown.strip()
        return _BODY_PLACEHOLDER

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return self.bodies.pop(page.file.src_uri, None)

    # Feeds and the schema are advertised in every page's head.
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.context is None:
            return None
        links = head_links(self.context, page.url)
        return output.replace("</head>", links + "</head>", 1) if links else None

    # Reports and the catalogue live outside docs_dir, so serve must watch them itself.
    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer | None:
        if not self.config.enabled:
            return None
        for path in (self.root / self.settings.incidents_dir, self.root / self.settings.services_file):
            if path.exists():
                server.watch(str(path))
        return server

    def _load(self) -> Archive:
        """Load the archive; log warnings (``--strict`` fails on them) and fail on any error."""
        archive = load_archive(self.root, self.settings, self.now, cache=self.cache)
        for problem in archive.problems:
            if problem.level is Level.WARNING:
                log.warning(str(problem))
        failures = [str(p) for p in archive.problems if p.level is Level.ERROR]
        if failures:
            count = f"{len(failures)} problem{'s' if len(failures) > 1 else ''}"
            raise PluginError(f"incident reports have {count}:\n" + "\n".join(failures))
        return archive

