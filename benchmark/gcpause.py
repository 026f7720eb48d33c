"""Pausing Python's cyclic garbage collector while large inputs are read and scored.

Reading a 100k-document submission creates millions of small objects that all stay alive; every
full collection then walks all of them again, which made validation and scoring two to three times
slower than the work itself. The evaluation code creates no reference cycles of its own, so
nothing is lost by collecting only afterwards; reference counting still frees everything else at
once. Nested pauses are harmless, and the previous state is always restored.

>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block (restored on exit, also on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
