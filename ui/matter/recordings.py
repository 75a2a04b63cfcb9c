"""The matter's recordings, for the roles entitled to them: each with its seal checked (off the GUI
thread: hashing an hour of video takes seconds), played in the verified player (a red warning instead of
playback when the seal does not hold), every viewing audited with its length, and exported for a court
with the how-to-verify note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import CHINA_TZ
from desktop.services import recordings
from desktop.services.permissions import Actor
from recording.export import NOTE_NAME, ExportResult, export_recording
from recording.manifest import VerificationResult, verify_recording
from ui.errors import describe
from ui.i18n import tr
from ui.tasks import TaskRunner
from ui.widgets.screen_fit import fit_to_screen

STATUS = 2  # the column that shows the seal


@dataclass(frozen=True)
class RecordingItem:
    id: int
    path: str
    manifest_path: str
    sha256: str
    seconds: float
    recovered: bool
    sealed_at: datetime


def _items(session, actor: Actor, case_number: str) -> list[RecordingItem]:  # type: ignore[no-untyped-def]
    return [RecordingItem(r.id, r.path, r.manifest_path, r.sha256, r.duration_seconds, r.recovered, r.sealed_at)
            for r in recordings.list_for_matter(session, actor, case_number)]


def seal_holds(item: RecordingItem, result: VerificationResult) -> bool:
    """Verified against its manifest and the very file the record registered."""
    sha = ((result.manifest or {}).get("file") or {}).get("sha256", "")
    return result.ok and sha == item.sha256


def clock_text(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


class PlayerDialog(QDialog):
    """The colleague's verified player in a window of its own; the viewing ends when it closes."""

    def __init__(self, item: RecordingItem, result: VerificationResult, parent: QWidget | None = None) -> None:
        from ui.recording.player import RecordingPlayer

        super().__init__(parent)
        self.setObjectName("recording_player_dialog")
        self.setWindowTitle(tr("录像回放"))
        fit_to_screen(self, 960, 640)
        self.item = item
        self.player = RecordingPlayer(self)
        box = QVBoxLayout(self)
        box.addWidget(self.player)
        self.playable = self.player.open_verified(item.path, result, item.sha256)

    def done(self, result: int) -> None:
        self.player.close_recording()  # emits viewing_ended once, with the time it was open
        super().done(result)


class RecordingsSection(QWidget):
    viewing_logged = Signal(int, float)
    exported = Signal(str)

    def __init__(self, runner: TaskRunner, actor: Actor, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.case_number = runner, actor, case_number
        self.items: list[RecordingItem] = []
        self.results: dict[int, VerificationResult] = {}
        self.player_dialog: PlayerDialog | None = None
        self._verified_once = False
        self.table = QTreeWidget()
        self.table.setObjectName("recordings")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([tr("封存时间"), tr("时长"), tr("封存状态")])
        for col in (0, 1):
            self.table.header().setSectionResizeMode(col, self.table.header().ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(lambda *_a: self.play_selected())
        self.table.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.play_button = QPushButton(tr("回放"))
        self.play_button.setObjectName("recording_play")
        self.play_button.clicked.connect(self.play_selected)
        self.export_button = QPushButton(tr("导出（供法院或纪委核验）…"))
        self.export_button.setObjectName("recording_export")
        self.export_button.clicked.connect(self.on_export)
        self.message = QLabel()
        self.message.setObjectName("recordings_message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        box.addWidget(self.message)  # loaded by the matter's page, after its first paint

    # --- the list -------------------------------------------------------------------------------
    def reload(self) -> None:
        actor, case = self.actor, self.case_number
        self.runner.read(lambda s: _items(s, actor, case), self._loaded, self._failed, owner=self)

    def _loaded(self, items: list[RecordingItem]) -> None:
        self.items = items
        self.results = {}
        self.table.clear()
        for it in items:
            when = it.sealed_at if it.sealed_at.tzinfo else it.sealed_at.replace(tzinfo=UTC)  # SQLite: naive UTC
            row = QTreeWidgetItem([when.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"), clock_text(it.seconds),
                                   tr("正在校验…")])
            row.setData(0, Qt.ItemDataRole.UserRole, it.id)
            self.table.addTopLevelItem(row)
        if items:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        self.message.setText("" if items else tr("本事项没有录音录像。"))
        self._update_buttons()
        self._verified_once = False
        if self.isVisible():
            self.verify_all()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._verified_once:
            self.verify_all()

    def verify_all(self) -> None:
        """Hashes every file against its seal, only once the tab is looked at (an hour of video takes
        seconds to hash and opening a matter page must stay quick)."""
        self._verified_once = True
        key = self.runner.ctx.keys.verify_key()
        for it in self.items:
            self.runner.call(lambda it=it: verify_recording(it.path, key),
                             lambda res, it=it: self._verified(it, res), self._failed, owner=self)

    def _verified(self, item: RecordingItem, result: VerificationResult) -> None:
        self.results[item.id] = result
        row = self._row(item.id)
        if row is None:
            return
        if seal_holds(item, result):
            text = tr("已封存，校验通过") + (tr("（中断后恢复）") if item.recovered else "")
            row.setForeground(STATUS, Qt.GlobalColor.darkGreen)
        else:
            text = tr("校验未通过，不予播放")
            row.setForeground(STATUS, Qt.GlobalColor.red)
        row.setText(STATUS, text)
        self._update_buttons()

    def _row(self, rec_id: int) -> QTreeWidgetItem | None:
        for i in range(self.table.topLevelItemCount()):
            row = self.table.topLevelItem(i)
            if row.data(0, Qt.ItemDataRole.UserRole) == rec_id:
                return row
        return None

    def selected(self) -> RecordingItem | None:
        row = self.table.currentItem()
        rec_id = row.data(0, Qt.ItemDataRole.UserRole) if row is not None else None
        return next((it for it in self.items if it.id == rec_id), None)

    def status_text(self, rec_id: int) -> str:
        row = self._row(rec_id)
        return row.text(STATUS) if row is not None else ""

    def _update_buttons(self) -> None:
        item = self.selected()
        checked = item is not None and item.id in self.results
        self.play_button.setEnabled(checked)
        self.export_button.setEnabled(checked and seal_holds(item, self.results[item.id]))  # type: ignore[arg-type]

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setText(describe(error))

    # --- playing ---------------------------------------------------------------------------------
    def play_selected(self) -> PlayerDialog | None:
        item = self.selected()
        if item is None or item.id not in self.results:
            return None
        dialog = PlayerDialog(item, self.results[item.id], self)
        dialog.player.viewing_ended.connect(lambda secs, rec=item.id: self.log_viewing(rec, secs))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.player_dialog = dialog
        dialog.show()
        return dialog

    def log_viewing(self, rec_id: int, seconds: float) -> None:
        ctx, actor = self.runner.ctx, self.actor
        self.runner.write(lambda s: recordings.log_viewing(ctx, s, actor, rec_id, seconds),
                          lambda _r: self.viewing_logged.emit(rec_id, seconds), self._failed, owner=self)

    # --- export ------------------------------------------------------------------------------------
    def on_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("选择导出位置"))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        item = self.selected()
        if item is None:
            return
        key = self.runner.ctx.keys.verify_key()
        target = folder / Path(item.path).stem
        self.message.setStyleSheet("")
        self.message.setText(tr("正在导出…"))
        self.runner.call(lambda: export_recording(item.path, item.manifest_path, target, key),
                         lambda res: self._exported(item, folder, res), self._failed, owner=self)

    def _exported(self, item: RecordingItem, folder: Path, result: ExportResult) -> None:
        ctx, actor = self.runner.ctx, self.actor

        def done(_r: object) -> None:
            self.message.setText(tr("已导出到 {folder}，核验方法见其中的“{note}”。").format(
                folder=str(result.directory), note=NOTE_NAME))
            self.exported.emit(str(result.directory))

        self.runner.write(lambda s: recordings.log_export(ctx, s, actor, item.id, folder), done, self._failed,
                          owner=self)
