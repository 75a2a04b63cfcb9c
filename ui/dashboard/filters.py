"""The dashboard's filter bar: village, handling department, category and channel, each "全部" or one
value. It says only what is chosen (:meth:`FilterBar.current`, a ``StatFilter``) and when that changes;
the dashboard recomputes with the period and the filter together."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop.domain.enums import Category, Channel
from desktop.services.context import AppContext
from desktop.statistics.filters import StatFilter, filter_choices
from ui.i18n import tr
from ui.words import word

__all__ = ["FilterBar"]

ALL = "全部"  # shown through tr()


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.village = self._combo("filter_village")
        self.department = self._combo("filter_department")
        self.category = self._combo("filter_category", [(word(c), c) for c in Category])
        self.channel = self._combo("filter_channel", [(word(c), c) for c in Channel])
        for label, combo in ((tr("村（社区）："), self.village), (tr("承办部门："), self.department),
                             (tr("类别："), self.category), (tr("渠道："), self.channel)):
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
        combo.addItem(tr(ALL), None)
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(keep) if keep is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def load(self, ctx: AppContext) -> None:
        """The villages and departments on record (two small tables, read once when shown)."""
        with ctx.db.read() as s:
            choices = filter_choices(s)
        self._fill(self.village, [(n, i) for i, n in choices.villages])
        self._fill(self.department, [(n, i) for i, n in choices.departments])

    def current(self) -> StatFilter:
        def one(combo: QComboBox) -> list[Any]:
            value = combo.currentData()
            return [] if value is None else [value]
        return StatFilter.of(village_ids=one(self.village), department_ids=one(self.department),
                             categories=one(self.category), channels=one(self.channel))
