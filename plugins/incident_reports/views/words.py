"""The words for the values reports, services and actions take, in one place.

The core names values (``partial_outage``, ``in_progress``); the words readers see are
chosen here, in the language the caller names, so every language has its own. Each word
is marked for the catalogue (``N_``) and translated where it is chosen, announcements' words too
(``announce/messages.py`` writes each message in the languages the site announces in).
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


def impact_words(impact: str, language: Language) -> str:
    """Words for an impact level in ``language`` (``none`` is a near miss)."""
    return language.gettext("No impact") if impact == "none" else status_words(impact, language)


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


#: Words for the kinds of report.
KIND_LABELS = {"incident": N_("Incident"), "maintenance": N_("Maintenance"), "exercise": N_("Exercise")}


def kind_words(kind: str, language: Language) -> str:
    """Words for a kind of report in ``language``."""
    return language.gettext(KIND_LABELS[kind])


#: Who first noticed an incident, as the report page says it ("by alert").
DETECTED_BY_LABELS = {
    "alert": N_("alert"), "user": N_("user"), "staff": N_("staff"), "supplier": N_("supplier"), "other": N_("other"),
}
#: The same, as the insights chart names each bar.
DETECTION_SOURCE_LABELS = {
    "alert": N_("Alert"), "user": N_("Users"), "staff": N_("Staff"), "supplier": N_("Supplier"), "other": N_("Other"),
}


def detected_by_words(source: str, language: Language) -> str:
    """Words for who first noticed an incident, in ``language``."""
    label = DETECTED_BY_LABELS.get(source)
    return language.gettext(label) if label else source


#: What an incident that names no service affects, where its services are listed.
WHOLE_SERVICE_LABEL = N_("All services")

#: The states of a follow-up action (``overdue`` is an open action past its due date).
ACTION_STATE_LABELS = {
    "overdue": N_("Overdue"),
    "open": N_("Open"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "wont_do": N_("Won't do"),
}
#: The types of follow-up action.
ACTION_TYPE_LABELS = {"technical": N_("Technical"), "organisational": N_("Organisational")}


def action_state_words(state: str, language: Language) -> str:
    """Words for the state of a follow-up action in ``language``."""
    return language.gettext(ACTION_STATE_LABELS[state])


def action_type_words(kind: str, language: Language) -> str:
    """Words for a type of follow-up action in ``language``."""
    return language.gettext(ACTION_TYPE_LABELS[kind])


# --- Insights ---------------------------------------------------------------------------------------------

#: The three timings, as the charts' legends name them.
MEASURE_LABELS = {"detect": N_("Detect"), "mitigate": N_("Mitigate"), "resolve": N_("Resolve")}
#: Each timing as a row of the timings table.
MEASURE_ROW_LABELS = {"detect": N_("Time to detect"), "mitigate": N_("Time to mitigate"), "resolve": N_("Time to resolve")}
#: What became of a follow-up action, as the outcomes chart names it.
OUTCOME_LABELS = {
    "on_time": N_("Done by the due date"),
    "late": N_("Done after the due date"),
    "done_undated": N_("Done, due or done date not recorded"),
    "overdue": N_("Overdue"),
    "pending": N_("Open, not yet due"),
    "wont_do": N_("Won't do"),
}


# --- Announcements ---------------------------------------------------------------------------------------------

#: The title's first words for each kind of change (by the event types of ``announce/events.py``).
ANNOUNCEMENT_HEADLINES = {
    "incident.created": N_("New incident"),
    "incident.updated": N_("Incident update"),
    "incident.resolved": N_("Resolved"),
    "maintenance.scheduled": N_("Maintenance scheduled"),
    "maintenance.started": N_("Maintenance started"),
    "maintenance.completed": N_("Maintenance completed"),
    "maintenance.cancelled": N_("Maintenance cancelled"),
}
#: What an announcement says when the clock, not an update, made the change.
ANNOUNCEMENT_CLOCK_TEXT = {
    "incident.resolved": N_("This incident is resolved."),
    "maintenance.started": N_("The maintenance window has started."),
    "maintenance.completed": N_("The maintenance window has ended."),
    "maintenance.cancelled": N_("This maintenance has been cancelled."),
}
#: What an announcement of an incident that names no service says it affects.
ANNOUNCEMENT_WHOLE_SERVICE = N_("the whole service")
#: The names of an announcement's facts, each written before its value ("Status: Identified").
ANNOUNCEMENT_STATUS = N_("Status")
ANNOUNCEMENT_AFFECTED = N_("Affected")
ANNOUNCEMENT_WHEN = N_("When")
ANNOUNCEMENT_DETAILS = N_("Full details")
ANNOUNCEMENT_POSTED = N_("Posted %(time)s")
#: A maintenance window, from its start to its end.
ANNOUNCEMENT_WINDOW = N_("%(start)s to %(end)s")
#: Said where a long update is cut to fit a channel.
ANNOUNCEMENT_CUT = N_("cut short: read the full update at the link below")
#: How an announcement writes a time (the zone's name follows).
# Translators: a Unicode date and time pattern for announcements (MMMM the month's full name); keep the comma's place.
ANNOUNCEMENT_TIME = N_("d MMMM y, HH:mm")
#: The test message (``incidents announce --test``).
ANNOUNCEMENT_TEST_TITLE = N_("Test: announcements from %(site)s")
ANNOUNCEMENT_TEST_TEXT = N_(
    "This is a test of the announcements of %(site)s. When an incident or a maintenance is published, "
    "subscribers of this channel hear about it here."
)
#: A site's name where its configuration gives none.
ANNOUNCEMENT_THE_SITE = N_("the status page")
