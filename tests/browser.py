"""Shared helpers of the browser tests: a local web server over a built site, and headless Chromium.

Chromium comes from Debian's packages (``tests/install-test-deps.sh`` installs it)
and Playwright drives it through ``executable_path``; a test that cannot find the
browser fails, it never skips.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

TESTS = Path(__file__).resolve().parent
#: Debian's Chromium; ``CHROMIUM_PATH`` points elsewhere on a machine that has it elsewhere.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
#: axe-core, installed from npm by ``tests/install-test-deps.sh``.
AXE = TESTS / "node_modules" / "axe-core" / "axe.min.js"
#: Flags for a quiet, deterministic headless browser. The resolver rule makes every host but
#: 127.0.0.1 unresolvable, so theme fonts and the like fail at once instead of waiting on the network.
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 in a thread; yields the base URL (ending in ``/``)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium, launched from ``CHROMIUM``; a missing browser fails the test."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; run tests/install-test-deps.sh "
            "(or set CHROMIUM_PATH to a Chromium binary)", pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One browser for a whole test module (import this fixture into the module to use it)."""
    with chromium() as launched:
        yield launched


def page_paths(folder: Path) -> list[str]:
    """The URL path of every HTML page in a built site (``status/`` for ``status/index.html``)."""
    paths = []
    for file in sorted(folder.rglob("*.html")):
        relative = file.relative_to(folder).as_posix()
        paths.append(relative[: -len("index.html")] if file.name == "index.html" else relative)
    return paths


def open_page(page: Page, url: str) -> None:
    """Load ``url`` and wait until it and its scripts have loaded; a missing page fails the test."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url} answered {response.status if response else 'nothing'}"
