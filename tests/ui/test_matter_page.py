"""The matter's page driven as its users drive it: each action opens its dialog, the user types and
clicks, and the matter moves on. Only the actions the user may take now are offered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox, QPlainTextEdit, QSpinBox, QWidget
from sqlalchemy import select

from desktop.db.models import DeadlineChange, Meeting, Review
from desktop.domain.enums import LetterStatus, MatterStatus, MeetingStage, Outcome, PauseKind
from desktop.services import letters
from desktop.services.intake import matter_by_number
from tests.ui.conftest import wait_idle
from tests.ui.dialog_driver import answer_box, when_modal
from tests.ui.typing_helpers import type_chinese
from tests.ui_core.flows import SECTIONS, assigned, replied, submitted


def _page(qtbot, runner, actor, case, desk):  # type: ignore[no-untyped-def]
    from ui.matter.page import MatterPage

    page = MatterPage(runner, actor, case, desk.today())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    return page


def _form(qtbot, **answers):  # type: ignore[no-untyped-def]
    """Fills the next form dialog as a user does (Chinese through the input method, a choice by its
    words, a number typed) and clicks 确定."""
    def answer(dialog: QDialog) -> None:
        for key, value in answers.items():
            editor = dialog.findChild(QWidget, f"field_{key}")
            assert editor is not None, key
            if isinstance(editor, QComboBox):
                index = editor.findText(value)
                assert index >= 0, (key, value, [editor.itemText(i) for i in range(editor.count())])
                editor.setCurrentIndex(index)
            elif isinstance(editor, QSpinBox):
                editor.lineEdit().selectAll()
                qtbot.keyClicks(editor.lineEdit(), str(value))
            else:
                type_chinese(editor, value)
        from PySide6.QtWidgets import QDialogButtonBox

        box = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return when_modal(answer)


def _click(qtbot, page, key: str) -> None:  # type: ignore[no-untyped-def]
    assert key in page.buttons, (key, sorted(page.buttons))
    qtbot.mouseClick(page.buttons[key], Qt.MouseButton.LeftButton)


def _settled(qtbot, runner, page, status: MatterStatus | None = None) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    # The action forms do not block: the answer runs while the test waits here for the form to close.
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    wait_idle(qtbot, runner)
    if status is not None:
        qtbot.waitUntil(lambda: page.view.facts.status == status, timeout=5000)


def _timeline(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.timeline.topLevelItem(i).text(1) for i in range(page.timeline.topLevelItemCount())]


def _draw(pad) -> None:  # type: ignore[no-untyped-def]
    from tests.ui_integration.test_matter_integration import _draw as draw

    draw(pad, [(40, 60), (90, 40), (140, 80), (200, 50)])


def test_only_the_named_approver_is_offered_approval_and_a_rejection_needs_its_reason(
        qtbot, runner, team, desk) -> None:
    case = submitted(desk, team)
    approver = _page(qtbot, runner, team.approver, case, desk)
    clerk = _page(qtbot, runner, team.clerk, case, desk)
    inspector = _page(qtbot, runner, team.inspector, case, desk)
    assert {"approve", "reject"} <= set(approver.buttons)
    assert "approve" not in clerk.buttons and "approve" not in inspector.buttons
    assert "meeting" not in clerk.buttons  # nothing to meet about before the slip is approved
    kinds = _timeline(clerk)
    assert kinds[0].startswith("登记") and any(k.startswith("提交交办单") for k in kinds)

    def empty_then_reason(dialog: QDialog) -> None:
        from PySide6.QtWidgets import QDialogButtonBox

        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.notes["reason"].text() == "必填"  # refused, nothing lost
        type_chinese(dialog.findChild(QPlainTextEdit, "field_reason"), "承办部门选错，应交农业办")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_modal(empty_then_reason)
    _click(qtbot, approver, "reject")
    _settled(qtbot, runner, approver, MatterStatus.CLASSIFIED)
    assert any("承办部门选错，应交农业办" in k for k in _timeline(approver))


def test_the_handling_steps_each_through_its_dialog(qtbot, runner, team, desk) -> None:
    case = assigned(desk, team)
    clerk = _page(qtbot, runner, team.clerk, case, desk)
    assert {"meeting", "pause", "extend", "letter", "close"} <= set(clerk.buttons)

    _form(qtbot, stage="办理前见面", place="镇信访接待室", notes="首次见面，说明办理流程")
    _click(qtbot, clerk, "meeting")
    _settled(qtbot, runner, clerk)
    qtbot.waitUntil(lambda: any("首次见面，说明办理流程" in k for k in _timeline(clerk)), timeout=5000)

    _form(qtbot, reason="等待当事人补充材料", approver="孙分管")
    _click(qtbot, clerk, "pause")
    _settled(qtbot, runner, clerk, MatterStatus.PAUSED)
    _click(qtbot, clerk, "resume")  # no dialog: resuming needs nothing typed
    _settled(qtbot, runner, clerk, MatterStatus.ASSIGNED)

    _form(qtbot, amount=10, reason="需调取跨年度账目", approver="孙分管")
    _click(qtbot, clerk, "extend")
    _settled(qtbot, runner, clerk)
    with desk.db.read() as s:
        matter = matter_by_number(s, case)
        meeting = s.scalar(select(Meeting).where(Meeting.matter_id == matter.id))
        assert meeting.stage == MeetingStage.BEFORE and meeting.place == "镇信访接待室"
        changes = {c.kind: c for c in s.scalars(select(DeadlineChange).where(DeadlineChange.matter_id == matter.id))}
        assert changes[PauseKind.PAUSE].reason == "等待当事人补充材料" and changes[PauseKind.PAUSE].end_on
        ext = changes[PauseKind.EXTENSION]
        assert ext.amount == 10 and ext.approver_id == team.approver.id


def test_the_letter_is_drafted_edited_signed_finalised_and_delivered_by_clicking(qtbot, runner, team, desk) -> None:
    case = assigned(desk, team)
    clerk = _page(qtbot, runner, team.clerk, case, desk)
    _click(qtbot, clerk, "letter")
    editor = clerk.letter_editor
    assert editor.isVisible() and "此部分不能为空" in editor.notes["request"].text()
    for key, text in SECTIONS.items():
        type_chinese(editor.editors[key], text)
    type_chinese(editor.editors["findings"], "，研究决定")  # appended: "研究决定" is not vague
    editor.outcome.setCurrentIndex(editor.outcome.findData(Outcome.SUPPORT))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "草稿已保存" in editor.message.text(), editor.message.text()
    assert editor.editors["remedies"].toPlainText()  # the office's remedies text is filled in
    editor.close()
    _settled(qtbot, runner, clerk)

    # a vague phrase is flagged beside its section as it is typed
    _click(qtbot, clerk, "letter")
    editor = clerk.letter_editor
    conclusion = editor.editors["conclusion"]
    conclusion.moveCursor(QTextCursor.MoveOperation.End)
    type_chinese(conclusion, "原则上")
    assert "原则上" in editor.notes["conclusion"].text()
    for _ in range(3):
        qtbot.keyClick(conclusion, Qt.Key.Key_Backspace)
    assert editor.notes["conclusion"].text() == ""
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "草稿已保存" in editor.message.text(), editor.message.text()
    editor.close()

    for actor, role in ((team.dept_head, "dept_head"), (team.case_lead, "case_lead")):
        signer = _page(qtbot, runner, actor, case, desk)
        _click(qtbot, signer, f"sign_{role}")
        dialog = signer.sign_dialog
        assert dialog.windowTitle() == "签署处理意见书"
        qtbot.waitUntil(dialog.preview.is_loaded, timeout=20000)
        _draw(dialog.pad)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        _settled(qtbot, runner, signer)
        qtbot.waitUntil(lambda s=signer, r=role: f"sign_{r}" not in s.buttons, timeout=5000)

    clerk.reload()
    _settled(qtbot, runner, clerk)
    qtbot.waitUntil(lambda: "finalize" in clerk.buttons, timeout=5000)

    asked: list[str] = []
    answer_box(qtbot, QMessageBox.StandardButton.No, asked)
    _click(qtbot, clerk, "finalize")
    assert asked and "不能再修改" in asked[0]
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        assert letters.current_letter(s, matter_by_number(s, case).id).status != LetterStatus.FINAL
    answer_box(qtbot, QMessageBox.StandardButton.Yes, asked)
    _click(qtbot, clerk, "finalize")
    _settled(qtbot, runner, clerk)
    qtbot.waitUntil(lambda: "deliver" in clerk.buttons, timeout=5000)
    _click(qtbot, clerk, "deliver")
    _settled(qtbot, runner, clerk, MatterStatus.REPLIED)
    with desk.db.read() as s:
        letter = letters.current_letter(s, matter_by_number(s, case).id)
        assert letter.status == LetterStatus.FINAL and letter.delivered_on == desk.today()
        assert letter.sections["conclusion"] == SECTIONS["conclusion"]


def test_closing_evaluating_reviewing_and_calling_back_through_their_dialogs(qtbot, runner, team, desk) -> None:
    case = replied(desk, team)
    clerk = _page(qtbot, runner, team.clerk, case, desk)
    _form(qtbot, note="已送达并解释")
    _click(qtbot, clerk, "close")
    _settled(qtbot, runner, clerk, MatterStatus.CLOSED)
    assert "evaluate_dissatisfied" in clerk.buttons
    _click(qtbot, clerk, "evaluate_dissatisfied")  # one click: the rating opens a recheck
    _settled(qtbot, runner, clerk, MatterStatus.UNDER_REVIEW)
    assert not any(k.startswith("evaluate_") for k in clerk.buttons)
    inspector = _page(qtbot, runner, team.inspector, case, desk)
    assert "conclude" in inspector.buttons and "conclude" not in clerk.buttons
    _form(qtbot, outcome="维持", conclusion="原处理意见认定事实清楚，予以维持")
    _click(qtbot, inspector, "conclude")
    _settled(qtbot, runner, inspector)
    with desk.db.read() as s:
        review = s.scalar(select(Review).where(Review.matter_id == matter_by_number(s, case).id))
        assert review.closed_on == desk.today() and review.conclusion == "原处理意见认定事实清楚，予以维持"

    other = replied(desk, team)
    inspector = _page(qtbot, runner, team.inspector, other, desk)
    _form(qtbot, kind="复查", reason="申请人对处理意见不服")
    _click(qtbot, inspector, "review")
    _settled(qtbot, runner, inspector, MatterStatus.UNDER_REVIEW)

    third = replied(desk, team)
    clerk = _page(qtbot, runner, team.clerk, third, desk)
    _form(qtbot)
    _click(qtbot, clerk, "close")
    _settled(qtbot, runner, clerk, MatterStatus.CLOSED)
    _form(qtbot, notes="电话回访，当事人表示已收到补发款项")
    _click(qtbot, clerk, "callback")
    _settled(qtbot, runner, clerk)
    qtbot.waitUntil(lambda: any("已收到补发款项" in k for k in _timeline(clerk)), timeout=5000)


def test_a_leader_hands_a_clerks_matters_over_through_the_dialog(qtbot, runner, team, desk) -> None:
    case = assigned(desk, team)
    leader = _page(qtbot, runner, team.approver, case, desk)
    _form(qtbot, to="王接待", reason="李接待调岗")
    _click(qtbot, leader, "handover")
    _settled(qtbot, runner, leader)
    qtbot.waitUntil(lambda: leader.view.facts.first_handler == "王接待", timeout=5000)
