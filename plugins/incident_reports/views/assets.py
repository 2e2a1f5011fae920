"""The stylesheet and script shared by every generated page, assembled from the package's static files."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .context import Output, SiteContext

CSS_PATH = "assets/incidents/incidents.css"
JS_PATH = "assets/incidents/incidents.js"
#: Material partials the plugin replaces (theme/partials/): a theme folder searched after the site's own.
THEME_PARTIALS = Path(__file__).resolve().parent.parent / "theme"


def _joined(suffix: str) -> str:
    """Every ``static/*.<suffix>`` file of the package, in name order, as one text."""
    folder = files("incident_reports") / "static"
    parts = sorted((entry for entry in folder.iterdir() if entry.name.endswith(suffix)), key=lambda e: e.name)
    return "\n".join(f"/* {entry.name} */\n{entry.read_text(encoding='utf-8')}" for entry in parts)


def render(ctx: SiteContext) -> list[Output]:
    """One stylesheet and one script (pages work without the script; it only enhances them)."""
    return [Output(CSS_PATH, _joined(".css")), Output(JS_PATH, _joined(".js"))]
