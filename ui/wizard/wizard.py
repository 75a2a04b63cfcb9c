"""The intake wizard 一登记 → 二接谈 → 三分类 → 四交办.

Each step is stored when the clerk presses Next (the registration gives the case number the later steps
need); Next is enabled only when the step is complete. Everything typed is saved as an encrypted draft
shortly after each change (on the write worker), so a crash or a power cut loses nothing: the next start
offers the draft back, at the step and with the text it had."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import drafts
from desktop.services.permissions import Actor
from ui.i18n import N_, tr
from ui.tasks import TaskRunner
from ui.wizard.assign import AssignPage
from ui.wizard.base import StepPage
from ui.wizard.classify import ClassifyPage
from ui.wizard.interview import InterviewPage
from ui.wizard.registration import RegistrationPage

STEP_TITLES = (N_("一、登记"), N_("二、接谈"), N_("三、分类"), N_("四、交办"))
DRAFT_DELAY_MS = 600
# The later steps are built on timers, not queued calls: Qt sends the pending paint (a posted event of low
# priority) before timers fire, so the registration shows first and each step's build is a turn of its own.
LATER_STEP_MS = 1


class IntakeWizard(QWidget):
    step_changed = Signal(int)
    matter_registered = Signal(str)
    intake_completed = Signal(str)  # case number: submitted for approval, or answered on the spot
    intake_abandoned = Signal()
    draft_saved = Signal(int)

    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.today = runner, actor, today
        self.case_number = ""
        self.draft_id: int | None = None
        self._saving = False
        self._save_again = False
        self._busy = False
        box = QVBoxLayout(self)
        steps = QHBoxLayout()
        self.step_labels: list[QLabel] = []
        for t in STEP_TITLES:
            lab = QLabel(tr(t))
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lab.setMinimumHeight(30)
            steps.addWidget(lab, 1)
            self.step_labels.append(lab)
        box.addLayout(steps)
        self.case_label = QLabel()
        self.case_label.setObjectName("wizard_case")
        box.addWidget(self.case_label)
        self.stack = QStackedWidget()
        # Only the registration is built now; the later steps follow one per turn of the event loop once the
        # wizard is painted (or at once when asked for), so opening the wizard never holds the window for all
        # four (docs/performance.md, "Screens in slices").
        self._makers: tuple[Callable[[], StepPage], ...] = (
            lambda: RegistrationPage(runner, actor, today), lambda: InterviewPage(runner, actor),
            lambda: ClassifyPage(runner, actor), lambda: AssignPage(runner, actor, today))
        self._built: list[StepPage] = []
        box.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("wizard_status")
        buttons.addWidget(self.status, 1)
        self.abandon_button = QPushButton(tr("放弃本次登记"))
        self.abandon_button.setObjectName("wizard_abandon")
        self.next_button = QPushButton()
        self.next_button.setObjectName("wizard_next")
        self.next_button.setDefault(True)
        buttons.addWidget(self.abandon_button)
        buttons.addWidget(self.next_button)
        box.addLayout(buttons)
        self.next_button.clicked.connect(self.go_next)
        self.abandon_button.clicked.connect(self.abandon)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.go_next)
        self._abandoned = False
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._show_step(0)  # builds the registration
        QTimer.singleShot(LATER_STEP_MS, self, self._build_next_step)

    # --- steps -----------------------------------------------------------------------------------
    def step_page(self, i: int) -> StepPage:
        """Step ``i``'s page, built now (with the steps before it) if it is not yet."""
        while len(self._built) <= i:
            page = self._makers[len(self._built)]()
            page.case_number = self.case_number
            self._built.append(page)
            self.stack.addWidget(page)
            page.completeness_changed.connect(self._update_buttons)
            page.state_changed.connect(self.schedule_draft)
            if isinstance(page, ClassifyPage):
                page.answered_on_spot.connect(self._finished)
        return self._built[i]

    def _build_next_step(self) -> None:
        if len(self._built) < len(self._makers):
            self.step_page(len(self._built))
            QTimer.singleShot(LATER_STEP_MS, self, self._build_next_step)

    @property
    def registration(self) -> RegistrationPage:
        return self.step_page(0)  # type: ignore[return-value]

    @property
    def interview(self) -> InterviewPage:
        return self.step_page(1)  # type: ignore[return-value]

    @property
    def classify(self) -> ClassifyPage:
        return self.step_page(2)  # type: ignore[return-value]

    @property
    def assign(self) -> AssignPage:
        return self.step_page(3)  # type: ignore[return-value]

    def is_recording(self) -> bool:
        return len(self._built) > 1 and self.interview.is_recording()

    def shutdown_recording(self) -> None:
        if len(self._built) > 1:
            self.interview.shutdown_recording()

    def current_step(self) -> int:
        return self.stack.currentIndex()

    def _show_step(self, i: int) -> None:
        self.stack.setCurrentWidget(self.step_page(i))
        for n, lab in enumerate(self.step_labels):
            style = "font-weight: bold; background: #1565c0; color: white;" if n == i else (
                "color: #1b6e20;" if n < i else "color: #777;")
            lab.setStyleSheet(style + " padding: 4px;")
        labels = (tr("登记并继续(&N)"), tr("保存接谈并继续(&N)"), tr("保存分类并继续(&N)"), tr("提交审批(&N)"))
        self.next_button.setText(labels[i])
        self.case_label.setText(tr("事项编号：{case}").format(case=self.case_number) if self.case_number else
                                tr("登记后生成事项编号"))
        self.step_page(i).entered(self.case_number)
        self._update_buttons()
        self.step_changed.emit(i)
        page = self.step_page(i)
        QTimer.singleShot(0, page, lambda: page.focusNextPrevChild(True))  # dropped if the wizard is gone

    def _update_buttons(self, *_args: Any) -> None:
        page = self.step_page(self.current_step())
        self.next_button.setEnabled(page.is_complete() and not self._busy)

    def go_next(self) -> None:
        page = self.step_page(self.current_step())
        if self._busy or not page.is_complete():
            return
        self._busy = True
        self._update_buttons()
        self.status.setText(tr("正在保存…"))
        page.commit(self._committed, self._commit_failed)

    def _committed(self, case_number: str) -> None:
        self._busy = False
        self.status.setText("")
        step = self.current_step()
        if step == 0:
            self.case_number = case_number
            self.matter_registered.emit(case_number)
        if step == len(self._makers) - 1:
            self._finished(case_number)
            return
        self._show_step(step + 1)
        self.save_draft()

    def _commit_failed(self, error: BaseException) -> None:
        self._busy = False
        self.status.setText("")
        self.step_page(self.current_step()).show_error(error)
        self._update_buttons()

    def _finished(self, case_number: str) -> None:
        self._draft_timer.stop()
        self._discard_draft()
        self.intake_completed.emit(case_number)

    def abandon(self) -> None:
        if self.case_number:
            text = tr("事项 {case} 已登记，后续步骤可在事项页面继续。关闭向导？").format(case=self.case_number)
        else:
            text = tr("放弃本次登记？已填写的内容将被删除。")
        if QMessageBox.question(self, tr("放弃本次登记"), text) != QMessageBox.StandardButton.Yes:
            return
        self.discard()

    def discard(self) -> None:
        """Gives the registration up: its draft is deleted (audited), one still being saved included."""
        self._draft_timer.stop()
        self._abandoned = True
        self._discard_draft(audited=True)
        self.intake_abandoned.emit()

    # --- drafts ----------------------------------------------------------------------------------
    def draft_payload(self) -> dict[str, Any]:
        return {"step": self.current_step(), "case_number": self.case_number,
                "pages": [p.state() for p in self._built]}

    def schedule_draft(self) -> None:
        self._draft_timer.start()

    def save_draft(self) -> None:
        """Writes the draft now (off the GUI thread); a save requested meanwhile follows the current one."""
        if self._saving:
            self._save_again = True
            return
        self._saving = True
        payload, ctx, staff_id, draft_id = self.draft_payload(), self.runner.ctx, self.actor.id, self.draft_id
        self.runner.write(lambda s: drafts.save(ctx, s, staff_id, payload, draft_id), self._draft_done,
                          self._draft_failed, owner=self)

    def _draft_done(self, draft_id: int) -> None:
        self._saving = False
        self.draft_id = draft_id
        if self._abandoned:  # a save that was on its way when the clerk gave up
            self._discard_draft(audited=True)
            return
        self.draft_saved.emit(draft_id)
        if self._save_again:
            self._save_again = False
            self.save_draft()

    def _draft_failed(self, _error: BaseException) -> None:
        self._saving = False
        self.status.setText(tr("草稿未能保存，请勿关闭程序"))

    def _discard_draft(self, audited: bool = False) -> None:
        if self.draft_id is not None:
            draft_id, ctx, staff_id = self.draft_id, self.runner.ctx, self.actor.id
            self.draft_id = None
            if audited:
                self.runner.write(lambda s: drafts.abandon(ctx, s, staff_id, draft_id))
            else:
                self.runner.write(lambda s: drafts.discard(s, draft_id))

    def restore(self, draft: drafts.Draft) -> None:
        """Puts the wizard back exactly as the draft had it."""
        payload = draft.payload
        self.draft_id = draft.id
        self.case_number = payload.get("case_number", "")
        for p in self._built:
            p.case_number = self.case_number
        for i, state in enumerate(payload.get("pages", [])[:len(self._makers)]):
            if state:
                self.step_page(i).restore(state)
        step = int(payload.get("step", 0))
        if step > 0 and not self.case_number:
            step = 0
        self._show_step(step)
