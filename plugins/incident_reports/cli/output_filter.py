"""Everything a command prints passes through a filter: the terminal escape, and for announcements the redaction.

Filtering the streams themselves, rather than each message, means no message can be
forgotten: an error from a library, a server's answer or a quirk of an export is
shown the same way as the command's own words.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import IO, TextIO, cast

from ..core.terminal_escape import printable


class FilteredStream(io.TextIOBase):
    """A text stream that writes what ``shown`` makes of each piece of text to ``inner``."""

    def __init__(self, inner: TextIO, shown: Callable[[str], str]) -> None:
        self.inner = inner
        self.shown = shown

    def write(self, text: str) -> int:
        try:
            self.inner.write(self.shown(text))
        except OSError as exc:
            self._reader_gone(exc)
        return len(text)

    def flush(self) -> None:
        try:
            self.inner.flush()
        except OSError as exc:
            self._reader_gone(exc)

    def _reader_gone(self, exc: OSError) -> None:
        # The reader has all it wanted (incidents list | head): the rest goes nowhere, and the command
        # runs to its end, so its exit status still says what it found (validate's errors included).
        if not closed_pipe(exc):
            raise exc
        quiet_closed(self.inner)

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]  # io.TextIOBase declares it a plain attribute
        return str(getattr(self.inner, "encoding", "utf-8"))


@contextmanager
def filtered_output(shown: Callable[[str], str]) -> Iterator[None]:
    """Standard output and standard error pass through ``shown`` inside the block."""
    streams = sys.stdout, sys.stderr
    # print() and logging need only write and flush, which FilteredStream has.
    sys.stdout, sys.stderr = (cast(TextIO, FilteredStream(stream, shown)) for stream in streams)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = streams


def escaped_output() -> AbstractContextManager[None]:
    """Standard output and standard error with every character a terminal would act on shown escaped."""
    return filtered_output(printable)


def unfiltered(stream: TextIO) -> TextIO:
    """The stream under every filter: for a writer that escapes its text itself and adds its own styling.

    Rich draws tables with colour codes of its own, which the escape would show as text.
    """
    while isinstance(stream, FilteredStream):
        stream = stream.inner
    return stream


def closed_pipe(exc: OSError) -> bool:
    """Whether writing failed because the reader went away (``incidents list | head``).

    POSIX says so with EPIPE (Python ignores SIGPIPE, so the write fails rather than the
    process being killed); Windows, which has no SIGPIPE, says EPIPE or EINVAL.
    """
    return isinstance(exc, BrokenPipeError) or (os.name == "nt" and exc.errno == errno.EINVAL)


def quiet_closed(stream: IO[str]) -> None:
    """``stream`` leads nowhere from now on: its reader is gone, and flushing at exit would fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)
