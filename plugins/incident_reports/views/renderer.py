"""What one build renders with: its language, its Jinja environment and its Markdown converters, made once.

The plugin makes a ``Renderer`` when a build starts and carries it on the ``SiteContext``; under
``mkdocs serve`` it keeps the renderer between rebuilds until a template or the language changes,
and hands every build the same ``KeptRenderings``. Nothing is kept at module level.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import Markup

from ..core.settings import Settings
from .i18n import Language
from .kept import KeptRenderings, kept_or_made
from .markdown_text import MarkdownText
from .templates import template_environment
from .times import local_date, local_time

# The context carries the renderer: only for type hints here.
if TYPE_CHECKING:
    from .context import Audience, SiteContext

T = TypeVar("T")


class Renderer:
    """The templates, Markdown and words of one audience's build in the site's language."""

    def __init__(self, settings: Settings, audience: Audience, kept: KeptRenderings | None = None) -> None:
        self.audience: Audience = audience
        self.public = audience == "public"
        self.language = Language.load(settings.language, settings.locale)
        #: Under ``mkdocs serve``, what this build and the last rendered; None in a one-off build.
        self.kept = kept
        self.markdown = MarkdownText(kept)
        self.templates_dir = settings.templates_dir or None
        self.environment = template_environment(self.templates_dir, self.public, self.language, self.markdown)
        #: What every page of the build shows alike, made the first time a page asks for it.
        self._shared: dict[Hashable, Any] = {}

    def suits(self, settings: Settings, audience: Audience) -> bool:
        """Whether this renderer renders a build with ``settings`` for ``audience`` as a new one would (templates aside)."""
        wanted = (audience, settings.templates_dir or None, settings.language, settings.locale)
        return wanted == (self.audience, self.templates_dir, self.language.code, self.language.locale)

    def render(self, ctx: SiteContext, template: str, **values: Any) -> str:
        """Render a package template (or its override) with the context and helpers available."""
        return self.environment.get_template(template).render(
            ctx=ctx, local_time=lambda m: local_time(ctx, m), local_date=lambda d: local_date(ctx, d), **values
        )

    def markdown_html(self, text: str | None) -> Markup:
        """A Markdown field as sanitised HTML for this build's audience."""
        return self.markdown.html(text, self.public)

    def message_text(self, text: str | None) -> str:
        """An update message as plain text."""
        return self.markdown.message_text(text)

    def made_once(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()`` the first time ``key`` is asked for, for what depends only on this renderer's language and
        templates (a renderer kept by ``mkdocs serve`` is made again when either changes)."""
        if key not in self._shared:
            self._shared[key] = make()
        found: T = self._shared[key]
        return found

    @property
    def keeps(self) -> bool:
        """Whether what this build renders is kept for the next (``mkdocs serve``): a key worth making."""
        return self.kept is not None

    def kept_or_made(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``; under ``mkdocs serve``, what it made for ``key`` in this build or the last if any."""
        return kept_or_made(self.kept, key, make)

    def kept_for(self, held: object, key: Hashable, make: Callable[[], T]) -> T:
        """``kept_or_made`` of what is made from ``held`` (a report or record that serve reuses while it is
        unchanged, see ``ReportCache``), keyed by ``held`` itself and ``key``: ``held`` is kept with what
        was made, so that no other object can take its ``id`` while the key names it."""
        _, made = self.kept_or_made((id(held), key), lambda: (held, make()))
        return made
