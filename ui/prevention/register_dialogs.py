"""Registering things that hang off people: a key person on the register, and a matter registered from a
screening item or an escalated visit (through the intake service; the wizard's later steps follow from
the ledger as for any registered matter)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QPlainTextEdit, QSpinBox, QWidget

from desktop.domain.enums import Channel
from desktop.prevention.enums import KeyPersonKind, KeyPersonStatus
from desktop.prevention.key_persons import KeyPersonInput
from desktop.services.intake_input import RegistrationInput
from ui.i18n import tr
from ui.prevention.dialogs import _Dialog, _line
from ui.prevention.words import pword
from ui.tasks import TaskRunner
from ui.words import word


def _text(name: str, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setMaximumHeight(height)
    return edit


class KeyPersonDialog(_Dialog):
    """``staff``: (id, display name) of the people who can be the responsible cadre or the 包案 leader; a
    name typed that is none of them (a village cadre without an account) is kept as text."""

    def __init__(self, runner: TaskRunner, actor: Any, villages: list[str], staff: list[tuple[int, str]],
                 today: date, parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("登记重点人员"), parent)
        self.actor, self.staff = actor, staff
        self.id_number, self.name = _line("kp_id_number"), _line("kp_name")
        self.kind = QComboBox()
        self.kind.setObjectName("kp_kind")
        for k in KeyPersonKind:
            self.kind.addItem(pword(k), k)
        self.reason, self.measures = _text("kp_reason"), _text("kp_measures")
        self.since = QDateEdit(QDate(today.year, today.month, today.day))
        self.since.setObjectName("kp_since")
        self.since.setCalendarPopup(True)
        self.cadre = QComboBox()
        self.cadre.setObjectName("kp_cadre")
        self.cadre.setEditable(True)
        self.case_lead = QComboBox()
        self.case_lead.setObjectName("kp_case_lead")
        self.case_lead.addItem("", None)
        for sid, name in staff:
            self.cadre.addItem(name, sid)
            self.case_lead.addItem(name, sid)
        self.cadre.setCurrentIndex(-1)
        self.status = QComboBox()
        self.status.setObjectName("kp_status")
        for st in KeyPersonStatus:
            self.status.addItem(pword(st), st)
        self.status.setCurrentIndex(self.status.findData(KeyPersonStatus.WATCH))
        self.village = QComboBox()
        self.village.setObjectName("kp_village")
        self.village.addItem("", "")
        for v in villages:
            self.village.addItem(v, v)
        for label, widget in ((tr("身份证号"), self.id_number), (tr("姓名"), self.name), (tr("类别"), self.kind),
                              (tr("原因"), self.reason), (tr("列管日期"), self.since), (tr("一对一责任人"), self.cadre),
                              (tr("包案领导"), self.case_lead), (tr("稳控措施"), self.measures),
                              (tr("状态"), self.status), (tr("村（社区）"), self.village)):
            self.form.addRow(label, widget)

    def data(self) -> KeyPersonInput:
        d = self.since.date()
        typed = self.cadre.currentText().strip()
        cadre_id = next((sid for sid, name in self.staff if name == typed), None)
        return KeyPersonInput(
            id_number=self.id_number.text().strip(), name=self.name.text(), kind=self.kind.currentData(),
            reason=self.reason.toPlainText(), since=date(d.year(), d.month(), d.day()), cadre_id=cadre_id,
            cadre_name="" if cadre_id else typed, case_lead_id=self.case_lead.currentData(),
            measures=self.measures.toPlainText(), status=self.status.currentData(),
            village=self.village.currentData() or "")

    def job(self) -> Callable[[Any], Any]:
        from desktop.prevention import key_persons

        data, ctx, actor = self.data(), self.runner.ctx, self.actor
        return lambda s: key_persons.register(ctx, s, actor, data).id


class MatterDialog(_Dialog):
    """The registration form's essentials; ``action(session, RegistrationInput)`` registers and links."""

    def __init__(self, runner: TaskRunner, title: str, summary: str, action: Callable[[Any, RegistrationInput], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, title, parent)
        self.action = action
        self.name, self.id_number, self.phone = _line("matter_name"), _line("matter_id_number"), _line("matter_phone")
        self.channel = QComboBox()
        self.channel.setObjectName("matter_channel")
        for c in Channel:
            self.channel.addItem(word(c), c)
        self.summary = _text("matter_summary")
        self.summary.setPlainText(summary)
        self.demands = _text("matter_demands", 50)
        for label, widget in ((tr("姓名"), self.name), (tr("身份证号"), self.id_number), (tr("电话"), self.phone),
                              (tr("渠道"), self.channel), (tr("反映事项"), self.summary), (tr("诉求"), self.demands)):
            self.form.addRow(label, widget)

    def job(self) -> Callable[[Any], Any]:
        data = RegistrationInput(name=self.name.text(), channel=Channel(self.channel.currentData()),
                                 summary=self.summary.toPlainText(), id_number=self.id_number.text().strip(),
                                 phone=self.phone.text().strip(), demands=self.demands.toPlainText())
        action = self.action
        return lambda s: action(s, data).case_number


class SensitivePeriodDialog(_Dialog):
    """A sensitive period (春节、两会、换届…) with its stepped-up contact rhythm."""

    def __init__(self, runner: TaskRunner, actor: Any, today: date, parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("敏感时期"), parent)
        self.actor = actor
        self.name = _line("period_name")
        self.start = QDateEdit(QDate(today.year, today.month, today.day))
        self.start.setObjectName("period_start")
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        self.end.setObjectName("period_end")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
        self.every = QSpinBox()
        self.every.setObjectName("period_every")
        self.every.setRange(1, 366)
        self.every.setValue(3)
        for label, widget in ((tr("名称"), self.name), (tr("开始"), self.start), (tr("结束"), self.end),
                              (tr("每几日联系一次"), self.every)):
            self.form.addRow(label, widget)

    def job(self) -> Callable[[Any], Any]:
        from desktop.prevention import key_persons

        a, b = self.start.date(), self.end.date()
        name, every, ctx, actor = self.name.text(), self.every.value(), self.runner.ctx, self.actor
        start, end = date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())
        return lambda s: key_persons.add_sensitive_period(ctx, s, actor, name, start, end, every).id
