"""Finding a site's configuration from the command line, read the same way the build reads it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.base import ValidationError
from mkdocs.utils.yaml import yaml_load

from ..core.settings import Settings
from ..mkdocs_plugin.config import IncidentsConfig, checked_options, incidents_options, settings_from


class SiteError(Exception):
    """The site's configuration cannot be used; the message says why and where."""


@dataclass(frozen=True)
class Site:
    """A site's root folder, its settings, the plugin's options and where the build writes the site."""

    root: Path
    settings: Settings
    options: IncidentsConfig
    site_dir: Path


def load_site(config_file: str) -> Site:
    """Read ``mkdocs.yml`` (with INHERIT) and the ``incidents`` plugin's options in it."""
    path = Path(config_file)
    if not path.is_file():
        raise SiteError(f"{config_file}: not found; run from the site's folder or pass --config-file")
    try:
        with path.open("rb") as handle:
            config = yaml_load(handle) or {}
    except Exception as exc:  # mkdocs' loader raises several kinds for a broken file
        raise SiteError(f"{config_file}: cannot be read: {exc}") from None
    try:
        plugin = checked_options(incidents_options(config.get("plugins")), str(path))
    except ValidationError as exc:
        raise SiteError(str(exc)) from None
    theme = config.get("theme")
    # The words of statuses follow the site's language, as in its build (the option, else the theme's).
    language = str(theme.get("language") or "") if isinstance(theme, dict) else ""
    settings = settings_from(plugin, path.resolve().parent, config.get("site_name"), config.get("site_url"), language)
    root = path.resolve().parent
    return Site(root, settings, plugin, root / str(config.get("site_dir") or "site"))
