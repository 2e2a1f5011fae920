"""URL segments and ids made from free text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from slugify import slugify as transliterated

#: Longest slug in bytes: folder names stay well within file system limits.
SLUG_LENGTH = 60


def slugify(text: str, fallback: str = "value") -> str:
    """``Zoë O'Neill: on call`` -> ``zoe-o-neill-on-call``: ASCII letters, digits and hyphens.

    Letters of any script are written in Latin letters (``Łódź`` -> ``lodz``, ``Straße`` ->
    ``strasse``, ``李雷`` -> ``li-lei``). Text with no letters or digits at all gets
    ``<fallback>-<digest>``; a long slug is cut and ends with a digest of the whole text,
    so two long values still get two slugs.
    """
    return _bounded(transliterated(text), text, fallback)


def former_slug(text: str, fallback: str = "value") -> str:
    """The slug versions before 0.2.0 made, which dropped letters outside ASCII (``Łódź`` -> ``odz``).

    Kept only to redirect the addresses those versions published to the new ones.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _bounded(re.sub(r"[^a-z0-9]+", "-", folded).strip("-"), text, fallback)


def _bounded(slug: str, text: str, fallback: str) -> str:
    """``slug`` within ``SLUG_LENGTH``, or the fallback with a digest of ``text`` when it is empty."""
    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    if not slug:
        return f"{fallback}-{digest}"
    if len(slug) > SLUG_LENGTH:
        slug = f"{slug[: SLUG_LENGTH - 9].rstrip('-')}-{digest}"
    return slug
