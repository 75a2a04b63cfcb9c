"""越级访: visits above the township as the superior reported them, and recording a new one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.prevention import escalations
from desktop.prevention.views import EscalationView
from desktop.services.permissions import Actor, Permission
from ui.errors import describe
from ui.i18n import N_, tr
from ui.prevention.dialogs import EscalationDialog
from ui.prevention.register_dialogs import MatterDialog
from ui.prevention.words import pword
from ui.tasks import TaskRunner

COLUMNS = (N_("日期"), N_("去向"), N_("性质"), N_("人数"), N_("姓名"), N_("村（社区）"), N_("关联事项"), N_("来源"),
           N_("通报/交办机关"), N_("情况"))


class EscalationsPage(QWidget):
    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None,
                 villages: Callable[[], list[str]] = list) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.today = runner, actor, today
        self.villages = villages
        self.dialog: Any = None
        box = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("escalations_status")
        bar.addWidget(self.status, 1)
        self.add = QPushButton(tr("登记越级访…"))
        self.add.setObjectName("escalation_add")
        self.add.setEnabled(actor.can(Permission.RECORD_ESCALATION))
        self.add.clicked.connect(self.new_visit)
        bar.addWidget(self.add)
        self.matter = QPushButton(tr("登记交办事项…"))
        self.matter.setObjectName("escalation_matter")
        self.matter.setEnabled(False)
        self.matter.clicked.connect(self.register_matter)
        bar.addWidget(self.matter)
        box.addLayout(bar)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("escalations_table")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.rows: list[EscalationView] = []
        box.addWidget(self.table, 1)

    def refresh(self) -> None:
        ctx, actor = self.runner.ctx, self.actor
        self.runner.read(lambda s: escalations.list_visits(ctx, s, actor), self._loaded,
                         lambda e: self.status.setText(describe(e)), owner=self)

    def _loaded(self, rows: list[EscalationView]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, v in enumerate(rows):
            nature = "、".join(x for x in (tr("非正常访") if v.abnormal else "", tr("集体访") if v.group else "") if x)
            for j, text in enumerate((v.occurred_on.isoformat(), pword(v.level), nature or tr("正常访"),
                                      str(v.headcount), v.person, v.village, v.case_number, pword(v.source),
                                      v.reported_by, v.summary)):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.status.setText(tr("共 {n} 次").format(n=len(rows)))

    def new_visit(self) -> None:
        self.dialog = EscalationDialog(self.runner, self.actor, self.villages(), self.today, self)
        self.dialog.saved.connect(lambda _r: self.refresh())
        self.dialog.open()

    def _chosen(self) -> EscalationView | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[min(rows)] if rows else None

    def _selection_changed(self) -> None:
        v = self._chosen()
        self.matter.setEnabled(v is not None and not v.case_number and self.actor.can(Permission.REGISTER))

    def register_matter(self) -> None:
        v = self._chosen()
        if v is None:
            return
        ctx, actor = self.runner.ctx, self.actor
        self.dialog = MatterDialog(self.runner, tr("登记交办事项"), v.summary,
                                   lambda s, data: escalations.register_assigned_matter(ctx, s, actor, v.id, data),
                                   parent=self)
        self.dialog.saved.connect(lambda _r: self.refresh())
        self.dialog.open()
