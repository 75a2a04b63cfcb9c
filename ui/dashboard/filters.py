"""The dashboard's filter bar: village, handling department, category and channel, each "全部" or one
value. It says only what is chosen (:meth:`FilterBar.current`, a ``StatFilter``) and when that changes;
the dashboard recomputes with the period and the filter together."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget
from sqlalchemy import select

from desktop.db.models import Department, Village
from desktop.domain.enums import Category, Channel
from desktop.services.context import AppContext
from desktop.statistics.breakdowns import CATEGORY_ZH, CHANNEL_ZH
from desktop.statistics.filters import StatFilter

__all__ = ["FilterBar"]

ALL = "全部"


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.village = self._combo("filter_village")
        self.department = self._combo("filter_department")
        self.category = self._combo("filter_category", [(CATEGORY_ZH[c], c) for c in Category])
        self.channel = self._combo("filter_channel", [(CHANNEL_ZH[c], c) for c in Channel])
        for label, combo in (("村（社区）：", self.village), ("承办部门：", self.department),
                             ("类别：", self.category), ("渠道：", self.channel)):
            box.addWidget(QLabel(label))
            box.addWidget(combo)
        box.addStretch(1)

    def _combo(self, name: str, items: list[tuple[str, Any]] | None = None) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setMinimumContentsLength(6)
        self._fill(combo, items or [])
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL, None)
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(keep) if keep is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def load(self, ctx: AppContext) -> None:
        """The villages and departments on record (two small tables, read once when shown)."""
        with ctx.db.read() as s:
            villages = [(n, i) for i, n in s.execute(select(Village.id, Village.name).order_by(Village.name))]
            depts = [(n, i) for i, n in s.execute(select(Department.id, Department.name).order_by(Department.name))]
        self._fill(self.village, villages)
        self._fill(self.department, depts)

    def current(self) -> StatFilter:
        def one(combo: QComboBox) -> list[Any]:
            value = combo.currentData()
            return [] if value is None else [value]
        return StatFilter.of(village_ids=one(self.village), department_ids=one(self.department),
                             categories=one(self.category), channels=one(self.channel))
