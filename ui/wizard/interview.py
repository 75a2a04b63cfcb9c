"""二接谈: the two staff, the notes, the scope-and-limits notice with its tick, the recording panel."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import Role
from desktop.domain.errors import InvalidInput
from desktop.services import intake, ui_support
from desktop.services.intake_input import InterviewInput
from desktop.services.office import load_profile
from desktop.services.permissions import Actor
from ui.errors import describe, field_problems
from ui.failures import failure_notice
from ui.i18n import tr
from ui.tasks import TaskRunner
from ui.widgets.forms import FieldNote, add_field
from ui.wizard.base import StepPage

log = logging.getLogger(__name__)


def recording_panel(runner: TaskRunner, actor: Actor, case_number: str) -> QWidget:
    """The recording panel for a matter's interview; if it cannot be built, a notice saying what failed
    (logged) stands in its place, and the interview can still be recorded on paper."""
    try:
        from ui.recording.panel import panel_for_matter

        return panel_for_matter(runner.ctx, actor, case_number, runner=runner)
    except Exception as error:  # noqa: BLE001 - a device problem must not stop the interview being recorded on paper
        return failure_notice(tr("录音录像面板"), error)


class InterviewPage(StepPage):
    title = "接谈"

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, parent)
        outer = QHBoxLayout(self)
        left = QWidget()
        form = QFormLayout(left)
        outer.addWidget(left, 3)
        self.clerk = QLabel(actor.display_name)
        self.colleague = QComboBox()
        self.colleague.setObjectName("colleague")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("interview_notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notice = QTextBrowser()
        self.notice.setObjectName("scope_notice")
        self.notice.setMaximumHeight(130)
        self.confirm = QCheckBox(tr("已向来访人告知受理范围和办理时限(&G)"))
        self.confirm.setObjectName("scope_confirm")
        self.no_recording = QLineEdit()
        self.no_recording.setObjectName("no_recording_reason")
        self.no_recording.setPlaceholderText(tr("未录音录像时填写原因"))
        form.addRow(tr("接待员"), self.clerk)
        self.notes: dict[str, FieldNote] = {
            "interviewer": add_field(form, tr("接谈同事(&C)"), self.colleague),
            "notes": add_field(form, tr("接谈记录(&R)"), self.notes_edit),
        }
        form.addRow(tr("告知内容"), self.notice)
        self.notes["scope_notice_confirmed"] = add_field(form, "", self.confirm)
        self.notes["no_recording_reason"] = add_field(form, tr("未录音录像原因"), self.no_recording)
        self.recording_note = FieldNote()
        self.recording_note.setObjectName("recording_note")
        form.addRow("", self.recording_note)

        right = QVBoxLayout()
        outer.addLayout(right, 2)
        self.recording_holder = QVBoxLayout()
        right.addLayout(self.recording_holder)
        self.placeholder = QLabel(tr("录音录像面板\n（保存登记后在此显示）"))
        self.placeholder.setObjectName("recording_placeholder")
        self.placeholder.setFrameShape(QFrame.Shape.Box)
        self.placeholder.setMinimumSize(280, 200)
        self.placeholder.setStyleSheet("color: #666; background: #f4f4f4;")
        self.recording_holder.addWidget(self.placeholder)
        right.addStretch(1)
        self.panel: QWidget | None = None
        self._pending_colleague: int | None = None

        self.colleague.currentIndexChanged.connect(self._colleague_changed)
        self.notes_edit.textChanged.connect(self._changed)
        self.confirm.toggled.connect(self._changed)
        self.no_recording.textChanged.connect(self._changed)

        def load(session):  # type: ignore[no-untyped-def]
            staff = {c.id: c for c in ui_support.staff_with(session, Role.INTERVIEWER)}
            staff.update({c.id: c for c in ui_support.staff_with(session, Role.CLERK)})
            return [c for c in staff.values() if c.id != actor.id], load_profile(session).scope_notice

        runner.read(load, self._loaded, owner=self)
        self.revalidate()

    def _loaded(self, loaded: tuple[list[ui_support.Choice], str]) -> None:
        staff, notice = loaded
        self.notice.setPlainText(notice)
        self.colleague.blockSignals(True)
        self.colleague.addItem(tr("请选择"), None)
        for c in staff:
            self.colleague.addItem(c.name, c.id)
        if self._pending_colleague is not None:
            self.colleague.setCurrentIndex(max(0, self.colleague.findData(self._pending_colleague)))
        self.colleague.blockSignals(False)
        self.revalidate()

    def entered(self, case_number: str) -> None:
        super().entered(case_number)
        if self.panel is None and case_number:
            self.panel = recording_panel(self.runner, self.actor, case_number)
            if self.panel is not None:  # the panel, or the notice of what failed with it
                self.placeholder.hide()
                self.recording_holder.addWidget(self.panel, 1)
                changed = getattr(self.panel, "state_changed", None)
                if changed is not None:
                    changed.connect(self.revalidate)
                self._tell_colleague()
        self.revalidate()

    def _colleague_changed(self, *_args: Any) -> None:
        self._tell_colleague()
        self._changed()

    def _tell_colleague(self) -> None:
        setter = getattr(self.panel, "set_colleague", None)
        if callable(setter):
            setter(self.colleague.currentText() if self.colleague.currentData() is not None else "")

    def has_recording(self) -> bool:
        check = getattr(self.panel, "has_recording", None)
        return bool(check()) if callable(check) else False

    def has_test_recording_only(self) -> bool:
        """Only recordings of a test signal (synthetic or file sources): never the interview's record."""
        check = getattr(self.panel, "has_test_recording_only", None)
        return bool(check()) if callable(check) else False

    def is_recording(self) -> bool:
        """Recording, sealing or registering: the interview cannot be finished yet."""
        busy = getattr(self.panel, "is_busy", None)
        return bool(busy()) if callable(busy) else False

    def shutdown_recording(self) -> None:
        """Stops and seals a recording in progress (the wizard or the window is closing)."""
        stop = getattr(self.panel, "shutdown", None)
        if callable(stop):
            stop()

    def revalidate(self) -> None:
        problems: dict[str, str] = {}
        if self.colleague.currentData() is None:
            problems["interviewer"] = tr("请选择另一位同事")
        if not self.notes_edit.toPlainText().strip():
            problems["notes"] = tr("必填")
        if not self.confirm.isChecked():
            problems["scope_notice_confirmed"] = tr("请确认已告知受理范围和办理时限")
        test_only = self.has_test_recording_only()
        if not self.has_recording() and not self.no_recording.text().strip():
            problems["no_recording_reason"] = (tr("测试信号录像不是接谈录像：须说明未录音录像的原因") if test_only
                                               else tr("没有录音录像时须说明原因"))
        for key, note in self.notes.items():
            note.show_problem(problems[key]) if key in problems else note.clear_note()
        recording = self.is_recording()
        if recording:
            self.recording_note.show_problem(tr("正在录像：请先停止并封存，再保存接谈"))
        elif self.has_recording():
            self.recording_note.show_ok(tr("录像已封存并登记"))
        elif test_only:
            self.recording_note.show_problem(tr("测试信号，非证据：该录像不能作为接谈录像"))
        else:
            self.recording_note.clear_note()
        self._set_complete(not problems and not recording)

    def state(self) -> dict[str, Any]:
        return {"colleague": self.colleague.currentData(), "notes": self.notes_edit.toPlainText(),
                "confirmed": self.confirm.isChecked(), "no_recording": self.no_recording.text()}

    def restore(self, state: dict[str, Any]) -> None:
        self._pending_colleague = state.get("colleague")
        if self.colleague.count():
            self.colleague.setCurrentIndex(max(0, self.colleague.findData(self._pending_colleague)))
        self.notes_edit.setPlainText(state.get("notes", ""))
        self.confirm.setChecked(bool(state.get("confirmed")))
        self.no_recording.setText(state.get("no_recording", ""))
        self.revalidate()

    def commit(self, done, failed) -> None:  # type: ignore[no-untyped-def]
        data = InterviewInput(interviewer_id=self.colleague.currentData(), notes=self.notes_edit.toPlainText(),
                              scope_notice_confirmed=self.confirm.isChecked(),
                              no_recording_reason=self.no_recording.text())
        ctx, actor, case = self.runner.ctx, self.actor, self.case_number
        self.runner.write(lambda s: intake.record_interview(ctx, s, actor, case, data) and case, done, failed,
                          owner=self)

    def show_error(self, error: BaseException) -> None:
        problems = field_problems(error)
        shown = False
        for key, text in problems.items():
            if key in self.notes:
                self.notes[key].show_problem(text)
                shown = True
        if not shown or not isinstance(error, InvalidInput):
            self.notes["notes"].show_problem(describe(error))
