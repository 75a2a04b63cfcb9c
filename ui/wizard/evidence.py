"""Evidence files: dropped onto the list or chosen with the file picker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QListWidget, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr


class _DropList(QListWidget):
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
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.list = _DropList()
        self.list.setMaximumHeight(70)
        self.list.setToolTip(tr("把文件拖到这里，或点“添加文件”"))
        box.addWidget(self.list, 1)
        side = QVBoxLayout()
        self.add_button = QPushButton(tr("添加文件…"))
        self.remove_button = QPushButton(tr("移除"))
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        box.addLayout(side)
        self.add_button.clicked.connect(self._pick)
        self.remove_button.clicked.connect(self._remove)
        self.list.files_dropped.connect(self.add_files)

    def paths(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def add_files(self, paths: list[str]) -> None:
        known = set(self.paths())
        for p in paths:
            if Path(p).is_file() and p not in known:
                self.list.addItem(p)
                known.add(p)
        self.files_changed.emit()

    def set_files(self, paths: list[str]) -> None:
        self.list.clear()
        self.add_files(paths)

    def _pick(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("选择证据材料"))
        if paths:
            self.add_files(paths)

    def _remove(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.files_changed.emit()
