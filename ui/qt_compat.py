"""Work-around for PySide6 6.12 on CPython 3.11: every call of a Qt method returning ``void`` drops one
reference to ``None`` it never took, and every Python emit of a signal with a ``bool`` argument drops
one reference to ``True``/``False`` (CPython 3.12 made these singletons immortal, which hides the slip
there). After a few thousand calls the count reaches zero and the interpreter aborts with
"deallocating None" / "deallocating True or False". Measured here: 1,000 ``QLabel.setText`` calls →
``sys.getrefcount(None)`` −1,000; 100 ``Signal(bool).emit(True)`` → ``sys.getrefcount(True)`` −100.

We give these singletons (and the small-int cache, passed through signals the same way) reference counts
so large that they can never run out, which is what 3.12's immortal objects do. Applied once, on import
of ``ui`` (before any widget exists); a no-op on 3.12+. Pinning PySide6 below 6.12 (or moving to
Python 3.12) makes it unnecessary."""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # ~10^12 leaked decrements before trouble: years of continuous use


def make_none_immortal() -> bool:
    """Returns True when the headroom was added (CPython < 3.12 only)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if getattr(sys, "_reception_none_headroom", False):
        return False
    for obj in (None, True, False, *range(-5, 257)):
        refcnt = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the object's first field
        refcnt.value += _HEADROOM
    sys._reception_none_headroom = True  # type: ignore[attr-defined]
    return True
