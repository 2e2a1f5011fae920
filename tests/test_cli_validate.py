"""``incidents validate`` and ``incidents new`` on real copies of the example site."""

from __future__ import annotations

from conftest import run_cli
from reports import line_of


def break_report(site, name: str, old: str, new: str) -> str:
    path = site / "incidents" / name
    text = path.read_text(encoding="utf-8").replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def test_the_example_site_validates(site_copy):
    result = run_cli(site_copy, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "19 reports checked: 0 errors, 0 warnings" in result.stderr


def test_errors_are_printed_with_file_line_and_field_and_exit_1(site_copy):
    name = "2026-11-26-card-payments-failing.md"
    text = break_report(site_copy, name, "severity: P2", "severity: P7")
    result = run_cli(site_copy, "validate")
    assert result.returncode == 1
    line = line_of(text, "severity: P7")
    assert f"incidents/{name}:{line}: severity: 'P7' is not one of P1, P2, P3, P4" in result.stdout


def test_github_actions_annotations(site_copy):
    name = "2026-11-26-card-payments-failing.md"
    text = break_report(site_copy, name, "severity: P2", "severity: P7")
    from conftest import build_env
    result = run_cli(site_copy, "validate", env=build_env(GITHUB_ACTIONS="true"))
    assert result.returncode == 1
    line = line_of(text, "severity: P7")
    assert f"::error file=incidents/{name},line={line}::severity: 'P7' is not one of P1, P2, P3, P4" in result.stdout


def test_named_paths_show_only_their_problems_but_check_ids_against_all(site_copy):
    break_report(site_copy, "2026-11-26-card-payments-failing.md", "severity: P2", "severity: P7")
    other = site_copy / "incidents" / "2026-11-25-sign-in-failures.md"
    result = run_cli(site_copy, "validate", str(other))
    assert result.returncode == 0 and "1 report checked" in result.stderr
    copy = site_copy / "incidents" / "copy.md"
    copy.write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli(site_copy, "validate", "incidents/copy.md")
    assert result.returncode == 1
    assert "'2026-11-25-sign-in-failures' is already the id of incidents/2026-11-25-sign-in-failures.md" in result.stdout


def test_warnings_pass_unless_strict(site_copy):
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("Senior Information Risk Owner", "Chief Executive"))
    result = run_cli(site_copy, "validate")
    assert result.returncode == 0 and "the notification policy says Chief Executive must be told" in result.stdout
    assert run_cli(site_copy, "validate", "--strict").returncode == 1


def test_a_bad_configuration_is_one_clear_line(site_copy):
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("timezone: Europe/London", "timezone: Europe/Londres"))
    result = run_cli(site_copy, "validate")
    assert result.returncode == 2
    assert "'Europe/Londres' is not a timezone name" in result.stderr and "Traceback" not in result.stderr


def test_new_writes_a_report_that_validates(site_copy):
    result = run_cli(site_copy, "new", "--title", "Sign-in: codes not arriving #2", "--severity", "P3",
                     "--services", "sign-in,notifications", "--visibility", "public")
    assert result.returncode == 0, result.stderr
    path = site_copy / result.stdout.strip()
    assert path.name == "2026-11-26-sign-in-codes-not-arriving-2.md"
    text = path.read_text(encoding="utf-8")
    assert "id: 2026-11-26-sign-in-codes-not-arriving-2" in text
    assert "started: 2026-11-26T12:00:00Z" in text
    assert run_cli(site_copy, "validate", str(path)).returncode == 0


def test_new_maintenance_and_refusals(site_copy):
    result = run_cli(site_copy, "new", "--kind", "maintenance", "--title", "Database upgrade", "--services",
                     "licence-check-api", "--visibility", "public", "--window", "2026-12-10T20:00:00Z", "2026-12-10T22:00:00Z")
    assert result.returncode == 0, result.stderr
    assert run_cli(site_copy, "validate").returncode == 0
    again = run_cli(site_copy, "new", "--kind", "maintenance", "--title", "Database upgrade", "--services",
                    "licence-check-api", "--visibility", "public", "--window", "2026-12-10T20:00:00Z", "2026-12-10T22:00:00Z")
    assert again.returncode == 1 and "exists already" in again.stderr
    unknown = run_cli(site_copy, "new", "--title", "x", "--severity", "P3", "--services", "paymnts", "--visibility", "public")
    assert unknown.returncode == 1 and "did you mean 'payments'?" in unknown.stderr
    missing = run_cli(site_copy, "new", "--title", "x", input="")
    assert missing.returncode == 2 and "--severity is required" in missing.stderr
