"""重点人员 / 上访老户: the register (for the roles the settings name) and the contact log."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.prevention import choices, key_persons
from desktop.prevention.enums import ContactKind, KeyPersonStatus
from desktop.prevention.views import KeyPersonView
from desktop.services.permissions import Actor, Permission
from ui.errors import describe
from ui.i18n import N_, tr
from ui.prevention.dialogs import NoteDialog
from ui.prevention.register_dialogs import KeyPersonDialog, SensitivePeriodDialog
from ui.prevention.words import pword
from ui.tasks import TaskRunner
from ui.widgets.row_table import RowTableModel

COLUMNS = (N_("姓名"), N_("身份证号"), N_("类别"), N_("村（社区）"), N_("原因"), N_("一对一责任人"), N_("包案领导"),
           N_("稳控措施"), N_("状态"), N_("上次联系"), N_("下次联系"))
STATUS_BG = {KeyPersonStatus.LOST: QColor("#f8d7d4"), KeyPersonStatus.WATCH: QColor("#fdf0c8")}


class KeyPersonModel(RowTableModel[KeyPersonView]):
    COLUMNS = COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        v = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            due = v.next_contact_due.isoformat() + (" " + tr("逾期") if v.contact_overdue else "")
            return (v.name, v.id_masked, pword(v.kind), v.village, v.reason, v.cadre, v.case_lead, v.measures,
                    pword(v.status), v.last_contact.isoformat() if v.last_contact else "", due)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and v.status in STATUS_BG:
            return QBrush(STATUS_BG[v.status])
        return None


class KeyPersonsPage(QWidget):
    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.today = runner, actor, today
        self.dialog: Any = None
        box = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period = QLabel()
        self.period.setObjectName("key_persons_period")
        bar.addWidget(self.period, 1)
        self.add = QPushButton(tr("登记重点人员…"))
        self.add.setObjectName("key_person_add")
        self.add.setEnabled(actor.can(Permission.MANAGE_KEY_PERSONS))
        self.add.clicked.connect(self.new_person)
        bar.addWidget(self.add)
        self.change = QPushButton(tr("更改状态…"))
        self.change.setObjectName("key_person_status")
        self.change.setEnabled(False)
        self.change.clicked.connect(self.change_status)
        bar.addWidget(self.change)
        self.periods = QPushButton(tr("敏感时期…"))
        self.periods.setObjectName("key_person_period")
        self.periods.setEnabled(actor.can(Permission.MANAGE_KEY_PERSONS))
        self.periods.clicked.connect(lambda: self._open(SensitivePeriodDialog(self.runner, self.actor, self.today,
                                                                              self)))
        bar.addWidget(self.periods)
        self.contact = QPushButton(tr("记录联系…"))
        self.contact.setObjectName("key_person_contact")
        self.contact.setEnabled(False)
        self.contact.clicked.connect(self.log_contact)
        bar.addWidget(self.contact)
        box.addLayout(bar)
        self.model = KeyPersonModel(self)
        self.table = QTableView()
        self.table.setObjectName("key_persons_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        box.addWidget(self.table, 1)

    def refresh(self) -> None:
        ctx, actor, today = self.runner.ctx, self.actor, self.today
        self.runner.write(lambda s: key_persons.list_key_persons(ctx, s, actor, today), self._loaded,
                          lambda e: self.period.setText(describe(e)), owner=self)  # the look is audited: a write

    def _loaded(self, rows: list[KeyPersonView]) -> None:
        self.model.set_rows(rows)
        sensitive = next((r.in_sensitive_period for r in rows if r.in_sensitive_period), "")
        self.period.setText(tr("敏感时期：{name}，加密联系").format(name=sensitive) if sensitive
                            else tr("共 {n} 人").format(n=len(rows)))

    def _selection_changed(self, *_: object) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.contact.setEnabled(chosen)
        self.change.setEnabled(chosen and self.actor.can(Permission.MANAGE_KEY_PERSONS))

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _r: self.refresh())
        dialog.open()

    def new_person(self) -> None:
        def staff(s: Any) -> tuple[list[str], list[tuple[int, str]]]:
            return choices.village_names(s), choices.active_staff(s)

        self.runner.read(staff, lambda got: self._open(KeyPersonDialog(self.runner, self.actor, got[0], got[1],
                                                                       self.today, self)), owner=self)

    def change_status(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        kp_id, ctx, actor = self.model.rows[rows[0].row()].id, self.runner.ctx, self.actor

        def save(s: Any, choice: tuple[KeyPersonStatus, str]) -> int:
            return key_persons.set_status(ctx, s, actor, kp_id, choice[0], choice[1] or None).id

        self._open(NoteDialog(self.runner, tr("更改状态"), tr("稳控措施"), save,
                              choices=[(pword(k), k) for k in KeyPersonStatus], parent=self))

    def log_contact(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        kp_id, ctx, actor = self.model.rows[rows[0].row()].id, self.runner.ctx, self.actor

        def save(s: Any, choice: tuple[ContactKind, str]) -> int:
            return key_persons.log_contact(ctx, s, actor, kp_id, choice[0], choice[1]).id

        self._open(NoteDialog(self.runner, tr("记录联系"), tr("联系情况"), save,
                              choices=[(pword(k), k) for k in ContactKind], parent=self))
