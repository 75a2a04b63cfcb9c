"""Garbage collection paused around work that makes many short-lived objects.

Parsing a CJK face (some 200,000 objects) set off several full collections; each walks the whole desk
process (SQLAlchemy, Qt wrappers) holding the GIL, and froze the window for 60–140 ms (docs/performance.md).
What such work leaves is freed by reference counting, so the collector has nothing to find in it. Keep
pauses short: Qt wrappers that wait for the collector longer can be handed back for new objects.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_PAUSE_LOCK = threading.Lock()
_pauses = 0
_resume = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection inside the block; nested and concurrent blocks resume it when the last ends.
    A collector switched off by someone else stays off."""
    global _pauses, _resume
    with _PAUSE_LOCK:
        if _pauses == 0:
            _resume = gc.isenabled()  # a collector switched off by someone else stays off
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()
