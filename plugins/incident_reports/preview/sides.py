"""The two sides of a preview: what the site holds at the base commit and in the working tree, and what each publishes.

Both are read with the working tree's configuration and at one "now", so that
the only difference between them is the reports and the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..core.archive import Archive, archive_from_sources, load_archive
from ..core.catalogue import Catalogue, catalogue_from_bytes, missing_catalogue
from ..core.loader import parse_report
from ..core.model import Record
from ..core.problems import Level, Problem
from ..core.public import public_archive
from ..core.settings import Settings
from ..views.api_shapes import StatuspageApi
from ..views.context import SiteContext
from ..views.renderer import Renderer
from .git_base import BaseFiles


@dataclass(frozen=True)
class Side:
    """One side: every valid report in full (the internal archive), and the public site made from it."""

    archive: Archive
    settings: Settings
    now: datetime

    @cached_property
    def site(self) -> SiteContext:
        """The public build's view of this side: the public projection, as the public build holds it."""
        return SiteContext(public_archive(self.archive), self.settings, self.now, Renderer(self.settings, "public"))

    @cached_property
    def api(self) -> StatuspageApi:
        """The Statuspage API this side publishes."""
        return StatuspageApi(self.site)

    @cached_property
    def public(self) -> dict[str, Record]:
        """Each published report's public projection, by id."""
        return self.site.archive.by_id()

    @cached_property
    def reports(self) -> dict[str, Record]:
        """Each valid report in full, by id."""
        return self.archive.by_id()

    @property
    def errors(self) -> list[Problem]:
        """The problems that would fail this side's build."""
        return [p for p in self.archive.problems if p.level is Level.ERROR]


def working_tree_side(root: Path, settings: Settings, now: datetime) -> Side:
    """The working tree's side: its reports and catalogue, read and validated as the build does."""
    return Side(load_archive(root, settings, now), settings, now)


def base_side(files: BaseFiles, settings: Settings, now: datetime) -> Side:
    """The base commit's side, from the files read out of git, checked by the same validator."""
    services = PurePosixPath(settings.services_file).as_posix()
    refused_catalogue = [p for p in files.problems if p.path == services]
    catalogue: tuple[Catalogue, list[Problem]]
    if files.catalogue is not None:
        catalogue = catalogue_from_bytes(files.catalogue, services)
    elif refused_catalogue:
        catalogue = Catalogue(()), refused_catalogue
    else:
        catalogue = missing_catalogue(services)
    sources = (parse_report(raw, path, PurePosixPath(path).stem) for path, raw in files.reports)
    refused = [p for p in files.problems if p.path != services]
    archive = archive_from_sources(sources, files.names, catalogue[0], [*catalogue[1], *refused], settings, now)
    return Side(archive, settings, now)
