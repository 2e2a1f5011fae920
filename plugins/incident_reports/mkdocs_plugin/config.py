"""The plugin's options, checked by MkDocs, and the core settings made from them.

An option the core uses has the name of its ``Settings`` field and takes its default from it:
each default is written once, in ``core/settings.py``. ``settings_from`` copies those options
by name, and converts only what the core takes in another shape.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.utils.yaml import get_yaml_loader

from ..core.schema import IMPACTS
from ..core.settings import NotificationRule, Settings, SubscribeChannel

#: The core's defaults, which the options shared with it take as theirs.
DEFAULTS = Settings()


class TimeZone(opt.Type):
    """An IANA timezone name, such as ``Europe/London``."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise base.ValidationError(f"'{name}' is not a timezone name; write one like Europe/London or UTC") from None
        return name


class AtLeast(opt.Type):
    """A number no smaller than ``minimum`` (a count of attempts, a delay in seconds, a size in bytes)."""

    def __init__(self, minimum: float, default: float, whole: bool = False) -> None:
        super().__init__(int if whole else (int, float), default=default)
        self.minimum = minimum

    def run_validation(self, value: object) -> float:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < self.minimum:
            raise base.ValidationError(f"{value!r} is too small; write a number of at least {self.minimum:g}")
        return number


class CatalogueLanguage(opt.Type):
    """A language the package has a catalogue for (``en``, ``cy``)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        # Imported here: the words (and Babel) are not needed to read a configuration that names no language.
        from ..views.i18n import catalogue_languages

        code = super().run_validation(value)
        known = catalogue_languages()
        if code not in known:
            raise base.ValidationError(f"'{code}' is not a language the plugin has words for; write one of {', '.join(known)}")
        return code


class NotificationRuleConfig(base.Config):
    """One entry of ``notification_policy``: who must be told, for which severities and categories."""

    who = opt.Type(str)
    severities = opt.ListOfItems(opt.Type(str), default=[])
    categories = opt.ListOfItems(opt.Type(str), default=[])


class AlternateLanguageConfig(base.Config):
    """One entry of ``alternate_languages``: the site's build in another language, and its address."""

    lang = opt.Type(str)
    url = opt.Type(str)


class SubscribeChannelConfig(base.Config):
    """One entry of ``subscribe_channels``: a way to follow the status, by name and address."""

    name = opt.Type(str)
    url = opt.Type(str)


class IncidentsConfig(base.Config):
    """Options of the ``incidents`` plugin (every path relative to mkdocs.yml)."""

    enabled = opt.Type(bool, default=True)
    audience = opt.Choice(("internal", "public"), default="internal")

    # Where the input lives (templates_dir relative to mkdocs.yml; the core is given the folder itself, if it exists).
    incidents_dir = opt.Type(str, default=DEFAULTS.incidents_dir)
    services_file = opt.Type(str, default=DEFAULTS.services_file)
    templates_dir = opt.Type(str, default="overrides/incidents")
    # The public configuration names its own pages folder as its docs_dir, so that an engine that
    # skips this plugin still publishes nothing internal; the option stays only for older sites.
    public_docs_dir = opt.Deprecated(
        message="'{}' is deprecated: write the public pages folder as the public configuration's own docs_dir "
        "(docs_dir: public-docs in mkdocs.public.yml) and remove public_docs_dir",
        option_type=opt.Optional(opt.Type(str)),
    )

    # The report format's configurable parts.
    severities = opt.ListOfItems(opt.Type(str), default=list(DEFAULTS.severities))
    categories = opt.ListOfItems(opt.Type(str), default=list(DEFAULTS.categories))
    severity_impact = opt.DictOfItems(opt.Choice(IMPACTS), default=dict(DEFAULTS.severity_impact))
    comms_lead_severities = opt.ListOfItems(opt.Type(str), default=list(DEFAULTS.comms_lead_severities))
    notification_policy = opt.ListOfItems(opt.SubConfig(NotificationRuleConfig), default=[])

    # Time.
    timezone = TimeZone(default=DEFAULTS.timezone)
    assume_timezone = opt.Type(bool, default=DEFAULTS.assume_timezone)

    # What the views show.
    availability_weights = opt.DictOfItems(opt.Type((int, float)), default=dict(DEFAULTS.availability_weights))
    availability_days = opt.Type(int, default=DEFAULTS.availability_days)
    history_days = opt.Type(int, default=DEFAULTS.history_days)
    feed_entries = opt.Type(int, default=DEFAULTS.feed_entries)
    stale_after_minutes = opt.Type(int, default=DEFAULTS.stale_after_minutes)
    hygiene_days = opt.Type(int, default=DEFAULTS.hygiene_days)
    page_size = opt.Type(int, default=DEFAULTS.page_size)
    id_authority = opt.Type(str, default=DEFAULTS.id_authority)
    # Empty: the public build's own site_url (the internal build has no way to know it).
    public_url = opt.Type(str, default="")

    # Language (empty: Material's ``theme.language``).
    language = opt.Type(str, default="")
    locale = opt.Type(str, default=DEFAULTS.locale)
    alternate_languages = opt.ListOfItems(opt.SubConfig(AlternateLanguageConfig), default=[])

    # What a report file may be (see the handbook's "What validation refuses").
    max_report_bytes = AtLeast(1, default=DEFAULTS.max_report_bytes, whole=True)
    max_update_message_chars = AtLeast(1, default=DEFAULTS.max_update_message_chars, whole=True)
    max_summary_chars = AtLeast(1, default=DEFAULTS.max_summary_chars, whole=True)
    max_narrative_chars = AtLeast(1, default=DEFAULTS.max_narrative_chars, whole=True)
    max_body_chars = AtLeast(1, default=DEFAULTS.max_body_chars, whole=True)
    allow_outside_links = opt.Type(bool, default=DEFAULTS.allow_outside_links)

    # Announcements (``incidents announce``): the channels are secrets, so options name the
    # environment variables that hold them, never the values; retries keep a flaky channel served.
    announce_urls_env = opt.Type(str, default="INCIDENTS_ANNOUNCE_URLS")
    announce_webhook_url_env = opt.Type(str, default="INCIDENTS_WEBHOOK_URL")
    announce_webhook_secret_env = opt.Type(str, default="INCIDENTS_WEBHOOK_SECRET")
    announce_attempts = AtLeast(1, default=4)
    announce_retry_delay = AtLeast(0, default=2)
    announce_timeout = AtLeast(1, default=15)
    announce_max_bytes = AtLeast(1, default=20_000_000, whole=True)
    # Empty: the site's own language. Several: each in turn, in one message.
    announce_languages = opt.ListOfItems(CatalogueLanguage(), default=[])

    # What the status page links to.
    service_url = opt.Type(str, default=DEFAULTS.service_url)
    help_url = opt.Type(str, default=DEFAULTS.help_url)
    subscribe_channels = opt.ListOfItems(opt.SubConfig(SubscribeChannelConfig), default=[])

    # Set only by the example site: its own names and addresses are then no mistake (example_values.py).
    example_site = opt.Type(bool, default=False)


def settings_from(
    plugin: IncidentsConfig, config_dir: Path, site_name: str | None, site_url: str | None, theme_language: str | None = None,
) -> Settings:
    """Core settings from checked plugin options and the site's own configuration."""
    templates = config_dir / plugin.templates_dir
    shaped: dict[str, Any] = {
        # From the site's own configuration.
        "site_name": site_name or DEFAULTS.site_name,
        "site_url": site_url or "",
        "public_url": plugin.public_url or (site_url or "" if plugin.audience == "public" else ""),
        "language": plugin.language or theme_language or DEFAULTS.language,
        # A folder, only if it is there; the option is relative to mkdocs.yml.
        "templates_dir": str(templates) if templates.is_dir() else "",
        "public_docs_dir": plugin.public_docs_dir or "",
        # Entries of lists, as the core's own types.
        "notification_policy": tuple(
            NotificationRule(rule.who, tuple(rule.severities), tuple(rule.categories)) for rule in plugin.notification_policy
        ),
        "alternate_languages": tuple((item.lang, item.url) for item in plugin.alternate_languages),
        "subscribe_channels": tuple(SubscribeChannel(c.name, c.url) for c in plugin.subscribe_channels),
        "availability_weights": {key: float(weight) for key, weight in plugin.availability_weights.items()},
    }
    same = {
        field.name: _core_value(plugin[field.name])
        for field in fields(Settings) if field.name in plugin and field.name not in shaped
    }
    return Settings(**same, **shaped)


def _core_value(value: Any) -> Any:
    """An option's value as the core holds it: a list as a tuple, a map as a copy of its own (settings never change)."""
    if isinstance(value, list):
        return tuple(value)
    return dict(value) if isinstance(value, dict) else value


def checked_options(options: dict[str, Any], config_file: str) -> IncidentsConfig:
    """Check a raw options map the way MkDocs would (used by the command line)."""
    plugin_config = IncidentsConfig(config_file_path=config_file)
    plugin_config.load_dict(options)
    failed, _ = plugin_config.validate()
    if failed:
        details = "; ".join(f"{key}: {error}" for key, error in failed)
        raise base.ValidationError(f"{config_file}: plugins.incidents: {details}")
    return plugin_config


#: MkDocs' own default, for a configuration (or its parents) that does not name a docs_dir.
DEFAULT_DOCS_DIR = "docs"


def public_pages_problem(config_file: str) -> str | None:
    """Why a public configuration could publish internal pages, or None when it names its own pages folder.

    The public build publishes every page of its docs_dir: the file itself must name it (inherited,
    it would be the internal site's), and it must not be the folder a configuration it inherits names.
    """
    path = Path(config_file)
    own = raw_config(path)
    if "docs_dir" not in own:
        return (
            f"{path.name}: docs_dir: the public configuration must name its own pages folder; "
            f"write docs_dir: public-docs in {path.name} (inherited, it would publish the internal site's pages)"
        )
    pages = (path.parent / str(own["docs_dir"])).resolve()
    seen = {path.resolve()}
    parent_file, inherited = path, own
    while inherited.get("INHERIT"):
        parent_file = (parent_file.parent / str(inherited["INHERIT"])).resolve()
        if parent_file in seen:
            break
        seen.add(parent_file)
        inherited = raw_config(parent_file)
        # Another public configuration (the same site in another language) may share the public pages.
        if _audience(inherited) == "public":
            continue
        internal = (parent_file.parent / str(inherited.get("docs_dir", DEFAULT_DOCS_DIR))).resolve()
        if internal == pages:
            return (
                f"{path.name}: docs_dir: '{own['docs_dir']}' is also the pages folder of {parent_file.name}; "
                f"the public build needs a folder of its own, such as docs_dir: public-docs"
            )
    return None


def _audience(raw: dict[str, Any]) -> str | None:
    """The ``audience`` a configuration file gives the incidents plugin itself, if any."""
    return incidents_options(raw.get("plugins")).get("audience")


def incidents_options(plugins: Any) -> dict[str, Any]:
    """The options of the ``incidents`` entry of a configuration's ``plugins``, in either form MkDocs accepts
    (a list or a mapping); empty when there is none."""
    if isinstance(plugins, dict):
        options = plugins.get("incidents")
    else:
        entries = plugins if isinstance(plugins, list) else []
        options = next((entry["incidents"] for entry in entries if isinstance(entry, dict) and "incidents" in entry), None)
    return dict(options) if isinstance(options, dict) else {}


def raw_config(path: Path) -> dict[str, Any]:
    """A configuration file's own keys, as written (its INHERIT not merged in); empty when unreadable."""
    loader = get_yaml_loader()
    # Tags MkDocs resolves only with the whole configuration at hand (!relative) say nothing of docs_dir or plugins.
    loader.add_multi_constructor("!", lambda _loader, _suffix, _node: None)
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=loader)  # noqa: S506 (MkDocs' own safe loader)
    except (OSError, yaml.YAMLError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
