"""No page of either build asks another host for anything: no web fonts, no repository API.

A status page must load when third parties are down, and must not hand its visitors to one.
Every request the pages make (documents, styles, scripts, fonts, images, the search index,
and whatever their scripts fetch) is recorded in headless Chromium and must go to the origin
the pages are served from: not even to the host the site is published at, since a preview or
a standby host serves the same pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import open_page, serve

#: A public incident (in both builds) and the pages each visitor is most likely to open.
INCIDENT = "incidents/2026-09-22-apply-online-unavailable/"
PAGES = {
    "public": ["", "status/", "incidents/", INCIDENT],
    "internal": ["", "status/", "incidents/", INCIDENT, "actions/"],
}


def requests_of(browser: Browser, folder: Path, paths: list[str]) -> tuple[str, list[str]]:
    """The origin ``folder`` is served from, and every URL its ``paths`` request once loaded and idle."""
    requested: list[str] = []
    with serve(folder) as base:
        context = browser.new_context()
        # On the context: requests of the pages' workers (search) are recorded too.
        context.on("request", lambda request: requested.append(request.url))
        page = context.new_page()
        try:
            for path in paths:
                open_page(page, base + path)
                page.wait_for_load_state("networkidle")
        finally:
            context.close()
    return base.rstrip("/"), requested


@pytest.mark.parametrize("build", ["public", "internal"])
def test_every_request_goes_to_the_sites_own_origin(
    browser: Browser, internal_build: Path, public_build: Path, build: str
) -> None:
    folder = public_build if build == "public" else internal_build
    origin, requested = requests_of(browser, folder, PAGES[build])
    assert len([url for url in requested if url.endswith(".html") or url.endswith("/")]) >= len(PAGES[build])
    assert any(url.endswith(".js") for url in requested) and any(url.endswith(".css") for url in requested)
    # Served anywhere (here, a local port), a page asks only the origin it came from: not even the
    # published host its hreflang links name (Material would read a sitemap beside each of them).
    elsewhere = sorted({url for url in requested if not url.startswith(origin + "/") and not url.startswith(("data:", "blob:"))})
    assert elsewhere == [], f"the {build} build asks other hosts: {elsewhere}"
    assert not [url for url in requested if url.endswith("sitemap.xml")], "a page reads a sitemap"


def test_the_recorder_sees_a_request_to_another_host(browser: Browser, tmp_path: Path) -> None:
    """The check is not vacuous: a page that loads a web font from elsewhere is caught."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        "</head><body>x</body></html>",
        encoding="utf-8",
    )
    origin, requested = requests_of(browser, tmp_path, [""])
    assert [url for url in requested if not url.startswith(origin)] == ["https://fonts.googleapis.com/css?family=Roboto"]


def test_the_internal_build_keeps_its_repository_link(internal_build: Path) -> None:
    """As a plain link: Material's own asks the GitHub API for the repository's stars and forks."""
    home = (internal_build / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/department-for-rivers/fishing-licence-status"' in home
    assert 'class="md-source"' in home and 'data-md-component="source"' not in home
