"""The one background helper: results on the GUI thread, a failure delivered, a long task that reports
progress and stops when cancelled, and shutdown waiting for (and cancelling) everything."""

from __future__ import annotations

import threading
import time

import pytest


def test_a_long_task_reports_progress_and_stops_when_cancelled(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    gui = threading.current_thread()
    threads: list[threading.Thread] = []

    def work(cancelled: threading.Event, report) -> str:  # type: ignore[no-untyped-def]
        n = 0
        while not cancelled.is_set():
            n += 1
            report(n)
            time.sleep(0.01)
        return f"stopped after {n}"

    def progress(n: int) -> None:
        threads.append(threading.current_thread())
        seen.append(n)

    ended: list[str] = []
    task = runner.long_task(work, progress=progress, done=ended.append)
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5000)
    assert task.is_running() and all(t is gui for t in threads)  # progress arrives on the GUI thread
    task.cancel()
    qtbot.waitUntil(lambda: bool(ended), timeout=5000)
    assert not task.is_running() and ended[0].startswith("stopped after")
    assert runner.is_idle()  # a long task never holds the read or write pools


def test_failures_come_back_and_shutdown_cancels_long_tasks(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    from ui.tasks import TaskRunner

    r = TaskRunner(desk)
    errors: list[BaseException] = []
    r.call(lambda: 1 / 0, failed=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)
    task = r.long_task(lambda cancelled, _report: cancelled.wait(60))
    assert task.is_running()
    started = time.monotonic()
    assert r.shutdown(5000) and not task.is_running()
    assert time.monotonic() - started < 2


def test_a_write_through_the_read_path_fails_loudly(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    errors: list[BaseException] = []
    runner.read(lambda s: s.execute(text("DELETE FROM settings")), failed=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    with pytest.raises(Exception, match="(?i)read"):
        raise errors[0]
