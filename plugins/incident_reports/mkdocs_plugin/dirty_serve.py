"""What ``mkdocs serve`` keeps from one rebuild to the next beyond reports and renderings: the theme's
compiled templates, and (with ``--dirty``) the build's "now"."""

from __future__ import annotations

import logging
from datetime import datetime

from jinja2.bccache import Bucket, BytecodeCache

log = logging.getLogger("mkdocs.plugins.incidents")


class CompiledTemplates(BytecodeCache):
    """The theme's templates as compiled by the last build, in memory (Jinja checks each against its source)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def held_now(held: datetime | None, now: datetime) -> datetime:
    """The "now" of a ``serve --dirty`` rebuild: the session's first, said once.

    Every report page, feed and API file shows the build's time, so a rebuild at a later
    time would change (and write again) every one of them, not only the edited report's.
    """
    if held is None:
        log.info(f"serve --dirty: the site shows times as of {now:%Y-%m-%d %H:%M:%S} UTC, when serve started, so "
                 "that a rebuild writes only what an edit changed; restart serve (or serve without --dirty) "
                 "to show them as of a later time")
        return now
    return held
