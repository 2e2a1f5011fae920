"""WCAG 2.2 A and AA: axe-core, run in headless Chromium, finds no violation on the generated pages.

Every page is checked in both of the example's palettes, light (``default``) and
dark (``slate``), each chosen the way a reader's system chooses it
(``prefers-color-scheme``) and asserted on the page itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from browser import AXE, open_page, serve

#: The WCAG 2.0, 2.1 and 2.2 A and AA rules (axe-core tags).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: A reviewed report that fills every section (report_public, so its public page has them too).
FULL_REPORT = "incidents/2026-09-22-apply-online-unavailable/"
PAGES = [
    ("internal", "status/"),
    ("internal", "incidents/"),
    ("internal", FULL_REPORT),
    ("internal", "actions/"),
    ("internal", "insights/"),
    ("public", ""),
    ("public", "status/"),
    ("public", "incidents/"),
    ("public", FULL_REPORT),
]
PALETTES = {"default": "light", "slate": "dark"}


@pytest.fixture(scope="module")
def sites(internal_build: Path, public_build: Path) -> Iterator[dict[str, str]]:
    """Both builds of the example, each served on its own local port."""
    with serve(internal_build) as internal, serve(public_build) as public:
        yield {"internal": internal, "public": public}


def palette_violations(browser: Browser, url: str) -> dict[str, list[dict[str, Any]]]:
    """axe-core's WCAG A/AA violations on ``url``, by palette."""
    assert AXE.is_file(), f"axe-core is not installed at {AXE}; run tests/install-test-deps.sh"
    found = {}
    for scheme, system in PALETTES.items():
        # Material picks the palette from the reader's system setting when the page loads.
        context = browser.new_context(color_scheme=system, viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            open_page(page, url)
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert shown == scheme, f"{url} shows the {shown} palette to a reader whose system is set to {system}"
            page.add_script_tag(path=str(AXE))
            found[scheme] = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
                ".then(result => result.violations)",
                WCAG_TAGS,
            )
        finally:
            context.close()
    return found


def described(violations: list[dict[str, Any]]) -> str:
    """Violations as a colleague would want them: rule, impact, help, and each failing element."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary'].replace(chr(10), ' ')}")
            lines.append(f"        {node['html'][:200]}")
    return "\n".join(lines)


@pytest.mark.parametrize(("build", "path"), PAGES, ids=[f"{b}:{p}" for b, p in PAGES])
def test_no_wcag_violations(browser: Browser, sites: dict[str, str], build: str, path: str) -> None:
    """The page has no WCAG 2.2 A/AA violation that axe-core can find, in either palette."""
    found = palette_violations(browser, sites[build] + path)
    failing = {scheme: violations for scheme, violations in found.items() if violations}
    assert not failing, f"{build} build, {path}:\n" + "\n".join(
        f"{scheme} palette:\n{described(violations)}" for scheme, violations in failing.items()
    )
