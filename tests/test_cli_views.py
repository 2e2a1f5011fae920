"""The terminal views: ``incidents list``, ``show`` and ``actions`` as tables, and as JSON for scripts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import EXAMPLE_EPOCH, copy_site, run_cli

LIST_KEYS = {
    "id", "title", "kind", "severity", "status", "stage", "visibility", "impact", "services", "began",
    "resolved", "source", "open_actions", "overdue_actions",
}
ACTION_KEYS = {"report", "number", "title", "owner", "status", "state", "overdue", "due", "done_on", "type", "ticket"}
CLOSED = {"resolved", "completed", "cancelled"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the example site for every view (views only read it)."""
    return copy_site(tmp_path_factory.mktemp("views"))


def as_json(cli, site: Path, *args: str) -> dict:
    code, out, err = cli(site, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_list_is_a_readable_table(site, cli):
    code, out, _ = cli(site, "list")
    assert code == 0
    assert "2026-11-26-card-payments-failing" in out and "Card payments failing for some users" in out
    # Status in words, never colour alone: status, impact, severity and stage are all spelled out.
    assert "Identified" in out and "Partial outage" in out and "P2 · initial" in out
    assert "26 Nov 2026" in out and "09:40 GMT" in out


def test_list_json_has_stable_keys_newest_first(site, cli):
    reports = as_json(cli, site, "list")["reports"]
    assert len(reports) == len(list((site / "incidents").glob("*.md")))
    assert all(set(r) == LIST_KEYS for r in reports)
    began = [r["began"] for r in reports]
    assert began == sorted(began, reverse=True)
    payments = next(r for r in reports if r["id"] == "2026-11-26-card-payments-failing")
    assert payments["status"] == "identified" and payments["impact"] == "partial_outage" and payments["stage"] == "initial"
    maintenance = next(r for r in reports if r["kind"] == "maintenance")
    assert maintenance["stage"] is None and maintenance["severity"] is None


def test_list_filters(site, cli):
    open_reports = as_json(cli, site, "list", "--open")["reports"]
    ids = {r["id"] for r in open_reports}
    assert "2026-11-26-card-payments-failing" in ids and "2026-09-22-apply-online-unavailable" not in ids
    assert all(r["status"] not in CLOSED for r in open_reports)
    payments = as_json(cli, site, "list", "--service", "payments")["reports"]
    assert payments and all("payments" in r["services"] for r in payments)
    recent = as_json(cli, site, "list", "--since", "2026-11-20")["reports"]
    assert recent and all(r["began"] >= "2026-11-20T00:00:00Z" for r in recent)
    everything = as_json(cli, site, "list")["reports"]
    assert len(recent) == sum(r["began"] >= "2026-11-20T00:00:00Z" for r in everything)


def test_show_gives_the_report_and_what_its_next_stage_needs(site, cli):
    code, out, _ = cli(site, "show", "2026-11-26-card-payments-failing")
    assert code == 0
    assert "Card payments failing for some users" in out
    assert "Payments are failing for some cards" in out  # an update
    assert "Priority ticket raised with the payment provider." in out  # the timeline
    assert "Stage final still needs:" in out and "root_cause" in out


def test_show_json_is_the_report_as_the_data_set_has_it(site, cli):
    data = as_json(cli, site, "show", "2026-09-22-apply-online-unavailable")
    assert data["id"] == "2026-09-22-apply-online-unavailable"
    assert data["derived"]["status"] == "resolved"
    assert data["source"] == "incidents/2026-09-22-apply-online-unavailable.md"
    assert [a["status"] for a in data["actions"]] == ["done", "done", "in_progress", "done", "open"]


def test_actions_open_ones_overdue_first(site, cli):
    actions = as_json(cli, site, "actions")["actions"]
    assert actions and all(set(a) == ACTION_KEYS for a in actions)
    assert all(a["status"] in ("open", "in_progress") for a in actions)
    overdue = [a["overdue"] for a in actions]
    assert overdue == sorted(overdue, reverse=True) and any(overdue)
    now = datetime.fromtimestamp(EXAMPLE_EPOCH, UTC).date().isoformat()
    assert all(a["due"] < now for a in actions if a["overdue"])
    everything = as_json(cli, site, "actions", "--all")["actions"]
    assert len(everything) > len(actions) and {"done"} <= {a["status"] for a in everything}


def test_actions_filters_and_table(site, cli):
    only_overdue = as_json(cli, site, "actions", "--overdue")["actions"]
    assert only_overdue and all(a["overdue"] for a in only_overdue)
    aisha = as_json(cli, site, "actions", "--owner", "aisha")["actions"]
    assert aisha and all(a["owner"] == "Aisha Okafor" for a in aisha)
    code, out, _ = cli(site, "actions")
    assert code == 0 and "⚠ Overdue" in out and "Separate database migrations" in out
    code, out, _ = cli(site, "actions", "--owner", "nobody at all")
    assert code == 0 and out.strip() == "No actions match."


@pytest.mark.parametrize(("args", "message"), [
    (["list", "--since", "2026-13-01"], "'2026-13-01' is not a real date"),
    (["list", "--since", "last week"], "'last week' is not a date"),
    (["list", "--service", "paymnts"], "did you mean 'payments'?"),
    (["show", "no-such-report"], "no report has the id 'no-such-report'"),
    (["list", "--format", "xml"], "invalid choice: 'xml'"),
])
def test_bad_input_is_one_clear_line_and_exit_2(site, cli, args, message):
    code, out, err = cli(site, *args)
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1 and out == ""


def test_a_report_with_errors_is_named_and_the_rest_still_listed(tmp_path, cli):
    site = copy_site(tmp_path / "site")
    (site / "incidents" / "broken.md").write_text("---\ntitle: Broken\n---\n", encoding="utf-8")
    code, out, err = cli(site, "list", "--format", "json")
    assert code == 0 and "incidents/broken.md" in err and "incidents validate" in err
    assert len(json.loads(out)["reports"]) == len(list((site / "incidents").glob("*.md"))) - 1
    code, _, err = cli(site, "show", "broken")
    assert code == 1 and "incidents/broken.md has errors" in err


def test_json_from_the_installed_command_is_clean(site):
    result = run_cli(site, "actions", "--overdue", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["actions"]
