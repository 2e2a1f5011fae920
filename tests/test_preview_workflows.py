"""The preview's workflows: the job that runs a pull request's code cannot write, and the job that writes never runs it.

``preview.yml`` runs ``incidents preview`` on ``pull_request`` with a read-only token;
``preview-comment.yml`` posts its Markdown from a ``workflow_run`` job that never checks
out anything. Every workflow is held to the first rule.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
WORKFLOW_FILES = sorted(p for p in WORKFLOWS.iterdir() if p.suffix in (".yml", ".yaml"))
PREVIEW = WORKFLOWS / "preview.yml"
COMMENT = WORKFLOWS / "preview-comment.yml"
#: Triggers under which a job may hold a pull request's code (or, for workflow_run, its artifacts).
PULL_REQUEST_TRIGGERS = {"pull_request", "pull_request_target", "workflow_run"}
#: The actions the preview's workflows use, each pinned to the commit of its release (resolved from the actions'
#: own repositories), with the version in a comment.
PINNED = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/download-artifact": ("3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"),
    "actions/github-script": ("ed597411d8f924073f98dfc5c65a23a2325f34cd", "v8.0.0"),
}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path.name
    return data


def triggers(workflow: dict) -> set[str]:
    """The events that start a workflow (PyYAML reads the bare key ``on`` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on}
    return set(on)


def uses(job: dict, action: str) -> list[dict]:
    return [step for step in job.get("steps", []) if str(step.get("uses", "")).split("@")[0] == action]


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_job_that_checks_out_pull_request_code_can_write(path: Path) -> None:
    workflow = load(path)
    if not triggers(workflow) & PULL_REQUEST_TRIGGERS:
        return
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", workflow.get("permissions"))
        assert isinstance(permissions, dict), f"{path.name}: {name} must name its permissions"
        if uses(job, "actions/checkout"):
            writes = {scope for scope, level in permissions.items() if level == "write"}
            assert not writes, f"{path.name}: {name} checks out code and may write {sorted(writes)}"
        if "workflow_run" in triggers(workflow):
            # Whatever it is given runs with the base's rights: it may not check out (or run) anything.
            assert not uses(job, "actions/checkout"), f"{path.name}: the workflow_run job {name} checks out code"
            assert not any("run" in step for step in job.get("steps", [])), f"{path.name}: {name} runs a shell"


def test_the_preview_job_reads_the_whole_history_with_a_read_only_token() -> None:
    workflow = load(PREVIEW)
    assert triggers(workflow) == {"pull_request"} and workflow["permissions"] == {}
    job = workflow["jobs"]["preview"]
    assert job["permissions"] == {"contents": "read"}
    (checkout,) = uses(job, "actions/checkout")
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    runs = "\n".join(str(step.get("run", "")) for step in job["steps"])
    assert "python -m pip install --require-hashes -r requirements/dev.txt" in runs
    assert "python -m pip install --no-deps ." in runs
    assert 'incidents preview --base "origin/$BASE" --format markdown' in runs
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs
    # The base branch reaches the shell through the environment, never pasted into the script.
    (step,) = [step for step in job["steps"] if "incidents preview" in str(step.get("run", ""))]
    assert step["env"] == {"BASE": "${{ github.base_ref }}"}
    assert not [s for s in job["steps"] if "${{" in str(s.get("run", ""))]
    # The artifact is kept for pull requests from this repository only; a fork's stays in the summary.
    (upload,) = uses(job, "actions/upload-artifact")
    assert upload["with"]["name"] == "preview" and upload["with"]["path"] == "preview/preview.md"
    assert "github.event.pull_request.head.repo.full_name == github.repository" in upload["if"]


def test_the_comment_job_posts_only_what_the_event_and_the_artifact_allow() -> None:
    text = COMMENT.read_text(encoding="utf-8")
    workflow = load(COMMENT)
    assert workflow[True] == {"workflow_run": {"workflows": ["Preview"], "types": ["completed"]}}
    assert re.search(r"^  workflow_run: # zizmor: ignore\[dangerous-triggers\] it never checks out or runs", text, re.M)
    job = workflow["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    condition = " ".join(job["if"].split())
    assert "github.event.workflow_run.event == 'pull_request'" in condition
    assert "github.event.workflow_run.head_repository.full_name == github.repository" in condition
    (download,) = uses(job, "actions/download-artifact")
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["with"]["github-token"] == "${{ github.token }}" and download["with"]["name"] == "preview"
    (script,) = uses(job, "actions/github-script")
    # The number comes from the event; the artifact is read as text, capped, and only posted.
    assert script["env"]["PULL_REQUEST"] == "${{ github.event.workflow_run.pull_requests[0].number }}"
    body = script["with"]["script"]
    assert "${{" not in body and "eval(" not in body and "exec" not in body
    assert "1024 * 1024" in body and "65536" in body and "lstatSync" in body
    assert "issue_number: number" in body and "createComment" in body and "updateComment" in body


@pytest.mark.parametrize("path", [PREVIEW, COMMENT], ids=lambda p: p.name)
def test_actions_are_pinned_by_commit(path: Path) -> None:
    used = re.findall(r"uses: (\S+)@(\S+)(?: # (\S+))?", path.read_text(encoding="utf-8"))
    assert used
    for action, ref, version in used:
        assert (ref, version) == PINNED[action], f"{path.name}: {action}@{ref} # {version}"


def test_zizmor_finds_nothing_of_medium_or_higher() -> None:
    """Offline, every audit; the comment workflow's workflow_run is the one finding ignored, on its line."""
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is missing: install the locked development tools (requirements/dev.txt)"
    result = subprocess.run([zizmor, "--offline", "--color", "never", "--min-severity", "medium", str(PREVIEW), str(COMMENT)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout and "1 ignored" in result.stdout
