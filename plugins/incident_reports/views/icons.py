"""Icons as inline SVG in the current text colour: no icon font, no emoji (which some systems show as a box)."""

from __future__ import annotations

from markupsafe import Markup

_TRIANGLE = "M8 .5 0 15.5h16ZM7 5.5h2v5H7Zm0 6.5h2v2H7Z"
#: Each icon's path on a 16 by 16 grid.
_PATHS = {
    "check": "M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0Zm-1.3 11.7L3.1 8.1l1.4-1.4 2.2 2.2 4.8-4.8 1.4 1.4Z",
    "triangle": _TRIANGLE,
    "diamond": "M8 0 16 8 8 16 0 8Zm-1 4v5h2V4Zm0 6.5v2h2v-2Z",
    "cross": (
        "M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0Z"
        "M4.5 5.9l1.4-1.4L8 6.6l2.1-2.1 1.4 1.4L9.4 8l2.1 2.1-1.4 1.4L8 9.4l-2.1 2.1-1.4-1.4L6.6 8Z"
    ),
    "wrench": (
        "M15.4 3.3 12.6 6.1 10.2 5.8 9.9 3.4 12.7.6A4.5 4.5 0 0 0 7 6.2"
        "L.6 12.6a1.4 1.4 0 0 0 2.8 2.8L9.8 9A4.5 4.5 0 0 0 15.4 3.3Z"
    ),
    "feed": (
        "M2 1a13 13 0 0 1 13 13h-2.6A10.4 10.4 0 0 0 2 3.6Zm0 5a8 8 0 0 1 8 8H7.4A5.4 5.4 0 0 0 2 8.6Z"
        "M3.8 10.4a1.8 1.8 0 1 1 0 3.6 1.8 1.8 0 0 1 0-3.6Z"
    ),
    # An overdue action's warning is the degraded status's triangle.
    "warning": _TRIANGLE,
}


def icon(name: str) -> Markup:
    """The icon ``name`` as inline SVG, hidden from screen readers (the words beside it say the same)."""
    return Markup(
        '<svg class="incidents-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true">'
        '<path fill="currentColor" d="{}"/></svg>'
    ).format(_PATHS[name])


ICONS = {name: icon(name) for name in _PATHS}

#: The icon of each status: status is never shown by colour alone.
STATUS_ICON_NAMES = {
    "operational": "check",
    "degraded_performance": "triangle",
    "partial_outage": "diamond",
    "major_outage": "cross",
    "under_maintenance": "wrench",
}
#: Icons and words for each status.
STATUS_ICONS = {status: ICONS[name] for status, name in STATUS_ICON_NAMES.items()}


def sprite(names: tuple[str, ...]) -> Markup:
    """Icons defined once in a page, for ``icon_use`` to draw: a page that shows many icons stays light."""
    symbols = Markup("").join(
        Markup('<symbol id="incidents-icon-{}" viewBox="0 0 16 16"><path fill="currentColor" d="{}"/></symbol>').format(
            name, _PATHS[name],
        )
        for name in names
    )
    return Markup('<svg class="incidents-icon-sprite" aria-hidden="true" focusable="false">{}</svg>').format(symbols)


def icon_use(name: str) -> Markup:
    """The icon ``name`` drawn from the page's ``sprite``, hidden from screen readers like ``icon``'s."""
    return Markup(
        '<svg class="incidents-icon" width="1em" height="1em" aria-hidden="true"><use href="#incidents-icon-{}"/></svg>'
    ).format(name)
