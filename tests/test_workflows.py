"""The CI workflows, the pull-request template and the pre-commit hook.

Schema checks use check-jsonschema's builtin (vendored, offline) GitHub
workflow schema; zizmor audits the workflows as a supply chain, offline; the rest
asserts the properties the project relies on.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PRE_COMMIT_HOOKS = ROOT / ".pre-commit-hooks.yaml"
PR_TEMPLATE = ROOT / ".github" / "pull_request_template.md"

WORKFLOW_FILES = sorted(
    p for p in WORKFLOWS.iterdir() if p.suffix in (".yml", ".yaml")
) if WORKFLOWS.is_dir() else []


# --------------------------------------------------------------------- helpers


def _run_schema(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def _triggers(workflow: dict) -> dict:
    """The `on:` block. YAML 1.1 (PyYAML) reads the bare key `on` as True."""
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "workflow has no `on:` block"
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    return on


def _steps(workflow: dict) -> list[dict]:
    return [
        step
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
    ]


def _run_lines(workflow: dict) -> list[str]:
    """Every command of every `run:` step, one per line, whitespace-normalised."""
    lines = []
    for step in _steps(workflow):
        for line in str(step.get("run", "")).splitlines():
            line = " ".join(line.split())
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def _uses(workflow: dict, action: str) -> list[dict]:
    return [
        step for step in _steps(workflow)
        if str(step.get("uses", "")).split("@")[0] == action
    ]


def _has_env_everywhere(workflow: dict, name: str, value: str = "1") -> bool:
    """True if `name` is set for every step that runs mkdocs."""
    top = workflow.get("env") or {}
    for job in workflow["jobs"].values():
        job_env = {**top, **(job.get("env") or {})}
        for step in job.get("steps", []):
            if "mkdocs" in str(step.get("run", "")):
                env = {**job_env, **(step.get("env") or {})}
                if str(env.get(name)) != value:
                    return False
    return True


@pytest.fixture(scope="module")
def validate() -> dict:
    return _load(WORKFLOWS / "validate.yml")


@pytest.fixture(scope="module")
def deploy() -> dict:
    return _load(WORKFLOWS / "deploy.yml")


@pytest.fixture(scope="module")
def tests_workflow() -> dict:
    return _load(WORKFLOWS / "tests.yml")


@pytest.fixture(scope="module")
def release() -> dict:
    return _load(WORKFLOWS / "release.yml")


@pytest.fixture(scope="module")
def bench() -> dict:
    return _load(WORKFLOWS / "bench.yml")


# ------------------------------------------------------------ (a) the schema


def test_expected_workflows_exist():
    names = {p.name for p in WORKFLOW_FILES}
    assert {"validate.yml", "deploy.yml", "tests.yml", "release.yml", "bench.yml"} <= names, names


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_matches_github_schema(path: Path):
    result = _run_schema(path)
    assert result.returncode == 0, (
        f"check-jsonschema rejected {path.name}:\n{result.stdout}\n{result.stderr}"
    )


def test_every_workflow_at_once_matches_github_schema():
    """As CI would run it: check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml"""
    result = _run_schema(*WORKFLOW_FILES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_schema_check_rejects_a_broken_workflow(tmp_path: Path):
    """The schema check is not vacuous: a bad workflow fails it."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    stepz:\n"
        "      - run: echo hi\n",
        encoding="utf-8",
    )
    result = _run_schema(bad)
    assert result.returncode != 0, result.stdout + result.stderr


# ------------------------------------------------------- (b) the properties


#: The only jobs that may hold more than read access to the repository, and what they hold.
WRITERS = {
    ("deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("release.yml", "publish"): {"id-token": "write"},
    # Posts the preview on its pull request; never checks out or runs its code (test_preview_workflows.py).
    ("preview-comment.yml", "comment"): {"actions": "read", "pull-requests": "write"},
}
#: Jobs that read more than the repository: the public build reads Pages' settings (the live site's address).
READERS = {
    ("deploy.yml", "build"): {"contents": "read", "pages": "read"},
}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_job_asks_for_least_privilege(path: Path):
    """Nothing at the top; each job names its own permissions, and only two may write anything."""
    workflow = _load(path)
    assert workflow.get("permissions") == {}, f"{path.name}: top-level permissions must be {{}}"
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"{path.name}: job {name} declares no permissions"
        expected = WRITERS.get((path.name, name), READERS.get((path.name, name), {"contents": "read"}))
        assert permissions == expected, f"{path.name}: {name}: {permissions}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_workflow_uses_python_311(path: Path):
    for step in _uses(_load(path), "actions/setup-python"):
        assert str(step["with"]["python-version"]) == "3.11"


def test_validate_triggers(validate):
    on = _triggers(validate)
    assert "pull_request" in on
    paths = on["pull_request"]["paths"]
    for wanted in (
        "incidents/**",
        "status/**",
        "docs/**",
        "public-docs/**",
        "mkdocs*.yml",
        "overrides/**",
        "plugins/**",
        "pyproject.toml",
    ):
        assert wanted in paths, f"pull_request paths miss {wanted}"
    assert "main" in on["push"]["branches"]


def test_validate_installs_validates_and_builds_both_sites(validate):
    lines = _run_lines(validate)
    assert "python -m pip install --require-hashes -r requirements/dev.txt" in lines
    assert "python -m pip install --no-deps ." in lines
    assert "incidents validate" in lines
    assert "mkdocs build --strict" in lines
    assert any(
        re.fullmatch(
            r"mkdocs build (--strict -f mkdocs\.public\.yml|"
            r"-f mkdocs\.public\.yml --strict)",
            line,
        )
        for line in lines
    ), lines
    # Validation comes before the builds, so errors show up as annotations.
    assert lines.index("incidents validate") < lines.index("mkdocs build --strict")


def test_validate_caches_pip(validate):
    steps = _uses(validate, "actions/setup-python")
    assert steps and steps[0]["with"].get("cache") == "pip"
    assert _uses(validate, "actions/checkout")


def test_mkdocs_steps_silence_material_notice(validate, deploy, tests_workflow, release):
    for workflow in (validate, deploy, tests_workflow, release):
        assert _has_env_everywhere(workflow, "NO_MKDOCS_2_WARNING")


def test_deploy_triggers(deploy):
    on = _triggers(deploy)
    crons = [entry["cron"] for entry in on["schedule"]]
    assert "*/15 * * * *" in crons
    assert "workflow_dispatch" in on
    assert "main" in on["push"]["branches"]


def test_deploy_schedule_is_explained():
    text = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    before_cron = text[: text.index("*/15 * * * *")]
    assert "maintenance" in before_cron and "availability" in before_cron
    # What it costs on a private repository, and how to change it.
    assert "PRIVATE repository" in before_cron and "Actions minutes" in before_cron
    assert '"0 * * * *" is hourly' in before_cron and "workflow_dispatch" in before_cron


def test_deploy_never_cancels_a_running_deployment(deploy):
    concurrency = deploy["concurrency"]
    assert concurrency["group"] == "pages"
    assert concurrency["cancel-in-progress"] is False


def test_deploy_permissions(deploy):
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert _uses({"jobs": {"deploy": deploy["jobs"]["deploy"]}}, "actions/deploy-pages")


def test_deploy_publishes_the_public_build_to_pages(deploy):
    assert _uses(deploy, "actions/configure-pages")
    uploads = _uses(deploy, "actions/upload-pages-artifact")
    assert [step["with"]["path"] for step in uploads] == ["site-public"]
    assert _uses(deploy, "actions/deploy-pages")
    builds = [line for line in _run_lines(deploy) if line.startswith("mkdocs build")]
    # Only public configurations are built: the public site and, at /cy/ inside it, its Welsh build.
    assert builds == ["mkdocs build -f mkdocs.public.yml", "mkdocs build -f mkdocs.public.cy.yml"], builds
    assert "cp -r site-public-cy site-public/cy" in _run_lines(deploy)
    # The internal build is never deployed.
    assert not any(str(step.get("with", {}).get("path", "")).rstrip("/") == "site" for step in _steps(deploy))


def test_deploy_job_targets_the_pages_environment(deploy):
    jobs = [
        job
        for job in deploy["jobs"].values()
        if any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in job.get("steps", []))
    ]
    assert len(jobs) == 1
    env = jobs[0]["environment"]
    assert (env["name"] if isinstance(env, dict) else env) == "github-pages"


def test_tests_workflow_runs_the_suite(tests_workflow):
    on = _triggers(tests_workflow)
    assert "push" in on and "pull_request" in on
    assert "bash .ci/run" in _run_lines(tests_workflow)


def test_tests_workflow_runs_the_core_and_the_example_on_every_os(tests_workflow):
    job = tests_workflow["jobs"]["portable"]
    assert job["strategy"]["matrix"]["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    lines = _run_lines({"jobs": {"portable": job}})
    assert "incidents validate" in lines and "mkdocs build --strict" in lines
    assert "mkdocs build --strict -f mkdocs.public.yml" in lines
    tests = " ".join(line for line in _run_lines({"jobs": {"portable": job}}) if "pytest" in line or line.startswith("tests/"))
    for core in ("tests/test_loading.py", "tests/test_validation_rules.py", "tests/test_portable.py"):
        assert core in tests, core
    # Every test file it names exists, and none of them drives a browser.
    named = [
        ROOT / word for line in _run_lines({"jobs": {"portable": job}}) for word in line.split() if word.startswith("tests/")
    ]
    assert named and all(path.is_file() and "playwright" not in path.read_text(encoding="utf-8") for path in named)


def test_tests_workflow_compares_mkdocs_and_properdocs(tests_workflow):
    lines = _run_lines({"jobs": {"engines": tests_workflow["jobs"]["engines"]}})
    for config in ("", " -f mkdocs.public.yml"):
        assert any(line.startswith("mkdocs build --strict" + config + " -d out/mkdocs/") for line in lines), lines
    assert "properdocs build --strict -f mkdocs.yml -d out/properdocs/internal" in lines
    assert "properdocs build --strict -f mkdocs.public.yml -d out/properdocs/public" in lines
    assert "python tests/engines.py out/mkdocs/internal out/properdocs/internal" in lines
    assert "python tests/engines.py out/mkdocs/public out/properdocs/public" in lines


def test_bench_runs_on_every_pull_request_that_changes_the_plugin(bench):
    on = _triggers(bench)
    assert set(on) == {"pull_request"}
    assert "plugins/**" in on["pull_request"]["paths"]


def test_bench_writes_its_ratios_to_the_job_summary_and_only_warns(bench):
    lines = _run_lines(bench)
    # The locked versions, as every workflow installs them.
    assert "python -m pip install --require-hashes -r requirements/dev.txt" in lines
    run = next(line for line in lines if line.startswith("python bench/run.py"))
    assert "--sizes 200" in run and "--annotate" in run and "--out bench-results/bench.json" in run
    assert any("bench-results/bench.md" in line and '"$GITHUB_STEP_SUMMARY"' in line for line in lines)
    # A target not met is a warning: bench/run.py fails only when a build fails, and no step hides that.
    assert not any("continue-on-error" in step or "|| true" in str(step.get("run", "")) for step in _steps(bench))


def test_release_builds_tries_on_every_os_and_publishes_with_trusted_publishing(release):
    on = _triggers(release)
    assert on["push"]["tags"] == ["v*"]
    build_lines = _run_lines({"jobs": {"build": release["jobs"]["build"]}})
    assert "python -m build" in build_lines and "python -m twine check --strict dist/*" in build_lines
    try_job = release["jobs"]["try"]
    assert try_job["needs"] == "build"
    assert try_job["strategy"]["matrix"]["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    try_text = " ".join(_run_lines({"jobs": {"try": try_job}}))
    assert "-m venv" in try_text and "pip install dist/*.whl" in try_text
    assert "mkdocs build --strict -f mkdocs.public.yml" in try_text and "validate" in try_text
    publish = release["jobs"]["publish"]
    assert publish["needs"] == "try" and publish["permissions"] == {"id-token": "write"}
    publisher = [step["uses"] for step in publish["steps"] if "uses" in step][-1]
    assert publisher == f"pypa/gh-action-pypi-publish@{PINNED['pypa/gh-action-pypi-publish'][0]}"
    # No stored token: trusted publishing only.
    assert "password" not in str(publish) and "secrets." not in (WORKFLOWS / "release.yml").read_text(encoding="utf-8")


# ------------------------------------------------- (c) the supply chain


#: Every action the workflows use, pinned by the full commit of the release named in the comment
#: (each resolved from the action's own repository; Dependabot proposes updates of both).
PINNED = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/download-artifact": ("3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"),
    "pypa/gh-action-pypi-publish": ("81e9d935c883d0b210363ab89cf05f3894778450", "v1.8.14"),
    "actions/github-script": ("ed597411d8f924073f98dfc5c65a23a2325f34cd", "v8.0.0"),
}
#: zizmor's severities, lowest first; medium and above fail.
SEVERITIES = ("Unknown", "Informational", "Low", "Medium", "High")


def _zizmor() -> str:
    """The zizmor of this environment (it is in the lock, beside this Python)."""
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert found, "zizmor is not installed: install the lock (requirements/dev.txt)"
    return found


def test_zizmor_finds_nothing_of_medium_severity_or_above():
    """zizmor, offline, as an auditor (every audit on), over the workflows and Dependabot's configuration.

    No configuration file is read: a finding is ignored only inline, next to its reason.
    """
    result = subprocess.run(
        [_zizmor(), "--offline", "--no-config", "--persona", "auditor", "--format", "json", "--no-exit-codes",
         str(ROOT / ".github")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    serious = [
        f"{finding['ident']}: {finding['desc']} ({finding['locations'][0]['symbolic']['key']['Local']['verbatim_path']}:"
        f"{finding['locations'][0]['concrete']['location']['start_point']['row'] + 1})"
        for finding in findings
        if SEVERITIES.index(finding["determinations"]["severity"]) >= SEVERITIES.index("Medium")
    ]
    assert not serious, "\n".join(serious)


def test_zizmor_audits_every_workflow():
    """The audit above is not vacuous: an unpinned action with a secret in a script is found."""
    with tempfile.TemporaryDirectory() as folder:
        bad = Path(folder) / ".github" / "workflows" / "bad.yml"
        bad.parent.mkdir(parents=True)
        bad.write_text(
            "on: push\npermissions: {}\njobs:\n  bad:\n    runs-on: ubuntu-latest\n    permissions: {}\n"
            "    steps:\n      - uses: actions/checkout@v4\n      - run: echo ${{ github.event.head_commit.message }}\n",
            encoding="utf-8",
        )
        result = subprocess.run([_zizmor(), "--offline", "--no-config", "--format", "json", "--no-exit-codes", folder],
                                capture_output=True, text=True, timeout=120)
    idents = {finding["ident"] for finding in json.loads(result.stdout)}
    assert {"unpinned-uses", "artipacked", "template-injection"} <= idents, idents


def test_every_inline_zizmor_ignore_gives_its_reason():
    for path in [*WORKFLOW_FILES, ROOT / ".github" / "dependabot.yml"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "zizmor: ignore" in line:
                reason = line.split("zizmor: ignore", 1)[1].split("]", 1)[-1].strip(" :-—")
                assert len(reason) > 10, f"{path.name}:{number}: say why the finding is ignored"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_version(path: Path):
    uses = [line.split("uses:", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith(("uses:", "- uses:"))]
    assert uses, path.name
    for use in uses:
        action, _, rest = use.partition("@")
        commit, _, comment = rest.partition(" # ")
        assert action in PINNED, f"{path.name}: {action} is not one of the pinned actions"
        assert (commit, comment.strip()) == PINNED[action], f"{path.name}: {use}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials(path: Path):
    for step in _uses(_load(path), "actions/checkout"):
        assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: {step}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_secrets_reach_only_jobs_bound_to_an_environment(path: Path):
    for name, job in _load(path)["jobs"].items():
        if "secrets." in json.dumps(job):
            environment = job.get("environment")
            assert environment, f"{path.name}: {name} reads secrets without an environment"
            if "INCIDENTS_" in json.dumps(job):
                assert environment == "announcements", f"{path.name}: {name}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_expressions_reach_scripts_only_through_the_environment(path: Path):
    for step in _steps(_load(path)):
        assert "${{" not in str(step.get("run", "")), f"{path.name}: {step.get('name') or step['run']}"


def test_dependabot_updates_the_actions_weekly():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    [actions] = [update for update in config["updates"] if update["package-ecosystem"] == "github-actions"]
    assert actions["directory"] == "/" and actions["schedule"]["interval"] == "weekly"
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.dependabot",
         str(ROOT / ".github" / "dependabot.yml")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------- (d) the pre-commit hook


def test_pre_commit_hook():
    hooks = yaml.safe_load(PRE_COMMIT_HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    by_id = {hook["id"]: hook for hook in hooks}
    hook = by_id["incidents-validate"]
    assert hook["entry"] == "incidents validate"
    assert hook["name"]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("incidents/2026-03-05-payments.md", "status/services.yml"):
        assert files.search(path), path
    for path in ("README.md", "incidents/notes.txt", "status/services.yaml", "docs/incidents/x.md"):
        assert not files.search(path), path


# ------------------------------------------------- the pull-request template


def test_pull_request_template():
    text = PR_TEMPLATE.read_text(encoding="utf-8")
    for heading in ("What happened", "Which services", "Reviewers needed"):
        assert re.search(rf"^#+ {heading}\s*$", text, re.M), heading
    checklist = "\n".join(re.findall(r"^- \[ \] .*$", text, re.M)).lower()
    for item in (
        "incidents/",
        "incidents validate",
        "visibility",
        "plain english",
        "personal data",
        "secrets",
        "stage",
        "owner",
        "due date",
        "comms lead",
        "notifications",
        "p1/p2",
    ):
        assert item in checklist, item
