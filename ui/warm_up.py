"""What the desk loads off the GUI thread before the clerk needs it.

While the login dialog waits for the name and password (seconds of a person typing), a worker loads the
main window's modules and then the documents' engine: the recorder (PyAV, numpy, sounddevice), the
documents' builders, the renderers, pyHanko, ReportLab and the fonts' registration (~1 s in all). Done
there, none of it competes with the window for the interpreter while the clerk opens the wizard or a
matter (a worker running Python stretches every GUI-thread step it overlaps; docs/performance.md, "The
warm-up"). A sign-in faster than the loading only leaves the rest to follow in the background.

One step per job, so that quitting waits for one step at most, never for all of them; the steps are
Qt-free, and importing an already loaded module or the cached fonts again costs nothing, so a window
started without the login dialog (tests; the head's desk in the desk bench) runs the same chain itself."""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ui.tasks import TaskRunner

# The main window's modules (its pages and what they import: ~0.5 s). Module imports make no widget.
WINDOW_MODULES = ("ui.main_window", "ui.ledger.page", "ui.prevention", "ui.keycases.page", "ui.settings.page",
                  "ui.backup_status", "ui.wizard.wizard", "ui.matter.page", "ui.recording.panel",
                  "ui.recording.interview_recorder", "ui.matter.signing", "desktop.services.reminders",
                  "desktop.services.signin")


# C extensions whose initialisation holds the interpreter for tens of milliseconds at a stretch (numpy's
# core: ~50 ms): loaded before the login dialog shows, so no worker holds the window for that long while
# the clerk types. The rest loads on workers: pure Python gives the GUI thread its turn every 0.5 ms.
BEFORE_THE_LOGIN = ("numpy",)


def load_before_the_login() -> None:
    for name in BEFORE_THE_LOGIN:
        importlib.import_module(name)


def load_window_modules(loaded: threading.Event, freezer: Freezer | None = None) -> None:
    try:
        for name in WINDOW_MODULES:
            importlib.import_module(name)
            if freezer is not None:  # before the next import's allocations can set off a full collection
                freezer.freeze()
    finally:
        loaded.set()


def _register_fonts() -> None:
    from printing.errors import NoFontError
    from printing.fonts import get_fonts

    # A missing font is said where it matters: on the document, in 设置 and by `reception doctor`.
    with contextlib.suppress(NoFontError):
        get_fonts()


# What the recovery of unfinished recordings at start, the interview's recording panel, the first preview
# and the signing dialog would otherwise load on their clock.
DOCUMENTS_ENGINE: tuple[Callable[[], object], ...] = (
    *(functools.partial(importlib.import_module, name) for name in (
        "recording.session", "recording.devices", "recording.compose", "recording.specs", "recording.recovery",
        "desktop.services.recordings",
        "desktop.documents", "printing.documents.forms", "printing.documents.notices",
        "printing.documents.decision", "printing.documents.card", "printing.pades", "printing.signature")),
    _register_fonts,
)


class Freezer:
    """While the login dialog is up, what each start-up step has loaded (~175,000 objects in all:
    functions, classes, module dictionaries, Qt's enum types) leaves the collector's walks. A full
    collection walked every one of them, 70-100 ms on a desk PC in whichever thread it fell, and so held
    the window; afterwards it walks only what the work has made since. ``gc.freeze`` splices lists: it
    costs nothing.

    Only then: frozen objects are still freed by reference counting, but a cycle among them never is,
    and a Qt wrapper kept alive that way can outlive its C++ object; PySide6 then hands the stale
    wrapper back for a new object at the same address (docs/performance.md, "Garbage collections"). While the
    login dialog is up nothing but the modules, the application and the dialog exist, and the dialog
    lives until sign-in; ``stop()`` is called before the main window is built, and a window that starts
    its own warm-up (tests, another sign-in) freezes nothing."""

    def __init__(self) -> None:
        self.active = True

    def freeze(self) -> None:
        if self.active:
            gc.freeze()

    def stop(self) -> None:
        self.active = False


class WarmUp(QObject):
    """Runs ``steps`` one job at a time on the runner; ``finished`` when the last is done, ``stop()`` ends
    the chain after the step under way; with a ``freezer``, what each step loaded is frozen after it."""

    finished = Signal()

    def __init__(self, runner: TaskRunner, steps: tuple[Callable[[], object], ...] | None = None,
                 parent: QObject | None = None, freezer: Freezer | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.freezer = freezer
        self._steps = DOCUMENTS_ENGINE if steps is None else steps
        self._next = 0
        self._started = self._stopped = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._run_next()

    def stop(self) -> None:
        self._stopped = True

    def signed_in(self) -> None:
        """The main window is about to be built: nothing more is frozen."""
        if self.freezer is not None:
            self.freezer.stop()

    def is_done(self) -> bool:
        return self._next >= len(self._steps)

    def _run_next(self, _result: object = None) -> None:
        if self.freezer is not None:
            self.freezer.freeze()
        if self._stopped:
            return
        if self.is_done():
            self.finished.emit()
            return
        step = self._steps[self._next]
        self._next += 1
        self.runner.call(step, self._run_next, owner=self)


def while_signing_in(runner: TaskRunner) -> tuple[threading.Event, WarmUp]:
    """Starts the login dialog's background work: the window's modules (``loaded`` is set when they are
    in), then the documents' engine on the same worker chain; what they load is frozen until
    ``WarmUp.signed_in``."""
    loaded, freezer = threading.Event(), Freezer()
    warm = WarmUp(runner, freezer=freezer)
    runner.call(lambda: load_window_modules(loaded, freezer), lambda _r: warm.start(), owner=warm)
    return loaded, warm
