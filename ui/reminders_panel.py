"""The reminders panel beside the ledger: overdue, evaluations and callbacks due, approvals and
signatures waiting for the signed-in user. Double-click (or Enter) opens the matter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.services import reminders
from desktop.services.permissions import Actor
from desktop.services.reminders import ReminderKind, Reminders
from ui.days import overdue_with_working_days
from ui.i18n import tr
from ui.tasks import TaskRunner
from ui.words import word

CASE_ROLE = Qt.ItemDataRole.UserRole + 1


class RemindersPanel(QWidget):
    matter_opened = Signal(str)
    reminders_loaded = Signal(object)

    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.today = runner, actor, today
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel(tr("正在加载提醒…"))
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("reminders_tree")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setIndentation(10)
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.itemActivated.connect(self._activated)
        box.addWidget(self.tree, 1)
        self.current: Reminders | None = None

    def refresh(self) -> None:
        ctx, actor, today = self.runner.ctx, self.actor, self.today
        self.runner.read(lambda s: reminders.reminders(ctx, s, actor, today), self._loaded, owner=self)

    def _loaded(self, found: Reminders) -> None:
        self.current = found
        self.tree.clear()
        for kind in ReminderKind:
            if kind not in found.totals:
                continue
            items = found.of(kind)
            top = QTreeWidgetItem([f"{word(kind)}（{found.totals[kind]}）"])
            top.setFirstColumnSpanned(False)
            self.tree.addTopLevelItem(top)
            for r in items:
                # The name on a line of its own above the number and the date, so the narrow panel never
                # cuts it; overdue days as the ledger counts them (calendar), working days named as such.
                when = r.due.isoformat() if r.due else ""
                if kind == ReminderKind.OVERDUE and r.due:
                    when = overdue_with_working_days(r.due, self.today, r.overdue_working_days)
                child = QTreeWidgetItem([f"{r.petitioner_name}\n{r.case_number}  {when}".rstrip()])
                child.setData(0, CASE_ROLE, r.case_number)
                child.setToolTip(0, f"{r.case_number} {r.petitioner_name}")
                if kind == ReminderKind.OVERDUE and r.last_reminded == self.today:
                    child.setToolTip(0, tr("今日催办"))
                    child.setForeground(0, Qt.GlobalColor.darkRed)
                top.addChild(child)
            top.setExpanded(kind != ReminderKind.OVERDUE or found.totals[kind] <= 20)
        total = sum(found.totals.values())
        self.summary.setText(tr("共 {n} 条提醒").format(n=total) if total else tr("没有需要处理的提醒"))
        self.reminders_loaded.emit(found)

    def _activated(self, item: QTreeWidgetItem, _col: int) -> None:
        case = item.data(0, CASE_ROLE)
        if case:
            self.matter_opened.emit(case)
