"""Building into a staging folder, put in place of the site folder only once the build has succeeded.

MkDocs empties the site folder before it writes the new site, and a build can
still fail after that: a bug, a full disk, a ``--strict`` abort (which MkDocs
raises after every ``on_post_build``). The site folder of the last good build
is what a deploy publishes, so a failed build must leave it as it was.

The build writes into a sibling folder (``.site.building`` beside ``site``).
After every plugin's last step, unless ``--strict`` has counted warnings (then
MkDocs is about to abort), the site folder is renamed aside (``.site.previous``),
the staging folder renamed into its place, and the previous one removed. A failed
or interrupted build removes its staging folder and touches nothing else.

Staging owns its paths, and trusts nothing else found there: a pull request can
carry a link at ``.site.building`` (which MkDocs would follow and empty), and a
repository can track the site folder itself (``site -> ..``). So before anything
is written or removed:

- the staging and previous paths must be absent, or folders this plugin made
  (they hold ``MARKER``): a link, a file or a folder without it stops the build;
- the site folder must be absent or a folder, or a link leading to one inside the
  repository, not tracked by git, and not a mount point (which cannot be renamed).

The swap is renames only, never a copy over the live files: a copy cut short (a full
disk) would leave a site half old, half new. Where renaming fails, the old site is
put back and the build stops, saying what to do.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

#: The loggers MkDocs (and ProperDocs, which continues it) count ``--strict`` warnings on.
_COUNTED_LOGGERS = ("mkdocs", "properdocs")
#: The file inside each staging and previous folder that says this plugin made it (MkDocs keeps dotfiles).
MARKER = ".incidents-staging"
_MARKER_TEXT = "Made by the incidents plugin while it builds the site; safe to delete when no build is running.\n"
#: How long asking git whether the site folder is tracked may take.
_GIT_TIMEOUT = 10


class StagingError(Exception):
    """The site folder cannot be built into or swapped safely; the message says why and what to do."""


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
    """One build's staging folder, and the site folder it will replace."""

    site_dir: Path
    staging_dir: Path
    previous_dir: Path
    succeeded: bool = False

    @classmethod
    def beside(cls, site_dir: str, root: Path) -> Staging:
        """A new, marked staging folder beside ``site_dir``; StagingError when any of its paths is not safe to use.

        A site folder that is a link inside the repository (``site -> build/site``) is swapped
        where it leads, so the link stays. A staging or previous folder a killed build left
        behind is removed.
        """
        final = checked_site_dir(Path(site_dir), root)
        staging = final.with_name(f".{final.name}.building")
        previous = final.with_name(f".{final.name}.previous")
        for path in (staging, previous):
            check_own(path, final)
        try:
            for path in (staging, previous):
                remove_own(path)
            staging.mkdir(parents=True)
            (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        except OSError as exc:
            raise StagingError(f"{staging}: the staging folder cannot be made ({exc.strerror or type(exc).__name__}); "
                               "the site folder was not touched") from None
        return cls(final, staging, previous)

    def finish(self) -> None:
        """Rename the staging folder into the site folder's place if the build succeeded; else drop it.

        StagingError, with the site folder as it was, when a rename fails.
        """
        if not self.succeeded:
            remove_own(self.staging_dir)
            return
        # Never published: the finished site is exactly what MkDocs wrote.
        (self.staging_dir / MARKER).unlink()
        had_site = self.site_dir.exists()
        try:
            if had_site:
                os.replace(self.site_dir, self.previous_dir)
        except OSError as exc:
            shutil.rmtree(self.staging_dir, ignore_errors=True)
            raise StagingError(cannot_rename(self.site_dir, exc)) from None
        try:
            os.replace(self.staging_dir, self.site_dir)
        except OSError as exc:
            shutil.rmtree(self.staging_dir, ignore_errors=True)
            raise StagingError(self._put_back(exc)) from None
        if had_site:
            self._drop_previous()

    def _put_back(self, failure: OSError) -> str:
        """Rename the previous site back into its place after the new one could not go there; what to say."""
        message = cannot_rename(self.staging_dir, failure)
        if not self.previous_dir.exists():
            return message
        try:
            os.replace(self.previous_dir, self.site_dir)
        except OSError:
            return f"{message} The previous site is in {self.previous_dir}: rename it back to {self.site_dir.name}."
        return message

    def _drop_previous(self) -> None:
        """Remove the previous site, marked first: a removal cut short is then the plugin's own, finished by the next build."""
        try:
            (self.previous_dir / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
            remove_own(self.previous_dir)
        except OSError as exc:
            raise StagingError(f"{self.previous_dir}: the new site is in place, but the previous one could not be "
                               f"removed ({exc.strerror or type(exc).__name__}); delete it") from None


def checked_site_dir(site_dir: Path, root: Path) -> Path:
    """Where the site goes: ``site_dir``, or where it leads when it is a link inside the repository.

    StagingError for a file, a link out of the repository or to something not a folder,
    a path git tracks, or a mount point.
    """
    if tracked_by_git(site_dir, root):
        raise StagingError(f"{site_dir}: the site folder is tracked by git, so a build would replace files of the "
                           "repository (or follow a link someone committed there); set site_dir to a folder git "
                           "ignores, and remove the tracked one (git rm -r --cached)")
    final = site_dir
    if site_dir.is_symlink():
        final = site_dir.resolve()
        if not final.is_relative_to(root.resolve()):
            raise StagingError(f"{site_dir}: the site folder is a link leading out of the repository (to {final}); "
                               f"to build there, set site_dir to that folder itself (site_dir: {final})")
    if final.exists() and not final.is_dir():
        raise StagingError(f"{final}: the site folder is a file, not a folder; delete it or set site_dir to a folder")
    if final.exists() and os.path.ismount(final):
        raise StagingError(f"{final}: the site folder is a mount point, which cannot be renamed, and the build only "
                           "ever renames (a copy over the live files, cut short, would leave a broken site): set "
                           f"site_dir to a folder inside it (site_dir: {final / 'site'}) and serve that, or build "
                           "elsewhere and copy the finished site into it yourself (rsync -a --delete)")
    return final


def check_own(path: Path, site_dir: Path) -> None:
    """StagingError unless ``path`` is absent or a plain folder this plugin made (it holds ``MARKER``)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    marker = path / MARKER
    if stat.S_ISDIR(info.st_mode) and marker.is_file() and not marker.is_symlink():
        return
    what = "a link" if stat.S_ISLNK(info.st_mode) else "a folder this plugin did not make" if stat.S_ISDIR(
        info.st_mode) else "a file"
    raise StagingError(f"{path}: is {what}, where the build keeps its own folder beside {site_dir.name}; nothing "
                       f"was written or removed. Remove it (check what it is first: a link there would have "
                       "made the build empty wherever it leads), then build again")


def remove_own(path: Path) -> None:
    """Remove a staging or previous folder this plugin made, its marker last (a removal cut short stays recognisable)."""
    if not path.is_dir() or path.is_symlink():
        return
    for entry in path.iterdir():
        if entry.name == MARKER:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    shutil.rmtree(path)


def tracked_by_git(path: Path, root: Path) -> bool:
    """Whether git tracks ``path`` or anything under it; False where git or a repository is not there to ask."""
    try:
        relative = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return False
    try:
        found = subprocess.run(  # noqa: S603 (a fixed git command; the path is passed as a literal pathspec)
            ["git", "ls-files", "-z", "--", f":(literal){relative.as_posix()}"],  # noqa: S607 (git from PATH, as a user runs it)
            cwd=root, capture_output=True, timeout=_GIT_TIMEOUT, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return found.returncode == 0 and bool(found.stdout)


def cannot_rename(path: Path, failure: OSError) -> str:
    """Why the swap stopped, and what to do."""
    reason = failure.strerror or type(failure).__name__
    return (f"{path}: cannot be renamed ({reason}), and the build only ever renames: the site folder is as it was "
            "and nothing new was published. On another disk or a mount point (EXDEV, EBUSY), set site_dir to a "
            "folder inside the mount, or build elsewhere and copy the finished site yourself (rsync -a --delete); "
            "where a program holds the folder open (Windows), close it and build again.")
