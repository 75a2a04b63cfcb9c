"""Evidence files: dropped onto the list or chosen with the file picker, each with the clerk's description.

The registration form lists evidence by what the clerk says it is ("土地承包合同复印件"), never by its file
name, so every file carries a description, typed in the line under the list or in the list itself."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import tr

DESCRIPTION, FILE = 0, 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class _DropTable(QTableView):
    files_dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setObjectName("evidence_list")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
            event.acceptProposedAction()


class EvidenceFiles(QWidget):
    files_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        box = QHBoxLayout()
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([tr("材料说明"), tr("文件")])
        self.list = _DropTable()
        self.list.setModel(self.model)
        self.list.setMaximumHeight(110)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.list.horizontalHeader().setSectionResizeMode(FILE, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setToolTip(tr("把文件拖到这里，或点“添加文件”"))
        box.addWidget(self.list, 1)
        side = QVBoxLayout()
        self.add_button = QPushButton(tr("添加文件…"))
        self.add_button.setObjectName("evidence_add")
        self.remove_button = QPushButton(tr("移除"))
        self.remove_button.setObjectName("evidence_remove")
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        box.addLayout(side)
        outer.addLayout(box)
        self.description = QLineEdit()
        self.description.setObjectName("evidence_description")
        self.description.setPlaceholderText(tr("写明选中的材料是什么，如“土地承包合同复印件”"))
        self.description.setEnabled(False)
        outer.addWidget(self.description)
        self.add_button.clicked.connect(self._pick)
        self.remove_button.clicked.connect(self._remove)
        self.list.files_dropped.connect(self.add_files)
        self.description.textEdited.connect(self._description_typed)
        self.model.itemChanged.connect(self._item_changed)
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)

    # --- what the page reads -------------------------------------------------------------------
    def paths(self) -> list[str]:
        return [str(self.model.item(r, FILE).data(PATH_ROLE)) for r in range(self.model.rowCount())]

    def notes(self) -> dict[str, str]:
        """Each file's description by its path, as the registration takes them."""
        return {str(self.model.item(r, FILE).data(PATH_ROLE)): self.model.item(r, DESCRIPTION).text().strip()
                for r in range(self.model.rowCount())}

    def undescribed(self) -> list[str]:
        return [p for p, text in self.notes().items() if not text]

    # --- changes ---------------------------------------------------------------------------------
    def add_files(self, paths: list[str], notes: dict[str, str] | None = None) -> None:
        known = set(self.paths())
        added = -1
        for p in paths:
            if Path(p).is_file() and p not in known:
                name = QStandardItem(Path(p).name)
                name.setData(p, PATH_ROLE)
                name.setToolTip(p)
                name.setEditable(False)
                self.model.appendRow([QStandardItem((notes or {}).get(p, "")), name])
                known.add(p)
                added = self.model.rowCount() - 1
        if added >= 0:
            # The clerk describes the new file straight away: the description line takes the typing.
            self.list.setCurrentIndex(self.model.index(added, DESCRIPTION))
            self.description.setFocus()
        self.files_changed.emit()

    def set_files(self, paths: list[str], notes: dict[str, str] | None = None) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self.add_files(paths, notes)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.description.setEnabled(current.isValid())
        item = self.model.item(current.row(), DESCRIPTION) if current.isValid() else None
        self.description.setText(item.text() if item else "")

    def _description_typed(self, text: str) -> None:
        row = self.list.currentIndex().row()
        if row >= 0:
            self.model.item(row, DESCRIPTION).setText(text)

    def _item_changed(self, item: QStandardItem) -> None:
        if item.column() == DESCRIPTION and item.row() == self.list.currentIndex().row() \
                and item.text() != self.description.text():
            self.description.setText(item.text())  # edited in the list: the line below shows the same
        self.files_changed.emit()

    def _pick(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("选择证据材料"))
        if paths:
            self.add_files(paths)

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.list.selectionModel().selectedRows()}, reverse=True)
        for r in rows:
            self.model.removeRow(r)
        self.files_changed.emit()
