"""帮助 → 自检: the same checks as `reception doctor`, run off the GUI thread, one row each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.selfcheck.result import CheckResult, Status, ready_for_interview
from desktop.selfcheck.run import run_checks
from desktop.selfcheck.words import CHECK_NAMES, MARKS, sentence
from ui.i18n import current_language, tr
from ui.tasks import TaskRunner

_COLOURS = {Status.OK: QColor("#1b7f3b"), Status.WARN: QColor("#a86400"), Status.FAIL: QColor("#b00020")}
Index = QModelIndex | QPersistentModelIndex


class CheckModel(QAbstractTableModel):
    COLUMNS = 2  # the check (with its mark), what was found

    def __init__(self) -> None:
        super().__init__()
        self.results: list[CheckResult] = []

    def set_results(self, results: list[CheckResult]) -> None:
        self.beginResetModel()
        self.results = list(results)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        result = self.results[index.row()]
        lang = current_language()
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                zh, en = CHECK_NAMES.get(result.check, (result.check, result.check))
                return f"{MARKS[result.status]} {en if lang == 'en' else zh}"
            return sentence(result.code, lang, result.details)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return _COLOURS[result.status]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return sentence(result.code, lang, result.details)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (tr("检查项目"), tr("结果"))[section]
        return None


class SelfCheckDialog(QDialog):
    """Opens, starts the checks at once and shows them when done; 重新检查 runs them again."""

    def __init__(self, runner: TaskRunner, db_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.db_url = runner, db_url
        self.setObjectName("self_check_dialog")
        self.setWindowTitle(tr("本机自检"))
        box = QVBoxLayout(self)
        self.summary = QLabel(tr("正在检查数据库、密钥、摄像头、麦克风、磁盘、字体、打印机……"))
        self.summary.setObjectName("self_check_summary")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.model = CheckModel()
        self.table = QTableView()
        self.table.setObjectName("self_check_table")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.table)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Retry | QDialogButtonBox.StandardButton.Close)
        self.retry = self.buttons.button(QDialogButtonBox.StandardButton.Retry)
        self.retry.setText(tr("重新检查"))
        self.retry.setObjectName("self_check_retry")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        self.retry.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(860, 460)
        self.start()

    def start(self) -> None:
        self.retry.setEnabled(False)
        self.summary.setText(tr("正在检查数据库、密钥、摄像头、麦克风、磁盘、字体、打印机……"))
        url = self.db_url
        self.runner.call(lambda: list(run_checks(url)), self._shown, self._failed, owner=self)

    def _shown(self, results: list[CheckResult]) -> None:
        self.model.set_results(results)
        self.table.resizeRowsToContents()
        self.retry.setEnabled(True)
        ready = ready_for_interview(results)
        self.summary.setText(sentence("doctor_ready" if ready else "doctor_not_ready", current_language()))

    def _failed(self, error: BaseException) -> None:
        from ui.errors import describe

        self.retry.setEnabled(True)
        self.summary.setText(tr("自检未能完成：{what}").format(what=describe(error)))
