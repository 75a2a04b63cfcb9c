"""The integrated desk: the recording and printing parts inside the wizard, the matter's page and the
main window. Offscreen Qt, one SQLite database and one installation folder per test, synthetic devices."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.ui.conftest import _no_dangling_qthreads, desk, runner, team, wait_idle  # noqa: E402,F401

pytestmark = pytest.mark.gui


@pytest.fixture
def small_devices(home):  # type: ignore[no-untyped-def]
    """This desk records from the synthetic sources at a small size (fast on a 2-core CI machine)."""
    from recording.compose import Layout
    from ui.recording.device_store import store_selection
    from ui.recording.settings_dialog import DeviceSelection

    selection = DeviceSelection(["synthetic"], "synthetic", 320, 180, Layout.SIDE_BY_SIDE)
    store_selection(selection)
    _initialised(home)
    return selection


def _initialised(home):  # type: ignore[no-untyped-def]
    """The office's signing key, as an initialised installation has it: the recorder never makes one."""
    from desktop.security.keyfile import KeyStore

    KeyStore(home / "keys").signing_key()


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):  # type: ignore[no-untyped-def]
    """A modal message box would wait for a click forever offscreen: fail with its text instead."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(_parent, title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError(f"unexpected message box: {title}: {text}")

    for name in ("warning", "question", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))
