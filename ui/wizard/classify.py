"""三分类: type and route, category, key domains, risk, complexity; the routing proposal; 政策咨询
answered and closed on the spot."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import AppealRoute, Category, Complexity, KeyDomain, RegulationType, Risk
from desktop.services import intake
from desktop.services.intake_input import ClassificationInput
from desktop.services.permissions import Actor
from ui.errors import describe, field_problems
from ui.i18n import tr
from ui.tasks import TaskRunner
from ui.widgets.forms import FieldNote, add_field
from ui.wizard.base import StepPage
from ui.words import period, word


def _choice(name: str, values: list) -> QComboBox:  # type: ignore[type-arg]
    box = QComboBox()
    box.setObjectName(name)
    box.addItem(tr("请选择"), None)
    for v in values:
        box.addItem(word(v), v)
    return box


def _value(combo: QComboBox, enum):  # type: ignore[no-untyped-def]
    """The enum member chosen (QComboBox hands a StrEnum back as a plain str)."""
    data = combo.currentData()
    return None if data is None else enum(data)


class ClassifyPage(StepPage):
    title = "分类"
    answered_on_spot = Signal(str)  # case number, closed at the desk

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, parent)
        box = QVBoxLayout(self)
        form = QFormLayout()
        box.addLayout(form)
        self.reg_type = _choice("regulation_type", list(RegulationType))
        self.route = _choice("appeal_route", list(AppealRoute))
        self.category = _choice("category", list(Category))
        self.risk = _choice("risk", list(Risk))
        self.complexity = _choice("complexity", list(Complexity))
        self.domains: dict[KeyDomain, QCheckBox] = {}
        domain_box = QWidget()
        grid = QGridLayout(domain_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, d in enumerate(KeyDomain):
            cb = QCheckBox(word(d))
            cb.setObjectName(f"domain_{d.value}")
            self.domains[d] = cb
            grid.addWidget(cb, i // 3, i % 3)
            cb.toggled.connect(self._changed)
        self.notes: dict[str, FieldNote] = {
            "regulation_type": add_field(form, tr("条例分类(&T)"), self.reg_type),
            "appeal_route": add_field(form, tr("申诉求决途径"), self.route),
            "category": add_field(form, tr("事项类别(&K)"), self.category),
        }
        form.addRow(tr("重点领域（4+2）"), domain_box)
        self.notes["risk"] = add_field(form, tr("风险等级"), self.risk)
        self.notes["complexity"] = add_field(form, tr("复杂程度"), self.complexity)
        self.proposal = QLabel()
        self.proposal.setObjectName("route_proposal")
        self.proposal.setWordWrap(True)
        self.proposal.setStyleSheet("background: #eef4fb; padding: 6px;")
        box.addWidget(self.proposal)
        self.policy_box = QGroupBox(tr("政策咨询：当场答复"))
        pol = QVBoxLayout(self.policy_box)
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("policy_answer")
        self.answer.setTabChangesFocus(True)
        self.answer.setPlaceholderText(tr("答复内容（记入事项，按一次性化解统计）"))
        self.answer.setMaximumHeight(90)
        self.answer_button = QPushButton(tr("当场答复并办结(&A)"))
        self.answer_button.setObjectName("answer_on_spot")
        self.answer_note = FieldNote()
        pol.addWidget(self.answer)
        pol.addWidget(self.answer_button)
        pol.addWidget(self.answer_note)
        box.addWidget(self.policy_box)
        box.addStretch(1)
        self.policy_box.setVisible(False)
        self.last_proposal: intake.RouteProposal | None = None

        self._propose_timer = QTimer(self)
        self._propose_timer.setSingleShot(True)
        self._propose_timer.setInterval(100)
        self._propose_timer.timeout.connect(self._propose)
        for combo in (self.reg_type, self.route, self.category, self.risk, self.complexity):
            combo.currentIndexChanged.connect(self._changed)
            combo.currentIndexChanged.connect(lambda _i: self._propose_timer.start())
        self.answer.textChanged.connect(self._changed)
        self.answer_button.clicked.connect(self.answer_now)
        self.revalidate()

    def classification(self) -> ClassificationInput | None:
        reg, cat = _value(self.reg_type, RegulationType), _value(self.category, Category)
        risk, cx = _value(self.risk, Risk), _value(self.complexity, Complexity)
        route = _value(self.route, AppealRoute) if reg == RegulationType.APPEAL else None
        if None in (reg, cat, risk, cx) or (reg == RegulationType.APPEAL and route is None):
            return None
        return ClassificationInput(reg, cat, risk, cx, route, [d for d, cb in self.domains.items() if cb.isChecked()])

    def revalidate(self) -> None:
        reg = self.reg_type.currentData()
        self.route.setEnabled(reg == RegulationType.APPEAL)
        problems: dict[str, str] = {}
        for key, combo in (("regulation_type", self.reg_type), ("category", self.category), ("risk", self.risk),
                           ("complexity", self.complexity)):
            if combo.currentData() is None:
                problems[key] = tr("请选择")
        if reg == RegulationType.APPEAL and self.route.currentData() is None:
            problems["appeal_route"] = tr("申诉求决类须选择途径")
        for key, note in self.notes.items():
            note.show_problem(problems[key]) if key in problems else note.clear_note()
        policy = self.category.currentData() == Category.POLICY
        self.policy_box.setVisible(policy)
        self.answer_button.setEnabled(policy and not problems and bool(self.answer.toPlainText().strip()))
        self._set_complete(not problems)

    def _propose(self) -> None:
        data = self.classification()
        if data is None:
            self.proposal.setText(tr("选择分类后，系统按分流规则建议承办部门和办理时限。"))
            return
        ctx = self.runner.ctx
        self.runner.read(lambda s: intake.propose_route(ctx, s, data), self._proposed, owner=self)

    def _proposed(self, p: intake.RouteProposal) -> None:
        self.last_proposal = p
        dept = p.department_name or tr("（无匹配规则，请在交办时选择）")
        text = tr("建议承办部门：{dept}；办理时限：{limit}").format(dept=dept, limit=period(p.handling_limit.amount,
                                                                                          p.handling_limit.unit))
        if p.note:
            text += "\n" + p.note
        self.proposal.setText(text)

    def state(self) -> dict[str, Any]:
        return {"reg_type": self.reg_type.currentData(), "route": self.route.currentData(),
                "category": self.category.currentData(), "risk": self.risk.currentData(),
                "complexity": self.complexity.currentData(),
                "domains": [d.value for d, cb in self.domains.items() if cb.isChecked()],
                "answer": self.answer.toPlainText()}

    def restore(self, state: dict[str, Any]) -> None:
        for key, combo in (("reg_type", self.reg_type), ("route", self.route), ("category", self.category),
                           ("risk", self.risk), ("complexity", self.complexity)):
            value = state.get(key)
            combo.setCurrentIndex(max(0, combo.findData(value)) if value else 0)
        for d, cb in self.domains.items():
            cb.setChecked(d.value in state.get("domains", []))
        self.answer.setPlainText(state.get("answer", ""))
        self.revalidate()
        self._propose_timer.start()

    def commit(self, done, failed) -> None:  # type: ignore[no-untyped-def]
        data, ctx, actor, case = self.classification(), self.runner.ctx, self.actor, self.case_number
        assert data is not None
        self.runner.write(lambda s: intake.classify(ctx, s, actor, case, data) and case, done, failed, owner=self)

    def answer_now(self) -> None:
        data, ctx, actor, case = self.classification(), self.runner.ctx, self.actor, self.case_number
        answer = self.answer.toPlainText()
        if data is None or not answer.strip():
            return

        def work(session):  # type: ignore[no-untyped-def]
            intake.classify(ctx, session, actor, case, data)
            intake.answer_on_spot(ctx, session, actor, case, answer)
            return case

        self.answer_button.setEnabled(False)
        self.runner.write(work, self.answered_on_spot.emit, self._answer_failed, owner=self)

    def _answer_failed(self, error: BaseException) -> None:
        self.answer_button.setEnabled(True)
        self.answer_note.show_problem(describe(error))

    def show_error(self, error: BaseException) -> None:
        problems = field_problems(error)
        for key, text in problems.items():
            if key in self.notes:
                self.notes[key].show_problem(text)
        if not problems:
            self.notes["regulation_type"].show_problem(describe(error))
