"""One background-work path: in ui/, only ui/tasks.py starts threads or thread pools. Everything else
hands its work to ``Background`` / ``TaskRunner`` (and ``long_task`` for devices and seals), so one
shutdown waits for all of it and no widget is touched from a worker. recording/ is the capture engine
and keeps its own threads; it is not scanned."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THE_HELPER = ROOT / "ui" / "tasks.py"

# Anything that starts a thread or a pool, whatever module it comes from.
THREAD_NAMES = frozenset({"QThread", "QThreadPool", "QRunnable", "QtConcurrent", "ThreadPoolExecutor",
                          "ProcessPoolExecutor"})
# Names that start a thread only when they come from these modules (``Timer`` is also QTimer's cousin).
MODULE_NAMES = {"threading": {"Thread", "Timer"}, "_thread": {"start_new_thread", "start_new"},
                "multiprocessing": {"Process", "Pool"}}
WHOLE_MODULES = frozenset({"concurrent.futures", "multiprocessing.pool", "_thread"})


def thread_starts(source: str) -> list[str]:
    """What in ``source`` can start a thread outside the one helper: ``line: what`` for each."""
    tree = ast.parse(source)
    modules: dict[str, str] = {}  # local name -> module it stands for
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in WHOLE_MODULES:
                    found.append(f"{node.lineno}: import {alias.name}")
                modules[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else \
                    alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                if (alias.name in THREAD_NAMES or alias.name in MODULE_NAMES.get(module, ())
                        or module in WHOLE_MODULES or f"{module}.{alias.name}" in WHOLE_MODULES):
                    found.append(f"{node.lineno}: from {module} import {alias.name}")
                modules[alias.asname or alias.name] = f"{module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in THREAD_NAMES and isinstance(node.ctx, ast.Load):
            found.append(f"{node.lineno}: {node.id}")
        elif isinstance(node, ast.Attribute):
            if node.attr in THREAD_NAMES:
                found.append(f"{node.lineno}: .{node.attr}")
            elif isinstance(node.value, ast.Name):
                module = modules.get(node.value.id, "")
                if node.attr in MODULE_NAMES.get(module, ()):
                    found.append(f"{node.lineno}: {module}.{node.attr}")
    return sorted(set(found), key=lambda f: int(f.split(":")[0]))


def test_the_scan_finds_every_way_to_start_a_thread() -> None:
    starts = [
        "import threading\nthreading.Thread(target=print).start()",
        "import threading as t\nt.Timer(1, print).start()",
        "from threading import Thread\nThread(target=print).start()",
        "from PySide6.QtCore import QThreadPool\nQThreadPool.globalInstance()",
        "from PySide6 import QtCore\nQtCore.QThread()",
        "from PySide6.QtCore import QRunnable\nclass Job(QRunnable):\n    pass",
        "from concurrent.futures import ThreadPoolExecutor\nThreadPoolExecutor(2)",
        "import concurrent.futures\nconcurrent.futures.ProcessPoolExecutor()",
        "import _thread\n_thread.start_new_thread(print, ())",
        "import multiprocessing\nmultiprocessing.Process(target=print)",
    ]
    for source in starts:
        assert thread_starts(source), source
    harmless = [
        "import threading\nthreading.Event().wait(1)\nthreading.current_thread()",
        "import threading\nthreading.excepthook = print",
        "from PySide6.QtCore import QTimer\nQTimer.singleShot(0, print)",
        "from ui.tasks import TaskRunner\nTaskRunner(ctx).long_task(print)",
    ]
    for source in harmless:
        assert thread_starts(source) == [], source


def test_only_the_task_helper_starts_threads_in_ui() -> None:
    assert thread_starts(THE_HELPER.read_text(encoding="utf-8")), "the scan no longer sees the helper's own pools"
    offenders = {}
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path == THE_HELPER:
            continue
        found = thread_starts(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}, f"use ui.tasks (Background / TaskRunner / long_task) instead: {offenders}"
