"""The ledger page: filters, search, the lazy table, export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import AlertLevel, Category, MatterStatus
from desktop.domain.errors import DomainError
from desktop.services import ui_support
from desktop.services.ledger import LedgerFilter
from desktop.services.permissions import Actor, Permission
from ui.errors import describe
from ui.i18n import tr
from ui.ledger import export as exporter
from ui.ledger.model import CASE_ROLE, LedgerModel
from ui.tasks import TaskRunner
from ui.words import word


def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.addItem(tr("全部"), None)
    for text, value in items:
        box.addItem(text, value)
    return box


class LedgerPage(QWidget):
    matter_opened = Signal(str)  # case number

    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.today = runner, actor, today
        self.model = LedgerModel(runner, actor, today, self)
        box = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("ledger_search")
        self.search.setPlaceholderText(tr("搜索：编号、姓名、身份证号或事项中的词"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 3)
        self.status = _combo("filter_status", [(word(s), s) for s in MatterStatus])
        self.category = _combo("filter_category", [(word(c), c) for c in Category])
        self.department = _combo("filter_department", [])
        self.alert = _combo("filter_alert", [(word(a), a) for a in AlertLevel])
        for label, widget in ((tr("状态"), self.status), (tr("类别"), self.category),
                              (tr("部门"), self.department), (tr("预警"), self.alert)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget, 1)
        box.addLayout(bar)

        bar2 = QHBoxLayout()
        self.overdue = QCheckBox(tr("已超期"))
        self.overdue.setObjectName("filter_overdue")
        self.due_week = QCheckBox(tr("本周到期"))
        self.due_week.setObjectName("filter_due_week")
        self.open_only = QCheckBox(tr("未办结"))
        self.open_only.setObjectName("filter_open")
        self.use_dates = QCheckBox(tr("登记日期"))
        self.use_dates.setObjectName("filter_use_dates")
        self.date_from = QDateEdit(QDate(today - timedelta(days=30)))
        self.date_to = QDateEdit(QDate(today))
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        for w in (self.overdue, self.due_week, self.open_only, self.use_dates, self.date_from, QLabel("—"),
                  self.date_to):
            bar2.addWidget(w)
        bar2.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("ledger_count")
        bar2.addWidget(self.count_label)
        self.export_button = QPushButton(tr("导出…"))
        self.export_button.setObjectName("ledger_export")
        bar2.addWidget(self.export_button)
        box.addLayout(bar2)

        self.table = QTableView()
        self.table.setObjectName("ledger_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        # Fixed rows: the header need not measure every one of 100,000 rows as pages arrive.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((120, 96, 80, 170, 96, 120, 90, 190, 110)):
            self.table.setColumnWidth(col, width)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        box.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filters)
        for combo in (self.status, self.category, self.department, self.alert):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for check in (self.overdue, self.due_week, self.open_only):
            check.toggled.connect(lambda _b: self.apply_filters())
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(lambda _d: self.apply_filters())
        self.date_to.dateChanged.connect(lambda _d: self.apply_filters())
        self.table.activated.connect(self._activated)
        self.export_button.clicked.connect(self.choose_export)
        self.model.total_counted.connect(lambda n: self.count_label.setText(tr("共 {n} 件").format(n=n)))
        self.runner.read(ui_support.departments, self._departments_loaded, owner=self)
        self.apply_filters()

    def _departments_loaded(self, depts: list[ui_support.Choice]) -> None:
        for d in depts:
            self.department.addItem(d.name, d.id)

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def current_filter(self) -> LedgerFilter:
        def chosen(combo: QComboBox) -> set:  # type: ignore[type-arg]
            value = combo.currentData()
            return set() if value is None else {value}

        return LedgerFilter(
            statuses=chosen(self.status), categories=chosen(self.category), department_ids=chosen(self.department),
            alert_levels=chosen(self.alert), overdue=self.overdue.isChecked(), due_this_week=self.due_week.isChecked(),
            open_only=self.open_only.isChecked(),
            registered_from=self.date_from.date().toPython() if self.use_dates.isChecked() else None,
            registered_to=self.date_to.date().toPython() if self.use_dates.isChecked() else None,
            text=self.search.text().strip(), sort=self.model.filter.sort, descending=self.model.filter.descending)

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        self.model.reload()

    def _activated(self, index: QModelIndex) -> None:
        self.matter_opened.emit(self.model.data(index, CASE_ROLE))

    def choose_export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, tr("导出台账"), str(Path.home() / f"台账-{self.today.isoformat()}.xlsx"),
            tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"))
        if path:
            if not Path(path).suffix:
                path += ".csv" if "csv" in chosen.lower() else ".xlsx"
            self.export_to(Path(path))

    def export_to(self, path: Path, unmasked: bool | None = None) -> None:
        if unmasked is None:
            unmasked = self.actor.can(Permission.EXPORT_UNMASKED) and QMessageBox.question(
                self, tr("导出台账"), tr("是否导出完整身份证号？（将记入审计日志）")) == QMessageBox.StandardButton.Yes
        f, ctx, actor, today = replace(self.model.filter), self.runner.ctx, self.actor, self.today
        self.export_button.setEnabled(False)
        self.runner.write(lambda s: exporter.export(ctx, s, actor, f, today, path, bool(unmasked)),
                          lambda n: self._exported(path, n), self._export_failed, owner=self)

    def _exported(self, path: Path, n: int | DomainError) -> None:
        if isinstance(n, DomainError):  # refused: the refusal is in the audit log, no file was written
            self._export_failed(n)
            return
        self.export_button.setEnabled(True)
        self.count_label.setText(tr("已导出 {n} 件到 {path}").format(n=n, path=path.name))
        self.exported_path = path

    def _export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        QMessageBox.warning(self, tr("导出台账"), describe(error))
