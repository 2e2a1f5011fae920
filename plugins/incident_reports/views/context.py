"""What every view receives, and what it gives back."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from ..core.archive import Archive
from ..core.settings import TAG_URI_YEAR, Settings
from ..core.status import service_statuses

# The renderer renders with a context: only for type hints here.
if TYPE_CHECKING:
    from .i18n import Language
    from .renderer import Renderer

Audience = Literal["internal", "public"]


@dataclass(frozen=True)
class Output:
    """One generated file. A ``.md`` path becomes a page (themed, searchable); anything else is copied as is.

    ``source`` is the content, or a function that makes it: an archive of thousands of
    reports has hundreds of megabytes of outputs, so each is made only when it is
    written, and dropped after. A page made by ``pages.page_output`` has its page
    meta (title, tags, search) in ``meta`` and its HTML body from ``source``.
    """

    path: str
    source: str | bytes | Callable[[], str | bytes | Iterator[str]]
    meta: Mapping[str, Any] | None = None

    @property
    def head(self) -> str | None:
        """A page's meta as the YAML block that starts its file (JSON-quoted, so any text is safe); None for other files."""
        if self.meta is None:
            return None
        fields = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in self.meta.items()]
        return "\n".join(["---", *fields, "---", ""])

    def pieces(self) -> Iterator[str | bytes]:
        """The content without a page's meta block, in pieces (a large file is made a piece at a time)."""
        made = self.source() if callable(self.source) else self.source
        if isinstance(made, (str, bytes)):
            yield made
        else:
            yield from made

    @property
    def body(self) -> str | bytes:
        """The content without a page's meta block, whole (made now if it is made late)."""
        made = self.source() if callable(self.source) else self.source
        return made if isinstance(made, (str, bytes)) else "".join(made)

    @property
    def content(self) -> str | bytes:
        """The whole file: a page's meta block and body, or the file's content."""
        body = self.body
        return body if self.head is None else self.head + str(body)


@dataclass(frozen=True)
class SiteContext:
    """The archive as this audience may see it, the settings, the build's "now", and what renders it."""

    archive: Archive
    settings: Settings
    now: datetime
    #: Made once per build, for one audience (see ``renderer``).
    renderer: Renderer

    @property
    def audience(self) -> Audience:
        """Who the build is for."""
        return self.renderer.audience

    @property
    def public(self) -> bool:
        """Whether this is the public build."""
        return self.renderer.public

    @property
    def zone(self) -> ZoneInfo:
        """The site's timezone, in which times are shown and days counted."""
        return ZoneInfo(self.settings.timezone)

    @property
    def today(self) -> date:
        """Today's date in the site's timezone."""
        return self.now.astimezone(self.zone).date()

    @cached_property
    def statuses(self) -> dict[str, str]:
        """Every service's current status (computed once per build)."""
        return service_statuses(self.archive.records, self.archive.catalogue, self.now)

    @property
    def language(self) -> Language:
        """The words and formats of the site's language."""
        return self.renderer.language

    @property
    def id_authority(self) -> str:
        """The authority in tag URIs: the option, else the host of ``site_url``."""
        return self.settings.naming_authority

    @property
    def public_url(self) -> str:
        """The public site's address with a trailing slash (the same in both builds)."""
        return (self.settings.public_url or f"https://{self.id_authority}/").rstrip("/") + "/"

    def tag(self, specific: str) -> str:
        """A tag URI in the site's naming authority, for a feed, an entry or a report."""
        return f"tag:{self.id_authority},{TAG_URI_YEAR}:{specific}"

    def tag_uri(self, report_id: str) -> str:
        """The stable id of a report in feeds (``tag:<authority>,2026:incident/<id>``)."""
        return self.tag(f"incident/{report_id}")

    def url(self, path: str) -> str:
        """An absolute URL for a site path (``site_url`` + path), or the path if no ``site_url``."""
        base = self.settings.site_url
        return (base.rstrip("/") + "/" + path.lstrip("/")) if base else path
