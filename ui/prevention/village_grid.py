"""The 三无 village grid: one tile per village, green when it is 三无, red when not, with what decides it."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop.prevention import board
from desktop.prevention.views import VillageBoard
from desktop.services.permissions import Actor
from ui.errors import describe
from ui.i18n import tr
from ui.tasks import TaskRunner

GREEN = "background: #dcefdc; border: 1px solid #2e7d32; padding: 6px;"
RED = "background: #f8d7d4; border: 1px solid #c62828; padding: 6px;"
COLUMNS = 6


class VillageGrid(QWidget):
    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.today = runner, actor, today
        self.tiles: dict[str, QLabel] = {}
        box = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("年度")))
        self.year = QSpinBox()
        self.year.setObjectName("board_year")
        self.year.setRange(2000, today.year)
        self.year.setValue(today.year)
        bar.addWidget(self.year)
        self.summary = QLabel()
        self.summary.setObjectName("board_summary")
        bar.addWidget(self.summary, 1)
        box.addLayout(bar)
        self.grid = QGridLayout()
        box.addLayout(self.grid)
        box.addStretch(1)
        self.year.valueChanged.connect(self.refresh)

    def refresh(self) -> None:
        ctx, actor, today, year = self.runner.ctx, self.actor, self.today, self.year.value()
        self.runner.read(lambda s: board.village_board(ctx, s, actor, year, today), self._loaded,
                         lambda e: self.summary.setText(describe(e)), owner=self)

    def _loaded(self, b: VillageBoard) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget: Any = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.tiles = {}
        for i, r in enumerate(b.rows):
            tile = QLabel(f"{r.village}\n" + (tr("三无") if r.three_no else tr("未达三无")))
            tile.setObjectName(f"village_tile_{r.village_id}")
            tile.setStyleSheet(GREEN if r.three_no else RED)
            tile.setToolTip(tr("非正常访（市省京）{a}；越级集体访 {g}；信访积案 {b}；排查 红{red} 黄{yellow} 绿{green}；"
                               "重点人员 稳定{s} 关注{w} 失控{lost}").format(
                a=r.abnormal_above, g=r.group_escalations, b=r.backlog, red=r.red, yellow=r.yellow, green=r.green,
                s=r.key_stable, w=r.key_watch, lost=r.key_lost))
            self.grid.addWidget(tile, i // COLUMNS, i % COLUMNS)
            self.tiles[r.village] = tile
        share = "—" if b.share_percent is None else f"{b.share_percent:.1f}%"
        self.summary.setText(tr("三无村 {n}/{total}（{share}），目标 {goal}%").format(
            n=b.three_no_count, total=len(b.rows), share=share, goal=b.goal_percent))
