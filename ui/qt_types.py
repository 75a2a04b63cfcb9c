"""PySide6 makes each Qt class's Python enums the first time they are needed, and the first conversion
after the window's modules are loaded made the enums of every loaded class at once: 160 enum classes,
~60 ms on the GUI thread inside the main window's construction (docs/performance.md). Here they are
made while the login dialog waits, in slices of a few milliseconds on the GUI thread itself (PySide's
types are not made from two threads at once)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

from PySide6.QtCore import QObject, QTimer

SLICE_S = 0.004  # GUI-thread time per slice: typing into the login dialog stays smooth


def touches() -> Iterator[None]:
    """Reads every capitalised attribute (the enums among them) of every class of the loaded Qt
    modules, yielding after each class."""
    for name in sorted(m for m in sys.modules if m.startswith("PySide6.Qt")):
        module = sys.modules.get(name)
        for attr in dir(module):
            cls = getattr(module, attr, None)
            if not isinstance(cls, type):
                continue
            for member in dir(cls):
                if member[:1].isupper():
                    try:
                        getattr(cls, member)
                    except Exception:  # noqa: BLE001, S112 - a member PySide cannot make is simply not made
                        continue
            yield


def make_all_now() -> None:
    for _ in touches():
        pass


class TypeWarmUp(QObject):
    """Runs :func:`touches` in slices on the GUI thread once ``ready`` is set (the window's modules are
    loaded: no other thread imports then); stop() ends it (sign-in clicked)."""

    def __init__(self, ready: threading.Event, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ready = ready
        self.done = False
        self._items: Iterator[None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        self._timer.start(20)

    def stop(self) -> None:
        self._timer.stop()

    def _step(self) -> None:
        if not self.ready.is_set():
            self._timer.start(20)
            return
        if self._items is None:
            self._items = touches()
        deadline = time.perf_counter() + SLICE_S
        for _ in self._items:
            if time.perf_counter() > deadline:
                self._timer.start(1)
                return
        self.done = True
