"""排查台账: the items (filtered by level, open, village), follow-up and resolution, new entries, and who
has not reported for the current period of their rhythm."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import Risk
from desktop.prevention import choices, reporting, screening
from desktop.prevention.screening import ScreeningFilter
from desktop.services.permissions import Actor, Permission
from ui.errors import describe
from ui.i18n import tr
from ui.prevention.dialogs import NoteDialog, ScreeningDialog
from ui.prevention.register_dialogs import MatterDialog
from ui.prevention.screening_model import ITEM_ROLE, ScreeningModel
from ui.prevention.words import pword
from ui.tasks import TaskRunner


class ScreeningPage(QWidget):
    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.today = runner, actor, today
        self.villages: list[str] = []
        self.dialog: Any = None
        box = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.level = QComboBox()
        self.level.setObjectName("screening_level_filter")
        self.level.addItem(tr("全部"), None)
        for lv in Risk:
            self.level.addItem(pword(lv), lv)
        self.open_only = QCheckBox(tr("只看调处中"))
        self.open_only.setObjectName("screening_open_only")
        self.village = QComboBox()
        self.village.setObjectName("screening_village_filter")
        self.village.addItem(tr("全部"), "")
        for label, widget in ((tr("等级"), self.level), (tr("村（社区）"), self.village)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.open_only)
        bar.addStretch(1)
        self.add = QPushButton(tr("新增排查事项…"))
        self.add.setObjectName("screening_add")
        self.add.setEnabled(actor.can(Permission.ENTER_SCREENING))
        self.follow = QPushButton(tr("记录跟进…"))
        self.follow.setObjectName("screening_follow_up")
        self.resolve = QPushButton(tr("化解…"))
        self.resolve.setObjectName("screening_resolve")
        self.convert = QPushButton(tr("转为信访事项…"))
        self.convert.setObjectName("screening_convert")
        for b in (self.follow, self.resolve, self.convert):
            b.setEnabled(False)
        for b in (self.add, self.follow, self.resolve, self.convert):
            bar.addWidget(b)
        box.addLayout(bar)
        self.model = ScreeningModel(self)
        self.table = QTableView()
        self.table.setObjectName("screening_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        side = QWidget()
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.addWidget(QLabel(tr("本期未报告")))
        self.missing = QListWidget()
        self.missing.setObjectName("reporting_missing")
        side_box.addWidget(self.missing)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        box.addWidget(split, 1)
        self.status = QLabel()
        self.status.setObjectName("screening_status")
        box.addWidget(self.status)
        self.level.currentIndexChanged.connect(self.refresh)
        self.village.currentIndexChanged.connect(self.refresh)
        self.open_only.toggled.connect(self.refresh)
        self.add.clicked.connect(self.new_item)
        self.follow.clicked.connect(self.follow_up)
        self.resolve.clicked.connect(self.resolve_item)
        self.convert.clicked.connect(self.convert_item)

    def load_villages(self) -> None:
        def job(s: Any) -> list[str]:
            return choices.village_names(s)

        self.runner.read(job, self._villages_loaded, owner=self)

    def _villages_loaded(self, names: list[str]) -> None:
        self.villages = names
        self.village.blockSignals(True)
        for name in names:
            if self.village.findData(name) < 0:
                self.village.addItem(name, name)
        self.village.blockSignals(False)

    def refresh(self) -> None:
        f = ScreeningFilter(level=self.level.currentData(), open_only=self.open_only.isChecked(),
                            village=self.village.currentData() or "")
        ctx, actor, today = self.runner.ctx, self.actor, self.today

        def job(s: Any) -> tuple[list, list]:  # type: ignore[type-arg]
            return (screening.list_items(ctx, s, actor, f),
                    reporting.not_reported(ctx, s, actor, today))

        self.runner.read(job, self._loaded, self._failed, owner=self)

    def _loaded(self, got: tuple[list, list]) -> None:  # type: ignore[type-arg]
        items, missing = got
        self.model.set_rows(items)
        self.missing.clear()
        for st in missing:
            where = st.unit or " ".join(x for x in (st.village, st.grid) if x)
            self.missing.addItem(tr("{kind} {where}：应于 {due} 前报告").format(
                kind=pword(st.kind), where=where, due=st.period_due.isoformat()))
        self.status.setText(tr("共 {n} 条；本期未报告 {m} 个").format(n=len(items), m=len(missing)))
        self._selection_changed()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(describe(error))

    def _selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], ITEM_ROLE) if rows else None

    def _selection_changed(self, *_: object) -> None:
        can = self._selected() is not None and self.actor.can(Permission.HANDLE_SCREENING)
        self.follow.setEnabled(can)
        self.resolve.setEnabled(can)
        self.convert.setEnabled(can and self.actor.can(Permission.REGISTER))

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _r: self.refresh())
        dialog.open()

    def new_item(self) -> None:
        self._open(ScreeningDialog(self.runner, self.actor, self.villages, self.today, self))

    def follow_up(self) -> None:
        item_id, ctx, actor = self._selected(), self.runner.ctx, self.actor
        if item_id is None:
            return
        self._open(NoteDialog(self.runner, tr("记录跟进"), tr("跟进情况"),
                              lambda s, text: screening.record_follow_up(ctx, s, actor, item_id, text).id, parent=self))

    def resolve_item(self) -> None:
        item_id, ctx, actor = self._selected(), self.runner.ctx, self.actor
        if item_id is None:
            return
        self._open(NoteDialog(self.runner, tr("化解"), tr("化解情况"),
                              lambda s, text: screening.resolve(ctx, s, actor, item_id, text).id, parent=self))

    def convert_item(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        view = self.model.rows[rows[0].row()]
        ctx, actor = self.runner.ctx, self.actor
        self._open(MatterDialog(self.runner, tr("转为信访事项"), view.cause,
                                lambda s, data: screening.convert_to_matter(ctx, s, actor, view.id, data), parent=self))
