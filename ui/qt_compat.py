"""Work-around for PySide6 6.12 on CPython 3.11: every call of a Qt method returning ``void`` drops one
reference to ``None`` it never took (CPython 3.12 made ``None`` immortal, which hides the slip there).
After a few thousand calls ``None``'s count reaches zero and the interpreter aborts with
"deallocating None". Measured here: 1,000 ``QLabel.setText`` calls → ``sys.getrefcount(None)`` −1,000.

We give ``None`` a reference count so large that it can never run out, which is what 3.12's immortal
objects do. Applied once, on import of ``ui`` (before any widget exists); a no-op on 3.12+."""

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
    refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the object's first field
    refcnt.value += _HEADROOM
    sys._reception_none_headroom = True  # type: ignore[attr-defined]
    return True
