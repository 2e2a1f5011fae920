"""The plugin's options, checked by MkDocs, and their translation into core settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as opt

from ..core.schema import IMPACTS
from ..core.settings import (
    DEFAULT_AVAILABILITY_WEIGHTS, DEFAULT_CATEGORIES, DEFAULT_SEVERITIES, DEFAULT_SEVERITY_IMPACT,
    NotificationRule, Settings,
)


class TimeZone(opt.Type):
    """An IANA timezone name, such as ``Europe/London``."""

    def __init__(self, default: str = "UTC") -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise base.ValidationError(f"'{name}' is not a timezone name; write one like Europe/London or UTC") from None
        return name


class NotificationRuleConfig(base.Config):
    """One entry of ``notification_policy``: who must be told, for which severities and categories."""

    who = opt.Type(str)
    severities = opt.ListOfItems(opt.Type(str), default=[])
    categories = opt.ListOfItems(opt.Type(str), default=[])


class IncidentsConfig(base.Config):
    """Options of the ``incidents`` plugin (every path relative to mkdocs.yml)."""

    enabled = opt.Type(bool, default=True)
    audience = opt.Choice(("internal", "public"), default="internal")

    # Where the input lives.
    incidents_dir = opt.Type(str, default="incidents")
    services_file = opt.Type(str, default="status/services.yml")
    templates_dir = opt.Type(str, default="overrides/incidents")
    public_docs_dir = opt.Optional(opt.Type(str))

    # The report format's configurable parts.
    severities = opt.ListOfItems(opt.Type(str), default=list(DEFAULT_SEVERITIES))
    categories = opt.ListOfItems(opt.Type(str), default=list(DEFAULT_CATEGORIES))
    severity_impact = opt.DictOfItems(opt.Choice(IMPACTS), default=dict(DEFAULT_SEVERITY_IMPACT))
    comms_lead_severities = opt.ListOfItems(opt.Type(str), default=["P1", "P2"])
    notification_policy = opt.ListOfItems(opt.SubConfig(NotificationRuleConfig), default=[])

    # Time.
    timezone = TimeZone()
    assume_timezone = opt.Type(bool, default=False)

    # What the views show.
    availability_weights = opt.DictOfItems(opt.Type((int, float)), default=dict(DEFAULT_AVAILABILITY_WEIGHTS))
    availability_days = opt.Type(int, default=90)
    history_days = opt.Type(int, default=14)
    feed_entries = opt.Type(int, default=50)
    stale_after_minutes = opt.Type(int, default=30)
    hygiene_days = opt.Type(int, default=14)
    page_size = opt.Type(int, default=25)
    id_authority = opt.Type(str, default="")
    public_url = opt.Type(str, default="")

    # What a report file may be (see the handbook's "What validation refuses").
    max_report_bytes = opt.Type(int, default=2_000_000)
    allow_outside_links = opt.Type(bool, default=False)


def settings_from(plugin: IncidentsConfig, config_dir: Path, site_name: str, site_url: str | None) -> Settings:
    """Core settings from checked plugin options and the site's own configuration."""
    rules = tuple(
        NotificationRule(rule.who, tuple(rule.severities), tuple(rule.categories))
        for rule in plugin.notification_policy
    )
    templates = config_dir / plugin.templates_dir
    return Settings(
        incidents_dir=plugin.incidents_dir,
        services_file=plugin.services_file,
        severities=tuple(plugin.severities),
        categories=tuple(plugin.categories),
        severity_impact=dict(plugin.severity_impact),
        comms_lead_severities=tuple(plugin.comms_lead_severities),
        notification_policy=rules,
        timezone=plugin.timezone,
        assume_timezone=plugin.assume_timezone,
        availability_weights={k: float(v) for k, v in plugin.availability_weights.items()},
        availability_days=plugin.availability_days,
        history_days=plugin.history_days,
        feed_entries=plugin.feed_entries,
        stale_after_minutes=plugin.stale_after_minutes,
        hygiene_days=plugin.hygiene_days,
        page_size=plugin.page_size,
        site_name=site_name,
        site_url=site_url or "",
        id_authority=plugin.id_authority,
        public_url=plugin.public_url or (site_url or "" if plugin.audience == "public" else ""),
        templates_dir=str(templates) if templates.is_dir() else "",
        public_docs_dir=plugin.public_docs_dir or "",
        max_report_bytes=plugin.max_report_bytes,
        allow_outside_links=plugin.allow_outside_links,
    )


def checked_options(options: dict[str, Any], config_file: str) -> IncidentsConfig:
    """Check a raw options map the way MkDocs would (used by the command line)."""
    plugin_config = IncidentsConfig(config_file_path=config_file)
    plugin_config.load_dict(options)
    failed, _ = plugin_config.validate()
    if failed:
        details = "; ".join(f"{key}: {error}" for key, error in failed)
        raise base.ValidationError(f"{config_file}: plugins.incidents: {details}")
    return plugin_config
