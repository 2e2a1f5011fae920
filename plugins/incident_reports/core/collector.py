"""Pausing Python's cyclic garbage collector while work that makes many objects and few garbage cycles runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Run the block with the cyclic collector off: it would walk every object the block keeps, to free
    almost nothing (reference counting frees the rest). It is on again after, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
