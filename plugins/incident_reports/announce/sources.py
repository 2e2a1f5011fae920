"""Reading a deployed or freshly built public site: only its public API files and its maintenance calendar.

A site that does not exist yet (the first deploy) is told apart from one that
cannot be read (a timeout, a server error, broken JSON): the first means there
is nothing to announce, the second must never pass silently.

The live site is untrusted input: a server may be slow, broken or hostile, and a
snapshot folder may hold links, pipes or devices in place of files. Each request has
one deadline and each file a size cap (``bounded_http``); only regular files are
read from a folder; JSON is checked for depth and for the shapes announcing relies
on; and no message quotes what a file holds.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from icalendar import Calendar

from . import bounded_http
from .events import Snapshot, snapshot

INCIDENTS = "api/v2/incidents.json"
MAINTENANCES = "api/v2/scheduled-maintenances.json"
#: Every file read, the two lists first; the others add what the 50-item lists leave out.
FILES = (
    INCIDENTS, "api/v2/incidents/unresolved.json",
    MAINTENANCES, "api/v2/scheduled-maintenances/upcoming.json", "api/v2/scheduled-maintenances/active.json",
)
CALENDAR = "maintenance.ics"
#: The status page, for when the site was built (``data-incidents-built``): what ended before then is no news.
STATUS_PAGE = "status/index.html"
READ = (*FILES, CALENDAR, STATUS_PAGE)
#: Where the status page says when it was built; only this is read of it.
BUILT = re.compile(r'data-incidents-built="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z)"')
#: The largest file read (``announce_max_bytes``): the example's largest is under 100 KB.
MAX_BYTES = 20_000_000
#: The deepest JSON read: the API's objects nest about 8 levels.
MAX_DEPTH = 32


class SiteMissing(Exception):
    """There is no previous site to compare with; the message says why."""


class SiteUnreadable(Exception):
    """The site exists but cannot be read; the message says what failed."""


Fetch = Callable[[str], "str | None"]


def read_site(location: str, timeout: float = 15, max_bytes: int = MAX_BYTES) -> Snapshot:
    """The snapshot of the public site at ``location`` (a URL or a folder)."""
    return parse_files(location, fetch_files(location, timeout, max_bytes))


def fetch_files(location: str, timeout: float = 15, max_bytes: int = MAX_BYTES) -> dict[str, str]:
    """The text of each public file the site has, by path; SiteMissing when it has no API."""
    fetch = url_fetcher(location, timeout, max_bytes) if is_url(location) else folder_fetcher(location, max_bytes)
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
            raise SiteUnreadable(f"{within(location, path)}: has no '{key}' list of incidents with ids and updates; "
                                 "is it a status page API?")
        if not isinstance(document.get("page") or {}, dict):
            raise SiteUnreadable(f"{within(location, path)}: its 'page' is not an object; is it a status page API?")
    return snapshot(
        [documents[path] for path in incident_files if path in documents],
        [documents[path] for path in maintenance_files if path in documents],
        cancelled_ids(location, files.get(CALENDAR, "")),
        built_time(files.get(STATUS_PAGE, "")),
    )


def built_time(page: str) -> str:
    """When the status page says the site was built; empty when it does not say."""
    found = BUILT.search(page)
    return found.group(1) if found else ""


def within(location: str, path: str) -> str:
    """A file of the site at ``location``, as messages name it."""
    return f"{location.rstrip('/')}/{path}"


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
    """One API document; SiteUnreadable when it is not a JSON object of reasonable depth."""
    too_deep = f"{within(location, path)}: nests deeper than {MAX_DEPTH} levels; a status page API nests about 8"
    try:
        document = json.loads(text)
    except RecursionError:
        raise SiteUnreadable(too_deep) from None
    except json.JSONDecodeError as exc:
        # Its message says what was expected where, never what the file holds.
        where = f"line {exc.lineno} column {exc.colno}"
        raise SiteUnreadable(f"{within(location, path)}: is not valid JSON ({exc.msg}: {where})") from None
    except ValueError:
        raise SiteUnreadable(f"{within(location, path)}: is not valid JSON (a number too long to read)") from None
    if not isinstance(document, dict):
        raise SiteUnreadable(f"{within(location, path)}: is not a JSON object")
    if depth(document) > MAX_DEPTH:
        raise SiteUnreadable(too_deep)
    return document


def depth(document: Any) -> int:
    """How deeply lists and objects nest in ``document`` (counted without recursion; stops past ``MAX_DEPTH``)."""
    deepest, stack = 0, [(document, 1)]
    while stack and deepest <= MAX_DEPTH:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            stack.extend((item, level + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


def cancelled_ids(location: str, calendar_text: str) -> frozenset[str]:
    """The maintenances the calendar marks ``STATUS:CANCELLED`` (its UIDs are ``<id>@<authority>``)."""
    if not calendar_text.strip():
        return frozenset()
    try:
        calendar = Calendar.from_ical(calendar_text)
    # Any failure of the parser on hostile text; its message would quote the line it could not read.
    except Exception:
        raise SiteUnreadable(f"{within(location, CALENDAR)}: is not an iCalendar file") from None
    return frozenset(
        str(event.get("UID", "")).rpartition("@")[0]
        for event in calendar.walk("VEVENT")
        if str(event.get("STATUS", "")).upper() == "CANCELLED"
    )


def is_url(location: str) -> bool:
    """Whether ``location`` is a web address rather than a folder."""
    return location.lower().startswith(("http://", "https://"))


def folder_fetcher(location: str, max_bytes: int = MAX_BYTES) -> Fetch:
    """Reads the regular files of a folder; a missing or empty folder is a site not deployed yet.

    A link, folder, pipe or device where a file should be is refused unread: a snapshot whose
    ``incidents.json`` is ``/dev/zero`` or links to ``/proc/self/environ`` is no site.
    """
    root = Path(location)
    try:
        if not stat.S_ISDIR(root.stat().st_mode):
            raise SiteUnreadable(f"{location}: is not a folder; pass the folder that holds the site, or its URL")
        empty = not any(root.iterdir())
    except FileNotFoundError:
        empty = True
    except OSError as exc:
        raise SiteUnreadable(f"{location}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    if empty:
        raise SiteMissing(f"{location}: the folder is missing or empty (nothing deployed yet?)")
    inside = root.resolve()

    def fetch(path: str) -> str | None:
        target = root / path
        try:
            # The entry itself, never where a link leads.
            info = target.lstat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SiteUnreadable(f"{target}: cannot be read ({exc.strerror or type(exc).__name__})") from None
        if not stat.S_ISREG(info.st_mode):
            raise SiteUnreadable(f"{target}: is {kind_of(info.st_mode)}, not a plain file; a site's files are plain "
                                 "files, so it is not read")
        if not target.resolve().is_relative_to(inside):
            raise SiteUnreadable(f"{target}: a folder on its way is a link out of {location}, so it is not read")
        return decoded(str(target), read_regular_file(target, max_bytes))
    return fetch


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, refused past ``max_bytes``; never a link, pipe or device, even one swapped in since."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise SiteUnreadable(f"{path}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SiteUnreadable(f"{path}: is {kind_of(info.st_mode)}, not a plain file; it is not read")
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SiteUnreadable(f"{path}: is larger than the {max_bytes:,} bytes allowed (announce_max_bytes)")
    return data


def kind_of(mode: int) -> str:
    """What a file system entry is, in words."""
    kinds = ((stat.S_ISLNK, "a link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
    return next((words for test, words in kinds if test(mode)), "not a regular file")


def decoded(where: str, data: bytes) -> str:
    """A file's text; SiteUnreadable when it is not UTF-8 (the message quotes none of it)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SiteUnreadable(f"{where}: is not UTF-8 text") from None


def url_fetcher(location: str, timeout: float, max_bytes: int = MAX_BYTES) -> Fetch:
    """Reads files over HTTP past any cache: a stale copy would announce a change twice."""
    problem = bounded_http.url_problem(location)
    if problem:
        raise ValueError(f"--previous: {problem}")
    base = location if location.endswith("/") else location + "/"
    # One value per run: caches keyed on the full address cannot answer with an old copy.
    cache_buster = f"announce={time.time_ns()}"
    headers = {"Cache-Control": "no-cache", "Pragma": "no-cache", "User-Agent": "incidents-announce"}

    def fetch(path: str) -> str | None:
        try:
            answer = bounded_http.get(f"{base}{path}?{cache_buster}", headers, timeout, max_bytes)
        except bounded_http.HttpError as exc:
            raise SiteUnreadable(f"{base}{path}: cannot be read: {exc}") from None
        if answer.status in (404, 410):
            return None
        if not 200 <= answer.status < 300:
            raise SiteUnreadable(f"{base}{path}: the server answered {answer.status}")
        if answer.content_type == "text/html" and not path.endswith(".html"):
            raise SiteUnreadable(f"{base}{path}: the server answered with an HTML page, not the site's file "
                                 "(a sign-in or error page?)")
        return decoded(f"{base}{path}", answer.body)
    return fetch
