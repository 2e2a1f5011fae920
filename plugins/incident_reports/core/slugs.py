"""URL segments and ids made from free text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: Longest slug in bytes: folder names stay well within file system limits.
SLUG_LENGTH = 60


def slugify(text: str, fallback: str = "value") -> str:
    """``Zoë O'Neill: on call`` -> ``zoe-o-neill-on-call``: ASCII letters, digits and hyphens.

    Text with no Latin letters or digits gets ``<fallback>-<digest>``; a long slug is cut
    and ends with a digest of the whole text, so two long values still get two slugs.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    if not slug:
        return f"{fallback}-{digest}"
    if len(slug) > SLUG_LENGTH:
        slug = f"{slug[: SLUG_LENGTH - 9].rstrip('-')}-{digest}"
    return slug
