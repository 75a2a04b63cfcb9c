"""The matter's page: its facts, its timeline, and the actions the signed-in user may take now.

An action is offered only when both hold: the user's roles grant it, and the matter's state allows the
step (``desktop.domain.lifecycle.TRANSITIONS``); approving and signing also need the user to be the
person named on the slip or the letter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import CHINA_TZ
from desktop.domain.enums import (
    DayUnit,
    LetterStatus,
    MatterStatus,
    MeetingStage,
    ReviewKind,
    ReviewOutcome,
    Satisfaction,
    SignerRole,
)
from desktop.domain.lifecycle import TRANSITIONS, Step
from desktop.services import followup, handling, letters, petitioners
from desktop.services.permissions import Actor, Permission
from ui.errors import describe
from ui.i18n import N_, tr
from ui.matter.dialogs import Field, FormDialog, open_form
from ui.matter.documents import DocumentsSection
from ui.matter.facts import fill_facts
from ui.matter.loader import MatterView, load
from ui.matter.recordings import RecordingsSection
from ui.matter.timeline_words import describe_event
from ui.tasks import TaskRunner
from ui.words import word

P = Permission
PAINT_FIRST_MS = 1  # a timer, not a queued call: Qt sends the paint (a posted event) before timers fire


INTAKE_STEP = {MatterStatus.REGISTERED: 1, MatterStatus.INTERVIEWED: 2, MatterStatus.CLASSIFIED: 3}
INTAKE_STEP_WORDS = {1: N_("二、接谈"), 2: N_("三、分类"), 3: N_("四、交办")}
INTAKE_PERMISSION = {1: P.INTERVIEW, 2: P.CLASSIFY, 3: P.SUBMIT_ASSIGNMENT}


class MatterPage(QWidget):
    matter_changed = Signal(str)
    intake_continue_requested = Signal(str, int)  # case number, the wizard's step
    matter_loaded = Signal(object)
    action_failed = Signal(str)

    def __init__(self, runner: TaskRunner, actor: Actor, case_number: str, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.case_number, self.today = runner, actor, case_number, today
        self.view: MatterView | None = None
        self.letter_editor = None
        outer = QVBoxLayout(self)
        self.header = QLabel(tr("正在加载…"))
        self.header.setObjectName("matter_header")
        self.header.setStyleSheet("font-size: 14pt; font-weight: bold;")
        outer.addWidget(self.header)
        split = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(split, 1)
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        self.facts_box = QGroupBox(tr("事项信息"))
        self.facts_grid = QGridLayout(self.facts_box)
        lbox.addWidget(self.facts_box)
        self.sections = QTabWidget()
        self.sections.setObjectName("matter_sections")
        tl = QWidget()
        tbox = QVBoxLayout(tl)
        tbox.setContentsMargins(0, 0, 0, 0)
        self.timeline = QTreeWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setHeaderLabels([tr("时间"), tr("经过"), tr("经办人")])
        header = self.timeline.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        header.setSectionResizeMode(2, header.ResizeMode.ResizeToContents)
        self.timeline.setWordWrap(True)
        tbox.addWidget(self.timeline)
        self.sections.addTab(tl, tr("办理经过"))
        self.documents = DocumentsSection(runner, actor, case_number)
        self.sections.addTab(self.documents, tr("文书"))
        self.recordings: RecordingsSection | None = None
        if actor.can(P.VIEW_RECORDINGS):
            self.recordings = RecordingsSection(runner, actor, case_number)
            self.sections.addTab(self.recordings, tr("录音录像"))
        lbox.addWidget(self.sections, 1)
        split.addWidget(left)
        # The actions column scrolls vertically only and wraps its rows, so nothing is cut off at 1366×768.
        scroll = QScrollArea()
        scroll.setObjectName("matter_actions_scroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.actions_widget = QWidget()
        self.actions_box = QVBoxLayout(self.actions_widget)
        scroll.setWidget(self.actions_widget)
        scroll.setMinimumWidth(200)
        split.addWidget(scroll)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setCollapsible(1, False)
        self.actions_scroll = scroll
        self.buttons: dict[str, QPushButton] = {}
        self.sign_dialog: QWidget | None = None
        self.form_dialog: FormDialog | None = None  # the action form open now (it survives the idle lock)
        # Loaded once the empty page is painted: a worker reading the matter (~30 ms of Python) while the
        # GUI thread lays out and paints the new tab stretched that paint past 50 ms (docs/performance.md).
        QTimer.singleShot(PAINT_FIRST_MS, self, self.reload)

    # --- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        ctx, actor, case = self.runner.ctx, self.actor, self.case_number
        self.runner.read(lambda s: load(ctx, s, actor, case), self._loaded, self._load_failed, owner=self)
        self.documents.reload()
        if self.recordings is not None:
            self.recordings.reload()

    def _load_failed(self, error: BaseException) -> None:
        self.header.setText(describe(error))

    def _loaded(self, view: MatterView) -> None:
        self.view = view
        f = view.facts
        self.header.setText(f"{f.case_number}  {f.petitioner_name}  ·  {word(f.status)}")
        self._fill_facts(view)
        self.timeline.clear()
        for e in view.events:
            when = e.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")  # office time, whatever the PC says
            item = QTreeWidgetItem([when, describe_event(e), e.actor])
            item.setToolTip(1, describe_event(e))
            self.timeline.addTopLevelItem(item)
        self._fill_actions(view)
        self.matter_loaded.emit(view)

    def _fill_facts(self, view: MatterView) -> None:
        fill_facts(self.facts_grid, view, self.today)

    # --- actions -----------------------------------------------------------------------------
    def allowed(self, step: Step) -> bool:
        return self.view is not None and self.view.facts.status in TRANSITIONS[step][0]

    def offered_actions(self) -> list[str]:
        return [k for k, b in self.buttons.items() if b.isVisible() or not b.isHidden()]

    def _add(self, key: str, text: str, handler: Callable[[], None]) -> None:
        b = QPushButton(text)
        b.setObjectName(f"action_{key}")
        b.setMinimumWidth(0)
        b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        b.setToolTip(text)
        b.clicked.connect(handler)
        self.actions_box.addWidget(b)
        self.buttons[key] = b

    def _fill_actions(self, view: MatterView) -> None:
        while self.actions_box.count():
            item = self.actions_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = {}
        a, f, letter = self.actor, view.facts, view.letter
        title = QLabel(tr("可办理的操作"))
        title.setStyleSheet("font-weight: bold;")
        self.actions_box.addWidget(title)
        step = INTAKE_STEP.get(f.status)
        if step is not None and a.can(INTAKE_PERMISSION[step]):
            self._add("continue_intake", tr("继续登记：{step}").format(step=tr(INTAKE_STEP_WORDS[step])),
                      lambda: self.intake_continue_requested.emit(self.case_number, step))
        if a.can(P.APPROVE_ASSIGNMENT) and self.allowed(Step.APPROVE_ASSIGNMENT) and f.approver_id == a.id:
            self._add("approve", tr("批准交办"), self.on_approve)
            self._add("reject", tr("退回交办"), self.on_reject)
        if a.can(P.LOG_MEETING) and self.allowed(Step.LOG_MEETING):
            self._add("meeting", tr("记录见面（三见面）"), self.on_meeting)
        if a.can(P.PAUSE_DEADLINE) and self.allowed(Step.PAUSE):
            self._add("pause", tr("中止计时"), self.on_pause)
        if a.can(P.PAUSE_DEADLINE) and self.allowed(Step.RESUME):
            self._add("resume", tr("恢复计时"), self.on_resume)
        if a.can(P.PAUSE_DEADLINE) and self.allowed(Step.EXTEND):
            self._add("extend", tr("延期"), self.on_extend)
        final = letter is not None and letter.status == LetterStatus.FINAL
        if a.can(P.DRAFT_LETTER) and self.allowed(Step.DRAFT_LETTER) and not (final and f.status.value != "under_review"):
            self._add("letter", tr("起草处理意见书"), self.on_letter)
        if letter is not None and not final and a.can(P.SIGN_LETTER) and self.allowed(Step.SIGN_LETTER):
            for role, named in ((SignerRole.DEPT_HEAD, letter.dept_head_id), (SignerRole.CASE_LEAD,
                                                                              letter.case_lead_id)):
                if named == a.id and role not in letter.signed:
                    self._add(f"sign_{role.value}", tr("签字（{role}）").format(role=word(role)),
                              lambda _c=False, r=role: self.on_sign(r))
        if letter is not None and not final and a.can(P.DRAFT_LETTER) and self.allowed(Step.FINALIZE_LETTER):
            self._add("finalize", tr("定稿处理意见书"), self.on_finalize)
        if final and not letter.delivered and a.can(P.DRAFT_LETTER) and self.allowed(Step.DELIVER_LETTER):
            self._add("deliver", tr("送达处理意见书"), self.on_deliver)
        if a.can(P.CLOSE_MATTER) and self.allowed(Step.CLOSE):
            self._add("close", tr("办结"), self.on_close)
        if a.can(P.RECORD_EVALUATION) and self.allowed(Step.EVALUATE) and not view.evaluated:
            box = QGroupBox(tr("满意度评价（一键记录）"))
            row = QGridLayout(box)
            for i, s in enumerate(Satisfaction):
                b = QPushButton(word(s))
                b.setObjectName(f"action_evaluate_{s.value}")
                b.setMinimumWidth(0)
                b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                b.clicked.connect(lambda _c=False, s=s: self.do_evaluate(s))
                row.addWidget(b, i // 2, i % 2)
                self.buttons[f"evaluate_{s.value}"] = b
            self.actions_box.addWidget(box)
        if a.can(P.OPEN_REVIEW) and self.allowed(Step.OPEN_REVIEW):
            self._add("review", tr("启动复查/复核"), self.on_review)
        if a.can(P.CONCLUDE_REVIEW) and self.allowed(Step.CONCLUDE_REVIEW) and view.open_review:
            self._add("conclude", tr("作出复查结论"), self.on_conclude)
        if a.can(P.LOG_CALLBACK) and self.allowed(Step.CALLBACK):
            self._add("callback", tr("记录回访"), self.on_callback)
        if a.can(P.HANDOVER) and f.first_handler_id is not None:
            self._add("handover", tr("移交首办责任人的事项"), self.on_handover)
        if a.can(P.VIEW_ID_NUMBERS):
            self._add("reveal", tr("查看完整身份证号"), self.on_reveal)
        if not self.buttons:
            none = QLabel(tr("当前没有您可办理的操作。"))
            none.setWordWrap(True)
            self.actions_box.addWidget(none)
        self.actions_box.addStretch(1)

    # --- running an action -------------------------------------------------------------------
    def run(self, work: Callable[[Any], Any], done: Callable[[Any], None] | None = None) -> None:
        def finished(result: Any) -> None:
            if done is not None:
                done(result)
            self.matter_changed.emit(self.case_number)
            self.reload()

        self.runner.write(work, finished, self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        text = describe(error)
        self.action_failed.emit(text)
        if self.letter_editor is not None and self.letter_editor.isVisible():
            self.letter_editor.failed(error)
            return
        QMessageBox.warning(self, tr("未能完成"), text)

    def _c(self) -> tuple[Any, Actor, str]:
        return self.runner.ctx, self.actor, self.case_number

    def _people(self, choices: list) -> list[tuple[str, Any]]:  # type: ignore[type-arg]
        return [(c.name, c.id) for c in choices]

    def do_approve(self, note: str = "", strokes: list | None = None) -> None:  # type: ignore[type-arg]
        ctx, a, case = self._c()
        self.run(lambda s: handling.approve_assignment(ctx, s, a, case, note, strokes))

    def on_approve(self) -> None:
        """One dialog: the slip beside the 审批意见 and the pad; confirming approves with both."""
        from ui.matter.signing import open_approval_dialog

        _ctx, a, case = self._c()
        self.sign_dialog = open_approval_dialog(self, self.runner, a, case, self.do_approve)

    def _form(self, title: str, fields: list[Field], on_ok: Callable[[dict[str, Any]], None]) -> None:
        self.form_dialog = open_form(self, title, fields, on_ok)

    def on_reject(self) -> None:
        ctx, a, case = self._c()
        self._form(tr("退回交办"), [Field("reason", tr("退回原因"), "text")],
                   lambda values: self.run(lambda s: handling.reject_assignment(ctx, s, a, case, values["reason"])))

    def do_meeting(self, stage: MeetingStage, held_on: date, notes: str, place: str = "") -> None:
        ctx, a, case = self._c()
        self.run(lambda s: handling.log_meeting(ctx, s, a, case, stage, held_on, notes, place))

    def on_meeting(self) -> None:
        self._form(tr("记录见面"), [
            Field("stage", tr("阶段"), "choice", [(word(m), m) for m in MeetingStage]),
            Field("held_on", tr("日期"), "date", default=self.today),
            Field("place", tr("地点"), required=False), Field("notes", tr("见面情况"), "text")],
            lambda values: self.do_meeting(values["stage"], values["held_on"], values["notes"], values["place"]))

    def on_pause(self) -> None:
        assert self.view is not None
        ctx, a, case = self._c()
        self._form(tr("中止计时"), [Field("reason", tr("原因（如听证、等待补充材料）"), "text"),
                                   Field("approver", tr("批准人"), "choice", self._people(self.view.approvers))],
                   lambda values: self.run(lambda s: handling.pause(ctx, s, a, case, values["reason"],
                                                                    values["approver"])))

    def on_resume(self) -> None:
        ctx, a, case = self._c()
        self.run(lambda s: handling.resume(ctx, s, a, case))

    def do_extend(self, amount: int, reason: str, approver_id: int) -> None:
        ctx, a, case = self._c()
        self.run(lambda s: handling.extend(ctx, s, a, case, amount, DayUnit.CALENDAR, reason, approver_id))

    def on_extend(self) -> None:
        assert self.view is not None
        self._form(tr("延期"), [Field("amount", tr("延期天数（日）"), "int", default=30),
                                Field("reason", tr("延期理由（将告知来访人）"), "text"),
                                Field("approver", tr("批准人"), "choice", self._people(self.view.approvers))],
                   lambda values: self.do_extend(values["amount"], values["reason"], values["approver"]))

    def on_letter(self) -> None:
        from ui.matter.letter_editor import LetterEditor

        assert self.view is not None
        letter = self.view.letter
        signed = tr("尚无签字。") if not letter or not letter.signed else tr("已签字：{who}。修改内容将使签字失效。").format(
            who="、".join(word(r) for r in sorted(letter.signed)))
        editor = LetterEditor(letter.sections if letter else {}, letter.outcome if letter else None,
                              self.view.rules, signed, self)
        editor.save_requested.connect(self.do_save_letter)
        self.letter_editor = editor
        editor.show()

    def do_save_letter(self, sections: dict[str, str], outcome: Any) -> None:
        ctx, a, case = self._c()
        assert self.view is not None
        head = None
        if (self.view.letter is None or self.view.letter.dept_head_id is None) and self.view.dept_heads:
            head = self.view.dept_heads[0].id

        def work(s):  # type: ignore[no-untyped-def]
            return dict(letters.save_draft(ctx, s, a, case, sections, outcome, dept_head_id=head).sections)

        self.run(work, lambda secs: self.letter_editor.saved(secs) if self.letter_editor else None)

    def on_sign(self, role: SignerRole) -> None:
        """The signing dialog with the letter as it now stands; the strokes are signed as the signed-in person."""
        from ui.matter.signing import open_sign_dialog

        _ctx, a, case = self._c()
        self.sign_dialog = open_sign_dialog(self, self.runner, a, case, role,
                                            lambda strokes: self.do_sign(role, strokes))

    def do_sign(self, role: SignerRole, strokes: list) -> None:  # type: ignore[type-arg]
        ctx, a, case = self._c()
        self.run(lambda s: letters.sign(ctx, s, a, case, role, strokes))

    def on_finalize(self) -> None:
        """Finalising numbers the letter and freezes its text: asked once more before it is done."""
        if QMessageBox.question(self, tr("定稿处理意见书"), tr(
                "定稿后处理意见书将编号，内容不能再修改。确定定稿？")) != QMessageBox.StandardButton.Yes:
            return
        ctx, a, case = self._c()
        self.run(lambda s: letters.finalize(ctx, s, a, case))

    def on_deliver(self) -> None:
        ctx, a, case = self._c()
        self.run(lambda s: letters.deliver(ctx, s, a, case))

    def do_close(self, note: str = "") -> None:
        ctx, a, case = self._c()
        self.run(lambda s: handling.close(ctx, s, a, case, note))

    def on_close(self) -> None:
        self._form(tr("办结"), [Field("note", tr("办结说明"), "text", required=False)],
                   lambda values: self.do_close(values["note"]))

    def do_evaluate(self, answer: Satisfaction) -> None:
        ctx, a, case = self._c()
        self.run(lambda s: followup.evaluate(ctx, s, a, case, answer))

    def on_review(self) -> None:
        ctx, a, case = self._c()
        self._form(tr("启动复查/复核"), [
            Field("kind", tr("类型"), "choice", [(word(k), k) for k in ReviewKind]),
            Field("reason", tr("申请理由"), "text")],
            lambda values: self.run(lambda s: followup.open_review(ctx, s, a, case, values["kind"], values["reason"])))

    def on_conclude(self) -> None:
        ctx, a, case = self._c()
        self._form(tr("作出复查结论"), [
            Field("outcome", tr("结论"), "choice", [(word(o), o) for o in ReviewOutcome]),
            Field("conclusion", tr("复查意见"), "text")],
            lambda values: self.run(lambda s: followup.conclude_review(ctx, s, a, case, values["outcome"],
                                                                       values["conclusion"])))

    def do_callback(self, reached: bool, notes: str) -> None:
        ctx, a, case = self._c()
        self.run(lambda s: followup.log_callback(ctx, s, a, case, reached, notes))

    def on_callback(self) -> None:
        self._form(tr("记录回访"), [Field("reached", tr("已联系上"), "check", default=True),
                                    Field("notes", tr("回访情况"), "text")],
                   lambda values: self.do_callback(values["reached"], values["notes"]))

    def on_handover(self) -> None:
        assert self.view is not None
        f = self.view.facts
        others = [c for c in self.view.clerks if c.id != f.first_handler_id]
        ctx, a, _case = self._c()
        self._form(tr("移交事项"), [
            Field("to", tr("接替人（{name} 的全部在办事项将移交）").format(name=f.first_handler), "choice",
                  self._people(others)), Field("reason", tr("移交原因"), "text")],
            lambda values: self.run(lambda s: followup.hand_over(ctx, s, a, f.first_handler_id, values["to"],
                                                                 values["reason"])))

    def on_reveal(self) -> None:
        ctx, a, _case = self._c()
        assert self.view is not None
        pid = self.view.facts.petitioner_id

        self.runner.write(lambda s: petitioners.reveal_id_number_of(ctx, s, a, pid), lambda n: QMessageBox.information(self, tr("身份证号"), n or "—"), self._failed,
                          owner=self)



