"""The status badge (badge.svg): the overall status, for READMEs and dashboards."""

from __future__ import annotations

from html import escape

from ..core.status import overall, shown_statuses
from .context import Output, SiteContext
from .i18n import N_
from .words import status_words

BADGE_PATH = "badge.svg"
LABEL = N_("status")
#: The message's background by overall indicator; each gives white text a contrast of at least 4.5:1.
COLOURS = {
    "none": "#2e7d32",
    "minor": "#9a5b00",
    "major": "#c2410c",
    "critical": "#b91c1c",
    "maintenance": "#1565c0",
}
#: The overall indicator in the words of the status it stands for: plain words, as on the status page
#: (Statuspage's "Partial System Outage" stays in the API).
INDICATOR_STATUS = {
    "none": "operational",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
    "maintenance": "under_maintenance",
}
LABEL_COLOUR = "#555555"
#: Advance widths of Verdana at 11px, the badge's font, to size each half without measuring text.
_WIDTHS = {
    " ": 3.9, "a": 6.7, "b": 6.9, "c": 5.7, "d": 6.9, "e": 6.5, "f": 3.9, "g": 6.9, "h": 7.0, "i": 3.0,
    "j": 3.8, "k": 6.5, "l": 3.0, "m": 10.7, "n": 7.0, "o": 6.7, "p": 6.9, "q": 6.9, "r": 4.7, "s": 5.7,
    "t": 4.3, "u": 7.0, "v": 6.5, "w": 9.0, "x": 6.5, "y": 6.5, "z": 5.8, "A": 7.5, "B": 7.5, "C": 7.7,
    "D": 8.5, "E": 7.0, "F": 6.3, "G": 8.5, "H": 8.3, "I": 4.6, "J": 4.6, "K": 7.6, "L": 6.1, "M": 9.3,
    "N": 8.2, "O": 8.7, "P": 6.6, "Q": 8.7, "R": 7.7, "S": 7.5, "T": 6.8, "U": 8.1, "V": 7.5, "W": 10.9,
    "X": 7.5, "Y": 6.8, "Z": 7.5,
}
_DEFAULT_WIDTH = 7.0
_PADDING = 10


def text_width(text: str) -> int:
    """The width of some text in the badge's font, rounded up to whole pixels."""
    return int(sum(_WIDTHS.get(char, _DEFAULT_WIDTH) for char in text) + 0.999)


def badge_svg(label: str, message: str, colour: str) -> str:
    """A flat two-part badge with its text as the accessible name; the same input gives the same bytes."""
    label_text, message_text = text_width(label), text_width(message)
    left, right = label_text + _PADDING, message_text + _PADDING
    width = left + right
    name = f"{label}: {message}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{escape(name)}">'
        f"<title>{escape(name, quote=False)}</title>"
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2:g}" y="14" textLength="{label_text}" lengthAdjust="spacingAndGlyphs">'
        f"{escape(label, quote=False)}</text>"
        f'<text x="{left + right / 2:g}" y="14" textLength="{message_text}" lengthAdjust="spacingAndGlyphs">'
        f"{escape(message, quote=False)}</text></g></svg>\n"
    )


def render(ctx: SiteContext) -> list[Output]:
    """The overall status of the services on the status page, as the status page's banner says it."""
    indicator = overall(shown_statuses(ctx.statuses, ctx.archive.catalogue, ctx.today))[0]
    _ = ctx.language.gettext
    message = status_words(INDICATOR_STATUS[indicator], ctx.language)
    return [Output(BADGE_PATH, badge_svg(_(LABEL), message, COLOURS[indicator]))]
