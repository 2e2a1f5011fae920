"""The deploy workflow announces each deployed change once, after a successful deploy, against a snapshot taken before it."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"
SECRETS = ("INCIDENTS_ANNOUNCE_URLS", "INCIDENTS_WEBHOOK_URL", "INCIDENTS_WEBHOOK_SECRET")


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def runs(job: dict) -> list[str]:
    return [" ".join(str(step.get("run", "")).split()) for step in job["steps"]]


def test_the_snapshot_is_taken_before_the_deploy_and_announced_after_it() -> None:
    workflow = load("deploy.yml")
    jobs = workflow["jobs"]
    build, announce = jobs["build"], jobs["announce"]
    snapshot = next(step for step in build["steps"] if step.get("id") == "snapshot")
    assert "--snapshot previous-site" in " ".join(snapshot["run"].split())
    # The live site's address reaches the script through the environment, never pasted into it.
    assert snapshot["env"] == {"LIVE_SITE": "${{ steps.pages.outputs.base_url }}"}
    assert '--previous "$LIVE_SITE"' in snapshot["run"]
    # The deploy needs the build, and the announcement needs the deploy: a failed deploy announces nothing.
    assert "build" in str(jobs["deploy"]["needs"]) and set(announce["needs"]) == {"build", "deploy"}
    # All in one run, so all in the one concurrency group that never runs two deploys at once.
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    command = next(line for line in runs(announce) if line.startswith("incidents "))
    assert command == "incidents -f mkdocs.public.yml announce --previous previous-site --site site-public"
    step = next(step for step in announce["steps"] if str(step.get("run", "")).startswith("incidents "))
    assert set(step["env"]) == set(SECRETS)
    assert all(step["env"][name] == f"${{{{ secrets.{name} }}}}" for name in SECRETS)
    # An unreadable live site fails the announce job rather than passing silently.
    assert any("needs.build.outputs.snapshot" in str(step.get("if", "")) for step in announce["steps"])
    assert build["outputs"]["snapshot"] == "${{ steps.snapshot.outcome }}"
    assert announce["permissions"] == {"contents": "read"}
    # Only the jobs bound to the announcements environment can read its secrets.
    assert announce["environment"] == "announcements"


def test_the_channels_can_be_tested_by_hand() -> None:
    workflow = load("announce-test.yml")
    assert list(workflow.get("on", workflow.get(True))) == ["workflow_dispatch"]
    [job] = workflow["jobs"].values()
    assert "incidents -f mkdocs.public.yml announce --test" in runs(job)
    assert job["environment"] == "announcements"
