"""Words for the values reports and services take, marked for the catalogue and translated where shown.

The core names values (``partial_outage``, ``in_progress``); the words readers see are
chosen here, so every language has its own.
"""

from __future__ import annotations

from .i18n import N_, Language

#: Service statuses and report statuses, as the pages and feeds name them.
STATUS_LABELS = {
    "operational": N_("Operational"),
    "degraded_performance": N_("Degraded performance"),
    "partial_outage": N_("Partial outage"),
    "major_outage": N_("Major outage"),
    "under_maintenance": N_("Under maintenance"),
    "investigating": N_("Investigating"),
    "identified": N_("Identified"),
    "monitoring": N_("Monitoring"),
    "resolved": N_("Resolved"),
    "scheduled": N_("Scheduled"),
    "in_progress": N_("In progress"),
    "verifying": N_("Verifying"),
    "completed": N_("Completed"),
    "cancelled": N_("Cancelled"),
}
def status_words(status: str, language: Language) -> str:
    """Words for a service status or report status in ``language``."""
    label = STATUS_LABELS.get(status)
    return language.gettext(label) if label else status.replace("_", " ").capitalize()
#: The default categories of reports (a site's own categories are shown as written).
CATEGORY_LABELS = {
    "availability": N_("Availability"),
    "performance": N_("Performance"),
    "security": N_("Security"),
    "data": N_("Data"),
    "other": N_("Other"),
}


def category_words(category: str, language: Language) -> str:
    """Words for a report's category in ``language``."""
    label = CATEGORY_LABELS.get(category)
    return language.gettext(label) if label else category.capitalize()


#: Words for the stages of a report.
STAGE_LABELS = {"draft": N_("Draft"), "initial": N_("Initial"), "final": N_("Final"), "reviewed": N_("Reviewed")}


def stage_words(stage: str, language: Language) -> str:
    """Words for a report's stage in ``language``."""
    return language.gettext(STAGE_LABELS[stage]) if stage in STAGE_LABELS else stage.capitalize()


#: Who first noticed an incident, as the report page says it ("by alert").
DETECTED_BY_LABELS = {
    "alert": N_("alert"), "user": N_("user"), "staff": N_("staff"), "supplier": N_("supplier"), "other": N_("other"),
}


def detected_by_words(source: str, language: Language) -> str:
    """Words for who first noticed an incident, in ``language``."""
    label = DETECTED_BY_LABELS.get(source)
    return language.gettext(label) if label else source
