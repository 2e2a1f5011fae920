"""A new team's first week: the README's steps pass CI as written, the example's own values are named until replaced,
and the command line behaves as people expect (``-f`` anywhere, prompts, ``| head``)."""

from __future__ import annotations

import errno
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from incident_reports.cli import output_filter
from incident_reports.cli.main import parser, subcommand_parsers

from conftest import REPO, build_env, copy_site, run_build, run_cli

EXPORT = REPO / "tests" / "fixtures" / "statuspage"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def fork(tmp_path: Path) -> Path:
    """The repository as a team forks it: the example with its Welsh configuration."""
    site = copy_site(tmp_path / "fork")
    shutil.copy2(REPO / "mkdocs.public.cy.yml", site / "mkdocs.public.cy.yml")
    return site


# --- The README's five minutes --------------------------------------------------------------------------------


def make_it_yours(site: Path) -> None:
    """Step 2 of the README, done as a team in one language would do it."""
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"      # This is the example site:.*?example_site: true\n", "", text, flags=re.S)
    for old, new in (
        ("Fishing rod licence service status", "Harbour Ferries status"),
        ("Incidents, maintenance and status of the Apply for a fishing rod licence service.", "Ferry crossings."),
        ("https://status.rivers.example.gov.uk/internal/", "https://status.ferries.example.org/internal/"),
        ("https://github.com/department-for-rivers/fishing-licence-status", "https://github.com/harbour/status"),
        ("Department for Rivers (fictional)", "Harbour Ferries Ltd"),
        ("id_authority: status.rivers.example.gov.uk", "id_authority: status.ferries.example.org"),
        ("public_url: https://status.rivers.example.gov.uk/", "public_url: https://status.ferries.example.org/"),
        ("https://fishing-licence.rivers.example.gov.uk/contact", "https://ferries.example.org/help"),
        ("https://fishing-licence.rivers.example.gov.uk/", "https://ferries.example.org/"),
        ("https://alerts.rivers.example.gov.uk/subscribe", "https://ferries.example.org/alerts"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    edit(site / "mkdocs.public.yml", "site_url: https://status.rivers.example.gov.uk/", "site_url: https://status.ferries.example.org/")
    public = (site / "mkdocs.public.yml").read_text(encoding="utf-8")
    (site / "mkdocs.public.yml").write_text(re.sub(r"    # The Welsh build.*", "", public, flags=re.S), encoding="utf-8")
    (site / "mkdocs.public.cy.yml").unlink()
    (site / "public-docs" / "accessibility.md").write_text("# Accessibility statement\n\nOurs, with our contacts.\n")
    (site / "docs" / "accessibility.md").write_text("# Accessibility statement\n\nOurs, for the internal site.\n")
    (site / "docs" / "index.md").write_text("# Harbour Ferries: incidents and status\n")
    (site / "status" / "services.yml").write_text(
        "groups:\n  - name: Crossings\n    services:\n"
        "      - id: booking\n        name: Booking\n        since: 2026-01-01\n"
        "      - id: payments\n        name: Card payments\n        since: 2026-01-01\n",
        encoding="utf-8",
    )
    for report in (site / "incidents").glob("*.md"):
        report.unlink()


def readme_commands() -> list[str]:
    """The shell lines of the README's third step (continuation lines joined), as a team copies them."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"3\. \*\*Open your first incident\*\*.*?```sh\n(.*?)```", readme, re.S)
    assert block, "the README has no code block under its third step"
    text = "\n".join(line.removeprefix("   ") for line in block.group(1).splitlines())
    return [line.strip() for line in text.replace("\\\n", " ").splitlines() if line.strip()]


def test_the_readme_s_first_incident_passes_ci_as_written(tmp_path: Path) -> None:
    site = fork(tmp_path)
    make_it_yours(site)
    assert "example site" not in run_cli(site, "validate").stdout
    variables: dict[str, str] = {}
    ran = []
    for line in readme_commands():
        assigned = re.fullmatch(r"(\w+)=\$\((.*)\)", line)
        words = shlex.split(assigned.group(2) if assigned else line, comments=True)
        if words[:2] == ["pip", "install"]:
            continue  # the test runs this checkout's plugin already
        assert words[0] == "incidents", line
        words = [variables.get(word[1:], word) if word.startswith("$") else word for word in words]
        if words[1] == "notify":
            # Before anyone is recorded as told, the strict check fails, naming the command the README gives.
            before = run_cli(site, "validate", "--strict")
            assert before.returncode == 1
            assert f'incidents notify 2026-11-26-card-payments-failing "{words[3]}"' in before.stdout, before.stdout
        result = run_cli(site, *words[1:])
        assert result.returncode == 0, (line, result.stdout, result.stderr)
        ran.append(words[1])
        if assigned:
            variables[assigned.group(1)] = result.stdout.strip()
    assert ran == ["new", "notify", "validate"]
    assert variables["report"] == "incidents/2026-11-26-card-payments-failing.md"
    # What the Validate workflow then runs on the pull request.
    for config in ("mkdocs.yml", "mkdocs.public.yml"):
        built = run_build(site, config)
        assert built.returncode == 0, (config, built.stderr)
    status = (site / "site-public" / "api" / "v2" / "incidents.json").read_text(encoding="utf-8")
    assert "Card payments failing" in status and "rivers" not in status


def test_the_workflow_checks_the_readme_s_steps_pass() -> None:
    """The README's pull request passes the same checks the Validate workflow makes (no others)."""
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    runs = [" ".join(str(step.get("run", "")).split()) for step in workflow["jobs"]["validate"]["steps"]]
    assert [run for run in runs if run.startswith(("incidents", "mkdocs"))] == [
        "incidents validate", "mkdocs build --strict", "mkdocs build --strict -f mkdocs.public.yml",
        "mkdocs build --strict -f mkdocs.public.cy.yml",
    ]


# --- The example's own values ---------------------------------------------------------------------------------

#: Every value of the example a public site would publish, by file and key.
EXAMPLE_VALUES = [
    ("mkdocs.public.cy.yml", "site_url", "https://status.rivers.example.gov.uk/cy/"),
    ("mkdocs.public.cy.yml", "copyright", "Adran Afonydd (ffuglennol)"),
    ("mkdocs.public.cy.yml", "plugins.incidents.subscribe_channels[0].url", "https://alerts.rivers.example.gov.uk/subscribe"),
    ("mkdocs.public.cy.yml", "plugins.incidents.alternate_languages[0].url", "https://status.rivers.example.gov.uk/"),
    ("mkdocs.public.yml", "site_url", "https://status.rivers.example.gov.uk/"),
    ("mkdocs.public.yml", "plugins.incidents.alternate_languages[0].url", "https://status.rivers.example.gov.uk/cy/"),
    ("mkdocs.yml", "site_name", "Fishing rod licence service status"),
    ("mkdocs.yml", "site_description", "Incidents, maintenance and status of the Apply for a fishing rod licence service."),
    ("mkdocs.yml", "copyright", "Department for Rivers (fictional)"),
    ("mkdocs.yml", "plugins.incidents.id_authority", "status.rivers.example.gov.uk"),
    ("mkdocs.yml", "plugins.incidents.public_url", "https://status.rivers.example.gov.uk/"),
    ("mkdocs.yml", "plugins.incidents.service_url", "https://fishing-licence.rivers.example.gov.uk/"),
    ("mkdocs.yml", "plugins.incidents.help_url", "https://fishing-licence.rivers.example.gov.uk/contact"),
    ("mkdocs.yml", "plugins.incidents.subscribe_channels[0].url", "https://alerts.rivers.example.gov.uk/subscribe"),
]


def line_of(path: Path, value: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if line.rstrip().endswith(value))


def test_a_copy_of_the_example_that_is_not_the_example_names_each_of_its_values(tmp_path: Path) -> None:
    site = fork(tmp_path)
    # The example itself says what it is: its own values are no mistake, and its strict checks pass.
    assert "example site" not in run_cli(site, "validate", "--strict").stdout
    edit(site / "mkdocs.yml", "      example_site: true\n", "")
    result = run_cli(site, "validate")
    assert result.returncode == 0, result.stderr
    expected = [
        f"{file}:{line_of(site / file, value)}: {key}: '{value}' is the example site's, and the public site would "
        'publish it; write your own (docs/handbook/adopting.md, "Make it yours", lists every value to change)'
        for file, key, value in EXAMPLE_VALUES
    ]
    named = [line for line in result.stdout.splitlines() if "example site" in line]
    assert named[: len(expected)] == expected
    # The public pages folder: the accessibility statement, once, at its first line naming the example.
    assert named[len(expected):] == [
        "public-docs/accessibility.md:4: names the example site ('fishing rod licence', on 9 lines), and the public "
        'site would publish it; write your own page (docs/handbook/adopting.md, "Make it yours", lists every value '
        "to change)"
    ]
    assert "15 warnings" in result.stderr
    assert run_cli(site, "validate", "--strict").returncode == 1
    # Each public build warns the same way, so the strict builds of a pull request fail; the internal site is not public.
    for config in ("mkdocs.public.yml", "mkdocs.public.cy.yml"):
        strict = run_build(site, config)
        assert strict.returncode == 1 and "example site's" in strict.stderr, config
        assert "in strict mode" in strict.stdout + strict.stderr
    assert run_build(site, "mkdocs.yml").returncode == 0


def test_a_value_of_the_example_overridden_by_a_nearer_configuration_is_not_named(tmp_path: Path) -> None:
    site = fork(tmp_path)
    edit(site / "mkdocs.yml", "      example_site: true\n", "")
    (site / "mkdocs.public.cy.yml").unlink()
    edit(site / "mkdocs.public.yml", "    audience: public\n", "    audience: public\n    help_url: https://ferries.example.org/help\n")
    named = run_cli(site, "validate").stdout
    assert "plugins.incidents.help_url" not in named and "plugins.incidents.service_url" in named


# --- The command line -----------------------------------------------------------------------------------------


def test_every_subcommand_takes_f_after_it() -> None:
    parsers = subcommand_parsers(parser())
    assert {p.prog for p in parsers} >= {"incidents import statuspage", "incidents validate", "incidents announce"}
    for command in parsers:
        assert any("-f" in action.option_strings for action in command._actions), command.prog


def test_f_after_import_statuspage_finds_the_site(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config = str(site / "mkdocs.yml")
    for args in (("import", "statuspage", "-f", config, "--dry-run", str(EXPORT)),
                 ("import", "-f", config, "statuspage", "--dry-run", str(EXPORT)),
                 ("-f", config, "import", "statuspage", "--dry-run", str(EXPORT))):
        result = subprocess.run([sys.executable, "-m", "incident_reports.cli.main", *args], cwd=elsewhere,
                                env=build_env(), capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (args, result.stderr)
        assert "Would import from 5 incidents" in result.stdout


def prompted(site: Path, answers: list[bytes]) -> tuple[int, str]:
    """``incidents new`` at a terminal (a pseudo-terminal), given these keystrokes one answer at a time."""
    import pty  # POSIX: the terminal is what makes the command ask
    import select
    import time

    main, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "incident_reports.cli.main", "new"], cwd=site, env=build_env(),
                               stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    shown, pending = b"", list(answers)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closes when the command ends
                break
            shown += chunk
            # Each answer goes in once the command asks (its question ends with ": ").
            if pending and shown.rstrip(b" ").endswith(b":"):
                os.write(main, pending.pop(0))
        elif process.poll() is not None:
            break
    process.wait(timeout=60)
    os.close(main)
    return process.returncode, shown.decode("utf-8", "replace").replace("\r\n", "\n")


def test_an_empty_answer_asks_the_same_question_again(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    code, shown = prompted(site, [b"\n", b"Ferry tracker stale\n", b"P3\n", b"\n", b"apply-online\n", b"\n"])
    assert code == 0, shown
    assert shown.count("Title (what users see): ") == 2 and shown.count("Services, comma-separated (") == 2
    assert "is required" not in shown
    # Enter takes a default where there is one.
    assert "Visibility (public or internal) [public]: \nincidents/2026-11-26-ferry-tracker-stale.md" in shown
    assert "visibility: public" in (site / "incidents" / "2026-11-26-ferry-tracker-stale.md").read_text(encoding="utf-8")


def test_the_input_ending_at_a_prompt_stops_cleanly(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    before = sorted(path.name for path in (site / "incidents").iterdir())
    code, shown = prompted(site, [b"\n", b"\x04"])
    assert code == 2
    assert "incidents new: the input ended before an answer to 'Title (what users see)'; nothing was written" in shown
    assert "Traceback" not in shown
    assert sorted(path.name for path in (site / "incidents").iterdir()) == before


@pytest.mark.parametrize("command", [
    ("validate",), ("list",), ("list", "--format", "json"), ("show", "2026-11-26-card-payments-failing"), ("actions",),
    ("--help",), ("import", "statuspage", "--dry-run", str(EXPORT)), ("new", "--title", "Piped", "--severity", "P4",
                                                                      "--services", "payments", "--visibility", "internal"),
])
def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path, command: tuple[str, ...]) -> None:
    """``incidents list | head``: the reader closes the pipe before the command has written it all."""
    site = copy_site(tmp_path / "site")
    # So that validate prints problems too (the example's own values, once it is not the example).
    edit(site / "mkdocs.yml", "      example_site: true\n", "")
    code, errors = run_with_reader_gone(site, command)
    assert code == 0, errors
    # Nothing about the pipe: only what the command says on standard error anyway (validate's count).
    assert re.fullmatch(r"(\d+ reports? checked: \d+ errors, \d+ warnings\n)?", errors), errors


def test_a_reader_that_goes_away_leaves_the_commands_own_status(tmp_path: Path) -> None:
    """``incidents validate | head`` in a script with pipefail still fails when a report has an error."""
    site = copy_site(tmp_path / "site")
    report = next((site / "incidents").glob("*.md"))
    report.write_text(report.read_text(encoding="utf-8").replace("\nseverity: ", "\nseverity: P9\nx_severity: ", 1),
                      encoding="utf-8")
    full = run_cli(site, "validate")
    assert full.returncode == 1, full.stdout + full.stderr
    code, errors = run_with_reader_gone(site, ("validate",))
    assert code == 1, errors
    assert "Broken pipe" not in errors and "Traceback" not in errors


def run_with_reader_gone(site: Path, command: tuple[str, ...]) -> tuple[int, str]:
    """Run an ``incidents`` command whose standard output's reader is gone before the first line."""
    process = subprocess.Popen([sys.executable, "-m", "incident_reports.cli.main", *command], cwd=site, env=build_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # gone before the first line
    errors = process.stderr.read().decode("utf-8", "replace")
    return process.wait(timeout=300), errors


@pytest.mark.parametrize(("platform", "error", "closed"), [
    ("posix", BrokenPipeError(errno.EPIPE, "Broken pipe"), True),
    ("posix", OSError(errno.EINVAL, "Invalid argument"), False),
    # Windows has no SIGPIPE: a write to a pipe whose reader went away fails with EPIPE or EINVAL.
    ("nt", BrokenPipeError(errno.EPIPE, "Broken pipe"), True),
    ("nt", OSError(errno.EINVAL, "Invalid argument"), True),
    ("nt", OSError(errno.ENOSPC, "No space left on device"), False),
])
def test_a_closed_pipe_is_told_apart_on_every_platform(monkeypatch: pytest.MonkeyPatch, platform: str, error: OSError,
                                                        closed: bool) -> None:
    monkeypatch.setattr(output_filter.os, "name", platform)
    assert output_filter.closed_pipe(error) is closed


# --- What git ignores -------------------------------------------------------------------------------------------


def site_dirs() -> dict[str, str]:
    """Each configuration's site folder, as MkDocs reads it (INHERIT merged)."""
    from mkdocs.utils.yaml import yaml_load

    found = {}
    for config in sorted(REPO.glob("mkdocs*.yml")):
        with config.open("rb") as handle:
            found[config.name] = str((yaml_load(handle) or {}).get("site_dir") or "site")
    return found


def test_git_ignores_every_configured_site_folder_and_its_staging_paths(tmp_path: Path) -> None:
    folders = site_dirs()
    assert set(folders.values()) >= {"site", "site-public", "site-public-cy"}
    shutil.copy2(REPO / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, timeout=60)
    paths = [path for folder in folders.values()
             for path in (f"{folder}/index.html", f"{folder}/api/v2/summary.json", f".{folder}.building/index.html",
                          f".{folder}.previous", f".{folder}.building")]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *paths], cwd=tmp_path, capture_output=True,
                             text=True, timeout=60)
    assert sorted(ignored.stdout.split()) == sorted(paths), f"not ignored: {sorted(set(paths) - set(ignored.stdout.split()))}"
