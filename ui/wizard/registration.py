"""一登记: the registration form with live checks beside each field and the petitioner's history."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from desktop.domain.enums import Channel
from desktop.domain.errors import InvalidInput, ValidationError
from desktop.domain.idnumber import Sex, parse_resident_id
from desktop.domain.rules_config import Rules
from desktop.services import intake, petitioners, ui_support
from desktop.services.intake_input import RegistrationInput, RepresentativeInput, check_registration
from desktop.services.permissions import Actor
from ui.errors import describe, message_for
from ui.i18n import tr
from ui.tasks import TaskRunner
from ui.widgets.forms import FieldNote, add_field
from ui.wizard.base import StepPage
from ui.wizard.evidence import EvidenceFiles
from ui.wizard.history_panel import HistoryPanel
from ui.words import word

MAX_REP_ROWS = 5


class RegistrationPage(StepPage):
    title = "登记"

    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, parent)
        self.today = today
        self.rules = Rules()
        self.touched: set[str] = set()
        outer = QHBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 3)
        self.history = HistoryPanel()
        outer.addWidget(self.history, 1)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for ch in Channel:
            self.channel.addItem(word(ch), ch)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("id_number")
        self.id_number.setMaxLength(20)
        self.id_number.setPlaceholderText(tr("18 位居民身份证号"))
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.village = QLineEdit()
        self.village.setObjectName("village")
        self.group_size = QSpinBox()
        self.group_size.setObjectName("group_size")
        self.group_size.setRange(1, 9999)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(72)
        self.demands = QPlainTextEdit()
        self.demands.setObjectName("demands")
        self.demands.setTabChangesFocus(True)
        self.demands.setFixedHeight(56)
        self.departments = QListWidget()
        self.departments.setObjectName("departments_involved")
        self.departments.setMaximumHeight(70)
        self.departments.setFlow(QListWidget.Flow.LeftToRight)
        self.departments.setWrapping(True)
        self.evidence = EvidenceFiles()
        self.mediation = QCheckBox(tr("接受调解"))
        self.mediation.setObjectName("accepts_mediation")

        self.notes: dict[str, FieldNote] = {}
        self.notes["channel"] = add_field(form, tr("来访方式"), self.channel)
        self.notes["id_number"] = add_field(form, tr("身份证号(&I)"), self.id_number)
        self.notes["name"] = add_field(form, tr("姓名(&M)"), self.name)
        self.notes["phone"] = add_field(form, tr("联系电话"), self.phone)
        self.notes["address"] = add_field(form, tr("住址"), self.address)
        self.notes["village"] = add_field(form, tr("村（社区）"), self.village)
        self.notes["group_size"] = add_field(form, tr("来访人数"), self.group_size)
        self.reps_box = QGroupBox(tr("集体访代表（最多 5 人）"))
        grid = QGridLayout(self.reps_box)
        self.rep_names: list[QLineEdit] = []
        self.rep_ids: list[QLineEdit] = []
        for i in range(MAX_REP_ROWS):
            n, idn = QLineEdit(), QLineEdit()
            n.setObjectName(f"rep_name_{i}")
            idn.setObjectName(f"rep_id_{i}")
            n.setPlaceholderText(tr("代表{n}姓名").format(n=i + 1))
            idn.setPlaceholderText(tr("身份证号"))
            grid.addWidget(n, i, 0)
            grid.addWidget(idn, i, 1)
            self.rep_names.append(n)
            self.rep_ids.append(idn)
        self.notes["representatives"] = FieldNote()
        grid.addWidget(self.notes["representatives"], MAX_REP_ROWS, 0, 1, 2)
        form.addRow(self.reps_box)
        self.reps_box.setVisible(False)
        self.notes["summary"] = add_field(form, tr("反映事项(&S)"), self.summary)
        self.notes["demands"] = add_field(form, tr("诉求"), self.demands)
        self.notes["departments_involved"] = add_field(form, tr("涉及部门"), self.departments)
        self.notes["attachments"] = add_field(form, tr("证据材料"), self.evidence)
        form.addRow("", self.mediation)

        self._history_timer = QTimer(self)
        self._history_timer.setSingleShot(True)
        self._history_timer.setInterval(150)
        self._history_timer.timeout.connect(self._lookup_history)
        self._looked_up = ""
        self._filled_name = ""  # the name the history put in the field, replaced when the ID changes

        for w, key in ((self.id_number, "id_number"), (self.name, "name"), (self.phone, "phone"),
                       (self.address, "address"), (self.village, "village")):
            w.textChanged.connect(lambda _t, k=key: self._touch(k))
            w.returnPressed.connect(self.focusNextChild)
        for i in range(MAX_REP_ROWS):
            self.rep_names[i].textChanged.connect(lambda _t: self._touch("representatives"))
            self.rep_ids[i].textChanged.connect(lambda _t: self._touch("representatives"))
        self.summary.textChanged.connect(lambda: self._touch("summary"))
        self.demands.textChanged.connect(lambda: self._touch("demands"))
        self.channel.currentIndexChanged.connect(lambda _i: self._touch("channel"))
        self.group_size.valueChanged.connect(self._group_changed)
        self.mediation.toggled.connect(self._changed)
        self.departments.itemChanged.connect(self._changed)
        self.evidence.files_changed.connect(lambda: self._touch("attachments"))
        self.id_number.textChanged.connect(lambda _t: self._history_timer.start())
        runner.read(lambda s: (runner.ctx.rules(s), ui_support.departments(s)), self._loaded, owner=self)
        self.revalidate()

    def _loaded(self, loaded: tuple[Rules, list[ui_support.Choice]]) -> None:
        self.rules, depts = loaded
        wanted = set(getattr(self, "_pending_departments", []))
        self.departments.blockSignals(True)
        for d in depts:
            item = QListWidgetItem(d.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if d.name in wanted else Qt.CheckState.Unchecked)
            self.departments.addItem(item)
        self.departments.blockSignals(False)
        self.revalidate()

    def _touch(self, key: str) -> None:
        self.touched.add(key)
        self._changed()

    def _group_changed(self, n: int) -> None:
        self.reps_box.setVisible(n > 1)
        self._touch("group_size")

    # --- data ----------------------------------------------------------------------------------
    def _checked_departments(self) -> list[str]:
        return [self.departments.item(i).text() for i in range(self.departments.count())
                if self.departments.item(i).checkState() == Qt.CheckState.Checked]

    def registration_input(self) -> RegistrationInput:
        from pathlib import Path

        reps = [RepresentativeInput(n.text().strip(), i.text().strip())
                for n, i in zip(self.rep_names, self.rep_ids, strict=True) if n.text().strip()]
        return RegistrationInput(
            name=self.name.text(), channel=Channel(self.channel.currentData()), summary=self.summary.toPlainText(),
            id_number=self.id_number.text().strip(), phone=self.phone.text().strip(), address=self.address.text(),
            village=self.village.text().strip(), demands=self.demands.toPlainText(),
            departments_involved=self._checked_departments(), accepts_mediation=self.mediation.isChecked(),
            group_size=self.group_size.value(), representatives=reps,
            attachments=[Path(p) for p in self.evidence.paths()],
            attachment_notes={str(Path(p)): text for p, text in self.evidence.notes().items()})

    def revalidate(self) -> None:
        problems: dict[str, str] = {}
        try:
            check_registration(self.registration_input(), self.rules, self.today)
        except InvalidInput as error:
            for p in error.problems:
                key = str(p.details.get("field", ""))
                key = "representatives" if key.startswith("representatives") else key
                problems.setdefault(key, message_for(p.code, p.details))
        if self.evidence.undescribed():
            # The form lists evidence by what the clerk says it is; a file name tells a reader nothing.
            problems.setdefault("attachments", tr("请写明每份材料是什么，如“土地承包合同复印件”"))
        for key, note in self.notes.items():
            if key in problems and (key in self.touched or key == "representatives"):
                note.show_problem(problems[key])
            else:
                note.clear_note()
        if "id_number" not in problems and self.id_number.text().strip():
            rid = parse_resident_id(self.id_number.text(), today=self.today)
            sex = tr("男") if rid.sex == Sex.MALE else tr("女")
            self.notes["id_number"].show_ok(tr("✓ 出生 {birth}，{sex}").format(birth=rid.birth_date.isoformat(),
                                                                               sex=sex))
        self._set_complete(not problems)

    def _lookup_history(self) -> None:
        text = self.id_number.text().strip().upper()
        try:
            rid = parse_resident_id(text, today=self.today)
        except ValidationError:
            self._looked_up = ""
            self.history.clear()
            self._forget_filled_name()
            return
        if rid.number == self._looked_up:
            return
        self._looked_up = rid.number
        ctx, actor, today = self.runner.ctx, self.actor, self.today

        def work(session):  # type: ignore[no-untyped-def]
            return petitioners.history(ctx, session, actor, rid.number, today, ctx.rules(session))

        # A look-up of personal history is audited, so it runs as a write.
        self.runner.write(work, lambda h: self._history_arrived(rid.number, h), owner=self)

    def _history_arrived(self, number: str, h: petitioners.History) -> None:
        if number != self._looked_up:
            return
        self.history.show_history(h)
        current = self.name.text().strip()
        if h.known and (not current or current == self._filled_name):
            self.name.setText(h.name)
            self._filled_name = h.name
        elif not h.known:
            self._forget_filled_name()

    def _forget_filled_name(self) -> None:
        """A name filled from another person's history goes with that ID; one the clerk typed stays."""
        if self._filled_name and self.name.text().strip() == self._filled_name:
            self.name.clear()
        self._filled_name = ""

    # --- draft -----------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {
            "channel": str(self.channel.currentData()), "id_number": self.id_number.text(), "name": self.name.text(),
            "phone": self.phone.text(), "address": self.address.text(), "village": self.village.text(),
            "group_size": self.group_size.value(), "summary": self.summary.toPlainText(),
            "demands": self.demands.toPlainText(), "departments": self._checked_departments(),
            "attachments": self.evidence.paths(), "attachment_notes": self.evidence.notes(),
            "mediation": self.mediation.isChecked(),
            "reps": [[n.text(), i.text()] for n, i in zip(self.rep_names, self.rep_ids, strict=True)],
            "touched": sorted(self.touched),
        }

    def restore(self, state: dict[str, Any]) -> None:
        idx = self.channel.findData(Channel(state.get("channel", "visit")))
        self.channel.setCurrentIndex(max(idx, 0))
        for key in ("id_number", "name", "phone", "address", "village"):
            getattr(self, key).setText(state.get(key, ""))
        self.group_size.setValue(int(state.get("group_size", 1)))
        self.summary.setPlainText(state.get("summary", ""))
        self.demands.setPlainText(state.get("demands", ""))
        self.mediation.setChecked(bool(state.get("mediation")))
        for (n, i), (name, idn) in zip(zip(self.rep_names, self.rep_ids, strict=True), state.get("reps", []),
                                       strict=False):
            n.setText(name)
            i.setText(idn)
        self.evidence.set_files(state.get("attachments", []), state.get("attachment_notes", {}))
        wanted = set(state.get("departments", []))
        self._pending_departments = wanted
        for i in range(self.departments.count()):
            item = self.departments.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in wanted else Qt.CheckState.Unchecked)
        self.touched = set(state.get("touched", []))
        self.revalidate()

    # --- commit ----------------------------------------------------------------------------------
    def commit(self, done, failed) -> None:  # type: ignore[no-untyped-def]
        data, ctx, actor = self.registration_input(), self.runner.ctx, self.actor
        self.runner.write(lambda s: intake.register(ctx, s, actor, data).case_number, done, failed, owner=self)

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, InvalidInput):
            self.touched |= {str(p.details.get("field")) for p in error.problems}
            self.revalidate()
        else:
            self.notes["summary"].show_problem(describe(error))

