"""The Jinja environment pages are rendered with: a site's overrides first, then the package's templates."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from .i18n import Language
from .icons import ICONS, STATUS_ICONS
from .markdown_text import MarkdownText
from .times import datetime_attribute, duration
from .words import category_words, detected_by_words, stage_words, status_words

#: The package's own templates (a site's overrides come first).
PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def templates_stamp(overrides_dir: str | None) -> tuple[tuple[str, int, int], ...]:
    """Every template file with its modification time and size: a new stamp means a template changed."""
    folders = [Path(overrides_dir)] if overrides_dir else []
    files = sorted(
        path for folder in [*folders, PACKAGE_TEMPLATES] if folder.is_dir() for path in folder.rglob("*") if path.is_file()
    )
    return tuple((str(path), stat.st_mtime_ns, stat.st_size) for path in files for stat in [path.stat()])


def template_environment(overrides_dir: str | None, public: bool, language: Language, markdown: MarkdownText) -> Environment:
    """The Jinja environment of one build: a site's ``overrides/incidents/`` first, then the package's templates.

    Templates mark their words with ``{% trans %}`` and ``_()``; the language's
    catalogue is installed here, so two languages are two environments.
    """
    loaders: list[BaseLoader] = [FileSystemLoader(overrides_dir)] if overrides_dir and Path(overrides_dir).is_dir() else []
    loaders.append(PackageLoader("incident_reports", "templates"))
    # Templates are not checked on disk at every use (thousands of pages each include several);
    # ``mkdocs serve`` makes a new environment when a template changed (``templates_stamp``).
    env = Environment(
        loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(language.catalogue, newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
    env.filters.update(
        markdown=partial(markdown.html, public=public), status_label=partial(status_words, language=language),
        duration=partial(duration, language=language), number=language.number,
        message=partial(markdown.message_html, public=public), datetime_attribute=datetime_attribute,
    )
    env.globals.update(
        STATUS_ICONS=STATUS_ICONS, ICONS=ICONS, lang=language.code, stage_label=partial(stage_words, language=language),
        category_label=partial(category_words, language=language),
        detected_by_label=partial(detected_by_words, language=language),
    )
    return env
