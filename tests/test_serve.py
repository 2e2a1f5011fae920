"""``mkdocs serve`` reloads when a report changes, and survives an invalid edit."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import build_env

REPORT = "incidents/2026-11-25-sign-in-failures.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, timeout: float = 90.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_reloads_on_report_edits_and_survives_an_invalid_one(site_copy):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site_copy, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(iter(server.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        # mkdocs serves the site under site_url's path (/internal/ for the example): read where.
        wait_for(lambda: any("Serving on" in line for line in log), what="the first build")
        base = next(re.search(r"Serving on (\S+)", line).group(1) for line in log if "Serving on" in line)
        url = base.rstrip("/") + "/incidents/2026-11-25-sign-in-failures/"
        wait_for(lambda: fetch(url) is not None, what="the report page")
        report = site_copy / REPORT
        original = report.read_text(encoding="utf-8")

        report.write_text(
            original.replace("title:", "title: Edited-ZX41", 1).replace("Edited-ZX41 ", "Edited-ZX41 "), encoding="utf-8"
        )
        wait_for(lambda: "Edited-ZX41" in (fetch(url) or ""), what="the edited title")

        report.write_text(original.replace("severity: P2", "severity: P9", 1), encoding="utf-8")
        wait_for(lambda: any("severity: 'P9' is not one of" in line for line in log), what="the error in the log")
        # MkDocs holds page requests while a rebuild fails; the server itself must keep running.
        time.sleep(3)
        assert server.poll() is None, "the server stopped on an invalid edit"

        report.write_text(original.replace("title:", "title: Fixed-QW27", 1), encoding="utf-8")
        wait_for(lambda: "Fixed-QW27" in (fetch(url) or ""), what="the fixed report")
    finally:
        server.terminate()
        server.wait(timeout=30)
