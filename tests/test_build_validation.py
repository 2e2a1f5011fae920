"""The build enforces validation: invalid reports fail it, warnings fail only --strict, time alone never does."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE_EPOCH, run_build
from reports import line_of


@pytest.mark.parametrize("strict", [False, True])
def test_an_invalid_report_fails_the_build_with_the_validator_message(site_copy, strict):
    path = site_copy / "incidents" / "2026-11-26-card-payments-failing.md"
    text = path.read_text(encoding="utf-8").replace("severity: P2", "severity: P7", 1)
    path.write_text(text, encoding="utf-8")
    (site_copy / "incidents" / "2026-11-27-empty.md").write_text("", encoding="utf-8")
    result = run_build(site_copy, strict=strict)
    assert result.returncode == 1
    line = line_of(text, "severity: P7")
    assert f"incidents/2026-11-26-card-payments-failing.md:{line}: severity: 'P7' is not one of P1, P2, P3, P4" in result.stderr
    assert "incidents/2026-11-27-empty.md:1: the file is empty" in result.stderr
    assert "incident reports have 2 problems" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_warning_fails_only_strict_builds(site_copy):
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("Senior Information Risk Owner", "Chief Executive"))
    relaxed = run_build(site_copy, strict=False)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "the notification policy says Chief Executive must be told" in relaxed.stderr
    assert run_build(site_copy, strict=True).returncode == 1


def test_the_passing_of_time_never_breaks_a_build(site_copy):
    # Five years on, every open action is long overdue and every window is past: still a clean strict build.
    result = run_build(site_copy, epoch=EXAMPLE_EPOCH + 5 * 365 * 24 * 3600, strict=True)
    assert result.returncode == 0, result.stderr


def test_the_published_json_schema_comes_from_the_model_and_accepts_every_example(internal_build, public_build):
    import frontmatter
    import jsonschema

    from conftest import REPO

    schema = json.loads((internal_build / "schema/incident-report.schema.json").read_text())
    assert (public_build / "schema/incident-report.schema.json").read_bytes() == (
        internal_build / "schema/incident-report.schema.json").read_bytes()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert set(schema["required"]) == {"title", "visibility"}
    assert schema["properties"]["severity"]["anyOf"][0]["enum"] == ["P1", "P2", "P3", "P4"]
    for path in sorted((REPO / "incidents").glob("*.md")):
        # YAML's own timestamp reading is what the schema's users get: compare as text.
        metadata = frontmatter.load(path).metadata
        data = json.loads(json.dumps(metadata, default=lambda v: v.isoformat().replace("+00:00", "Z")))
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{path.name}: {errors[0].message}"
    broken = {"title": "x", "visibility": "public", "services": ["payments"], "sumary": "typo"}
    assert any("sumary" in e.message for e in validator.iter_errors(broken))
