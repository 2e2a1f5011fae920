"""A second engine: ProperDocs builds both sites exactly as MkDocs does, and the public
configuration publishes nothing internal even when the incidents plugin does not run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from incident_reports.mkdocs_plugin.config import public_pages_problem

from conftest import build_env
from engines import differences

#: Words only the internal site's own pages (docs/) carry.
INTERNAL_WORDS = "It holds every incident report, maintenance and exercise"


def engine_build(site: Path, engine: str, config: str, out: Path, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """``<engine> build`` of ``site`` with ``config`` into ``out``, as a user runs it."""
    command = [sys.executable, "-m", engine, "build", "-f", config, "-d", str(out)] + (["--strict"] if strict else [])
    return subprocess.run(command, cwd=site, env=build_env(), capture_output=True, text=True, timeout=600)


def built_with(site: Path, engine: str, config: str, out: Path, strict: bool = True) -> Path:
    result = engine_build(site, engine, config, out, strict)
    assert result.returncode == 0, f"{engine} build -f {config} failed:\n{result.stderr[-4000:]}"
    return out


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.public.yml"])
def test_properdocs_builds_what_mkdocs_builds(site_copy: Path, tmp_path: Path, config: str) -> None:
    mkdocs_site = built_with(site_copy, "mkdocs", config, tmp_path / "mkdocs")
    properdocs_site = built_with(site_copy, "properdocs", config, tmp_path / "properdocs")
    assert len(list(mkdocs_site.rglob("*.html"))) > 20
    assert differences(mkdocs_site, properdocs_site) == []
    # The generator tag is what tells them apart; the comparison is not vacuous.
    assert "ProperDocs" in (properdocs_site / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" not in (mkdocs_site / "index.html").read_text(encoding="utf-8")


def test_the_comparison_finds_a_changed_page(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name / "page").mkdir(parents=True)
        (tmp_path / name / "page" / "index.html").write_text(
            f'<meta name="generator" content="{name}-1.0"><p>{"same" if name == "a" else "other"}</p>', encoding="utf-8",
        )
    (tmp_path / "a" / "extra.json").write_text("{}", encoding="utf-8")
    assert differences(tmp_path / "a", tmp_path / "b") == [f"only in {tmp_path / 'a'}: extra.json", "differs: page/index.html"]


def _published_text(folder: Path) -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in folder.rglob("*.html"))


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_public_configuration_publishes_nothing_internal_without_the_plugin(site_copy: Path, tmp_path: Path, engine: str) -> None:
    config = site_copy / "mkdocs.public.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("    audience: public", "    audience: public\n    enabled: false"),
        encoding="utf-8",
    )
    # Not strict: without the plugin the nav names status and history pages that nobody makes.
    out = built_with(site_copy, engine, "mkdocs.public.yml", tmp_path / "out", strict=False)
    pages = sorted(page.relative_to(out).as_posix() for page in out.rglob("*.html"))
    # The public pages folder holds only its own pages (the home page is the status page the plugin makes).
    assert pages == ["404.html", "accessibility/index.html"]
    text = _published_text(out)
    assert INTERNAL_WORDS not in text and "Insights" not in text
    assert not (out / "incidents").exists() and not (out / "actions").exists()
    # No link to the repository, nor a page to edit, for an engine to publish.
    assert "md-source" not in text and "/edit/" not in text
    statement = (site_copy / "public-docs" / "accessibility.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert statement in (out / "accessibility" / "index.html").read_text(encoding="utf-8")


def test_the_example_internal_build_shows_its_repository_and_the_public_build_does_not(site_copy: Path, tmp_path: Path) -> None:
    internal = _published_text(built_with(site_copy, "mkdocs", "mkdocs.yml", tmp_path / "internal"))
    public = _published_text(built_with(site_copy, "mkdocs", "mkdocs.public.yml", tmp_path / "public"))
    assert 'class="md-source"' in internal and "github.com/department-for-rivers" in internal
    assert "md-source" not in public and "github.com" not in public
    assert INTERNAL_WORDS in internal and INTERNAL_WORDS not in public


@pytest.mark.parametrize(
    ("docs_dir", "message"),
    [
        ("", "docs_dir: the public configuration must name its own pages folder; write docs_dir: public-docs"),
        ("docs_dir: ./docs/\n", "docs_dir: './docs/' is also the pages folder of mkdocs.yml"),
    ],
    ids=["inherited", "the internal one"],
)
def test_a_public_configuration_without_a_pages_folder_of_its_own_is_refused(
    site_copy: Path,
    tmp_path: Path,
    docs_dir: str,
    message: str,
) -> None:
    config = site_copy / "mkdocs.public.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: public-docs\n", docs_dir), encoding="utf-8")
    result = engine_build(site_copy, "mkdocs", "mkdocs.public.yml", tmp_path / "out")
    assert result.returncode != 0
    assert f"mkdocs.public.yml: {message}" in result.stderr
    assert not (tmp_path / "out").exists()


def test_public_docs_dir_still_works_with_a_warning(site_copy: Path, tmp_path: Path) -> None:
    config = site_copy / "mkdocs.public.yml"
    old_style = config.read_text(encoding="utf-8").replace("docs_dir: public-docs\n", "")
    config.write_text(
        old_style.replace("    audience: public", "    audience: public\n    public_docs_dir: public-docs"), encoding="utf-8"
    )
    assert engine_build(site_copy, "mkdocs", "mkdocs.public.yml", tmp_path / "strict").returncode != 0
    result = engine_build(site_copy, "mkdocs", "mkdocs.public.yml", tmp_path / "out", strict=False)
    assert result.returncode == 0, result.stderr
    assert (
        "'public_docs_dir' is deprecated: write the public pages folder as the public configuration's own docs_dir"
        in result.stderr
    )
    text = _published_text(tmp_path / "out")
    assert INTERNAL_WORDS not in text
    assert (tmp_path / "out" / "accessibility" / "index.html").is_file() and (
        tmp_path / "out" / "status" / "index.html"
    ).is_file()


def test_a_public_configuration_with_tags_mkdocs_resolves_later_names_its_pages_folder(tmp_path: Path) -> None:
    """MkDocs' own tags (``!relative``, ``!ENV``) do not hide a public configuration's docs_dir."""
    (tmp_path / "mkdocs.yml").write_text("site_name: S\n", encoding="utf-8")
    public = tmp_path / "mkdocs.public.yml"
    public.write_text(
        "INHERIT: mkdocs.yml\ndocs_dir: public-docs\nsite_dir: !ENV [OUT, site-public]\n"
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir\n"
        "plugins:\n  incidents:\n    audience: public\n",
        encoding="utf-8",
    )
    assert public_pages_problem(str(public)) is None


def test_a_public_configuration_may_share_the_pages_folder_of_the_public_one_it_inherits(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: S\n", encoding="utf-8")
    (tmp_path / "mkdocs.public.yml").write_text(
        "INHERIT: mkdocs.yml\ndocs_dir: public-docs\nplugins:\n  incidents:\n    audience: public\n",
        encoding="utf-8",
    )
    welsh = tmp_path / "mkdocs.public.cy.yml"
    welsh.write_text("INHERIT: mkdocs.public.yml\ndocs_dir: public-docs\ntheme:\n  language: cy\n", encoding="utf-8")
    assert public_pages_problem(str(welsh)) is None
    internal_pages = tmp_path / "mkdocs.public.bad.yml"
    internal_pages.write_text("INHERIT: mkdocs.public.yml\ndocs_dir: docs\n", encoding="utf-8")
    assert "is also the pages folder of mkdocs.yml" in (public_pages_problem(str(internal_pages)) or "")
