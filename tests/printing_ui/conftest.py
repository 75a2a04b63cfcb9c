"""Offscreen Qt for the printing widgets, and a check that no test leaves a QThread running."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401 - applies the PySide6/CPython 3.11 work-around before any widget exists


@pytest.fixture(autouse=True)
def _no_dangling_qthreads(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    from PySide6.QtCore import QThread, QThreadPool

    QThreadPool.globalInstance().waitForDone(5000)
    running = [t for t in gc.get_objects() if isinstance(t, QThread) and t.isRunning() and t is not qapp.thread()]
    assert not running, f"QThreads left running: {running}"


@pytest.fixture(scope="session")
def letter_pdf() -> bytes:
    from printing import samples
    from printing.documents.decision import render_decision_letter

    return render_decision_letter(samples.decision_letter())


@pytest.fixture(scope="session")
def card_pdf() -> bytes:
    from printing import samples
    from printing.documents.card import render_tracking_card

    return render_tracking_card(samples.tracking_card())
