"""Building into a staging folder, put in place of the site folder only once the build has succeeded.

MkDocs empties the site folder before it writes the new site, and a build can
still fail after that: a bug, a full disk, a ``--strict`` abort (which MkDocs
raises after every ``on_post_build``). The site folder of the last good build
is what a deploy publishes, so a failed build must leave it as it was.

The build writes into a sibling folder (``.site.building`` beside ``site``).
After every plugin's last step, unless ``--strict`` has counted warnings (then
MkDocs is about to abort), the previous folder is moved aside, the staging folder
renamed into its place, and the previous one removed. A failed or interrupted
build removes its staging folder and touches nothing else.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

#: The loggers MkDocs (and ProperDocs, which continues it) count ``--strict`` warnings on.
_COUNTED_LOGGERS = ("mkdocs", "properdocs")


def strict_abort_coming(config: MkDocsConfig) -> bool:
    """Whether ``--strict`` has counted warnings, so that the build will abort once the last step is done.

    MkDocs counts them with a handler on its logger and checks the count after ``on_post_build``.
    """
    if not config.strict:
        return False
    for name in _COUNTED_LOGGERS:
        for handler in logging.getLogger(name).handlers:
            counts = getattr(handler, "get_counts", None)
            if counts is not None and counts():
                return True
    return False


@dataclass
class Staging:
    """One build's staging folder and the site folder it will replace."""

    site_dir: Path
    staging_dir: Path
    succeeded: bool = False

    @classmethod
    def beside(cls, site_dir: str) -> Staging:
        """A clean staging folder beside ``site_dir`` (one a killed build left behind is removed).

        A site folder that is a link (``site -> /var/www/status``) is swapped where it leads, so the link stays.
        """
        final = Path(site_dir)
        if final.is_symlink():
            final = final.resolve()
        staging = final.with_name(f".{final.name}.building")
        shutil.rmtree(staging, ignore_errors=True)
        return cls(final, staging)

    def finish(self) -> None:
        """Put the staging folder in place of the site folder if the build succeeded; else drop it."""
        if not self.succeeded:
            shutil.rmtree(self.staging_dir, ignore_errors=True)
            return
        previous = self.site_dir.with_name(f".{self.site_dir.name}.previous")
        shutil.rmtree(previous, ignore_errors=True)
        try:
            if self.site_dir.exists():
                os.replace(self.site_dir, previous)
            os.replace(self.staging_dir, self.site_dir)
        except OSError:
            # The site folder cannot be renamed (a mount point, say): its contents are replaced instead.
            if previous.exists() and not self.site_dir.exists():
                os.replace(previous, self.site_dir)
            replace_contents(self.site_dir, self.staging_dir)
        shutil.rmtree(previous, ignore_errors=True)


def replace_contents(site_dir: Path, staging_dir: Path) -> None:
    """The new build's files copied over the site folder's, then what it no longer has removed.

    Copying first means that a copy failing half-way (a full disk) leaves a whole file, old or
    new, at every address: never an emptied site folder.
    """
    site_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(staging_dir, site_dir, dirs_exist_ok=True)
    for current, folders, files in os.walk(site_dir, topdown=False):
        kept = staging_dir / Path(current).relative_to(site_dir)
        for name in files + folders:
            if os.path.lexists(kept / name):
                continue
            entry = Path(current) / name
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    shutil.rmtree(staging_dir, ignore_errors=True)
