"""A half-typed action form survives the idle lock: while locked it is hidden (nothing personal shows),
after the same user unlocks it is back with what was typed and still does its work; when another user
signs in instead, it is discarded unseen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit, QWidget

from desktop.domain.enums import MatterStatus, ReviewKind
from desktop.services import followup, handling
from tests.desktop.conftest import PASSWORD
from tests.ui.conftest import wait_idle
from tests.ui.typing_helpers import type_chinese
from tests.ui_core.flows import assigned, replied, submitted

TYPED = "来访人称补充材料下周送到"


def _closed(desk, team) -> str:  # type: ignore[no-untyped-def]
    case = replied(desk, team)
    with desk.db.session() as s:
        handling.close(desk, s, team.clerk, case, "")
    return case


def _under_review(desk, team) -> str:  # type: ignore[no-untyped-def]
    case = replied(desk, team)
    with desk.db.session() as s:
        followup.open_review(desk, s, team.inspector, case, ReviewKind.RECHECK, "申请人对处理意见不服")
    return case


# action button, who takes it, how the matter gets to where it is offered, the text field typed into
ACTIONS: dict[str, tuple[str, Callable, str]] = {  # type: ignore[type-arg]
    "approve": ("approver", submitted, "note"),
    "reject": ("approver", submitted, "reason"),
    "meeting": ("clerk", assigned, "notes"),
    "pause": ("clerk", assigned, "reason"),
    "extend": ("clerk", assigned, "reason"),
    "close": ("clerk", replied, "note"),
    "review": ("inspector", replied, "reason"),
    "conclude": ("inspector", _under_review, "conclusion"),
    "callback": ("clerk", _closed, "notes"),
    "handover": ("approver", assigned, "reason"),
}


def _window(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow(runner, actor, "东镇信访接待室", 10, today=desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    wait_idle(qtbot, runner)
    return w


def _open_action(qtbot, runner, w, case: str, key: str):  # type: ignore[no-untyped-def]
    """Clicks the action's button on the matter's page; returns the page and the dialog it opened."""
    page = w.open_matter(case)
    qtbot.waitUntil(lambda: key in page.buttons, timeout=5000)
    qtbot.mouseClick(page.buttons[key], Qt.MouseButton.LeftButton)
    dialog = page.sign_dialog if key == "approve" else page.form_dialog
    assert isinstance(dialog, QDialog) and dialog.isVisible()
    return page, dialog


def _editor(dialog: QDialog, field: str) -> QWidget:
    editor = getattr(dialog, "note_edit", None) if field == "note" and hasattr(dialog, "note_edit") else \
        dialog.findChild(QWidget, f"field_{field}")
    assert editor is not None, field
    return editor


def _text(editor: QWidget) -> str:
    return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()  # type: ignore[attr-defined]


def _walk_away(qtbot, w) -> None:  # type: ignore[no-untyped-def]
    """The clerk stops typing: the idle timer fires and locks the window, as it does at the desk."""
    with qtbot.waitSignal(w.window_locked, timeout=5000):
        w.idle.set_interval_ms(50)


def _unlock(qtbot, w, username: str) -> None:  # type: ignore[no-untyped-def]
    form = w.lock_screen.form
    form.username.selectAll()
    qtbot.keyClicks(form.username, username)
    qtbot.keyClicks(form.password, PASSWORD)
    with qtbot.waitSignal(w.window_unlocked, timeout=5000):
        qtbot.mouseClick(w.lock_screen.button, Qt.MouseButton.LeftButton)


def _shown_texts() -> list[str]:
    """Every text a visible window shows in an editable field."""
    out: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for e in top.findChildren(QPlainTextEdit):
            if e.isVisible():
                out.append(e.toPlainText())
    return out


@pytest.mark.parametrize("key", list(ACTIONS))
def test_the_typed_form_is_hidden_by_the_lock_and_back_after_unlocking(qtbot, runner, team, desk, key) -> None:
    role, reach, field = ACTIONS[key]
    actor = getattr(team, role)
    case = reach(desk, team)
    w = _window(qtbot, runner, actor, desk)
    _page, dialog = _open_action(qtbot, runner, w, case, key)
    editor = _editor(dialog, field)
    type_chinese(editor, TYPED)
    assert _text(editor) == TYPED
    _walk_away(qtbot, w)
    assert w.is_locked() and not dialog.isVisible()  # nothing typed about the matter shows while locked
    assert TYPED not in " ".join(_shown_texts())
    _unlock(qtbot, w, actor.username)
    assert not w.is_locked()
    assert shiboken6.isValid(dialog) and dialog.isVisible() and _text(_editor(dialog, field)) == TYPED
    dialog.reject()
    wait_idle(qtbot, runner)


def test_after_unlocking_the_form_still_does_its_work(qtbot, runner, team, desk) -> None:
    case = assigned(desk, team)
    w = _window(qtbot, runner, team.clerk, desk)
    page, dialog = _open_action(qtbot, runner, w, case, "meeting")
    type_chinese(_editor(dialog, "notes"), TYPED)
    _walk_away(qtbot, w)
    _unlock(qtbot, w, team.clerk.username)
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: any(TYPED in page.timeline.topLevelItem(i).text(1)
                                for i in range(page.timeline.topLevelItemCount())), timeout=5000)
    assert page.view.facts.status == MatterStatus.ASSIGNED


def test_another_user_signing_in_never_sees_the_form(qtbot, runner, team, desk) -> None:
    case = assigned(desk, team)
    w = _window(qtbot, runner, team.clerk, desk)
    _page, dialog = _open_action(qtbot, runner, w, case, "pause")
    type_chinese(_editor(dialog, "reason"), TYPED)
    _walk_away(qtbot, w)
    _unlock(qtbot, w, team.interviewer.username)
    assert w.actor.id == team.interviewer.id
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)  # discarded, not just hidden
    assert TYPED not in " ".join(_shown_texts())
    assert not any(getattr(t, "keeps_input_over_lock", False) for t in QApplication.topLevelWidgets())
    wait_idle(qtbot, runner)
