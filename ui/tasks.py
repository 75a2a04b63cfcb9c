"""The one background-task helper. Reads run on a small pool, writes on a single-thread pool (one
transaction at a time, so desks never race into "database is locked"); results and failures come back
on the GUI thread through a queued signal, and a callback whose owner widget is gone is dropped.

Nothing here touches a widget from a worker: the worker only runs ``fn`` and emits."""

from __future__ import annotations

import functools
import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from sqlalchemy.orm import Session

from desktop.services.context import AppContext

log = logging.getLogger(__name__)
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


def _run_job(runner: TaskRunner, job_id: int, fn: Callable[[], Any]) -> None:
    """Runs on a pool thread: only ``fn`` and one emit, never a widget."""
    try:
        result, ok = fn(), True
    except BaseException as error:  # noqa: BLE001 - delivered to the caller on the GUI thread
        result, ok = error, False
    # Boxed in a list: a bare None crossing a queued ``object`` signal upsets PySide6's reference counts.
    runner.job_finished.emit(job_id, ok, [result])


class TaskRunner(QObject):
    """``read(fn(session) -> value, done)`` and ``write(fn(session) -> value, done)``."""

    job_finished = Signal(int, bool, list)
    idle_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Done | None, Failed | None, QObject | None]] = {}
        self._lock = threading.Lock()
        self.job_finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _submit(self, pool: QThreadPool, fn: Callable[[], Any], done: Done | None, failed: Failed | None,
                owner: QObject | None) -> int:
        job_id = next(self._ids)
        with self._lock:
            self._pending[job_id] = (done, failed, owner)
            first = len(self._pending) == 1
        if first:
            self.idle_changed.emit(False)
        pool.start(functools.partial(_run_job, self, job_id, fn))
        return job_id

    def read(self, fn: Callable[[Session], Any], done: Done | None = None, failed: Failed | None = None,
             owner: QObject | None = None) -> int:
        def job() -> Any:
            with self.ctx.db.read() as session:
                return fn(session)
        return self._submit(self._reads, job, done, failed, owner)

    def write(self, fn: Callable[[Session], Any], done: Done | None = None, failed: Failed | None = None,
              owner: QObject | None = None) -> int:
        def job() -> Any:
            with self.ctx.db.session() as session:
                return fn(session)
        return self._submit(self._writes, job, done, failed, owner)

    def call(self, fn: Callable[[], Any], done: Done | None = None, failed: Failed | None = None,
             owner: QObject | None = None) -> int:
        """Work that needs no database (hashing a file, say), still off the GUI thread."""
        return self._submit(self._reads, fn, done, failed, owner)

    @Slot(int, bool, list)
    def _deliver(self, job_id: int, ok: bool, boxed: list) -> None:  # type: ignore[type-arg]
        result = boxed[0]
        with self._lock:
            done, failed, owner = self._pending.pop(job_id, (None, None, None))
            now_idle = not self._pending
        try:
            if owner is not None and not shiboken6.isValid(owner):
                return
            if ok and done is not None:
                done(result)
            elif not ok:
                if failed is not None:
                    failed(result)  # type: ignore[arg-type]
                else:
                    log.error("background task failed", exc_info=result)  # type: ignore[arg-type]
        finally:
            if now_idle:
                self.idle_changed.emit(True)

    def is_idle(self) -> bool:
        with self._lock:
            return not self._pending

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Waits for every running job (call before the application quits)."""
        ok = self._reads.waitForDone(timeout_ms) and self._writes.waitForDone(timeout_ms)
        return bool(ok)
