"""A trivial default for the dashboard's ``run_task(fn, on_done, on_error)``: ``fn`` on a QThreadPool,
the result or the error delivered back on the GUI thread through a queued signal. The main window
passes its own runner (``TaskRunner.call``); tests and stand-alone use get this."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

__all__ = ["RunTask", "run_in_pool"]

RunTask = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], Any]


class _Relay(QObject):
    """Lives on the GUI thread; the worker only emits, the slot runs the callbacks there."""

    finished = Signal(bool, list)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        super().__init__()
        self.on_done, self.on_error = on_done, on_error
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(bool, list)
    def _deliver(self, ok: bool, boxed: list) -> None:  # type: ignore[type-arg]
        _LIVE.discard(self)
        (self.on_done if ok else self.on_error)(boxed[0])


_LIVE: set[_Relay] = set()  # relays in flight must outlive their runnables


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result, ok = self.fn(), True
        except BaseException as error:  # noqa: BLE001 - handed to on_error on the GUI thread
            result, ok = error, False
        self.relay.finished.emit(ok, [result])  # boxed: a bare None upsets PySide6's queued object signals


def run_in_pool(fn: Callable[[], Any], on_done: Callable[[Any], None],
                on_error: Callable[[BaseException], None]) -> None:
    relay = _Relay(on_done, on_error)
    _LIVE.add(relay)
    QThreadPool.globalInstance().start(_Job(fn, relay))
