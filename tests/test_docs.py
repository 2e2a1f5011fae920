"""The documentation a team reads: a short README and the handbook inside the internal site.

The handbook is checked against the code it describes: every field of the published JSON
Schema has an entry in the format reference, every example report validates, every plugin
option has a heading, every link leads somewhere, and none of it reaches the public build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from incident_reports.cli.main import parser
from incident_reports.core.settings import Settings
from incident_reports.mkdocs_plugin.config import IncidentsConfig
from incident_reports.views.json_schema import report_schema

from conftest import REPO, copy_site, run_cli

HANDBOOK = REPO / "docs" / "handbook"
README = REPO / "README.md"
DOC_PAGES = sorted((REPO / "docs").rglob("*.md"))
#: ``[text](target)`` and ``![alt](target)``, and reference definitions ``[name]: target``.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
FENCE = re.compile(r"^([ \t]*)```(\w*)[^\n]*\n(.*?)^\1```", re.MULTILINE | re.DOTALL)


def _links(text: str) -> list[str]:
    # Links inside code and comments are examples, not links.
    prose = FENCE.sub("", re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL))
    prose = re.sub(r"`[^`\n]*`", "", prose)
    return [first or second for first, second in LINK.findall(prose)]


def _yaml_blocks(text: str) -> list[str]:
    return [body for _, lang, body in FENCE.findall(text) if lang == "yaml"]


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; keep it at most 200 and move the rest into docs/handbook/"


@pytest.mark.parametrize("page", [README, *DOC_PAGES], ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_link_resolves_inside_the_repository_or_is_an_external_url(page: Path, internal_build: Path):
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in _links(text):
        parts = urlsplit(target)
        if parts.scheme in ("http", "https"):
            assert parts.netloc, f"{page.name}: '{target}' is not a whole URL"
            continue
        if parts.scheme == "mailto":
            continue
        assert not parts.scheme, (
            f"{page.name}: '{target}' uses {parts.scheme}:, not a repository path, an http(s) URL or an address"
        )
        if not parts.path:
            continue  # a link to a heading of the same page
        resolved = (page.parent / unquote(parts.path)).resolve()
        assert resolved.is_relative_to(REPO), f"{page.name}: '{target}' points outside the repository"
        if resolved.exists():
            continue
        # A page of docs/ may link a page the plugin generates (status/, incidents/ ...).
        docs = REPO / "docs"
        if resolved.is_relative_to(docs) and resolved.suffix == ".md":
            built = internal_build / resolved.relative_to(docs).with_suffix("")
            if (built.parent / "index.html").exists() if built.name == "index" else (built / "index.html").exists():
                continue
        broken.append(target)
    assert not broken, f"{page.relative_to(REPO)}: links that lead nowhere: {broken}"


def test_no_page_cites_the_developers_contract():
    for page in [README, *DOC_PAGES, REPO / "CHANGELOG.md"]:
        text = page.read_text(encoding="utf-8")
        assert "SPEC" not in text, f"{page.relative_to(REPO)} cites the spec; cite the handbook page instead"


def _schema_names(schema: dict, prefix: str = "") -> set[str]:
    """Every property of the schema, nested ones as ``parent[].child`` (lists) or ``parent.child`` (maps)."""
    definitions = schema.get("$defs", {})

    def resolve(node: dict) -> list[dict]:
        if "$ref" in node:
            return [definitions[node["$ref"].rsplit("/", 1)[-1]]]
        found = []
        for key in ("anyOf", "oneOf", "allOf"):
            for option in node.get(key, []):
                found += resolve(option)
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            found += [dict(item, _list=True) for item in resolve(node["items"])]
        if "properties" in node:
            found.append(node)
        return found

    names: set[str] = set()
    for name, node in schema.get("properties", {}).items():
        full = f"{prefix}{name}"
        names.add(full)
        for part in resolve(node):
            if "properties" in part:
                names |= _schema_names(
                    {"properties": part["properties"], "$defs": definitions}, f"{full}[]." if part.get("_list") else f"{full}."
                )
    return names


def test_the_format_reference_has_an_entry_for_every_field_of_the_json_schema():
    reference = (HANDBOOK / "report-format.md").read_text(encoding="utf-8")
    names = _schema_names(report_schema(Settings()))
    assert {"title", "updates[].message", "actions[].owner", "review.attendees"} <= names
    missing = sorted(name for name in names if f"`{name}`" not in reference)
    assert not missing, f"docs/handbook/report-format.md has no entry for: {missing}"


def test_every_example_report_in_the_handbook_validates(tmp_path: Path):
    """Fenced yaml blocks that start with --- are whole reports; the others are fragments."""
    site = copy_site(tmp_path / "site")
    examples = {}
    for page in sorted(HANDBOOK.glob("*.md")):
        for number, block in enumerate(_yaml_blocks(page.read_text(encoding="utf-8")), start=1):
            if block.startswith("---\n"):
                name = f"handbook-{page.stem}-{number}"
                (site / "incidents" / f"{name}.md").write_text(block, encoding="utf-8")
                examples[name] = page.name
    assert len(examples) >= 6, f"only {len(examples)} example reports found in the handbook"
    result = run_cli(site, "validate", *(f"incidents/{name}.md" for name in examples))
    assert result.returncode == 0, f"an example report in the handbook does not validate:\n{result.stdout}{result.stderr}"


def test_every_plugin_option_has_a_heading_with_its_default():
    options = (HANDBOOK / "options.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#{2,3} `([a-z_]+)`", options, re.MULTILINE))
    missing = sorted({key for key, _ in IncidentsConfig._schema} - headings)
    assert not missing, f"docs/handbook/options.md has no heading for: {missing}"
    for section in re.split(r"^#{2,3} `", options, flags=re.MULTILINE)[1:]:
        name = section.split("`", 1)[0]
        assert "**Default:**" in section, f"options.md: `{name}` does not say its default"


def test_the_changelog_has_one_section_per_version_and_no_relative_links():
    """CHANGELOG.md is read in the repository and included in the handbook's changelog page,
    where a relative link would lead elsewhere (or break the --strict build): it names pages in words."""
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    relative = [target for target in _links(text) if not urlsplit(target).scheme and not target.startswith("#")]
    assert not relative, (
        f"CHANGELOG.md has relative links, which break in the handbook's copy: {relative}; name the page in words"
    )
    versions = re.findall(r"^## (.+?)\s*$", text, re.MULTILINE)
    assert versions and versions[0].startswith("0.2.0"), f"CHANGELOG.md: the newest version comes first: {versions}"
    numbers = [heading.split()[0] for heading in versions]
    repeated = sorted({number for number in numbers if numbers.count(number) > 1})
    assert not repeated, f"CHANGELOG.md has more than one section for {repeated}; fold them into one, with a ### per topic"
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", number) for number in numbers), (
        f"CHANGELOG.md: every ## names a version: {versions}"
    )


def test_the_help_texts_are_plain_text():
    main = parser()
    commands = next(a for a in main._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, command in commands.choices.items():
        text = command.format_help()
        assert "``" not in text and ":ref:" not in text and ":func:" not in text, f"incidents {name} --help has markup:\n{text}"


def test_the_public_build_holds_nothing_of_the_handbook(public_build: Path):
    assert not (public_build / "handbook").exists(), "the public build published docs/handbook/"
    assert not (public_build / "images").exists(), "the public build published docs/images/"
    index = json.loads((public_build / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {
        line[2:].strip()
        for page in HANDBOOK.glob("*.md")
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("# ")
    }
    for doc in index["docs"]:
        assert not doc["location"].startswith(("handbook/", "images/")), f"the public search index lists {doc['location']}"
        assert doc["title"] not in titles, f"the public search index holds the handbook page '{doc['title']}'"
        # A sentence of the handbook's own, which no report or generated page holds.
        assert "How to run incident reports and the public status page from this repository" not in doc["text"]
    for path in public_build.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "handbook/" not in text, f"{path.relative_to(public_build)} links into the handbook"


def test_the_internal_build_has_the_handbook_in_its_navigation(internal_build: Path):
    home = (internal_build / "index.html").read_text(encoding="utf-8")
    assert 'href="handbook/' in home
    for page in HANDBOOK.glob("*.md"):
        assert (internal_build / "handbook" / page.stem / "index.html").exists() or page.stem == "index"
    changelog = (internal_build / "handbook" / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "0.2.0" in changelog, "the changelog page does not include CHANGELOG.md"


def test_show_prints_the_whole_report(tmp_path: Path):
    site = copy_site(tmp_path / "site")
    result = run_cli(site, "show", "2026-01-20-licence-check-api-errors", env=None)
    assert result.returncode == 0, result.stderr
    for part in (
        "User impact",
        "Trigger",
        "Root cause",
        "Resolution",
        "Contributing factors",
        "Notified",
        "Review",
        "Tags",
        "Extra",
        "Body",
        "Timeline",
        "Actions",
        "Users affected",
        "Detected by",
        "Head of Digital Operations",
        "Certificate renewal ran on two of the three servers",
    ):
        assert part in result.stdout, f"incidents show leaves out {part!r}:\n{result.stdout}"
