"""``incidents announce`` treats the live site as untrusted: a hostile server, hostile snapshots, and secrets.

A raw-socket server on 127.0.0.1 answers as broken and hostile servers do: a truncated
body, a status line that is not one, an over-long header, too many headers, the wrong
type, JSON nested without end, one byte a second, 600 MB. Each is one clear line on
standard error and exit 1: no traceback, within the configured deadline (loosely: this
bounds the time, it does not measure speed) and within bounded memory. Snapshot folders
holding a pipe, a folder or a link in place of a file are refused unread; and no secret
(a password in a URL, a query token, the webhook's secret) is ever printed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_reports.announce.redaction import HIDDEN, Redaction, channel_name

from conftest import build_env, copy_site

#: The deadline the test site configures (announce_timeout), in seconds.
DEADLINE = 2
#: Loose bound on a whole run beyond the deadline (Python's start, the config, reading the built site, on a busy
#: machine): a bound, not a speed target. A drip lasts a minute, so a run that ends well before proves the deadline.
SLACK = 30
WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # noqa: S105 (a test key)
PASSWORD = "hunter2-SECRET-pw"  # noqa: S105 (a test password)
TOKEN = "SECRET-TOKEN-31337"  # noqa: S105 (a test token)
#: The secrets of the channels' environment: none may ever be printed.
SECRETS = (WEBHOOK_SECRET, WEBHOOK_SECRET.removeprefix("whsec_"), PASSWORD, TOKEN)

Respond = Callable[[socket.socket], None]


def answer(raw: bytes) -> Respond:
    """A response written at once, then the connection closed."""
    return lambda connection: connection.sendall(raw)


def drip(head: bytes, byte: bytes = b" ") -> Respond:
    """``head``, then one byte a second for a minute, unless the client gives up first."""
    def respond(connection: socket.socket) -> None:
        connection.sendall(head)
        for _ in range(60):
            time.sleep(1)
            connection.sendall(byte)
    return respond


def flood(megabytes: int) -> Respond:
    """A 200 answer with no length, then ``megabytes`` of JSON-ish bytes as fast as the client takes them."""
    def respond(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
        chunk = b"[" + b" " * (1024 * 1024 - 1)
        for _ in range(megabytes):
            connection.sendall(chunk)
    return respond


def json_answer(body: bytes, content_type: str = "application/json") -> Respond:
    return answer(b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\nContent-Length: "
                  + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)


#: What each hostile server answers, by the first part of the path asked for.
HOSTILE: dict[str, Respond] = {
    "truncated": answer(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
                        b'{"incidents": ['),
    "bad-status-line": answer(b"\x1b]0;owned\x07 HTTQ/9.9 banana\r\n\r\n"),
    "long-header": answer(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 100_000 + b"\r\n\r\n{}"),
    "many-headers": answer(b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(200)) + b"\r\n{}"),
    "escape-in-status": answer(b"HTTP/1.1 500 \x1b]0;owned\x07\x1b[2J\r\nContent-Length: 0\r\n\r\n"),
    "html-page": json_answer(b"<html><body>Sign in \x1b[31m</body></html>", "text/html"),
    "wrong-json-type": json_answer(b'["an", "array"]'),
    "wrong-page-type": json_answer(b'{"page": "x", "incidents": [], "scheduled_maintenances": []}'),
    "wrong-list-type": json_answer(b'{"incidents": {"id": "x"}}'),
    "deep-json": json_answer(b'{"incidents": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"),
    "deeper-than-allowed": json_answer(b'{"incidents": [], "page": ' + b'{"a": ' * 40 + b"1" + b"}" * 40 + b"}"),
    "not-utf8": json_answer(b'{"incidents": ["\xff\xfe"]}'),
    "redirect-to-a-file": answer(b"HTTP/1.1 302 Found\r\nLocation: file:///proc/self/environ\r\nContent-Length: 0\r\n\r\n"),
    "drip-body": drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"),
    "drip-headers": drip(b"HTTP/1.1 200 OK\r\nX-Slow: ", b"a"),
    "huge-body": flood(600),
}


@dataclass
class Run:
    """A finished command: its exit status, output, time and peak memory."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int


#: Runs its arguments as a child and writes the child's exit status and peak memory (os.wait4) to the file named
#: first. The command is the wrapper's child, never the test's: at exec, Linux carries the forking process's peak
#: into the child's, so a direct child of a test worker that has built sites would report the worker's memory.
MEASURE = (
    "import os, subprocess, sys\n"
    "process = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(process.pid, 0)\n"
    "process.returncode = 0\n"
    "with open(sys.argv[1], 'w') as report:\n"
    "    report.write(f'{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}')\n"
)


def run_measured(site: Path, *args: str, env: dict[str, str]) -> Run:
    """Run ``incidents`` in a process of its own and measure that process alone, through the MEASURE wrapper."""
    out, err, measured = site / "out.txt", site / "err.txt", site / "measured.txt"
    command = [sys.executable, "-m", "incident_reports.cli.main", "-f", "mkdocs.public.yml", "announce", *args]
    started = time.monotonic()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        subprocess.run([sys.executable, "-c", MEASURE, str(measured), *command], cwd=site, env=env, stdout=stdout,
                       stderr=stderr, check=True)
    seconds = time.monotonic() - started
    returncode, maxrss = (int(part) for part in measured.read_text(encoding="utf-8").split())
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = maxrss * (1 if sys.platform == "darwin" else 1024)
    return Run(returncode, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"), seconds, peak)


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    """The hostile server: raw sockets on 127.0.0.1, each connection answered as its path's first part says."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    done = threading.Event()

    def handle(connection: socket.socket) -> None:
        with connection:
            try:
                request = b""
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    got = connection.recv(4096)
                    if not got:
                        return
                    request += got
                path = request.split(b" ", 2)[1].decode()
                HOSTILE.get(path.strip("/").split("/")[0], answer(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))(
                    connection)
            except OSError:
                pass  # the client gave up, as it should

    def serve() -> None:
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    serving = threading.Thread(target=serve, daemon=True)
    serving.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        done.set()
        serving.join()
        listener.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, public_build: Path) -> Path:
    """The example site's configuration with a short deadline; the built public site is the shared one."""
    root = copy_site(tmp_path_factory.mktemp("hostile"))
    config = root / "mkdocs.public.yml"
    text = config.read_text(encoding="utf-8")
    assert "    audience: public\n" in text
    config.write_text(text.replace("    audience: public\n", f"    audience: public\n    announce_timeout: {DEADLINE}\n"
                                   "    announce_retry_delay: 0.01\n    announce_attempts: 1\n", 1), encoding="utf-8")
    shutil.copytree(public_build, root / "site-public")
    return root


def secret_env(**changed: str) -> dict[str, str]:
    """Channels holding secrets: a mail URL with a password and a token, and a signed webhook."""
    return build_env(**{
        "INCIDENTS_ANNOUNCE_URLS": f"mailtos://status:{PASSWORD}@127.0.0.1:9?from=s@example.com&to=a@example.com&token={TOKEN}",
        "INCIDENTS_WEBHOOK_URL": f"http://127.0.0.1:9/hook?token={TOKEN}",
        "INCIDENTS_WEBHOOK_SECRET": WEBHOOK_SECRET,
        **changed,
    })


def assert_one_clear_line(run: Run, *words: str) -> str:
    """Exit 1, one line on standard error saying what failed, nothing a terminal would act on, no secret."""
    printed = run.stdout + run.stderr
    assert run.returncode == 1, printed
    assert "Traceback" not in printed, printed
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, printed
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", printed), printed
    assert not any(secret in printed for secret in SECRETS), printed
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(("scenario", "said"), [
    ("truncated", "the answer ended early"),
    ("bad-status-line", "does not start with an HTTP status line"),
    ("long-header", "longer than HTTP readers accept"),
    ("many-headers", "not well-formed HTTP"),
    ("escape-in-status", "the server answered 500"),
    ("html-page", "an HTML page"),
    ("wrong-json-type", "is not a JSON object"),
    ("wrong-page-type", "its 'page' is not an object"),
    ("wrong-list-type", "has no 'incidents' list"),
    ("deep-json", "nests deeper than 32 levels"),
    ("deeper-than-allowed", "nests deeper than 32 levels"),
    ("not-utf8", "is not UTF-8 text"),
    ("redirect-to-a-file", "redirected to an address that is not http or https"),
    ("drip-body", f"no whole answer within {DEADLINE} seconds"),
    ("drip-headers", f"no whole answer within {DEADLINE} seconds"),
    ("huge-body", "larger than the 20,000,000 bytes allowed"),
])
def test_a_hostile_live_site_is_one_clear_line_within_the_deadline(site: Path, server: int, scenario: str, said: str) -> None:
    run = run_measured(site, "--previous", f"http://127.0.0.1:{server}/{scenario}/", "--dry-run", env=secret_env())
    line = assert_one_clear_line(run, "the previous site cannot be read, so nothing was announced", said)
    assert line.startswith(f"incidents: the previous site cannot be read, so nothing was announced: "
                           f"http://127.0.0.1:{server}/{scenario}/api/v2/"), line
    assert run.seconds < DEADLINE + SLACK, run.seconds


def test_a_huge_answer_is_never_held_in_memory(site: Path, server: int) -> None:
    """The server offers 600 MB; the command reads up to the 20 MB cap and stops, far below 200 MB of memory."""
    run = run_measured(site, "--previous", f"http://127.0.0.1:{server}/huge-body/", "--snapshot", str(site / "snap"),
                       env=secret_env())
    assert_one_clear_line(run, "larger than the 20,000,000 bytes allowed")
    assert run.peak_bytes < 200 * 1024 * 1024, f"peak memory {run.peak_bytes / 1024 / 1024:.0f} MB"


def test_the_snapshot_has_the_same_deadline(site: Path, server: int) -> None:
    run = run_measured(site, "--previous", f"http://127.0.0.1:{server}/drip-body/", "--snapshot", str(site / "snap"),
                       env=secret_env())
    assert_one_clear_line(run, f"no whole answer within {DEADLINE} seconds")
    assert run.seconds < DEADLINE + SLACK, run.seconds


def snapshot_with(site: Path, name: str, path: str, make: Callable[[Path], None]) -> Path:
    """A copy of the built public site whose file ``path`` is replaced by what ``make`` puts there."""
    folder = site / "snapshots" / name
    shutil.copytree(site / "site-public", folder)
    target = folder / path
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    make(target)
    return folder


@pytest.mark.parametrize(("name", "path", "make", "kind"), [
    ("fifo", "api/v2/incidents.json", os.mkfifo, "a named pipe"),
    ("folder", "api/v2/incidents.json", Path.mkdir, "a folder"),
    ("dev-zero", "api/v2/incidents.json", lambda target: target.symlink_to("/dev/zero"), "a link"),
    ("environ", "maintenance.ics", lambda target: target.symlink_to("/proc/self/environ"), "a link"),
    ("inside-link", "api/v2/scheduled-maintenances.json", lambda target: target.symlink_to("../v2/incidents.json"),
     "a link"),
])
def test_a_snapshot_file_that_is_not_a_regular_file_is_refused_unread(
    site: Path, name: str, path: str, make: Callable[[Path], None], kind: str,
) -> None:
    folder = snapshot_with(site, name, path, make)
    # A secret of the environment, which /proc/self/environ would give away if it were read.
    run = run_measured(site, "--previous", str(folder), "--dry-run", env=secret_env())
    line = assert_one_clear_line(run, f"{path}: is {kind}, not a plain file")
    assert "nothing deployed yet" not in line and "Nothing announced" not in run.stdout
    assert run.seconds < DEADLINE + SLACK


def test_only_a_missing_file_or_folder_is_nothing_deployed_yet(site: Path, server: int) -> None:
    missing = run_measured(site, "--previous", str(site / "nowhere"), "--dry-run", env=secret_env())
    assert missing.returncode == 0 and "Nothing announced" in missing.stdout and "nothing deployed yet" in missing.stdout
    not_found = run_measured(site, "--previous", f"http://127.0.0.1:{server}/nothing-here/", "--dry-run", env=secret_env())
    assert not_found.returncode == 0 and "Nothing announced" in not_found.stdout
    a_file = site / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    assert_one_clear_line(run_measured(site, "--previous", str(a_file), "--dry-run", env=secret_env()), "is not a folder")


def test_a_snapshot_file_over_the_cap_is_refused(site: Path) -> None:
    folder = snapshot_with(site, "big", "api/v2/incidents.json",
                           lambda target: target.write_bytes(b'{"incidents": []}' + b" " * 21_000_000))
    assert_one_clear_line(run_measured(site, "--previous", str(folder), "--dry-run", env=secret_env()),
                          "larger than the 20,000,000 bytes allowed (announce_max_bytes)")


@pytest.mark.parametrize(("variable", "value", "said"), [
    ("INCIDENTS_WEBHOOK_URL", f"http://status:{PASSWORD}@127.0.0.1/hook", "holds a user name or password"),
    ("INCIDENTS_WEBHOOK_URL", f"http://127.0.0.1:{PASSWORD}/hook", "cannot be read as a URL"),
    ("INCIDENTS_WEBHOOK_URL", f"http://[::1/hook?token={TOKEN}", "cannot be read as a URL"),
    ("INCIDENTS_WEBHOOK_URL", f"ftp://127.0.0.1/{TOKEN}", "is not an http(s) URL"),
    ("INCIDENTS_WEBHOOK_URL", f"https:///{TOKEN}", "has no host name"),
    ("INCIDENTS_ANNOUNCE_URLS", TOKEN, "is not a URL"),
    ("INCIDENTS_ANNOUNCE_URLS", f"json://status:{PASSWORD}@127.0.0.1:port/x", "is not an Apprise URL Apprise can use"),
])
def test_an_unusable_channel_address_is_refused_at_the_start_without_its_secrets(
    site: Path, variable: str, value: str, said: str,
) -> None:
    env = secret_env(**{variable: value})
    for command in (["--test"], ["--previous", str(site / "site-public"), "--dry-run"]):
        run = run_measured(site, *command, env=env)
        printed = run.stdout + run.stderr
        assert run.returncode == 2, printed
        assert "Traceback" not in printed and not any(secret in printed for secret in SECRETS), printed
        assert run.stderr.strip().splitlines() == [run.stderr.strip()] and said in run.stderr, printed
        assert variable in run.stderr


def test_a_previous_address_with_a_password_is_refused_without_it(site: Path) -> None:
    run = run_measured(site, "--previous", f"https://status:{PASSWORD}@127.0.0.1/?token={TOKEN}", "--dry-run",
                       env=secret_env())
    assert run.returncode == 2 and "--previous: the address holds a user name or password" in run.stderr
    assert not any(secret in run.stdout + run.stderr for secret in SECRETS)


def test_failing_channels_and_the_dry_run_print_no_secret(site: Path, server: int) -> None:
    """--test to channels that are down, and a dry run: every address printed is redacted."""
    test = run_measured(site, "--test", env=secret_env())
    printed = test.stdout + test.stderr
    assert test.returncode == 1 and "failed: webhook http://127.0.0.1:9/h...k: cannot be reached" in printed, printed
    assert "failed: mailtos://127.0.0.1:9/" in printed
    assert not any(secret in printed for secret in SECRETS), printed
    dry = run_measured(site, "--test", "--dry-run", env=secret_env())
    assert dry.returncode == 0 and "Dry run: nothing sent. Channels: mailtos://127.0.0.1:9/" in dry.stdout
    assert "webhook http://127.0.0.1:9/h...k" in dry.stdout
    assert not any(secret in dry.stdout + dry.stderr for secret in SECRETS)


def test_redaction_hides_userinfo_query_values_and_the_secret_variables() -> None:
    environ = {
        "URLS": f"mailtos://status:{PASSWORD}@smtp.example.com?to=a@example.com&token={TOKEN}, slack://TokenA1/TokenB2/TokenC3xyz",
        "HOOK": "https://hooks.example.com/in/abc",
        "SECRET": WEBHOOK_SECRET,
    }
    redact = Redaction.of(environ, ["URLS", "HOOK", "SECRET", "UNSET"])
    # A user name and a query value of no secret-sounding name are hidden in URLs only: "status" is a word too.
    assert redact("status of a@example.com") == "status of a@example.com"
    assert redact(f"nonnumeric port: '{PASSWORD}@127.0.0.1'") == "nonnumeric port: '***@127.0.0.1'"
    assert redact("see https://user:pw@other.example.com/p?q=1&flag#frag.") == "see https://***@other.example.com/p?q=***&***#***."
    assert redact("quoting slack://TokenA1/TokenB2/TokenC3xyz and the key " + WEBHOOK_SECRET.removeprefix("whsec_")) == (
        "quoting *** and the key ***")
    assert redact(f"token {TOKEN} alone") == "token *** alone"
    # Nothing else changes: hosts and paths stay, so a reader knows which channel is meant.
    assert redact("http://127.0.0.1:8000/api/v2/incidents.json: the server answered 503") == (
        "http://127.0.0.1:8000/api/v2/incidents.json: the server answered 503")
    assert channel_name(f"https://u:{PASSWORD}@hooks.example.com:8443/T123/secret?token={TOKEN}") == (
        "https://hooks.example.com:8443/T...3/s...t")
    assert channel_name("not a url") == "(an address that is not a URL)"


@settings(max_examples=200, deadline=None)
@given(
    secret=st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7e), min_size=6, max_size=40),
    before=st.text(max_size=40), after=st.text(max_size=40),
)
def test_a_secret_never_survives_redaction(secret: str, before: str, after: str) -> None:
    redact = Redaction.of({"SECRET": secret, "URL": f"https://user:{secret}@example.com/?key={secret}"}, ["SECRET", "URL"])
    for text in (before + secret + after, f"{before}https://user:{secret}@example.com/{after}", f"x?key={secret}"):
        assert secret not in redact(text), (text, redact(text))
    assert HIDDEN in redact(before + secret + after)
