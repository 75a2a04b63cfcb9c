"""The status bar's word on backups: the last good automatic backup's age, in red past the setting's days;
and, once an hour, the daily automatic backup when it is due (off the GUI thread)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from desktop.services import backup_schedule
from desktop.services.backup_schedule import BackupStatus
from ui.errors import describe
from ui.i18n import tr
from ui.tasks import TaskRunner

CHECK_EVERY_MS = 60 * 60 * 1000


def _age(age: timedelta) -> str:
    if age < timedelta(hours=1):
        return tr("不到 1 小时前")
    if age < timedelta(days=1):
        return tr("{n} 小时前").format(n=int(age.total_seconds() // 3600))
    return tr("{n} 天前").format(n=age.days)


class BackupStatusLabel(QLabel):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, first_check_ms: int = 3000) -> None:
        super().__init__(parent)
        self.setObjectName("backup_status")
        self.runner = runner
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        QTimer.singleShot(first_check_ms, self, self.check)

    def check(self) -> None:
        ctx = self.runner.ctx
        self.runner.call(lambda: backup_schedule.run_if_due(ctx), lambda _made: self._refresh(),
                         self._failed, owner=self)

    def _refresh(self) -> None:
        ctx = self.runner.ctx
        self.runner.read(lambda s: backup_schedule.status(ctx, s), self._show, self._failed, owner=self)

    def _show(self, state: BackupStatus) -> None:
        if not state.folder:
            self.setStyleSheet("color: #666;")
            self.setText(tr("未设置自动备份"))
        elif state.age is None:
            self.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.setText(tr("⚠ 还没有成功的备份"))
        elif state.warn:
            self.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.setText(tr("⚠ 上次成功备份：{age}").format(age=_age(state.age)))
        else:
            self.setStyleSheet("")
            self.setText(tr("上次备份：{age}").format(age=_age(state.age)))
        self.setToolTip(state.folder)

    def _failed(self, error: BaseException) -> None:
        self.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.setText(tr("⚠ 自动备份失败：{why}").format(why=describe(error)))
