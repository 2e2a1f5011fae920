"""HTTP requests to servers that may be slow, broken or hostile: one deadline each, a size cap, one-line errors.

A socket's timeout bounds each read, not the request: a server that sends one byte a
second never trips it. So each request runs in a worker thread and the caller waits for
it until the deadline, whatever the server does (even a name lookup that hangs). The body
is read in chunks and reading stops past the cap, so a huge answer never fills memory.
Every way ``http.client``, ``urllib``, sockets and TLS can fail becomes ``HttpError``,
whose message is one line that quotes nothing the server sent.
"""

from __future__ import annotations

import http.client
import queue
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

#: Each read asks for this much; a chunk is all memory holds beyond the body kept so far.
CHUNK = 64 * 1024
#: Redirects a request follows (GitHub Pages sends http to https, and a project site to its custom domain).
MAX_REDIRECTS = 5

T = TypeVar("T")


class HttpError(Exception):
    """A request failed; the message says how, in one line, without the server's own words."""


@dataclass(frozen=True)
class Answer:
    """A server's answer: its status and, for a GET, its body."""

    status: int
    content_type: str = ""
    body: bytes = b""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects to http and https only (urllib would follow one to ftp), and only a few."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # urllib's own signature
        if not newurl.lower().startswith(("http://", "https://")):
            raise HttpError("the server redirected to an address that is not http or https")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    """urllib with proxies from the environment, http, https and safe redirects: no file, ftp or data URLs."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()), urllib.request.HTTPDefaultErrorHandler(),
        _HttpOnlyRedirects(), urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def url_problem(url: str) -> str | None:
    """What makes ``url`` unusable for a request, in words that quote none of it; None when it can be used."""
    if any(char.isspace() or not char.isprintable() for char in url):
        return "holds a space or a control character"
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return "cannot be read as a URL (is its port a number from 1 to 65535, and an IPv6 host in brackets?)"
    if parts.scheme.lower() not in ("http", "https"):
        return "is not an http(s) URL; write one like https://example.com/path"
    if not parts.hostname:
        return "has no host name; write one like https://example.com/path"
    if port == 0:
        return "has port 0; write the port the server listens on, or none"
    if "@" in parts.netloc:
        return "holds a user name or password (name:password@), which is never sent; give an address without one"
    return None


def get(url: str, headers: Mapping[str, str], timeout: float, max_bytes: int) -> Answer:
    """GET ``url``: its status, content type and body (the body of a 2xx answer only), within ``timeout`` seconds."""
    stop = threading.Event()

    def fetch() -> Answer:
        request = urllib.request.Request(url, headers=dict(headers))  # noqa: S310 (the caller checks the scheme is http or https)
        try:
            response = _opener().open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            exc.close()
            if 300 <= exc.code < 400:
                raise HttpError("the server redirected to an address that is not http or https, or too many times") from None
            return Answer(exc.code)
        with response:
            declared = response.headers.get("Content-Length")
            if declared and declared.strip().isdigit() and int(declared) > max_bytes:
                raise HttpError(f"the server says its answer is {int(declared):,} bytes, more than the {max_bytes:,} allowed")
            return Answer(response.status, response.headers.get_content_type(), _body(response, max_bytes, stop))

    return within(timeout, fetch, stop)


def post(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
    """POST ``body`` to ``url`` within ``timeout`` seconds; the answer's status (its body is not read)."""
    stop = threading.Event()

    def send() -> int:
        request = urllib.request.Request(url, data=body, method="POST", headers=dict(headers))  # noqa: S310 (the caller checks the scheme is http or https)
        try:
            with _opener().open(request, timeout=timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            exc.close()
            return int(exc.code)

    return within(timeout, send, stop)


def _body(response: http.client.HTTPResponse, max_bytes: int, stop: threading.Event) -> bytes:
    """The body, chunk by chunk (each read returns what has arrived), refused past ``max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    while not stop.is_set():
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise HttpError(f"the answer is larger than the {max_bytes:,} bytes allowed (announce_max_bytes)")
        chunks.append(chunk)
    if response.length:
        raise HttpError(f"the answer ended early: {size:,} bytes of the {size + response.length:,} announced")
    return b"".join(chunks)


def within(timeout: float, work: Callable[[], T], stop: threading.Event) -> T:
    """``work()``'s result, or HttpError once ``timeout`` seconds have passed; its failures as HttpError too.

    A worker still running at the deadline is left to end on its own (a daemon thread: it never holds
    the process), told to stop reading by ``stop``.
    """
    outcome: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            outcome.put((True, work()))
        # Every failure is handed to the caller, which words it.
        except BaseException as exc:
            outcome.put((False, exc))

    threading.Thread(target=run, name="incidents-http", daemon=True).start()
    try:
        succeeded, value = outcome.get(timeout=timeout)
    except queue.Empty:
        stop.set()
        raise HttpError(f"no whole answer within {timeout:g} seconds (announce_timeout)") from None
    if succeeded:
        # The queue holds work()'s result when it succeeded.
        return value
    raise HttpError(described(value)) from None


def described(exc: BaseException) -> str:
    """A failure in words: what went wrong, never what the server sent (a status line or header can hold anything)."""
    if isinstance(exc, HttpError):
        return str(exc)
    reason = exc.reason if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException) else exc
    words = {
        http.client.IncompleteRead: "the answer ended early",
        http.client.LineTooLong: "the server sent a status line or header longer than HTTP readers accept",
        http.client.BadStatusLine: "the answer does not start with an HTTP status line",
        http.client.RemoteDisconnected: "the server closed the connection without answering",
        http.client.InvalidURL: "the address cannot be used (is its port a number?)",
        ssl.SSLCertVerificationError: "its TLS certificate cannot be trusted",
        ssl.SSLError: "the TLS connection failed",
        socket.gaierror: "the host name cannot be found",
        TimeoutError: "the server did not answer in time",
        ConnectionRefusedError: "the connection was refused",
        ConnectionResetError: "the server reset the connection",
    }
    for kind, text in words.items():
        if isinstance(reason, kind):
            return text
    if isinstance(reason, http.client.HTTPException):
        # "got more than 100 headers" and its kind: http.client's own words, which quote nothing.
        return "the answer is not well-formed HTTP (too many headers, or a header that cannot be read)"
    if isinstance(reason, OSError):
        return f"the connection failed ({reason.strerror or type(reason).__name__})"
    if isinstance(reason, urllib.error.URLError):
        return "the address cannot be reached"
    return f"the request failed ({type(reason).__name__})"
