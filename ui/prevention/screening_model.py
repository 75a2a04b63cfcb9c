"""The screening ledger as a Qt table model over the core's view rows (loaded off the GUI thread)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.clock import CHINA_TZ
from desktop.domain.enums import Risk
from desktop.prevention.views import ScreeningItemView
from ui.i18n import N_, tr
from ui.prevention.words import pword
from ui.widgets.row_table import RowTableModel

COLUMNS = (N_("上报日期"), N_("报告单位"), N_("村/网格/单位"), N_("起因"), N_("等级"), N_("状态"),
           N_("跟进时限"), N_("信访事项"))
COL_LEVEL, COL_DUE = 4, 6
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_COLOURS = {Risk.RED: QColor("#c62828"), Risk.YELLOW: QColor("#b7791f"), Risk.GREEN: QColor("#2e7d32")}
OVERDUE_BG = QColor("#f8d7d4")


class ScreeningModel(RowTableModel[ScreeningItemView]):
    COLUMNS = COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        v = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(v, col)
        if role == ITEM_ROLE:
            return v.id
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_LEVEL:
            return QBrush(LEVEL_COLOURS[v.level])
        if role == Qt.ItemDataRole.BackgroundRole and v.overdue:
            return QBrush(OVERDUE_BG)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DUE and v.overdue:
            return tr("已过跟进时限，尚未跟进")
        return None

    @staticmethod
    def _text(v: ScreeningItemView, col: int) -> str:
        if col == 0:
            return v.reported_on.isoformat()
        if col == 1:
            return f"{pword(v.kind)} {v.reporter}"
        if col == 2:
            return v.unit or " ".join(x for x in (v.village, v.grid) if x)
        if col == 3:
            return v.cause
        if col == 4:
            return pword(v.level)
        if col == 5:
            return pword(v.status)
        if col == 6:
            if v.follow_up_due is None:
                return tr("答复即可")
            due = v.follow_up_due.astimezone(CHINA_TZ).strftime("%m-%d %H:%M")
            return due + (" ✓" if v.followed_up_at else "")
        return v.case_number
