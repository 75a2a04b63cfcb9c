"""The 接谈 step's recorder for one matter: the recording panel wired to the desk's devices, the
installation's signing key and the matter's record.

A session is built when the clerk presses Start, from the devices stored for this desk — none stored is
a clear refusal, never a silent test signal — with the case number, both interviewers and the office's
name in the burned-in overlay, its clock in the office's time zone; files go under
``recordings_dir()/<case>/`` and each recording in progress is registered for recovery. When the panel has
sealed a recording it is registered with the matter (``recordings.register_sealed``) through the task
runner's write worker, so the hash joins the audit chain. ``has_recording()`` is what the interview page
asks before it lets the clerk go on without a reason: only a recording from real devices counts, one from
synthetic or file sources (测试信号，非证据) never does."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desktop import paths
from desktop.domain.errors import DomainError
from desktop.services import recordings
from desktop.services.context import AppContext
from desktop.services.permissions import Actor
from recording.clock import DEFAULT_TIME_ZONE
from recording.devices import open_camera, open_microphone
from recording.session import RecordingSession, SessionConfig
from ui.errors import describe
from ui.i18n import tr
from ui.recording import device_store
from ui.recording.panel import RecordingPanel
from ui.recording.settings_dialog import DeviceSelection, DeviceSettingsDialog
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def new_recording_path(directory: Path, case_number: str, stamp: str) -> Path:
    """``<dir>/<case>/<case>-<stamp>[-n].mp4``, never an existing file (a session refuses to overwrite)."""
    folder = directory / case_number
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    while True:
        path = folder / f"{case_number}-{stamp}{f'-{n}' if n else ''}.mp4"
        if not path.exists() and not path.with_name(path.name + ".journal.jsonl").exists():
            return path
        n += 1


class InterviewRecorder(QWidget):
    state_changed = Signal()  # started, stopped, registered or failed: the page checks itself again
    recording_registered = Signal(int)  # the Recording row's id

    def __init__(self, runner: TaskRunner, actor: Actor, case_number: str, *,
                 selection: DeviceSelection | None = None, directory: Path | None = None,
                 config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interviewRecorder")
        self.runner, self.actor, self.case_number = runner, actor, case_number
        self.ctx: AppContext = runner.ctx
        self.selection = selection or device_store.load_selection()
        self.directory = directory or paths.recordings_dir()
        self.config_overrides = dict(config or {})
        self.colleague_name = ""
        self.office = ""
        self.time_zone = DEFAULT_TIME_ZONE
        self.registered = 0  # sealed recordings of this matter known to the record
        self.evidence = 0  # of which from real devices: only these are the interview's record
        self._registering = 0
        self._pending_test_signal: list[bool] = []
        self.last_error = ""
        self.start_error = ""  # why the last Start was refused (a stable code)

        title = QLabel(tr("同步录音录像"))
        title.setStyleSheet("font-weight: bold;")
        self.devices_label = QLabel()
        self.devices_label.setObjectName("recorderDevices")
        self.devices_label.setStyleSheet("color: #555;")
        self.settings_button = QPushButton(tr("设备…"))
        self.settings_button.setObjectName("recorderDevicesButton")
        self.settings_button.clicked.connect(self.choose_devices)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.devices_label, 1)
        head.addWidget(self.settings_button)
        self.panel = RecordingPanel(self._make_session, runner, self)
        self.panel.preview.setStyleSheet("background: #202124; color: #bbb;")
        self.record_state = QLabel()
        self.record_state.setObjectName("recorderState")
        self.record_state.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(head)
        box.addWidget(self.panel, 1)
        box.addWidget(self.record_state)
        self.panel.recording_started.connect(self._changed)
        self.panel.recording_failed.connect(self._failed_to_start)
        self.panel.recording_stopped.connect(self._sealed)
        app = QCoreApplication.instance()
        if app is not None:  # last line of defence: a recording is sealed before the process ends
            app.aboutToQuit.connect(self.shutdown)
        self._show_devices()
        self._show_state()
        case = case_number
        runner.read(lambda s: (recordings.recorder_profile(s), recordings.for_interview(s, case)), self._loaded,
                    owner=self)

    # --- what the interview page asks ------------------------------------------------------------
    def has_recording(self) -> bool:
        """A sealed, registered recording from real devices (a test signal is never the interview's record)."""
        return self.evidence > 0

    def has_test_recording_only(self) -> bool:
        return self.registered > 0 and self.evidence == 0

    def is_busy(self) -> bool:
        """Recording, sealing or registering: the wizard must not move on."""
        return bool(self.panel.is_recording) or self._registering > 0

    def set_colleague(self, name: str) -> None:
        """The second interviewer, as chosen on the page (goes into the overlay and the manifest)."""
        self.colleague_name = name or ""

    # --- devices and the session ----------------------------------------------------------------
    def _show_devices(self) -> None:
        self.devices_label.setText(device_store.describe(self.selection))

    def choose_devices(self) -> None:
        if not self.panel.is_recording and device_store.choose_devices(self, self.runner):
            self.selection = device_store.load_selection()
            self._show_devices()

    def _make_session(self) -> RecordingSession:
        """Runs on the GUI thread when Start is pressed; the devices are opened later, on a worker."""
        sel = self.selection
        if not device_store.configured(sel):
            raise DomainError("recording_devices_not_configured")
        size = (sel.width, sel.height)
        cameras = [open_camera(spec, size=size) for spec in sel.cameras[:2]]
        microphone = open_microphone(sel.microphone)
        names = tuple(n for n in (self.actor.display_name, self.colleague_name) if n)
        cfg = SessionConfig(case_number=self.case_number, interviewers=names, office=self.office,
                            width=sel.width, height=sel.height, layout=sel.layout, time_zone=self.time_zone,
                            registry=recordings.in_progress_dir())
        for key, value in self.config_overrides.items():
            setattr(cfg, key, value)
        stamp = self.ctx.now().strftime("%Y%m%d-%H%M%S")
        return RecordingSession(new_recording_path(self.directory, self.case_number, stamp), cameras, microphone,
                                cfg, recordings.office_signing_key(self.ctx.keys))

    # --- results --------------------------------------------------------------------------------
    def _loaded(self, loaded: tuple[recordings.RecorderProfile, recordings.MatterRecordings]) -> None:
        profile, known = loaded
        self.office = self.office or profile.office
        self.time_zone = profile.time_zone
        self.registered = max(self.registered, known.sealed)
        self.evidence = max(self.evidence, known.evidence)
        self._changed()

    def _changed(self, *_args: Any) -> None:
        self.settings_button.setEnabled(not self.panel.is_recording)
        self._show_state()
        self.state_changed.emit()

    def _failed_to_start(self, code: str) -> None:
        self.start_error = code
        self._changed()

    def _sealed(self, manifest_path: str) -> None:
        session = self.panel.session
        if not manifest_path or session is None:
            self.last_error = "recording_failed"
            self._changed()
            return
        self._registering += 1
        self._pending_test_signal.append(bool((session.manifest or {}).get("test_signal")))
        self._changed()
        self.runner.write(register_job(self.ctx, self.actor, self.case_number, session.path, Path(manifest_path)),
                          self._registered, self._register_failed, owner=self)

    def _registered(self, recording_id: int) -> None:
        self._registering -= 1
        self.registered += 1
        if not (self._pending_test_signal.pop(0) if self._pending_test_signal else False):
            self.evidence += 1
        self.last_error = ""
        self._changed()
        self.recording_registered.emit(recording_id)

    def _register_failed(self, error: BaseException) -> None:
        self._registering -= 1
        if self._pending_test_signal:
            self._pending_test_signal.pop(0)
        self.last_error = describe(error)
        log.error("sealed recording not registered", exc_info=error)
        self._changed()

    def _show_state(self) -> None:
        if self.panel.is_recording:
            self.start_error = ""
            text, style = tr("录像进行中：停止并封存后才能进入下一步。"), "color: #b3261e;"
        elif self._registering:
            text, style = tr("正在登记录像…"), "color: #555;"
        elif self.last_error and self.last_error != "recording_failed":
            text, style = tr("录像未能登记：{why}").format(why=self.last_error), "color: #b3261e;"
        elif self.start_error and not self.evidence:
            text, style = (tr("无法开始录像：") + self.panel.words(self.start_error) + tr("。不录像须填写原因。"),
                           "color: #b3261e;")
        elif self.evidence:
            text, style = tr("本事项已有 {n} 段封存录像。").format(n=self.evidence), "color: #1b6e20;"
        elif self.registered:
            text, style = (tr("已封存的录像来自测试信号源（测试信号，非证据），不能作为接谈录像：请用真实设备录像，"
                              "或填写未录音录像原因。"), "color: #b3261e;")
        elif not device_store.configured(self.selection):
            text, style = (tr("本机未设置录像设备：请点“设备…”选择摄像头和麦克风；不录像须填写原因。"),
                           "color: #b3261e;")
        else:
            text, style = tr("尚未录像。未录像结束接谈时须填写原因。"), "color: #8a6d00;"
        self.record_state.setText(text)
        self.record_state.setStyleSheet(style)

    def shutdown(self) -> None:
        """Stops and seals a recording in progress and registers it (window or wizard closing).

        The registration job holds no reference to this widget, so it completes even if the widget goes."""
        try:
            self.panel.shutdown()
        except RuntimeError:  # the C++ side is already gone: nothing left to stop
            return
        # The seal's signal reached ``_sealed`` through the panel's last poll: the write is queued.


def register_job(ctx: AppContext, actor: Actor, case_number: str, mp4: Path, manifest_path: Path):  # type: ignore[no-untyped-def]
    """The write job that enters a sealed recording in the record (runs on the write worker)."""
    def job(session: Session) -> int:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        return recordings.register_sealed(ctx, session, actor, case_number, mp4, manifest_path, manifest).id
    return job


def select_current(dialog: DeviceSettingsDialog, sel: DeviceSelection) -> None:
    """Shows ``sel`` in the colleague's dialog (its combos hold the specs as item data)."""
    pairs = ((dialog.camera1, sel.cameras[0] if sel.cameras else ""),
             (dialog.camera2, sel.cameras[1] if len(sel.cameras) > 1 else ""), (dialog.mic, sel.microphone))
    for combo, spec in pairs:
        i = combo.findData(spec)
        if i < 0 and spec:
            combo.addItem(spec, spec)
            i = combo.count() - 1
        if i >= 0:
            combo.setCurrentIndex(i)
    i = dialog.resolution.findData((sel.width, sel.height))
    if i < 0:
        dialog.resolution.addItem(f"{sel.width}×{sel.height}", (sel.width, sel.height))
        i = dialog.resolution.count() - 1
    dialog.resolution.setCurrentIndex(i)
    dialog.layout_box.setCurrentIndex(max(0, dialog.layout_box.findData(sel.layout)))


def panel_for_matter(ctx: AppContext, actor: Actor, case_number: str, *, runner: TaskRunner | None = None,
                     **options: Any) -> InterviewRecorder:
    """The 接谈 step's recorder for ``case_number`` (what ``ui.wizard.interview`` asks for)."""
    own = runner is None
    recorder = InterviewRecorder(runner or TaskRunner(ctx), actor, case_number, **options)
    if own:
        recorder.runner.setParent(recorder)
    return recorder
