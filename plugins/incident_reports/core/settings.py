"""The options that shape validation and views; filled from mkdocs.yml or the command line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import urlsplit

#: The date in every tag URI the site publishes (``tag:<authority>,2026:incident/<id>``, RFC 4151: a year the
#: authority held its name). Feed readers and calendars know entries by these ids, so it never changes,
#: whatever the year: a site that set up its feeds in 2027 still writes 2026.
TAG_URI_YEAR = 2026

DEFAULT_SEVERITIES = ("P1", "P2", "P3", "P4")
DEFAULT_CATEGORIES = ("availability", "performance", "security", "data", "other")
DEFAULT_SEVERITY_IMPACT = MappingProxyType(
    {"P1": "major_outage", "P2": "partial_outage", "P3": "degraded_performance", "P4": "degraded_performance"}
)
DEFAULT_AVAILABILITY_WEIGHTS = MappingProxyType(
    {"major_outage": 1.0, "partial_outage": 0.3, "degraded_performance": 0.0}
)


@dataclass(frozen=True)
class NotificationRule:
    """Who must be told of a report of these severities and categories (empty = any)."""

    who: str
    severities: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def applies_to(self, severity: str | None, category: str | None) -> bool:
        """Whether a report with this severity and category falls under the rule."""
        if self.severities and severity not in self.severities:
            return False
        return not self.categories or category in self.categories

    def applies_to_any(self, severity: str | None, categories: list[str]) -> bool:
        """Whether a report with this severity and these categories (perhaps none) falls under the rule."""
        named: list[str | None] = list(categories) or [None]
        return any(self.applies_to(severity, category) for category in named)


@dataclass(frozen=True)
class SubscribeChannel:
    """Another way to follow the status (a mailing list, a chat channel), listed under "Get updates"."""

    name: str
    url: str


@dataclass(frozen=True)
class Settings:
    """Everything configurable about reports, with the documented defaults."""

    incidents_dir: str = "incidents"
    services_file: str = "status/services.yml"
    severities: tuple[str, ...] = DEFAULT_SEVERITIES
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    severity_impact: Mapping[str, str] = field(default_factory=lambda: DEFAULT_SEVERITY_IMPACT)
    comms_lead_severities: tuple[str, ...] = ("P1", "P2")
    notification_policy: tuple[NotificationRule, ...] = ()
    timezone: str = "UTC"
    assume_timezone: bool = False
    availability_weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_AVAILABILITY_WEIGHTS)
    availability_days: int = 90
    history_days: int = 14
    feed_entries: int = 50
    stale_after_minutes: int = 30
    hygiene_days: int = 14
    page_size: int = 25
    site_name: str = "Service status"
    site_url: str = ""
    id_authority: str = ""
    #: The public site's address, the same in both builds (the API links there); empty: https://<id_authority>/.
    public_url: str = ""
    #: A folder of templates that override the package's (``overrides/incidents`` by default).
    templates_dir: str = ""
    #: Where the site's pages link to (``status/``, ``incidents/`` ...); empty for the site root.
    public_docs_dir: str = ""
    #: The language of every word the plugin publishes (a catalogue in ``locales/``), and the locale of dates and numbers.
    language: str = "en"
    locale: str = ""
    #: The site's builds in other languages, as (language, address) pairs, linked from every page.
    alternate_languages: tuple[tuple[str, str], ...] = ()
    #: The service the status page is about, and where its users get help (both shown on the status page).
    service_url: str = ""
    help_url: str = ""
    #: More ways to follow the status, listed with the feeds and the calendar.
    subscribe_channels: tuple[SubscribeChannel, ...] = ()
    #: The largest report file read, in bytes: a larger one is refused unread.
    max_report_bytes: int = 2_000_000
    #: The longest text, in characters, of an update message, a summary (and what to do), each narrative field (user impact,
    #: trigger, root cause, resolution, each contributing factor and lesson, timeline events, review notes)
    #: and the body below the front-matter: every output renders them, so their size is bounded.
    max_update_message_chars: int = 20_000
    max_summary_chars: int = 5_000
    max_narrative_chars: int = 50_000
    max_body_chars: int = 200_000
    #: Whether a report may be a symlink to a file outside the site's folder (the reviewed repository).
    allow_outside_links: bool = False

    @property
    def naming_authority(self) -> str:
        """The authority in tag URIs (feed and calendar ids): ``id_authority``, else the host of ``site_url``."""
        return self.id_authority or urlsplit(self.site_url).hostname or "localhost"
