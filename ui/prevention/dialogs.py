"""The prevention dialogs: a screening item, a note (follow-up, resolution, contact) and an escalated visit.
Each keeps what was typed when the core refuses it and shows the reason in one line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import CHINA_TZ
from desktop.prevention.enums import EscalationLevel, EscalationSource, ReporterKind
from desktop.prevention.escalations import EscalationInput
from desktop.prevention.screening import ScreeningInput
from ui.errors import describe
from ui.i18n import tr
from ui.prevention.words import pword
from ui.tasks import TaskRunner

KIND_TEXT = {ReporterKind.GRID: "网格", ReporterKind.VILLAGE: "村", ReporterKind.UNIT: "单位"}
LEVEL_TEXT = ("红", "黄", "绿")


def _line(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    return edit


class _Dialog(QDialog):
    """OK runs ``submit()`` through the task runner's writer; a refusal stays in the dialog."""

    saved = Signal(object)

    def __init__(self, runner: TaskRunner, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title)
        self.box = QVBoxLayout(self)
        self.form = QFormLayout()
        self.box.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("dialog_error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.box.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.ok = QPushButton(tr("保存"))
        self.ok.setObjectName("dialog_ok")
        self.ok.clicked.connect(self._submit)
        cancel = QPushButton(tr("取消"))
        cancel.setObjectName("dialog_cancel")
        cancel.clicked.connect(self.reject)
        row.addWidget(self.ok)
        row.addWidget(cancel)
        self.box.addLayout(row)

    def job(self) -> Callable[[Any], Any]:
        raise NotImplementedError

    def _submit(self) -> None:
        try:
            fn = self.job()
        except ValueError as error:
            self.error.setText(str(error))
            return
        self.ok.setEnabled(False)
        self.error.clear()
        self.runner.write(fn, self._done, self._failed, owner=self)

    def _done(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.setText(describe(error))


class ScreeningDialog(_Dialog):
    def __init__(self, runner: TaskRunner, actor: Any, villages: list[str], today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("新增排查事项"), parent)
        self.actor, self.today = actor, today
        # A paper report entered a day later still belongs to the day it was made (its reporting period).
        self.reported_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.reported_on.setObjectName("screening_reported_on")
        self.reported_on.setCalendarPopup(True)
        self.reported_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.kind = QComboBox()
        self.kind.setObjectName("screening_kind")
        for kind, text in KIND_TEXT.items():
            self.kind.addItem(pword(kind), text)
        self.village = QComboBox()
        self.village.setObjectName("screening_village")
        self.village.addItem("", "")
        for v in villages:
            self.village.addItem(v, v)
        self.grid, self.unit = _line("screening_grid"), _line("screening_unit")
        self.reporter, self.place = _line("screening_reporter"), _line("screening_place")
        self.cause = QPlainTextEdit()
        self.cause.setObjectName("screening_cause")
        self.cause.setMaximumHeight(70)
        self.parties, self.key_persons = _line("screening_parties"), _line("screening_key_persons")
        self.people = QSpinBox()
        self.people.setObjectName("screening_people")
        self.people.setRange(0, 100000)
        self.development, self.handling = _line("screening_development"), _line("screening_handling")
        self.level = QComboBox()
        self.level.setObjectName("screening_level")
        for text in LEVEL_TEXT:
            self.level.addItem(tr(text), text)
        self.zero = QCheckBox(tr("零报告（本期无情况）"))
        self.zero.setObjectName("screening_zero")
        for label, widget in ((tr("上报日期"), self.reported_on), (tr("报告单位类型"), self.kind), (tr("村（社区）"), self.village), (tr("网格"), self.grid),
                              (tr("单位"), self.unit), (tr("报告人"), self.reporter), (tr("起因"), self.cause),
                              (tr("地点"), self.place), (tr("当事人"), self.parties), (tr("涉及人数"), self.people),
                              (tr("重点人员"), self.key_persons), (tr("事态发展"), self.development),
                              (tr("调处情况"), self.handling), (tr("等级"), self.level), ("", self.zero)):
            self.form.addRow(label, widget)

    def data(self) -> ScreeningInput:
        zero = self.zero.isChecked()
        d = self.reported_on.date()
        day = date(d.year(), d.month(), d.day())
        at = None if day == self.today else datetime.combine(day, time(0, 0), tzinfo=CHINA_TZ)
        return ScreeningInput(
            reporter_kind=self.kind.currentData(), reporter=self.reporter.text(),
            cause="零报告" if zero else self.cause.toPlainText(), level="" if zero else self.level.currentData(),
            village=self.village.currentData() or "", grid=self.grid.text(), unit=self.unit.text(),
            place=self.place.text(), parties=self.parties.text(),
            people=str(self.people.value()) if self.people.value() and not zero else "",
            key_persons=self.key_persons.text(), development=self.development.text(), handling=self.handling.text(),
            reported_at=at)

    def job(self) -> Callable[[Any], Any]:
        from desktop.prevention import screening

        data, ctx, actor = self.data(), self.runner.ctx, self.actor
        return lambda s: screening.add_item(ctx, s, actor, data) is not None


class NoteDialog(_Dialog):
    """One required text, handed to ``action(session, text)``."""

    def __init__(self, runner: TaskRunner, title: str, label: str, action: Callable[[Any, str], Any],
                 choices: list[tuple[str, object]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(runner, title, parent)
        self.action = action
        self.choice = QComboBox()
        self.choice.setObjectName("note_choice")
        for text, value in choices or []:
            self.choice.addItem(text, value)
        if choices:
            self.form.addRow(tr("方式"), self.choice)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note_text")
        self.note.setMaximumHeight(90)
        self.form.addRow(label, self.note)

    def job(self) -> Callable[[Any], Any]:
        text, choice, action = self.note.toPlainText(), self.choice.currentData(), self.action
        return lambda s: action(s, text) if choice is None else action(s, (choice, text))


class EscalationDialog(_Dialog):
    def __init__(self, runner: TaskRunner, actor: Any, villages: list[str], today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("登记越级访"), parent)
        self.actor = actor
        self.on = QDateEdit(QDate(today.year, today.month, today.day))
        self.on.setObjectName("escalation_on")
        self.on.setCalendarPopup(True)
        self.level = QComboBox()
        self.level.setObjectName("escalation_level")
        for lv in EscalationLevel:
            self.level.addItem(pword(lv), lv)
        self.source = QComboBox()
        self.source.setObjectName("escalation_source")
        for src in EscalationSource:
            self.source.addItem(pword(src), src)
        self.abnormal = QCheckBox(tr("非正常访"))
        self.abnormal.setObjectName("escalation_abnormal")
        self.group = QCheckBox(tr("集体访"))
        self.group.setObjectName("escalation_group")
        self.headcount = QSpinBox()
        self.headcount.setObjectName("escalation_headcount")
        self.headcount.setRange(1, 10000)
        self.id_number, self.name = _line("escalation_id_number"), _line("escalation_name")
        self.village = QComboBox()
        self.village.setObjectName("escalation_village")
        self.village.addItem("", "")
        for v in villages:
            self.village.addItem(v, v)
        self.case, self.reported_by = _line("escalation_case"), _line("escalation_reported_by")
        self.summary = _line("escalation_summary")
        for label, widget in ((tr("日期"), self.on), (tr("去向"), self.level), (tr("来源"), self.source),
                              ("", self.abnormal), ("", self.group), (tr("人数"), self.headcount),
                              (tr("身份证号"), self.id_number), (tr("姓名"), self.name), (tr("村（社区）"), self.village),
                              (tr("关联事项编号"), self.case), (tr("通报/交办机关"), self.reported_by),
                              (tr("情况"), self.summary)):
            self.form.addRow(label, widget)

    def job(self) -> Callable[[Any], Any]:
        from desktop.prevention import escalations

        d = self.on.date()
        data = EscalationInput(
            occurred_on=date(d.year(), d.month(), d.day()), level=self.level.currentData(),
            source=self.source.currentData(), abnormal=self.abnormal.isChecked(), group=self.group.isChecked(),
            headcount=self.headcount.value(), id_number=self.id_number.text().strip(), name=self.name.text(),
            village=self.village.currentData() or "", case_number=self.case.text(), reported_by=self.reported_by.text(),
            summary=self.summary.text())
        ctx, actor = self.runner.ctx, self.actor
        return lambda s: escalations.record(ctx, s, actor, data).id
