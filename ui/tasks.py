"""The one background-task helper: every piece of work off the GUI thread goes through here.

``Background`` runs plain calls on a pool of its own; ``TaskRunner`` adds the database: reads on a small
pool, writes on a single-thread pool (one transaction at a time, so desks never race into "database is
locked"). Results and failures come back on the GUI thread through a queued signal, and a callback whose
owner widget is gone is dropped. ``long_task`` runs a cancellable job that reports progress (a device
test, a recording being sealed) on a thread of its own, so it never holds a pool slot others wait for.

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

log = logging.getLogger("reception.ui.tasks")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Progress = Callable[[Any], None]


def _run_job(runner: Background, job_id: int, fn: Callable[[], Any]) -> None:
    """Runs on a pool thread: only ``fn`` and one emit, never a widget."""
    try:
        result, ok = fn(), True
    except BaseException as error:  # noqa: BLE001 - delivered to the caller on the GUI thread
        result, ok = error, False
    # Boxed in a list: a bare None crossing a queued ``object`` signal upsets PySide6's reference counts.
    runner.job_finished.emit(job_id, ok, [result])


class LongTask(QObject):
    """A cancellable job: ``fn(cancelled, report)`` checks ``cancelled.is_set()`` and may call
    ``report(value)``; ``progressed``, ``finished`` and ``failed`` arrive on the GUI thread."""

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    _reported = Signal(list)
    _ended = Signal(bool, list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancelled = threading.Event()
        self._done = threading.Event()
        self._outcome: tuple[bool, Any] | None = None
        self._reported.connect(lambda boxed: self.progressed.emit(boxed[0]), Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._end, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        """Asks the job to stop; it ends at its next check of ``cancelled``."""
        self.cancelled.set()

    def is_running(self) -> bool:
        return not self._done.is_set()

    def wait(self, timeout_ms: int = 30000) -> bool:
        return self._done.wait(timeout_ms / 1000)

    def outcome(self) -> tuple[bool, Any] | None:
        """``(True, result)`` or ``(False, error)`` once the job has ended, else None: lets the GUI thread
        take the result at once after ``wait`` (closing a window) instead of waiting for ``finished``."""
        return self._outcome if self._done.is_set() else None

    def _run(self, fn: Callable[[threading.Event, Progress], Any]) -> None:
        try:
            result, ok = fn(self.cancelled, lambda value: self._reported.emit([value])), True
        except BaseException as error:  # noqa: BLE001 - delivered on the GUI thread
            result, ok = error, False
        self._outcome = (ok, result)
        # Emitted before ``_done`` is set: once ``wait`` returns, the worker no longer touches this object,
        # so its owner may delete it.
        self._ended.emit(ok, [result])
        self._done.set()

    @Slot(bool, list)
    def _end(self, ok: bool, boxed: list) -> None:  # type: ignore[type-arg]
        self._done.wait()  # the worker sets it right after its emit: handlers see the task ended
        (self.finished if ok else self.failed).emit(boxed[0])


class Background(QObject):
    """``call(fn() -> value, done, failed)`` on a pool of its own, and ``long_task``."""

    job_finished = Signal(int, bool, list)
    idle_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._calls = QThreadPool(self)
        self._calls.setMaxThreadCount(threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Done | None, Failed | None, QObject | None]] = {}
        self._lock = threading.Lock()
        self._long: list[LongTask] = []
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

    def call(self, fn: Callable[[], Any], done: Done | None = None, failed: Failed | None = None,
             owner: QObject | None = None) -> int:
        """Work that needs no database (rendering a PDF, hashing a file), still off the GUI thread."""
        return self._submit(self._calls, fn, done, failed, owner)

    def long_task(self, fn: Callable[[threading.Event, Progress], Any], *, progress: Progress | None = None,
                  done: Done | None = None, failed: Failed | None = None) -> LongTask:
        """Starts a cancellable job on a thread of its own (see ``LongTask``); ``shutdown`` cancels it."""
        task = LongTask(self)
        if progress is not None:
            task.progressed.connect(progress)
        if done is not None:
            task.finished.connect(done)
        task.failed.connect(failed if failed is not None else
                            (lambda error: log.error("long task failed", exc_info=error)))
        self._long = [t for t in self._long if t.is_running()] + [task]
        threading.Thread(target=task._run, args=(fn,), name="long-task", daemon=True).start()
        return task

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

    def _pools(self) -> list[QThreadPool]:
        return [self._calls]

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Cancels the long tasks and waits for every running job (call before the application quits)."""
        for task in self._long:
            task.cancel()
        ok = all(pool.waitForDone(timeout_ms) for pool in self._pools())
        return bool(ok and all(task.wait(timeout_ms) for task in self._long))


class TaskRunner(Background):
    """``read(fn(session) -> value, done)`` and ``write(fn(session) -> value, done)``."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent, threads=2)
        self.ctx = ctx
        self._reads = self._calls
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)

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

    def _pools(self) -> list[QThreadPool]:
        return [self._reads, self._writes]
