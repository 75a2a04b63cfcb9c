"""Irreversible steps ask first: giving up a registration (its draft then deleted and audited, from the
wizard and from the draft banner) and finalising a letter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop.db.models import AuditEntry, IntakeDraft
from tests.ui.conftest import wait_idle
from tests.ui.dialog_driver import answer_box
from tests.ui.typing_helpers import type_chinese


def _drafts(desk) -> list[int]:  # type: ignore[no-untyped-def]
    with desk.db.read() as s:
        return list(s.scalars(select(IntakeDraft.id)))


def _discards(desk) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with desk.db.read() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "draft.discard")))
        for r in rows:
            s.expunge(r)
        return rows


def _window(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow(runner, actor, "东镇信访接待室", today=desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    wait_idle(qtbot, runner)
    return w


def test_giving_up_a_registration_asks_then_deletes_the_draft_audited(qtbot, runner, team, desk) -> None:
    w = _window(qtbot, runner, team.clerk, desk)
    wizard = w.new_intake()
    type_chinese(wizard.registration.name, "张三")
    qtbot.waitUntil(lambda: bool(_drafts(desk)), timeout=5000)
    seen = answer_box(qtbot, QMessageBox.StandardButton.No)
    qtbot.mouseClick(wizard.abandon_button, Qt.MouseButton.LeftButton)
    assert seen and w.wizard is wizard and _drafts(desk)  # "No" keeps everything
    seen = answer_box(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(wizard.abandon_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert seen and w.wizard is None and not _drafts(desk)
    [entry] = _discards(desk)
    assert entry.actor_id == team.clerk.id and entry.target_type == "draft"


def test_the_draft_banner_asks_before_discarding(qtbot, runner, team, desk) -> None:
    from desktop.services import drafts

    with desk.db.session() as s:
        drafts.save(desk, s, team.clerk.id, {"step": 0, "pages": [{"name": "李四"}]})
    w = _window(qtbot, runner, team.clerk, desk)
    qtbot.waitUntil(lambda: w.draft_banner is not None, timeout=5000)
    from PySide6.QtWidgets import QPushButton

    drop = w.draft_banner.findChild(QPushButton, "draft_discard")
    answer_box(qtbot, QMessageBox.StandardButton.No)
    qtbot.mouseClick(drop, Qt.MouseButton.LeftButton)
    assert w.draft_banner is not None and _drafts(desk)
    answer_box(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(drop, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert w.draft_banner is None and not _drafts(desk) and len(_discards(desk)) == 1


def test_giving_up_returns_to_the_ledger_without_building_the_tab_beside_it(qtbot, runner, team, desk) -> None:  # type: ignore[no-untyped-def]
    """The wizard's tab sits after the lazily built pages (包案, 设置): closing it showed its neighbour and
    so built a page nobody asked for (~70 ms of a held window on the way to the next matter)."""
    w = _window(qtbot, runner, team.clerk, desk)
    lazy = [t for t in (w.prevention_tab, w.keycases_tab, w.settings_tab) if t is not None]
    assert lazy and not any(t.is_built for t in lazy)
    wizard = w.new_intake()
    assert w.tabs.indexOf(wizard) > max(w.tabs.indexOf(t) for t in lazy)
    answer_box(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(wizard.abandon_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert w.wizard is None and w.tabs.currentWidget() is w.ledger
    assert not any(t.is_built for t in lazy)
