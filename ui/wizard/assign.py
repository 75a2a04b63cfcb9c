"""四交办: department, limit, the due dates as dates, first-handler, case lead and approver; submitted
for the approver's signature."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.deadlines import due_date
from desktop.domain.enums import Complexity, Role
from desktop.services import intake, ui_support
from desktop.services.intake_input import AssignmentInput
from desktop.services.permissions import Actor
from ui.errors import describe, field_problems
from ui.i18n import tr
from ui.tasks import TaskRunner
from ui.widgets.forms import FieldNote, add_field
from ui.wizard.base import StepPage
from ui.words import period, word


class AssignPage(StepPage):
    title = "交办"

    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, parent)
        self.today = today
        box = QVBoxLayout(self)
        form = QFormLayout()
        box.addLayout(form)
        self.department = QComboBox()
        self.department.setObjectName("assign_department")
        self.complexity = QComboBox()
        self.complexity.setObjectName("assign_complexity")
        for c in Complexity:
            self.complexity.addItem(word(c), c)
        self.handler = QComboBox()
        self.handler.setObjectName("first_handler")
        self.lead = QComboBox()
        self.lead.setObjectName("case_lead")
        self.approver = QComboBox()
        self.approver.setObjectName("approver")
        self.dates = QLabel()
        self.dates.setObjectName("due_dates")
        self.dates.setWordWrap(True)
        self.dates.setStyleSheet("background: #eef4fb; padding: 6px;")
        self.notes: dict[str, FieldNote] = {
            "department": add_field(form, tr("承办部门(&D)"), self.department),
            "complexity": add_field(form, tr("复杂程度"), self.complexity),
            "first_handler": add_field(form, tr("首办责任人"), self.handler),
            "case_lead": add_field(form, tr("包案领导"), self.lead),
            "approver": add_field(form, tr("审批领导(&P)"), self.approver),
        }
        form.addRow(tr("期限"), self.dates)
        box.addStretch(1)
        self._pending: dict[str, Any] = {}
        self._facts: dict[str, Any] = {}
        for combo in (self.department, self.complexity, self.handler, self.lead, self.approver):
            combo.currentIndexChanged.connect(self._changed)
        self.complexity.currentIndexChanged.connect(lambda _i: self._show_dates())
        self.revalidate()

    def entered(self, case_number: str) -> None:
        super().entered(case_number)
        ctx, actor = self.runner.ctx, self.actor

        def load(session):  # type: ignore[no-untyped-def]
            facts = ui_support.matter_facts(session, actor, case_number)
            from desktop.services.intake_input import ClassificationInput

            proposal = None
            if facts.regulation_type and facts.category and facts.risk and facts.complexity:
                proposal = intake.propose_route(ctx, session, ClassificationInput(
                    facts.regulation_type, facts.category, facts.risk, facts.complexity, facts.appeal_route))
            rules, cal = ctx.rules(session), ctx.calendar(session)
            limits = {c: rules.handling_limit(c) for c in Complexity}
            return {
                "facts": facts, "proposal": proposal,
                "departments": ui_support.departments(session),
                "clerks": ui_support.staff_with(session, Role.CLERK),
                "leads": ui_support.staff_with(session, Role.CASE_LEAD),
                "approvers": ui_support.staff_with(session, Role.APPROVER),
                "limits": limits, "assign_within": rules.assign_within,
                "due": {c: due_date(self.today, limits[c], cal) for c in Complexity},
            }

        self.runner.read(load, self._loaded, owner=self)

    def _fill(self, combo: QComboBox, choices: list[ui_support.Choice], empty: str | None = None) -> None:
        combo.blockSignals(True)
        combo.clear()
        if empty is not None:
            combo.addItem(empty, None)
        for c in choices:
            combo.addItem(c.name, c.id)
        combo.blockSignals(False)

    def _loaded(self, loaded: dict[str, Any]) -> None:
        self._facts = loaded
        facts = loaded["facts"]
        self._fill(self.department, loaded["departments"], tr("请选择"))
        self._fill(self.handler, loaded["clerks"])
        self._fill(self.lead, loaded["leads"], tr("（无）"))
        self._fill(self.approver, loaded["approvers"], tr("请选择"))
        proposal = loaded["proposal"]
        pick = {
            "department": self._pending.get("department") or (proposal.department_id if proposal else None),
            "first_handler": self._pending.get("first_handler") or self.actor.id,
            "case_lead": self._pending.get("case_lead"),
            "approver": self._pending.get("approver") or (loaded["approvers"][0].id if loaded["approvers"] else None),
        }
        for key, combo in (("department", self.department), ("first_handler", self.handler),
                           ("case_lead", self.lead), ("approver", self.approver)):
            if pick[key] is not None:
                combo.setCurrentIndex(max(0, combo.findData(pick[key])))
        cx = self._pending.get("complexity") or facts.complexity
        if cx:
            self.complexity.setCurrentIndex(max(0, self.complexity.findData(Complexity(cx))))
        self._show_dates()
        self.revalidate()

    def _show_dates(self) -> None:
        if not self._facts:
            self.dates.setText(tr("正在计算期限…"))
            return
        facts = self._facts["facts"]
        cx = Complexity(self.complexity.currentData() or Complexity.SIMPLE)
        limit = self._facts["limits"][cx]
        within = self._facts["assign_within"]
        self.dates.setText(tr("交办期限：{assign}（登记后 {within} 内）\n办理时限：{limit}，今日审批则 {due} 到期").format(
            assign=facts.assign_due.isoformat(), within=period(within.amount, within.unit),
            limit=period(limit.amount, limit.unit),
            due=self._facts["due"][cx].isoformat()))

    def revalidate(self) -> None:
        problems: dict[str, str] = {}
        if self.department.currentData() is None:
            problems["department"] = tr("请选择承办部门")
        if self.handler.currentData() is None:
            problems["first_handler"] = tr("请选择首办责任人")
        if self.approver.currentData() is None:
            problems["approver"] = tr("请选择有审批权的领导")
        for key, note in self.notes.items():
            note.show_problem(problems[key]) if key in problems else note.clear_note()
        self._set_complete(not problems and bool(self._facts))

    def state(self) -> dict[str, Any]:
        if not self._facts:
            return dict(self._pending)
        return {"department": self.department.currentData(), "complexity": self.complexity.currentData(),
                "first_handler": self.handler.currentData(), "case_lead": self.lead.currentData(),
                "approver": self.approver.currentData()}

    def restore(self, state: dict[str, Any]) -> None:
        self._pending = dict(state)

    def assignment_input(self) -> AssignmentInput:
        return AssignmentInput(department_id=self.department.currentData(),
                               first_handler_id=self.handler.currentData(),
                               approver_id=self.approver.currentData(), case_lead_id=self.lead.currentData(),
                               complexity=Complexity(self.complexity.currentData()))

    def commit(self, done, failed) -> None:  # type: ignore[no-untyped-def]
        data, ctx, actor, case = self.assignment_input(), self.runner.ctx, self.actor, self.case_number
        self.runner.write(lambda s: intake.submit_assignment(ctx, s, actor, case, data) and case, done, failed,
                          owner=self)

    def show_error(self, error: BaseException) -> None:
        problems = field_problems(error)
        for key, text in problems.items():
            if key in self.notes:
                self.notes[key].show_problem(text)
        if not problems:
            self.notes["department"].show_problem(describe(error))
