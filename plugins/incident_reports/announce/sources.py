"""Reading a deployed or freshly built public site: only its public API files and its maintenance calendar.

A site that does not exist yet (the first deploy) is told apart from one that
cannot be read (a timeout, a server error, broken JSON): the first means there
is nothing to announce, the second must never pass silently.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from icalendar import Calendar

from .events import Snapshot, snapshot

INCIDENTS = "api/v2/incidents.json"
MAINTENANCES = "api/v2/scheduled-maintenances.json"
#: Every file read, the two lists first; the others add what the 50-item lists leave out.
FILES = (
    INCIDENTS, "api/v2/incidents/unresolved.json",
    MAINTENANCES, "api/v2/scheduled-maintenances/upcoming.json", "api/v2/scheduled-maintenances/active.json",
)
CALENDAR = "maintenance.ics"
READ = (*FILES, CALENDAR)


class SiteMissing(Exception):
    """There is no previous site to compare with; the message says why."""


class SiteUnreadable(Exception):
    """The site exists but cannot be read; the message says what failed."""


Fetch = Callable[[str], "str | None"]


def read_site(location: str, timeout: float = 15) -> Snapshot:
    """The snapshot of the public site at ``location`` (a URL or a folder)."""
    return parse_files(location, fetch_files(location, timeout))


def fetch_files(location: str, timeout: float = 15) -> dict[str, str]:
    """The text of each public file the site has, by path; SiteMissing when it has no API."""
    fetch = url_fetcher(location, timeout) if is_url(location) else folder_fetcher(location)
    first = fetch(INCIDENTS)
    if first is None:
        raise SiteMissing(f"{location}: there is no {INCIDENTS} (nothing deployed yet?)")
    files = {INCIDENTS: first}
    for path in READ[1:]:
        text = fetch(path)
        if text is not None:
            files[path] = text
    if MAINTENANCES not in files:
        raise SiteUnreadable(f"{location}: {INCIDENTS} is there but {MAINTENANCES} is not; is it a public status site?")
    return files


def parse_files(location: str, files: dict[str, str]) -> Snapshot:
    """The snapshot made from a site's files; SiteUnreadable when one is not what a status site publishes."""
    documents = {path: parse_json(location, path, text) for path, text in files.items() if path in FILES}
    incident_files, maintenance_files = FILES[:2], FILES[2:]
    for path, document in documents.items():
        key = "incidents" if path in incident_files else "scheduled_maintenances"
        if not well_formed(document.get(key)):
            raise SiteUnreadable(f"{location}/{path}: has no '{key}' list of incidents with ids and updates; "
                                 "is it a status page API?")
    return snapshot(
        [documents[path] for path in incident_files if path in documents],
        [documents[path] for path in maintenance_files if path in documents],
        cancelled_ids(location, files.get(CALENDAR, "")),
    )


def well_formed(items: Any) -> bool:
    """Whether an API list holds what announcing reads: objects with an id, and updates with ids."""
    return isinstance(items, list) and all(
        isinstance(item, dict) and isinstance(item.get("id"), str)
        and isinstance(item.get("incident_updates", []), list)
        and all(isinstance(update, dict) and isinstance(update.get("id"), str) for update in item.get("incident_updates", []))
        for item in items
    )


def save_files(files: dict[str, str], folder: Path) -> None:
    """Keep a site's files in ``folder`` (the deploy workflow's snapshot before it publishes)."""
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def parse_json(location: str, path: str, text: str) -> dict[str, Any]:
    """One API document; SiteUnreadable when it is not a JSON object."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise SiteUnreadable(f"{location}/{path}: is not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise SiteUnreadable(f"{location}/{path}: is not a JSON object")
    return document


def cancelled_ids(location: str, calendar_text: str) -> frozenset[str]:
    """The maintenances the calendar marks ``STATUS:CANCELLED`` (its UIDs are ``<id>@<authority>``)."""
    if not calendar_text.strip():
        return frozenset()
    try:
        calendar = Calendar.from_ical(calendar_text)
    except ValueError as exc:
        raise SiteUnreadable(f"{location}/{CALENDAR}: is not an iCalendar file ({exc})") from None
    return frozenset(
        str(event.get("UID", "")).rpartition("@")[0]
        for event in calendar.walk("VEVENT")
        if str(event.get("STATUS", "")).upper() == "CANCELLED"
    )


def is_url(location: str) -> bool:
    """Whether ``location`` is a web address rather than a folder."""
    return urllib.parse.urlsplit(location).scheme in ("http", "https")


def folder_fetcher(location: str) -> Fetch:
    """Reads files from a folder; a missing or empty folder is a site not deployed yet."""
    root = Path(location)
    if not root.is_dir() or not any(root.iterdir()):
        raise SiteMissing(f"{location}: the folder is missing or empty (nothing deployed yet?)")

    def fetch(path: str) -> str | None:
        target = root / path
        if not target.is_file():
            return None
        try:
            return target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SiteUnreadable(f"{target}: cannot be read ({exc})") from None
    return fetch


def url_fetcher(location: str, timeout: float) -> Fetch:
    """Reads files over HTTP past any cache: a stale copy would announce a change twice."""
    if not is_url(location):
        raise ValueError(f"{location}: is not an http(s) URL")
    base = location if location.endswith("/") else location + "/"
    # One value per run: caches keyed on the full address cannot answer with an old copy.
    cache_buster = f"announce={time.time_ns()}"

    def fetch(path: str) -> str | None:
        request = urllib.request.Request(  # noqa: S310 (the scheme of base is checked to be http or https above)
            f"{base}{path}?{cache_buster}",
            headers={"Cache-Control": "no-cache", "Pragma": "no-cache", "User-Agent": "incidents-announce"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the scheme is checked to be http or https above)
                return bytes(response.read()).decode("utf-8")
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 410):
                return None
            raise SiteUnreadable(f"{base}{path}: the server answered {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SiteUnreadable(f"{base}{path}: cannot be read ({reason})") from None
        except UnicodeDecodeError:
            raise SiteUnreadable(f"{base}{path}: is not UTF-8 text") from None
    return fetch
