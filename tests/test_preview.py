"""``incidents preview``: what merging a branch would change on the public site, from real git repositories of the example.

Each test commits the example as the base on ``main``, makes a branch with a
change (by the editing commands where one exists), and reads the preview in both
formats. The Markdown is parsed as CommonMark, so that quoted text is proven to
stay inside code.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from incident_reports.core.terminal_escape import printable
from incident_reports.preview.document import REMINDER, Block, Item, Paragraph, Quoted
from incident_reports.preview.markdown_format import LIMIT_BYTES, QUOTE_LIMIT, as_markdown, block, code_span, cut

from conftest import REPO, copy_site, run_cli
from inline_cli import Inline

PAYMENTS = "2026-11-26-card-payments-failing"
PAYMENTS_FILE = f"incidents/{PAYMENTS}.md"
#: Internal text of the card payments incident, as the example has it: none of it may reach a preview.
EXAMPLE_INTERNAL = (
    "Callum Reid", "Tom Hughes", "Head of Digital Operations", "PSP-CASE-190442", "#inc-2026-11-26-payments",
    "tracker.example.gov.uk", "3-D Secure", "Live document", "Can we restore the old domain",
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Preview Test", "GIT_AUTHOR_EMAIL": "preview@example.com",
    "GIT_COMMITTER_NAME": "Preview Test", "GIT_COMMITTER_EMAIL": "preview@example.com",
    "GIT_AUTHOR_DATE": "2026-11-26T12:00:00Z", "GIT_COMMITTER_DATE": "2026-11-26T12:00:00Z",
    # Whatever this machine's own git configuration says (hooks, signing, templates) is left out.
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TEMPLATE_DIR": "",
}


def git(site: Path, *args: str) -> str:
    """Run git in ``site`` as a fixed author, with no configuration of this machine's."""
    done = subprocess.run(
        ["git", "-c", "user.name=Preview Test", "-c", "user.email=preview@example.com", "-c", "commit.gpgsign=false",
         "-c", "core.autocrlf=false", "-c", "init.defaultBranch=main", *args],
        cwd=site, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def commit(site: Path, message: str) -> None:
    git(site, "add", "-A")
    git(site, "commit", "-q", "--no-verify", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example committed on ``main``, checked out on a new branch ``change``."""
    site = copy_site(tmp_path / "site")
    git(site, "init", "-q")
    git(site, "checkout", "-q", "-b", "main")
    commit(site, "The example")
    git(site, "checkout", "-q", "-b", "change")
    return site


def edit(site: Path, path: str, old: str, new: str) -> None:
    """Replace ``old`` (once, and it must be there) in a file of the site."""
    file = site / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r} found {text.count(old)} times"
    file.write_text(text.replace(old, new), encoding="utf-8")


def both(cli: Inline, site: Path, base: str = "main") -> tuple[str, str]:
    """The preview as text and as Markdown; both must succeed."""
    code, text, err = cli(site, "preview", "--base", base)
    assert code == 0, err
    code, markdown, err = cli(site, "preview", "--base", base, "--format", "markdown")
    assert code == 0, err
    return text, markdown


def parsed(markdown: str) -> list:
    """The Markdown's tokens as CommonMark reads it (HTML allowed, as GitHub allows some), inline ones flattened."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [child for token in tokens for child in [token, *(token.children or [])]]


def assert_markdown_safe(markdown: str) -> None:
    """Within a comment's limit; the only HTML is the preview's own folding; every fence closed."""
    assert len(markdown.encode("utf-8")) <= LIMIT_BYTES
    tokens = parsed(markdown)
    assert not [t for t in tokens if t.type == "html_inline"], markdown
    for token in tokens:
        if token.type == "html_block":
            assert re.fullmatch(r"(<details><summary>[^<>]*</summary>|</details>)\n", token.content), token.content
    # A fence left open would swallow everything after it: each opening fence line has its closing twin.
    fences = [t for t in tokens if t.type == "fence"]
    assert all(t.markup and markdown.count("\n" + t.markup + "\n") >= 2 for t in fences)


def test_a_public_update_and_an_internal_timeline_entry(cli: Inline, repo: Path) -> None:
    canary = "zqxpreviewinternal"
    code, _, err = cli(repo, "update", PAYMENTS, "--status", "monitoring", "--impact", "degraded_performance",
                       "--at", "11:50", "-m", "A fix is in place and card payments are working again. We are monitoring.")
    assert code == 0, err
    code, _, err = cli(repo, "timeline", PAYMENTS, f"Old domain restored on the certificate {canary}one.",
                       "--by", f"Aisha {canary}two", "--at", "11:48")
    assert code == 0, err
    edit(repo, PAYMENTS_FILE, "  provider_ticket: PSP-CASE-190442\n",
         f"  provider_ticket: PSP-CASE-190442\n  note: {canary}three\n")
    commit(repo, "Card payments: monitoring")

    text, markdown = both(cli, repo)
    for output in (text, markdown):
        assert "A fix is in place and card payments are working again. We are monitoring." in output
        assert "Card payments failing for some users" in output and "Identified -> Monitoring" in output.replace("-&gt;", "->")
        assert "Partial outage -> Degraded performance" in output.replace("-&gt;", "->")
        assert "incident.updated" in output and "Incident update: Card payments failing for some users" in output
        assert f"https://status.rivers.example.gov.uk/incidents/{PAYMENTS}/" in output
        assert "1 change only in the internal archive" in output
        assert canary not in output.lower()
        for internal in EXAMPLE_INTERNAL:
            assert internal not in output, internal
    # The service's status (the badge's words), then the incident's.
    assert "  - Overall, as the badge says it: Partial outage -> Degraded performance" in text
    assert "  - Card payments: Partial outage -> Degraded performance" in text
    assert "  - Card payments failing for some users: Identified -> Monitoring" in text
    assert "    | A fix is in place and card payments are working again. We are monitoring." in text
    # What subscribers get: chat text, email subject, and the webhook's JSON with the update in it.
    assert "    | Status: Monitoring" in text and '"type": "incident.updated"' in text
    assert "Retractions" not in text
    assert_markdown_safe(markdown)
    # Quoted text is code in the Markdown; the preview's own words are not.
    tokens = parsed(markdown)
    assert any(t.type == "fence" and "working again. We are monitoring." in t.content for t in tokens)
    assert any(t.type == "code_inline" and t.content == "Card payments failing for some users" for t in tokens)


def test_a_change_to_internal_fields_only_says_nothing_public_changes(cli: Inline, repo: Path) -> None:
    assert cli(repo, "timeline", PAYMENTS, "Provider call booked.", "--at", "11:55")[0] == 0
    assert cli(repo, "set", PAYMENTS, "lead", "Priya Raman")[0] == 0
    edit(repo, "incidents/2026-11-26-caseworker-search-unavailable.md", "title: ", "title: Still ")
    commit(repo, "Internal notes")

    text, markdown = both(cli, repo)
    commit_id = git(repo, "rev-parse", "main").strip()[:12]
    assert text == f"Nothing public changes compared with main (commit {commit_id}) (2 changes only in the internal archive).\n"
    assert markdown.splitlines()[2:] == [
        f"Nothing public changes compared with `main` (commit {commit_id}) (2 changes only in the internal archive)."
    ]
    assert "Priya" not in text + markdown and "Still" not in text + markdown


def test_nothing_changed_at_all(cli: Inline, repo: Path) -> None:
    text, _ = both(cli, repo)
    assert text.startswith("Nothing public changes compared with main") and text.count("\n") == 1
    assert "internal archive" not in text


def test_resolving_an_incident_brings_its_services_back(cli: Inline, repo: Path) -> None:
    code, _, err = cli(repo, "resolve", PAYMENTS, "-m", "Card payments are working normally again.", "--at", "11:55")
    assert code == 0, err
    commit(repo, "Card payments resolved")

    text, markdown = both(cli, repo)
    assert "  - Card payments: Partial outage -> Operational" in text
    assert "  - Card payments failing for some users: Identified -> Resolved" in text
    assert "incident.resolved, 26 November 2026, 11:55 GMT" in text
    assert "Resolved: Card payments failing for some users" in text
    assert "    | Card payments are working normally again." in text
    assert "Card payments`: Partial outage -&gt; Operational" in markdown
    assert_markdown_safe(markdown)


def test_statuses_are_in_the_words_of_the_configuration_s_language(cli: Inline, repo: Path) -> None:
    (repo / "mkdocs.public.cy.yml").write_bytes((REPO / "mkdocs.public.cy.yml").read_bytes())
    assert cli(repo, "resolve", PAYMENTS, "-m", "Card payments are working normally again.", "--at", "11:55")[0] == 0
    code, text, err = cli(repo, "-f", str(repo / "mkdocs.public.cy.yml"), "preview", "--base", "main")
    assert code == 0, err
    assert "  - Card payments: Toriad rhannol -> Yn gweithio" in text


def test_a_working_tree_that_does_not_validate_exits_1_with_the_problem_line(cli: Inline, repo: Path) -> None:
    edit(repo, PAYMENTS_FILE, "severity: P2\n", "severity: P9\n")
    line = (repo / PAYMENTS_FILE).read_text(encoding="utf-8").splitlines().index("severity: P9") + 1

    code, out, err = cli(repo, "preview", "--base", "main")
    assert code == 1
    assert f"{PAYMENTS_FILE}:{line}: severity:" in err and "P9" in err
    assert "does not validate" in out and "1 problem" in out

    code, markdown, err = cli(repo, "preview", "--base", "main", "--format", "markdown")
    assert code == 1 and f"{PAYMENTS_FILE}:{line}: severity:" in err
    # The Markdown says how many and where, never what (a problem may quote internal text).
    assert "1 problem" in markdown and f"`{PAYMENTS_FILE}:{line}`" in markdown
    assert "P9" not in markdown and "severity" not in markdown
    assert_markdown_safe(markdown)


def test_the_real_command_line_exits_1_on_an_invalid_working_tree(repo: Path) -> None:
    edit(repo, PAYMENTS_FILE, "severity: P2\n", "severity: P9\n")
    result = run_cli(repo, "preview", "--base", "main", "--format", "markdown")
    assert result.returncode == 1, result.stderr
    assert f"{PAYMENTS_FILE}:" in result.stderr and "Traceback" not in result.stderr
    assert "The working tree does not validate" in result.stdout


def test_a_report_made_internal_is_a_retraction(cli: Inline, repo: Path) -> None:
    edit(repo, PAYMENTS_FILE, "visibility: public\n", "visibility: internal\n")
    commit(repo, "Payments incident internal")

    text, markdown = both(cli, repo)
    for output in (text, markdown):
        assert "Retractions" in output and REMINDER in output
        assert "A retraction: its visibility changes from public to internal" in output
        assert f"https://status.rivers.example.gov.uk/incidents/{PAYMENTS}/" in output
    assert "  - Card payments failing for some users leaves the public site: its visibility changes from public to " \
           "internal (a retraction)" in text
    assert "  - Card payments: Partial outage -> Operational" in text
    assert "  - Card payments failing for some users: Identified -> not published" in text
    # Leaving the site announces nothing: subscribers already had it.
    assert "Merging announces nothing." in text
    for internal in EXAMPLE_INTERNAL:
        assert internal not in text + markdown, internal
    assert_markdown_safe(markdown)


def test_an_internal_report_made_public_is_a_publication(cli: Inline, repo: Path) -> None:
    path = "incidents/2026-04-09-messaging-api-key-exposed.md"
    internal_text = [line.split(": ", 1)[1] for line in (repo / path).read_text(encoding="utf-8").splitlines()
                     if line.startswith(("lead: ", "comms_lead: "))]
    assert internal_text
    edit(repo, path, "visibility: internal\n", "visibility: public\n")
    commit(repo, "Publish the key exposure")

    text, markdown = both(cli, repo)
    for output in (text, markdown):
        assert "Appears" in output and "A publication: its visibility changes from internal to public" in output
        assert "Messaging supplier API key committed to a public repository" in output
        # Resolved long before: publishing it adds to the history, which is no news to subscribers.
        assert "incident.created" not in output and "Merging announces nothing." in output
        for internal in internal_text:
            assert internal not in output
    assert "  - Messaging supplier API key committed to a public repository: not published -> Resolved" in text
    assert "Retractions" not in text
    assert_markdown_safe(markdown)


def test_deleting_an_update_is_a_retraction_of_its_text(cli: Inline, repo: Path) -> None:
    edit(repo, PAYMENTS_FILE, """  - at: 2026-11-26T10:30:00Z
    status: identified
    message: >-
      Payments are failing for some cards that need an extra security check
      from your bank. Other cards are working. We are working with our
      payment provider on a fix. Your application is saved for 7 days.
""", "")
    edit(repo, PAYMENTS_FILE, "status: identified\n", "status: investigating\n")
    commit(repo, "Take an update back")

    text, _ = both(cli, repo)
    assert "Retractions" in text and REMINDER in text
    assert "  - Card payments failing for some users: text published before is taken off the site" in text
    assert "  Update of 26 Nov 2026 10:30 GMT (Identified) as it was published:" in text
    assert "    | Payments are failing for some cards" in text


def test_a_new_maintenance_lists_what_the_clock_will_announce(cli: Inline, repo: Path) -> None:
    (repo / "incidents" / "2026-12-10-payments-upgrade.md").write_text(
        "---\ntitle: Card payments upgrade\nkind: maintenance\nvisibility: public\nservices: [payments]\n"
        "scheduled_for: 2026-12-10T22:00:00Z\nscheduled_until: 2026-12-11T01:00:00Z\n"
        "summary: You will not be able to pay by card between 22:00 and 01:00.\n---\n",
        encoding="utf-8",
    )
    commit(repo, "Schedule the payments upgrade")

    text, markdown = both(cli, repo)
    assert "  - Card payments upgrade: not published -> Scheduled" in text
    assert "maintenance.scheduled" in text and "Maintenance scheduled: Card payments upgrade" in text
    assert "  - maintenance.started, 10 December 2026, 22:00 GMT: Maintenance started: Card payments upgrade" in text
    assert "  - maintenance.completed, 11 December 2026, 01:00 GMT: Maintenance completed: Card payments upgrade" in text
    assert "    | 10 Dec 2026 22:00 GMT to 11 Dec 2026 01:00 GMT" in text
    assert_markdown_safe(markdown)


def test_a_changed_service_name_is_public_text(cli: Inline, repo: Path) -> None:
    edit(repo, "status/services.yml", "name: Card payments\n", "name: Card and wallet payments\n")
    edit(repo, "status/services.yml", "name: Caseworker tool\n", "name: Caseworker desk\n")
    commit(repo, "Rename a service")

    text, _ = both(cli, repo)
    assert "  Service: Card and wallet payments" in text
    assert "  Reworded: Service name:\n    | Card and wallet payments" in text
    assert "  Service name as it was published:\n    | Card payments" in text
    # The internal service's new name is only counted.
    assert "Caseworker" not in text and "1 change only in the internal archive" in text


def test_hostile_text_in_public_fields_stays_quoted_in_markdown(cli: Inline, repo: Path) -> None:
    hostile = "```` @everyone </details> <script>alert(1)</script> [x](javascript:alert(1)) # `"
    edit(repo, PAYMENTS_FILE, "title: Card payments failing for some users\n", f"title: '{hostile}'\n")
    commit(repo, "A hostile title")

    _, markdown = both(cli, repo)
    assert_markdown_safe(markdown)
    tokens = parsed(markdown)
    assert any(t.type == "code_inline" and t.content == hostile for t in tokens)
    # Outside code, no trace of it: no link, no mention, no tag.
    outside = "".join(t.content for t in tokens if t.type == "text")
    assert "@everyone" not in outside and "script" not in outside and "javascript" not in outside
    assert not [t for t in tokens if t.type == "link_open"]


def test_a_hostile_base_is_reported_and_never_stops_the_preview(cli: Inline, repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    incidents = repo / "incidents"
    (incidents / "huge.md").write_bytes(b"---\ntitle: x\n---\n" + b"a" * 2_100_000)
    (incidents / "bad\x1b[31mname.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    os.symlink("../../../../etc/passwd", incidents / "link.md")
    commit(repo, "A hostile base")
    git(repo, "checkout", "-q", "-b", "cleaned")
    git(repo, "rm", "-q", "--", "incidents/huge.md", "incidents/bad\x1b[31mname.md", "incidents/link.md")
    commit(repo, "Cleaned")

    code, text, err = cli(repo, "preview", "--base", "main")
    assert code == 0, err
    assert "\x1b" not in text and "Traceback" not in err
    assert "The base does not validate" in text and "main has 3 problems" in text
    assert "incidents/bad\\x1b[31mname.md:1: at main, the file's path holds U+001B (ESCAPE)" in text
    assert "incidents/huge.md:1: at main, the file is 2,100,017 bytes, over the 2,000,000-byte limit" in text
    assert "incidents/link.md:1: at main, the file is a symbolic link, not a report file" in text

    code, markdown, err = cli(repo, "preview", "--base", "main", "--format", "markdown")
    assert code == 0, err
    assert "3 problems" in markdown and "`incidents/huge.md:1`" in markdown
    assert "symbolic link" not in markdown and "\x1b" not in markdown
    assert_markdown_safe(markdown)


def test_a_base_git_cannot_find_or_no_repository_at_all(
    cli: Inline, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = cli(repo, "preview", "--base", "origin/nowhere")
    assert code == 2 and not out
    assert "--base origin/nowhere: git knows no commit by that name here" in err and "fetch-depth: 0" in err
    code, _, err = cli(repo, "preview", "--base=--output=x")
    assert code == 2 and "is not a name git gives a commit" in err
    plain = copy_site(tmp_path / "plain")
    # Wherever the temporary folder is, git looks for no repository above it.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, _, err = cli(plain, "preview", "--base", "main")
    assert code == 2 and "git cannot read a repository here" in err and "not a git repository" in err


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_quoted_text_stays_inside_its_fence(text: str) -> None:
    tokens = parsed(block(Block(("Summary",), text)))
    fences = [t for t in tokens if t.type == "fence"]
    assert [t.content for t in fences] == [(printable(cut(text, QUOTE_LIMIT)).strip("\n") or "(empty)") + "\n"]
    assert not [t for t in tokens if t.type in ("html_inline", "html_block", "code_inline")]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_name_stays_inside_its_code_span(text: str) -> None:
    shown = printable(text, one_line=True)
    tokens = parsed("- " + code_span(text))
    spans = [t for t in tokens if t.type == "code_inline"]
    if not shown.strip():
        assert not spans
        return
    assert [t.content for t in spans] == [shown]
    assert all(t.type != "html_inline" for t in tokens)


def test_a_long_preview_is_cut_between_parts_with_a_note() -> None:
    parts = [Paragraph(("Start",))]
    parts += [Block((f"Update {n}",), "word " * 900 + "``` `") for n in range(40)]
    parts.append(Item((Quoted("the last name"),)))
    markdown = as_markdown(parts)
    assert len(markdown.encode("utf-8")) <= LIMIT_BYTES
    assert "*The preview is cut here:" in markdown and "the last name" not in markdown
    assert_markdown_safe(markdown)


# ------------------------------------------------------------------ the handbook's example

HANDBOOK = REPO / "docs" / "handbook" / "reviewing-a-pull-request.md"
#: The commands the handbook's example runs on its branch, exactly as the page shows them.
EXAMPLE_COMMANDS = (
    ("update", PAYMENTS, "--status", "monitoring", "--impact", "degraded_performance", "--at", "11:50",
     "-m", "A fix is in place and card payments are working again. If a payment failed, please try again."),
    ("timeline", PAYMENTS, "Old domain restored on the production certificate.", "--by", "Aisha Okafor", "--at", "11:48"),
)


def test_the_handbook_shows_what_the_command_prints(cli: Inline, repo: Path) -> None:
    page = HANDBOOK.read_text(encoding="utf-8")
    for command in EXAMPLE_COMMANDS:
        code, _, err = cli(repo, *command)
        assert code == 0, err
    commit(repo, "Card payments: fix in place, monitoring")
    code, text, err = cli(repo, "preview", "--base", "main")
    assert code == 0, err
    shown = re.search(r"<!-- preview of the example -->\n```text\n(.*?)```\n", page, re.S)
    assert shown, "the page has no example preview after its marker"
    # The base's commit id depends on every byte of the example; the rest must match exactly.
    def commit_free(output: str) -> str:
        return re.sub(r"\(commit [0-9a-f]{12}\)", "(commit ...)", output)
    assert commit_free(shown.group(1)) == commit_free(text), (
        "docs/handbook/reviewing-a-pull-request.md: the example preview is out of date; replace its text block with:\n"
        + text
    )


def test_what_to_do_is_public_text(cli: Inline, repo: Path) -> None:
    """The status page's banner shows it first: a preview quotes it as it will read."""
    code, _, err = cli(repo, "set", PAYMENTS, "what_to_do", "Pay by *bank transfer* until card payments work again.")
    assert code == 0, err
    commit(repo, "New advice")
    text, markdown = both(cli, repo)
    assert "Reworded: What to do:\n    | Pay by bank transfer until card payments work again." in text
    assert "What to do as it was published:\n    | If your payment fails, wait an hour" in text
    assert_markdown_safe(markdown)


STATUSPAGE_EXPORT = REPO / "tests" / "fixtures" / "statuspage"


def test_a_history_imported_on_a_branch_announces_only_what_is_still_going_on(cli: Inline, repo: Path) -> None:
    """The preview's announcements are announce's own: a history that ended before now is no news."""
    code, _, err = cli(repo, "import", "statuspage", str(STATUSPAGE_EXPORT))
    assert code == 0, err
    commit(repo, "Import the Statuspage history")
    text, markdown = both(cli, repo)
    assert "Merging announces 2 changes" in text
    announced = [line.split(",")[0] for line in text.splitlines() if line.startswith(("  incident.", "  maintenance."))]
    assert announced == ["  maintenance.scheduled", "  incident.created"]
    assert "Slow licence lookups" in text and "New incident: Sign in unavailable" not in text
    assert_markdown_safe(markdown)


def test_incidents_taking_their_statuspage_ids_announce_nothing(cli: Inline, repo: Path) -> None:
    code, _, err = cli(repo, "import", "statuspage", str(STATUSPAGE_EXPORT))
    assert code == 0, err
    reports = {path: path.read_text(encoding="utf-8") for path in (repo / "incidents").glob("*.md")
               if "\nstatuspage_id: " in path.read_text(encoding="utf-8")}
    for path, text in reports.items():
        kept = text.split("\nstatuspage_id: ", 1)[1].split("\n", 1)[0]
        path.write_text(text.replace(f"\nstatuspage_id: {kept}\n", "\n").replace(
            "\nextra:\n", f"\nextra:\n  statuspage_id: {kept}\n"), encoding="utf-8")
    commit(repo, "Imported the way earlier versions kept Statuspage's ids")
    git(repo, "branch", "-f", "imported")
    for path, text in reports.items():
        path.write_text(text, encoding="utf-8")
    commit(repo, "Statuspage's ids in their own field")
    text, _ = both(cli, repo, "imported")
    assert "Merging announces nothing." in text
