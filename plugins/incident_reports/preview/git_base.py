"""Another commit's reports and service catalogue, read from git itself: no checkout, nothing written.

The base of a pull request is as hostile as any input: its names come from git
unchecked (any byte but NUL and ``/``), a file may be a symbolic link or a
submodule, and a blob may be of any size. Each file is held to the validator's
limits before it is read: only regular files, each under the size cap, and every
git command has a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core.loader import describe_character, size_refusal
from ..core.problems import Problem
from ..core.settings import Settings
from ..core.terminal_escape import printable

#: Seconds each git command may take: a repository of thousands of reports answers in well under one.
GIT_TIMEOUT = 60.0
#: The modes of a regular file in a git tree (plain and executable).
REGULAR_FILES = (b"100644", b"100755")
#: What other entries of a git tree are, for the message that refuses them.
OTHER_ENTRIES = {b"120000": "a symbolic link", b"160000": "a submodule"}


class GitError(Exception):
    """The base cannot be read from git at all; the message says why and what to do."""


@dataclass(frozen=True)
class BaseFiles:
    """A commit's report files as read (display path and bytes, in the order the working tree lists them),
    the display path of every report file (read or refused), its catalogue's bytes (None: it has none that
    may be read), and the problems of the files refused unread."""

    commit: str
    reports: tuple[tuple[str, bytes], ...]
    names: tuple[str, ...]
    catalogue: bytes | None
    problems: tuple[Problem, ...]


def read_base(root: Path, ref: str, settings: Settings, timeout: float = GIT_TIMEOUT) -> BaseFiles:
    """The reports and catalogue of ``ref`` (a commit, branch or tag) in the git repository holding ``root``."""
    commit = resolve(root, ref, timeout)
    incidents = PurePosixPath(settings.incidents_dir).as_posix()
    services = PurePosixPath(settings.services_file).as_posix()
    listing = git(root, ["--literal-pathspecs", "ls-tree", "-r", "-z", "-l", commit, "--", incidents, services], timeout)
    wanted: list[tuple[str, bytes]] = []
    names: list[str] = []
    problems: list[Problem] = []
    catalogue_id: bytes | None = None
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        path, oid, problem = _entry(entry, ref, settings.max_report_bytes)
        if path == services:
            catalogue_id = oid
        elif not (path.startswith(incidents + "/") and path.endswith(".md")):
            continue
        else:
            names.append(path)
            if oid is not None:
                wanted.append((path, oid))
        if problem is not None:
            problems.append(problem)
    blobs = read_blobs(root, [oid for _, oid in wanted] + ([catalogue_id] if catalogue_id else []),
                       settings.max_report_bytes, timeout)
    reports = sorted(((path, blobs[oid]) for path, oid in wanted), key=lambda item: item[0].split("/"))
    catalogue = blobs[catalogue_id] if catalogue_id else None
    return BaseFiles(commit, tuple(reports), tuple(names), catalogue, tuple(problems))


def resolve(root: Path, ref: str, timeout: float) -> str:
    """The commit ``ref`` names; GitError when git knows none by that name."""
    shown = printable(ref, one_line=True)
    if not ref or ref.startswith("-") or not ref.isprintable() or any(char.isspace() for char in ref):
        raise GitError(f"--base {shown}: is not a name git gives a commit; write a branch, a tag or a commit "
                       "(e.g. --base origin/main)")
    git(root, ["rev-parse", "--git-dir"], timeout, f"{root}: git cannot read a repository here; run the preview in "
        "the site's clone (git clone, then cd into it)")
    try:
        return git(root, ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], timeout).decode().strip()
    except GitError:
        raise GitError(f"--base {shown}: git knows no commit by that name here; fetch it first (git fetch origin), "
                       "and in CI check out the whole history (actions/checkout with fetch-depth: 0)") from None


def _entry(entry: bytes, ref: str, max_bytes: int) -> tuple[str, bytes | None, Problem | None]:
    """One line of ``git ls-tree -l``: its path as shown, its blob's id when it may be read, and why not."""
    meta, _, raw_path = entry.partition(b"\t")
    fields = meta.split()
    if len(fields) != 4:
        raise GitError(f"git ls-tree answered a line this preview cannot read: {printable(entry.decode(errors='replace'))}")
    mode, _, oid, size = fields
    try:
        path = raw_path.decode("utf-8")
    except UnicodeDecodeError:
        shown = raw_path.decode("utf-8", errors="backslashreplace")
        return shown, None, Problem(shown, 1, "", f"at {ref}, the file's name is not UTF-8; rename the file")
    where = f"at {ref}, the file"
    odd = next((char for char in path if not char.isprintable()), None)
    if odd is not None:
        return path, None, Problem(path, 1, "", f"{where}'s path holds {describe_character(odd)}; rename it "
                                   "(lowercase, digits, hyphens)")
    if mode not in REGULAR_FILES:
        kind = OTHER_ENTRIES.get(mode, f"not a regular file (git mode {mode.decode(errors='replace')})")
        return path, None, Problem(path, 1, "", f"{where} is {kind}, not a report file; a report must be a regular "
                                   "file in the repository: replace it with the file itself")
    refusal = size_refusal(int(size), max_bytes) if size.isdigit() else "has no size git can tell"
    if refusal is not None:
        return path, None, Problem(path, 1, "", f"{where} {refusal}")
    return path, oid, None


def read_blobs(root: Path, oids: list[bytes], max_bytes: int, timeout: float) -> dict[bytes, bytes]:
    """The content of each blob, by id, in one ``git cat-file --batch``; none may be over ``max_bytes``."""
    unique = list(dict.fromkeys(oids))
    if not unique:
        return {}
    answer = git(root, ["cat-file", "--batch"], timeout, stdin=b"\n".join(unique) + b"\n")
    blobs: dict[bytes, bytes] = {}
    position = 0
    for oid in unique:
        header_end = answer.find(b"\n", position)
        header = answer[position:header_end].split() if header_end != -1 else []
        if len(header) != 3 or header[0] != oid or header[1] != b"blob" or not header[2].isdigit():
            raise GitError(f"git cat-file did not give the file {oid.decode(errors='replace')} as asked")
        size = int(header[2])
        if size > max_bytes:
            raise GitError(f"git cat-file gave {size:,} bytes for {oid.decode(errors='replace')}, over the size cap")
        start = header_end + 1
        blobs[oid] = answer[start : start + size]
        position = start + size + 1
    return blobs


def git(root: Path, arguments: list[str], timeout: float, failure: str = "", stdin: bytes | None = None) -> bytes:
    """What a git command prints, run in ``root``; GitError (``failure``, else git's own words) when it fails."""
    # No prompt for credentials and no lock taken on the index: the preview only reads.
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    program = shutil.which("git")
    if program is None:
        raise GitError("git is not installed (or not on PATH); the preview reads the base commit with it")
    try:
        done = subprocess.run(  # noqa: S603 (git's own commands; names are passed as arguments, never to a shell)
            [program, *arguments], cwd=root, input=stdin, capture_output=True, timeout=timeout, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {arguments[0]} took more than {timeout:g} s; is the repository on a slow disk?") from None
    if done.returncode != 0:
        said = printable(done.stderr.decode("utf-8", errors="replace").strip(), one_line=True)
        raise GitError(f"{failure or f'git {arguments[0]} failed'}{f' (git says: {said})' if said else ''}")
    return done.stdout
