"""``incidents announce`` end to end: two real builds, real SMTP and HTTP servers on 127.0.0.1."""

from __future__ import annotations

import email
import json
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from standardwebhooks import Webhook

from conftest import EXAMPLE_EPOCH, REPO, build_env, built, copy_site, run_build, run_cli

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # noqa: S105 (a test key for the local receiver)
#: Written into internal fields of every report the test changes: none may reach a subscriber.
CANARIES = ("CANARY-LEAD-7f3a", "CANARY-EXTRA-19bc", "CANARY-BODY-c0de", "CANARY-INTERNAL-REPORT-5e5e")
LATER = EXAMPLE_EPOCH + 30 * 60

NEW_MAINTENANCE = f"""---
id: 2026-11-26-apply-online-search-index
title: Apply online search index rebuild
kind: maintenance
visibility: public
services: [apply-online]
scheduled_for: 2026-11-26T12:15:00Z
scheduled_until: 2026-11-26T13:00:00Z
summary: Searching for a previous application may be slow while we rebuild the index.
lead: {CANARIES[0]}
extra:
  ticket: {CANARIES[1]}
---

{CANARIES[2]} the rebuild runs on the replica first.
"""

INTERNAL_INCIDENT = f"""---
title: {CANARIES[3]} internal only
severity: P4
status: investigating
visibility: internal
services: [apply-online]
started: 2026-11-26T12:05:00Z
summary: Not for the public.
---
"""


@dataclass
class Inbox:
    """What the local servers received."""

    emails: list[Message] = field(default_factory=list)
    webhooks: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    apprise_json: list[dict] = field(default_factory=list)
    flaky: list[dict] = field(default_factory=list)
    flaky_answers: list[int] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def servers() -> Iterator[tuple[Inbox, int, int]]:
    """An SMTP server and an HTTP server (webhook, Apprise JSON, a flaky endpoint) on 127.0.0.1."""
    inbox = Inbox()

    class Mail:
        async def handle_DATA(self, server, session, envelope):  # noqa: ANN001 - aiosmtpd's handler API
            inbox.emails.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    class Http(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = 200
            if self.path.startswith("/webhook"):
                inbox.webhooks.append(({k.lower(): v for k, v in self.headers.items()}, body))
            elif "/apprise" in self.path:  # Mattermost posts to /hooks/<token>
                inbox.apprise_json.append(json.loads(body))
            elif self.path.startswith("/always-500"):
                status = 500
            elif self.path.startswith("/flaky"):
                status = inbox.flaky_answers.pop(0) if inbox.flaky_answers else 200
                if status == 200:
                    inbox.flaky.append(json.loads(body))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            # A host where nothing was deployed yet.
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    smtp_port = free_port()
    controller = Controller(Mail(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    http = ThreadingHTTPServer(("127.0.0.1", 0), Http)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield inbox, smtp_port, int(http.server_address[1])
    finally:
        http.shutdown()
        http.server_close()
        controller.stop()


def channels_env(
    smtp_port: int, http_port: int, *, urls: str = "", webhook: str = "/webhook", epoch: int = LATER
) -> dict[str, str]:
    """The environment a deploy workflow would give the command: channels as secrets."""
    mail = f"mailto://127.0.0.1:{smtp_port}?mode=insecure&from=status@example.com&to=subscribers@example.com"
    return build_env(
        epoch,
        INCIDENTS_ANNOUNCE_URLS=urls or f"{mail}, json://127.0.0.1:{http_port}/apprise",
        INCIDENTS_WEBHOOK_URL=f"http://127.0.0.1:{http_port}{webhook}",
        INCIDENTS_WEBHOOK_SECRET=SECRET,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def deploys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example site deployed at 12:00, then rebuilt at 12:30 with one new update, one resolution
    and a maintenance window that opened meanwhile; returns (site folder, copy of the first deploy)."""
    site = copy_site(tmp_path_factory.mktemp("announce") / "site")
    edit(
        site / "mkdocs.public.yml",
        "    audience: public\n",
        "    audience: public\n    announce_retry_delay: 0.01\n    announce_timeout: 5\n",
    )
    (site / "incidents" / "2026-11-26-apply-online-search-index.md").write_text(NEW_MAINTENANCE, encoding="utf-8")
    payments = site / "incidents" / "2026-11-26-card-payments-failing.md"
    signin = site / "incidents" / "2026-11-25-sign-in-failures.md"
    for report in (payments, signin):
        edit(report, "\nextra:\n", f"\nextra:\n  canary: {CANARIES[1]}\n")
        report.write_text(report.read_text(encoding="utf-8") + f"\n{CANARIES[2]}\n", encoding="utf-8")
    edit(signin, "lead: Owen Price", f"lead: {CANARIES[0]}")
    previous = built(site, "mkdocs.public.yml")
    first = site.parent / "first-deploy"
    shutil.copytree(previous, first)

    edit(
        payments,
        "\nlead:",
        """
  - at: 2026-11-26T12:10:00Z
    status: identified
    message: Our payment provider is rolling out a fix. Payments that need a bank check may still fail.
lead:""",
    )
    edit(signin, "status: monitoring\nstage", "status: resolved\nresolved: 2026-11-26T12:20:00Z\nstage")
    edit(
        signin,
        "\nlead:",
        """
  - at: 2026-11-26T12:20:00Z
    status: resolved
    message: Security codes have arrived normally for a day and our supplier has finished their checks.
lead:""",
    )
    (site / "incidents" / "2026-11-26-internal-canary.md").write_text(INTERNAL_INCIDENT, encoding="utf-8")
    result = run_build(site, "mkdocs.public.yml", epoch=LATER)
    assert result.returncode == 0, result.stderr
    return site, first


def announce(site: Path, previous: Path | str, env: dict[str, str], *extra: str):
    return run_cli(site, "-f", "mkdocs.public.yml", "announce", "--previous", str(previous), *extra, env=env)


def test_each_change_reaches_every_channel_once(deploys, servers) -> None:
    site, first = deploys
    inbox, smtp_port, http_port = servers
    env = channels_env(smtp_port, http_port)
    result = announce(site, first, env)
    assert result.returncode == 0, result.stdout + result.stderr
    expected = [
        ("incident.updated", "2026-11-26-card-payments-failing"),
        ("maintenance.started", "2026-11-26-apply-online-search-index"),
        ("incident.resolved", "2026-11-25-sign-in-failures"),
    ]
    bodies = [json.loads(body) for _, body in inbox.webhooks]
    assert [(b["type"], b["data"]["incident"]["id"]) for b in bodies] == expected
    assert len(inbox.emails) == 3 and len(inbox.apprise_json) == 3
    titles = [mail["Subject"] for mail in inbox.emails]
    assert (
        titles
        == [note["title"] for note in inbox.apprise_json]
        == [
            "Incident update: Card payments failing for some users",
            "Maintenance started: Apply online search index rebuild",
            "Resolved: Security codes not arriving, so some people cannot sign in",
        ]
    )
    # The clock opened the window: no update made that change.
    assert bodies[1]["data"]["update"] is None
    assert bodies[0]["data"]["update"]["body"].startswith("Our payment provider is rolling out a fix")
    assert bodies[2]["data"]["update"]["status"] == "resolved"
    assert bodies[2]["data"]["incident"]["status"] == "resolved"

    # Webhooks: signed, each id stable for its change and distinct from the others.
    verifier = Webhook(SECRET)
    for headers, body in inbox.webhooks:
        assert verifier.verify(body, headers) == json.loads(body)
    assert len({headers["webhook-id"] for headers, _ in inbox.webhooks}) == 3

    # Email: a plain-text part and an HTML part, both saying what changed and where to read more.
    mail = inbox.emails[0]
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode("utf-8") for part in mail.walk() if not part.is_multipart()
    }
    assert set(parts) == {"text/plain", "text/html"}
    for text in parts.values():
        assert "rolling out a fix" in text and "Card payments" in text
        assert "https://status.rivers.example.gov.uk/incidents/2026-11-26-card-payments-failing/" in text
    assert "Status: Identified" in inbox.apprise_json[0]["message"]

    # Nothing internal in anything sent, nor in what the command printed.
    sent = [mail.as_string() for mail in inbox.emails] + [body.decode() for _, body in inbox.webhooks]
    sent += [json.dumps(note) for note in inbox.apprise_json] + [result.stdout, result.stderr]
    for canary in CANARIES:
        assert not any(canary in text for text in sent), canary
    assert SECRET not in result.stdout + result.stderr

    # The next deploy of the same site has nothing new to say.
    again = announce(site, site / "site-public", env)
    assert again.returncode == 0 and "Nothing to announce" in again.stdout
    assert len(inbox.webhooks) == 3 and len(inbox.emails) == 3 and len(inbox.apprise_json) == 3


def test_a_repeat_of_the_same_change_keeps_its_webhook_id(deploys, servers) -> None:
    site, first = deploys
    inbox, smtp_port, http_port = servers
    env = channels_env(smtp_port, http_port, urls=f"json://127.0.0.1:{http_port}/apprise")
    for _ in range(2):
        assert announce(site, first, env).returncode == 0
    ids = [headers["webhook-id"] for headers, _ in inbox.webhooks]
    assert ids[:3] == ids[3:]


def test_a_flaky_channel_gets_its_message_once(deploys, servers) -> None:
    site, first = deploys
    inbox, smtp_port, http_port = servers
    inbox.flaky_answers.extend([500, 500])
    env = channels_env(smtp_port, http_port, urls=f"json://127.0.0.1:{http_port}/flaky")
    result = announce(site, first, env)
    assert result.returncode == 0, result.stdout
    assert [note["title"].split(":")[0] for note in inbox.flaky] == ["Incident update", "Maintenance started", "Resolved"]
    assert not inbox.flaky_answers


def test_a_channel_that_is_down_fails_the_command_after_the_others(deploys, servers) -> None:
    site, first = deploys
    inbox, smtp_port, http_port = servers
    down = free_port()
    env = channels_env(
        smtp_port, http_port, urls=f"json://127.0.0.1:{down}/dead?token=SECRET-TOKEN-42, json://127.0.0.1:{http_port}/apprise"
    )
    result = announce(site, first, env)
    assert result.returncode == 1
    assert len(inbox.apprise_json) == 3 and len(inbox.webhooks) == 3
    assert f"failed: json://127.0.0.1:{down}/d...d: the service refused" in result.stdout
    assert "SECRET-TOKEN-42" not in result.stdout + result.stderr


def test_a_failing_webhook_is_named_with_what_it_answered(deploys, servers) -> None:
    site, first = deploys
    inbox, smtp_port, http_port = servers
    env = channels_env(smtp_port, http_port, urls=f"json://127.0.0.1:{http_port}/apprise", webhook="/always-500")
    result = announce(site, first, env)
    assert result.returncode == 1
    assert f"failed: webhook http://127.0.0.1:{http_port}/a...0: the receiver answered 500" in result.stdout
    assert len(inbox.apprise_json) == 3


def test_dry_run_prints_and_sends_nothing(deploys, servers) -> None:
    site, first = deploys
    inbox, smtp_port, http_port = servers
    result = announce(site, first, channels_env(smtp_port, http_port), "--dry-run")
    assert result.returncode == 0
    assert "Dry run" in result.stdout and "rolling out a fix" in result.stdout
    assert SECRET not in result.stdout
    assert not inbox.webhooks and not inbox.emails and not inbox.apprise_json


def test_test_message_reaches_every_channel(deploys, servers) -> None:
    site, _ = deploys
    inbox, smtp_port, http_port = servers
    result = run_cli(site, "-f", "mkdocs.public.yml", "announce", "--test", env=channels_env(smtp_port, http_port))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(inbox.emails) == 1 and len(inbox.apprise_json) == 1 and len(inbox.webhooks) == 1
    headers, body = inbox.webhooks[0]
    assert Webhook(SECRET).verify(body, headers)["type"] == "test"


def test_no_previous_site_announces_nothing(deploys, servers, tmp_path) -> None:
    site, _ = deploys
    inbox, smtp_port, http_port = servers
    empty = tmp_path / "empty"
    empty.mkdir()
    env = channels_env(smtp_port, http_port)
    for previous in (str(empty), f"http://127.0.0.1:{http_port}/nothing-here/"):
        result = announce(site, previous, env)
        assert result.returncode == 0, result.stderr
        assert "Nothing announced" in result.stdout
    assert not inbox.webhooks and not inbox.emails


class _Broken(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if "incidents.json" in self.path:
            self.send_response(503)
            self.end_headers()
            return
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_an_unreadable_previous_site_fails(deploys, tmp_path) -> None:
    site, first = deploys
    broken = ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    threading.Thread(target=broken.serve_forever, daemon=True).start()
    try:
        result = announce(site, f"http://127.0.0.1:{broken.server_address[1]}/", build_env(LATER))
    finally:
        broken.shutdown()
        broken.server_close()
    assert result.returncode == 1 and "503" in result.stderr and "nothing was announced" in result.stderr
    bad = tmp_path / "bad"
    shutil.copytree(first, bad)
    (bad / "api" / "v2" / "incidents.json").write_text("{not json", encoding="utf-8")
    result = announce(site, bad, build_env(LATER))
    assert result.returncode == 1 and "not valid JSON" in result.stderr


def test_the_internal_configuration_is_refused(deploys) -> None:
    site, first = deploys
    result = run_cli(site, "-f", "mkdocs.yml", "announce", "--previous", str(first), env=build_env(LATER))
    assert result.returncode == 2
    assert "mkdocs.yml: plugins.incidents.audience:" in result.stderr and "mkdocs.public.yml" in result.stderr


def test_snapshot_keeps_the_public_files_of_the_live_site(deploys, tmp_path) -> None:
    site, first = deploys

    class Live(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            path = first / self.path.split("?")[0].lstrip("/")
            assert "no-cache" in self.headers.get("Cache-Control", "")
            if not path.is_file():
                self.send_response(404)
                self.end_headers()
                return
            data = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    live = ThreadingHTTPServer(("127.0.0.1", 0), Live)
    threading.Thread(target=live.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{live.server_address[1]}/"
        result = run_cli(
            site,
            "-f",
            "mkdocs.public.yml",
            "announce",
            "--previous",
            url,
            "--snapshot",
            str(tmp_path / "snap"),
            env=build_env(LATER),
        )
    finally:
        live.shutdown()
        live.server_close()
    assert result.returncode == 0, result.stderr
    kept = sorted(p.relative_to(tmp_path / "snap").as_posix() for p in (tmp_path / "snap").rglob("*") if p.is_file())
    assert "api/v2/incidents.json" in kept and "maintenance.ics" in kept and "status/index.html" in kept
    assert all(p.startswith("api/v2/") or p in ("maintenance.ics", "status/index.html") for p in kept)
    dry = announce(site, tmp_path / "snap", build_env(LATER), "--dry-run")
    assert dry.stdout.count("\n--- ") == 3


def test_a_long_update_is_cut_to_the_service_limit_with_the_link(deploys, servers, tmp_path) -> None:
    site, first = deploys
    inbox, smtp_port, http_port = servers
    longer = tmp_path / "longer"
    shutil.copytree(site / "site-public", longer)
    long_text = "We are still working on it. " * 300
    for api in (longer / "api" / "v2" / "incidents.json", longer / "api" / "v2" / "incidents" / "unresolved.json"):
        document = json.loads(api.read_text(encoding="utf-8"))
        payments = next(i for i in document["incidents"] if i["id"] == "2026-11-26-card-payments-failing")
        payments["incident_updates"][0]["body"] = long_text
        api.write_text(json.dumps(document), encoding="utf-8")
    # Mattermost takes 4,000 characters, title included.
    env = channels_env(smtp_port, http_port, urls=f"mmost://127.0.0.1:{http_port}/apprise")
    result = announce(site, first, env, "--site", str(longer))
    assert result.returncode == 0, result.stdout + result.stderr
    texts = [note["text"] for note in inbox.apprise_json]
    assert len(texts) == 3
    assert 3000 < len(texts[0]) <= 4000
    assert "read the full update at the link below" in texts[0]
    assert texts[0].rstrip().endswith("https://status.rivers.example.gov.uk/incidents/2026-11-26-card-payments-failing/")
    # The webhook carries the API's objects whole.
    assert json.loads(inbox.webhooks[0][1])["data"]["update"]["body"] == long_text


def test_the_built_site_marks_its_cancelled_maintenance(deploys) -> None:
    """The API says completed for a cancelled window (as Statuspage does); the calendar says cancelled."""
    from incident_reports.announce.sources import read_site

    site, first = deploys
    built_site = read_site(str(first))
    cancelled = "2026-11-12-payments-provider-certificate-rotation"
    assert built_site.cancelled == {cancelled}
    assert built_site.maintenances[cancelled]["status"] == "completed"
    assert "2026-11-26-apply-online-search-index" in built_site.maintenances
    assert not any(canary in json.dumps(built_site.incidents) for canary in CANARIES)


# --- History is no news -------------------------------------------------------------------------------------

STATUSPAGE_EXPORT = REPO / "tests" / "fixtures" / "statuspage"


def public_build(site: Path, epoch: int, keep_as: Path) -> Path:
    """Build the public site at ``epoch`` (imported P1/P2 incidents record nobody told, so not --strict) and keep a copy."""
    result = run_build(site, "mkdocs.public.yml", epoch=epoch, strict=False)
    assert result.returncode == 0, result.stderr
    shutil.copytree(site / "site-public", keep_as)
    return keep_as


def test_a_history_imported_into_the_live_site_announces_only_what_is_still_going_on(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    previous = public_build(site, EXAMPLE_EPOCH, tmp_path / "before-import")
    imported = run_cli(site, "import", "statuspage", str(STATUSPAGE_EXPORT), epoch=LATER)
    assert imported.returncode == 0, imported.stderr
    public_build(site, LATER, tmp_path / "after-import")
    result = announce(site, previous, build_env(LATER), "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    # Of seven imported incidents and windows, only the one still being monitored and the window still to come.
    assert [line for line in result.stdout.splitlines() if line.startswith(("incident.", "maintenance."))] == [
        "maintenance.scheduled: q1w2e3r4t5y6 (2026-11-24T15:00:00.000Z)",
        "incident.created: u1y2t3r4e5w6 (2026-11-26T10:02:11.532Z)",
    ]


def test_imported_incidents_taking_their_statuspage_ids_announce_nothing(tmp_path: Path) -> None:
    """A site imported before statuspage_id existed published report ids; now the API publishes Statuspage's."""
    site = copy_site(tmp_path / "site")
    assert run_cli(site, "import", "statuspage", str(STATUSPAGE_EXPORT)).returncode == 0
    reports = [report for report in (site / "incidents").glob("*.md") if "\nstatuspage_id: " in report.read_text()]
    new_texts = {report: report.read_text(encoding="utf-8") for report in reports}
    for report, text in new_texts.items():
        kept = text.split("\nstatuspage_id: ", 1)[1].split("\n", 1)[0]
        report.write_text(text.replace(f"\nstatuspage_id: {kept}\n", "\n").replace(
            "\nextra:\n", f"\nextra:\n  statuspage_id: {kept}\n"), encoding="utf-8")
    previous = public_build(site, EXAMPLE_EPOCH, tmp_path / "report-ids")
    assert "2026-11-26-slow-licence-lookups" in (previous / "api/v2/incidents/unresolved.json").read_text()
    for report, text in new_texts.items():
        report.write_text(text, encoding="utf-8")
    public_build(site, LATER, tmp_path / "statuspage-ids")
    assert "u1y2t3r4e5w6" in (site / "site-public/api/v2/incidents/unresolved.json").read_text()
    result = announce(site, previous, build_env(LATER), "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Nothing to announce" in result.stdout


# --- Languages ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def welsh_deploys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example's Welsh public site deployed at 12:00, then rebuilt at 12:30 with a new update of the card
    payments incident; returns (site folder, copy of the first Welsh deploy)."""
    site = copy_site(tmp_path_factory.mktemp("announce-cy") / "site")
    shutil.copy2(REPO / "mkdocs.public.cy.yml", site / "mkdocs.public.cy.yml")
    edit(site / "mkdocs.public.yml", "    audience: public\n", "    audience: public\n    announce_retry_delay: 0.01\n")
    assert run_build(site, "mkdocs.public.cy.yml").returncode == 0
    first = site.parent / "first-deploy-cy"
    shutil.copytree(site / "site-public-cy", first)
    edit(site / "incidents" / "2026-11-26-card-payments-failing.md", "\nlead:", """
  - at: 2026-11-26T12:10:00Z
    status: identified
    message: Our payment provider is rolling out a fix.
lead:""")
    result = run_build(site, "mkdocs.public.cy.yml", epoch=LATER)
    assert result.returncode == 0, result.stderr
    return site, first


def mail_parts(mail: Message) -> dict[str, str]:
    return {part.get_content_type(): part.get_payload(decode=True).decode("utf-8") for part in mail.walk()
            if not part.is_multipart()}


def test_the_welsh_configuration_announces_in_welsh(welsh_deploys, servers) -> None:
    site, first = welsh_deploys
    inbox, smtp_port, http_port = servers
    result = run_cli(site, "-f", "mkdocs.public.cy.yml", "announce", "--previous", str(first),
                     env=channels_env(smtp_port, http_port))
    assert result.returncode == 0, result.stdout + result.stderr
    [mail], [chat], [(_, body)] = inbox.emails, inbox.apprise_json, inbox.webhooks
    assert mail["Subject"] == chat["title"] == "Diweddariad ar ddigwyddiad: Card payments failing for some users"
    link = "https://status.rivers.example.gov.uk/cy/incidents/2026-11-26-card-payments-failing/"
    for text in [*mail_parts(mail).values(), chat["message"]]:
        assert "Statws:" in text and "Yn effeithio ar:" in text and "Postiwyd 26 Tachwedd 2026, 12:10 GMT" in text
        assert "Our payment provider is rolling out a fix." in text and link in text
        assert "Status:" not in text and "Posted" not in text
    assert '<div lang="cy">' in mail_parts(mail)["text/html"]
    # The webhook is the API's JSON, the same in every language.
    assert json.loads(body)["data"]["incident"]["shortlink"] == (
        "https://status.rivers.example.gov.uk/incidents/2026-11-26-card-payments-failing/")


def test_both_languages_in_one_message(welsh_deploys, servers) -> None:
    site, first = welsh_deploys
    inbox, smtp_port, http_port = servers
    edit(site / "mkdocs.public.cy.yml", "plugins:\n  incidents:\n", "plugins:\n  incidents:\n    announce_languages: [cy, en]\n")
    try:
        result = run_cli(site, "-f", "mkdocs.public.cy.yml", "announce", "--previous", str(first),
                         env=channels_env(smtp_port, http_port))
    finally:
        edit(site / "mkdocs.public.cy.yml", "    announce_languages: [cy, en]\n", "")
    assert result.returncode == 0, result.stdout + result.stderr
    [mail] = inbox.emails
    assert mail["Subject"] == "Diweddariad ar ddigwyddiad / Incident update: Card payments failing for some users"
    text = mail_parts(mail)["text/plain"]
    welsh, english = text.split("Postiwyd 26 Tachwedd 2026, 12:10 GMT")[0], text.split("Posted 26 November 2026")[0]
    assert "Statws:" in welsh and text.index("Statws:") < text.index("Status:")
    assert "https://status.rivers.example.gov.uk/cy/incidents/2026-11-26-card-payments-failing/" in text
    assert "https://status.rivers.example.gov.uk/incidents/2026-11-26-card-payments-failing/" in text
    assert "Status: Identified" in english
