"""The archive's filters: which values each report has, and a URL slug and label for each value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..core.model import IMPACT_ORDER, Record
from ..core.schema import INCIDENT_STATUSES, MAINTENANCE_STATUSES, STAGES
from ..core.slugs import slugify
from .context import SiteContext
from .i18n import N_
from .words import KIND_LABELS, impact_words, kind_words, stage_words, status_words

#: The impact a maintenance is filed under: it is planned, never an outage.
MAINTENANCE_IMPACT = "under_maintenance"
#: Impacts worst first, as the filter lists them.
IMPACT_CHOICES = (*reversed(IMPACT_ORDER), MAINTENANCE_IMPACT)
#: Where a filter's value is listed: values sort by these keys, lowest first.
SortKey = tuple[int | str, ...]


def impact_of(record: Record) -> str:
    """The public impact a report is listed with: the worst it reached, or maintenance."""
    if record.kind == "maintenance":
        return MAINTENANCE_IMPACT
    return record.peak_impact or "none"


@dataclass(frozen=True)
class Facet:
    """One filter: its URL segment and heading, and how to read a report's values for it."""

    name: str
    label: str
    values: Callable[[SiteContext, Record], list[str]]
    #: The values' display order, from the values present (lowest sort key first).
    order: Callable[[SiteContext, str], SortKey]
    label_of: Callable[[SiteContext, str], str]
    internal: bool = False
    #: Whether the values are ids already (services'), whose pages use them unchanged: a second slug
    #: step would give ``a-b``, ``a--b`` and ``a-b-`` one page.
    ids: bool = False


@dataclass(frozen=True)
class Choice:
    """One value of a filter, with the reports that have it (newest first)."""

    facet: Facet
    key: str
    label: str
    slug: str
    records: tuple[Record, ...]

    @property
    def path(self) -> str:
        """The choice's folder under ``incidents/``."""
        return f"{self.facet.name}/{self.slug}"


def _year(ctx: SiteContext, record: Record) -> list[str]:
    return [str(record.begins.astimezone(ctx.zone).year)]


def _lead_key(name: str) -> str:
    """One person however their name was typed: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def _service_label(ctx: SiteContext, service_id: str) -> str:
    service = ctx.archive.catalogue.services.get(service_id)
    return service.name if service else service_id


def _fixed_order(values: tuple[str, ...]) -> Callable[[SiteContext, str], SortKey]:
    return lambda ctx, key: (values.index(key) if key in values else len(values), key)


FACETS: tuple[Facet, ...] = (
    Facet("year", N_("Year"), _year, lambda ctx, key: (-int(key),), lambda ctx, key: key),
    Facet(
        "service", N_("Service"), lambda ctx, r: r.services,
        lambda ctx, key: _fixed_order(tuple(ctx.archive.catalogue.services))(ctx, key), _service_label, ids=True,
    ),
    Facet(
        "impact", N_("Impact"), lambda ctx, r: [impact_of(r)], _fixed_order(IMPACT_CHOICES),
        lambda ctx, key: impact_words(key, ctx.language),
    ),
    Facet(
        "kind", N_("Kind"), lambda ctx, r: [r.kind], _fixed_order(tuple(KIND_LABELS)),
        lambda ctx, key: kind_words(key, ctx.language),
    ),
    Facet(
        "severity", N_("Severity"), lambda ctx, r: [r.report.severity] if r.report.severity else [],
        lambda ctx, key: _fixed_order(ctx.settings.severities)(ctx, key), lambda ctx, key: key, internal=True,
    ),
    Facet(
        "status", N_("Status"), lambda ctx, r: [r.status], _fixed_order(INCIDENT_STATUSES + MAINTENANCE_STATUSES),
        lambda ctx, key: status_words(key, ctx.language), internal=True,
    ),
    Facet(
        "stage", N_("Stage"), lambda ctx, r: [] if r.kind == "maintenance" else [r.report.stage],
        _fixed_order(STAGES), lambda ctx, key: stage_words(key, ctx.language), internal=True,
    ),
    Facet(
        "lead", N_("Lead"), lambda ctx, r: [_lead_key(r.report.lead)] if r.report.lead else [],
        lambda ctx, key: (key,), lambda ctx, key: key, internal=True,
    ),
)


def facets_for(ctx: SiteContext) -> tuple[Facet, ...]:
    """The filters this build offers (severity, status, stage and lead are internal), named in the site's language."""
    return tuple(
        replace(f, label=ctx.language.gettext(f.label)) for f in FACETS if ctx.audience == "internal" or not f.internal
    )


def choices(ctx: SiteContext, facet: Facet) -> list[Choice]:
    """Every value of a filter that some report has, in display order, each with a unique slug."""
    members: dict[str, list[Record]] = {}
    for record in ctx.archive.records:
        for key in dict.fromkeys(facet.values(ctx, record)):
            members.setdefault(key, []).append(record)
    labels = _lead_labels(ctx) if facet.name == "lead" else {}
    result: list[Choice] = []
    taken: set[str] = set()
    for key in sorted(members, key=lambda k: facet.order(ctx, k)):
        label = labels.get(key) or facet.label_of(ctx, key)
        if facet.ids:
            result.append(Choice(facet, key, label, key, tuple(members[key])))
            continue
        slug = base = slugify(label if facet.name == "lead" else key)
        # Two values whose slugs meet (e.g. "Ann-Marie" and "Ann Marie") each keep a page of their own.
        counter = 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        taken.add(slug)
        result.append(Choice(facet, key, label, slug, tuple(members[key])))
    return result


def _lead_labels(ctx: SiteContext) -> dict[str, str]:
    """For each lead, the spelling of their name used most often (the first in order on a tie)."""
    spellings: dict[str, Counter[str]] = {}
    for record in ctx.archive.records:
        if record.report.lead:
            spellings.setdefault(_lead_key(record.report.lead), Counter())[" ".join(record.report.lead.split())] += 1
    return {key: min(counts, key=lambda s: (-counts[s], s)) for key, counts in spellings.items()}
