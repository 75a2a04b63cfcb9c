"""The 电子跟踪台账 as a lazy table model: pages of 100 rows fetched off the GUI thread as the view
scrolls (canFetchMore/fetchMore), sorting and filtering done by SQL (``desktop.services.ledger``).

A filter change bumps the generation; a page that arrives for an older generation is dropped.

Rows are held as flat tuples of plain values (enum members as their code strings): CPython stops
tracking such tuples in its cycle collector, so 100,000 rows held do not turn every full collection
into a 100 ms pause of the GUI thread (measured with LedgerRow objects: an 85 ms gen-2 collection)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop.domain.enums import AlertLevel, Category, MatterStatus, Risk
from desktop.services import ledger
from desktop.services.ledger import LedgerFilter, LedgerRow, SortKey
from desktop.services.permissions import Actor
from ui.days import due_with_days
from ui.i18n import N_, tr
from ui.tasks import TaskRunner
from ui.words import word

PAGE = 100
COLUMNS: tuple[tuple[str, SortKey | None], ...] = (
    (N_("编号"), SortKey.CASE_NUMBER), (N_("登记日期"), SortKey.REGISTERED), (N_("来访人"), SortKey.PETITIONER),
    (N_("身份证号"), None), (N_("类别"), SortKey.CATEGORY), (N_("承办部门"), SortKey.DEPARTMENT),
    (N_("状态"), SortKey.STATUS), (N_("办理期限"), SortKey.DUE), (N_("预警"), SortKey.ALERT),
    (N_("反映事项"), None),
)  # fmt: skip
COL_CASE, COL_DUE, COL_ALERT = 0, 7, 8
CASE_ROLE = Qt.ItemDataRole.UserRole + 1
DONE = (MatterStatus.CLOSED, MatterStatus.TERMINATED)
OVERDUE_BG, SOON_BG = QColor("#f8d7d4"), QColor("#fdf0c8")
RED, YELLOW = QColor("#c62828"), QColor("#b7791f")


class LedgerModel(QAbstractTableModel):
    rows_loaded = Signal(int)  # rows now held
    total_counted = Signal(int)

    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.today = runner, actor, today
        self.filter = LedgerFilter()
        self._rows: list[tuple] = []  # type: ignore[type-arg]
        self._words: dict[int, tuple[str, ...]] = {}
        self._generation = 0
        self._loading = False
        self._exhausted = False
        self.total: int | None = None

    # --- loading ---------------------------------------------------------------------------
    def set_filter(self, f: LedgerFilter) -> None:
        self.filter = f
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows, self._exhausted, self._loading, self.total = [], False, False, None
        self._words = {}
        self.endResetModel()
        self._load_page()
        gen, f, ctx, actor, today = self._generation, replace(self.filter), self.runner.ctx, self.actor, self.today
        self.runner.read(lambda s: ledger.count(ctx, s, actor, f, today),
                         lambda n: self._counted(gen, n), owner=self)

    def _counted(self, gen: int, n: int) -> None:
        if gen == self._generation:
            self.total = n
            self.total_counted.emit(n)

    def _load_page(self) -> None:
        if self._loading or self._exhausted:
            return
        self._loading = True
        gen, offset, f = self._generation, len(self._rows), replace(self.filter)
        ctx, actor, today = self.runner.ctx, self.actor, self.today
        self.runner.read(lambda s: [_flat(r) for r in ledger.page(ctx, s, actor, f, today, offset, PAGE)],
                         lambda rows: self._page_arrived(gen, offset, rows), owner=self)

    def _page_arrived(self, gen: int, offset: int, rows: list[tuple]) -> None:  # type: ignore[type-arg]
        if gen != self._generation or offset != len(self._rows):
            return
        self._loading = False
        if len(rows) < PAGE:
            self._exhausted = True
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.rows_loaded.emit(len(self._rows))

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted and not self._loading and bool(self._rows)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if not parent.isValid():
            self._load_page()

    def is_loading(self) -> bool:
        return self._loading

    # --- the table -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section][0])
        return None

    def row_at(self, row: int) -> LedgerRow:
        return _unflat(self._rows[row])

    def days_left(self, r: LedgerRow) -> int | None:
        if r.handling_due is None or r.status in DONE:
            return None
        return (r.handling_due - self.today).days

    def _display(self, r: LedgerRow, col: int) -> str:
        if col == 0:
            return r.case_number
        if col == 1:
            return r.registered_on.isoformat()
        if col == 2:
            return r.petitioner_name
        if col == 3:
            return r.id_masked
        if col == 4:
            return word(r.category)
        if col == 5:
            return r.department
        if col == 6:
            return word(r.status)
        if col == COL_DUE:
            if r.handling_due is None:
                return ""
            if self.days_left(r) is None:
                return r.handling_due.isoformat()
            return due_with_days(r.handling_due, self.today)
        if col == COL_ALERT:
            marks = []
            if r.repeat_alert != AlertLevel.GREEN:
                marks.append(tr("{level}·{n}次").format(level=word(r.repeat_alert), n=r.visits_30d))
            if r.repeat_alert_max not in (AlertLevel.GREEN, r.repeat_alert):  # the warning has eased since
                marks.append(tr("最高{level}").format(level=word(r.repeat_alert_max)))
            if r.risk in (Risk.RED, Risk.YELLOW):
                marks.append(tr("风险{level}").format(level=word(AlertLevel(r.risk.value))))
            if r.restricted:
                marks.append(tr("检举"))
            return " ".join(marks)
        return "" if r.restricted and not r.summary else r.summary[:60]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called about eight times per visible cell on every repaint: roles are compared as plain ints
        # (comparing against Qt's enum members costs more than the whole lookup) and unhandled roles leave first.
        role = int(role)
        if role not in _HANDLED_ROLES:
            return None
        row, col = index.row(), index.column()
        if row < 0 or row >= len(self._rows):
            return None
        t = self._rows[row]
        if role == _DISPLAY:
            words = self._words.get(row)
            if words is None:
                r = _unflat(t)
                words = self._words[row] = tuple(self._display(r, c) for c in range(len(COLUMNS)))
            return words[col]
        if role == _CASE:
            return t[1]
        if role == _BACKGROUND:
            if col != COL_DUE:
                return None
            due, status = t[8], t[7]
            if due is None or status in _DONE_VALUES:
                return None
            left = (due - self.today).days
            if left < 0:
                return _OVERDUE_BRUSH
            if left <= 3:
                return _SOON_BRUSH
            return None
        if role == _FOREGROUND:
            if col != COL_ALERT:
                return None
            alert, risk = t[9], t[10]
            if alert == "red" or risk == "red":
                return _RED_BRUSH
            if alert == "yellow" or risk == "yellow":
                return _YELLOW_BRUSH
            return None
        if role == _TOOLTIP and col == 9:
            return t[13]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        self.filter = replace(self.filter, sort=key, descending=order == Qt.SortOrder.DescendingOrder)
        self.reload()


_DONE_VALUES = frozenset(s.value for s in DONE)
_DISPLAY, _CASE = int(Qt.ItemDataRole.DisplayRole), int(CASE_ROLE)
_BACKGROUND, _FOREGROUND = int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_HANDLED_ROLES = frozenset({_DISPLAY, _CASE, _BACKGROUND, _FOREGROUND, _TOOLTIP})
_OVERDUE_BRUSH, _SOON_BRUSH = QBrush(OVERDUE_BG), QBrush(SOON_BG)
_RED_BRUSH, _YELLOW_BRUSH = QBrush(RED), QBrush(YELLOW)


def _flat(r: LedgerRow) -> tuple:  # type: ignore[type-arg]
    """A LedgerRow as a tuple of atoms (str, int, date, bool, None): untracked by the cycle collector."""
    return (r.id, r.case_number, r.registered_on, r.petitioner_name, r.id_masked,
            r.category.value if r.category else None, r.department, r.status.value,
            r.handling_due, r.repeat_alert.value, r.risk.value if r.risk else None, r.visits_30d, r.restricted,
            r.summary, r.repeat_alert_max.value)


def _unflat(t: tuple) -> LedgerRow:  # type: ignore[type-arg]
    return LedgerRow(t[0], t[1], t[2], t[3], t[4], Category(t[5]) if t[5] else None, t[6], MatterStatus(t[7]),
                     t[8], AlertLevel(t[9]), Risk(t[10]) if t[10] else None, t[11], t[12], t[13], AlertLevel(t[14]))
