"""The ``incidents`` MkDocs plugin: each event method only delegates."""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core.archive import Archive, load_archive
from ..core.cache import ReportCache
from ..core.collector import no_cyclic_gc
from ..core.problems import Level
from ..core.public import on_public_services, public_or_none
from ..core.timestamps import TimestampError, build_now
from ..views.assets import CSS_PATH, JS_PATH, THEME_PARTIALS
from ..views.context import Audience, SiteContext
from ..views.head import head_links, language_selector, without_theme_language_links
from ..views.kept import KeptRenderings
from ..views.renderer import Renderer
from ..views.site import render_site
from ..views.templates import templates_stamp
from .config import IncidentsConfig, public_pages_problem, settings_from
from .dirty_serve import CompiledTemplates, held_now
from .example_values import public_example_values
from .files import GeneratedFile, Made, generated_files, made_now
from .pages import GeneratedPage, add_generated_pages
from .search_index import PluginSearchEntries, material_search
from .staging import Staging, StagingError, strict_abort_coming

# Only for type hints: the live-reload server (and the HTTP modules it imports) is not needed by a build.
if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.incidents")
#: Before Material's search (priority 0) indexes the page.
_BEFORE_SEARCH = 100
#: After Material's search (priority 0) wrote its index, before the site is complete.
_AFTER_SEARCH = -100
#: After every other plugin (MkDocs' lowest documented priority is -100).
_AFTER_EVERYTHING = -1000


class IncidentsPlugin(BasePlugin[IncidentsConfig]):
    """Validates every report and generates the archive, status page, feeds and API."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.context: SiteContext | None = None
        self.archive: Archive | None = None
        #: What mkdocs serve keeps between rebuilds (None in a one-off build): valid reports, renderings,
        #: and the renderer while its templates are unchanged.
        self.cache: ReportCache | None = None
        self.kept: KeptRenderings | None = None
        self.renderer: Renderer | None = None
        self.templates_stamp: tuple[tuple[str, int, int], ...] = ()
        self.dirty = False
        #: What the generated files held at the last build that finished, and in the build under way (--dirty only).
        self.built: dict[str, Made] = {}
        self.building: dict[str, Made] = {}
        #: The files of the build under way that the plugin makes.
        self.generated: list[GeneratedFile] = []
        #: Whether builds write into a staging folder (one-off clean builds), and this build's one.
        self.stages = False
        self.staging: Staging | None = None
        self.mkdocs_config: MkDocsConfig | None = None
        #: The search entries of the plugin's pages, when it indexes them for Material's search (kept by serve --dirty).
        self.search: PluginSearchEntries | None = None
        #: Under serve --dirty, the "now" of the session's first build, which every rebuild keeps.
        self.held_now: datetime | None = None
        #: Under serve, the theme's compiled templates, kept from one rebuild to the next.
        self.compiled: CompiledTemplates | None = None

    # Having on_startup makes mkdocs serve keep this plugin between rebuilds: unchanged reports and
    # rendered Markdown are reused, and a --dirty rebuild writes only the generated files that changed.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.cache = ReportCache() if command == "serve" else None
        self.kept = KeptRenderings() if command == "serve" else None
        self.compiled = CompiledTemplates() if command == "serve" else None
        self.dirty = dirty
        # Serve builds into a temporary folder of its own (but serve --clean builds as build does);
        # a dirty build adds to the folder in place.
        self.stages = command in ("build", "gh-deploy") and not dirty

    # Settings and "now" are fixed once per build; the public build drops edit links and
    # refuses a docs_dir that is not its own.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path).parent
        self.settings = settings_from(self.config, self.root, config.site_name, config.site_url, config.theme.get("language"))
        try:
            self.now = build_now(dict(os.environ), time.time())
        except TimestampError as exc:
            raise PluginError(str(exc)) from None
        # serve --dirty writes again only what changed: a clock that moved would change every page.
        if self.dirty:
            self.now = held_now(self.held_now, self.now)
            self.held_now = self.now
        if self.config.audience == "public":
            config.edit_uri = ""
            config.repo_url = None
            problem = None if self.config.public_docs_dir else public_pages_problem(config.config_file_path)
            if problem:
                raise PluginError(problem)
            # The example's own names and addresses, left in a team's site, warn (so --strict fails) until replaced.
            if not self.config.example_site:
                for example_value in public_example_values(Path(config.config_file_path), self.root):
                    log.warning(str(example_value))
        # Material's language selector links the site's builds in other languages, visibly, on every page.
        if self.settings.alternate_languages and not config.extra.get("alternate"):
            config.extra["alternate"] = language_selector(self.settings)
        # The plugin's partials (the language selector, the search box) come after the site's own overrides.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_PARTIALS))
        # Every page gets the plugin's stylesheet and script (the script only enhances).
        config.extra_css.append(CSS_PATH)
        config.extra_javascript.append(JS_PATH)
        # The plugin's pages are indexed by the plugin, for Material's search (see search_index.py).
        if not material_search(config):
            self.search = None
        elif self.search is None or not self.dirty:
            self.search = PluginSearchEntries()
        return config

    # Reports are validated before MkDocs empties the site folder, so an invalid edit
    # under mkdocs serve fails the rebuild and leaves the last good site being served.
    # Once they are valid, the site is built into a staging folder, so that a later failure leaves
    # the last good site in place (see staging.py).
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            self.archive = self._load()
            if self.stages:
                try:
                    self.staging = Staging.beside(config.site_dir, self.root)
                except StagingError as exc:
                    raise PluginError(str(exc)) from None
                self.mkdocs_config = config
                config.site_dir = str(self.staging.staging_dir)

    # Every generated file is added.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        archive, self.archive = self.archive, None
        if archive is None:
            raise PluginError("incidents: the reports were not loaded before the files were collected (on_pre_build did not run)")
        # The option accepts only these two values.
        audience: Audience = "public" if self.config.audience == "public" else "internal"
        if audience == "public":
            archive = on_public_services(archive)
        self.context = SiteContext(archive, self.settings, self.now, self._renderer(audience))
        unchanged: set[str] = set()
        # Rendering keeps most of what it makes until the pages are written: the cyclic collector would walk it
        # to free little. Only a dirty rebuild needs each output made now, to tell which ones changed.
        with no_cyclic_gc():
            outputs = render_site(self.context)
            if self.dirty:
                outputs, self.building = made_now(outputs)
                unchanged = {path for path, held in self.building.items() if self.built.get(path) == held}
        files = generated_files(files, outputs, config, self.context, self.root, unchanged)
        self.generated = [file for file in files if isinstance(file, GeneratedFile)]
        add_generated_pages(files, config)
        if self.search is not None:
            self.search.keep_only({file.url for file in self.generated if file.is_documentation_page()})
        return files

    # Once every file is written, what made them is let go before search writes its index, which
    # then reuses that memory: the build's peak is at that index, as a plain Material build's is.
    @event_priority(_BEFORE_SEARCH)
    def _release_outputs(self, *, config: MkDocsConfig) -> None:
        self.built = self.building
        for file in self.generated:
            file.output = None
        self.generated, self.context = [], None

    # After every other plugin's last step the site is complete: unless --strict's count is about
    # to fail the build, the staging folder takes the site folder's place now.
    @event_priority(_AFTER_EVERYTHING)
    def _site_complete(self, *, config: MkDocsConfig) -> None:
        if self.staging is not None and not strict_abort_coming(config):
            self.staging.succeeded = True
            self._end_staging()

    # Material's search has written its index of the other pages: the plugin's own join them.
    @event_priority(_AFTER_SEARCH)
    def _index_own_pages(self, *, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.search is not None and index.is_file():
            self.search.add_to(index)

    on_post_build = CombinedEvent(_release_outputs, _index_own_pages, _site_complete)

    # MkDocs keeps every page's content until the build ends: a generated page's body is made
    # just before the page is indexed and written, and dropped once it is written. The plugin
    # indexes its searchable pages itself, and Material's search leaves them out.
    @event_priority(_BEFORE_SEARCH)
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if isinstance(page, GeneratedPage) and page.output is not None:
            page.content = page.body_html()
            if self.search is not None and not (page.meta.get("search") or {}).get("exclude"):
                self.search.index(page, page.content)
        return context

    # Any failure (--strict's abort included) drops the staging folder; the site folder is untouched.
    def on_build_error(self, *, error: Exception) -> None:
        self._end_staging()

    # A build interrupted (Ctrl-C) gets here with its staging folder, which is dropped.
    def on_shutdown(self) -> None:
        self._end_staging()

    # MkDocs makes the theme's environment again for each build: under serve, its templates
    # are not compiled again while their source is unchanged.
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.compiled is not None:
            env.bytecode_cache = self.compiled
        return env

    # Feeds, the schema and the page in other languages are advertised in every page's head.
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.context is None:
            return None
        if isinstance(page, GeneratedPage):
            page.content = ""
        links = head_links(self.context, page.url, page.meta.get("feeds") or ())
        if self.settings.alternate_languages:
            output = without_theme_language_links(output)
        return output.replace("</head>", links + "</head>", 1) if links else None

    # Reports and the catalogue live outside docs_dir, so serve must watch them itself.
    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer | None:
        if not self.config.enabled:
            return None
        for path in (self.root / self.settings.incidents_dir, self.root / self.settings.services_file):
            if path.exists():
                server.watch(str(path))
        return server

    def _end_staging(self) -> None:
        """Swap the staging folder in (a build that succeeded) or drop it; the site folder is the site's own again."""
        if self.staging is None:
            return
        staging, self.staging = self.staging, None
        # gh-deploy and the next rebuild read the site folder's own name.
        if self.mkdocs_config is not None:
            self.mkdocs_config.site_dir = str(staging.site_dir)
        try:
            staging.finish()
        except StagingError as exc:
            raise PluginError(str(exc)) from None

    def _renderer(self, audience: Audience) -> Renderer:
        """This build's renderer; under serve, the last build's and its renderings, unless a template changed."""
        if self.kept is None:
            return Renderer(self.settings, audience)
        self.kept.next_build()
        stamp = templates_stamp(self.settings.templates_dir or None)
        if stamp != self.templates_stamp:
            self.kept.forget()
            self.templates_stamp, self.renderer = stamp, None
        if self.renderer is None or not self.renderer.suits(self.settings, audience):
            self.renderer = Renderer(self.settings, audience, self.kept)
        return self.renderer

    def _load(self) -> Archive:
        """Load the archive; log warnings (``--strict`` fails on them) and fail on any error."""
        # The public build checks every report but keeps only the public projection of public ones.
        keep = public_or_none if self.config.audience == "public" else None
        archive = load_archive(self.root, self.settings, self.now, cache=self.cache, keep=keep)
        for problem in archive.problems:
            if problem.level is Level.WARNING:
                log.warning(str(problem))
        failures = [str(p) for p in archive.problems if p.level is Level.ERROR]
        if failures:
            count = f"{len(failures)} problem{'s' if len(failures) > 1 else ''}"
            raise PluginError(f"incident reports have {count}:\n" + "\n".join(failures))
        return archive

