"""A recording session: start, pause(reason), resume, marker(label), stop → sealed manifest.

The clerk's thread only posts commands stamped on the shared clock; the encoder thread
(``recording.engine``) does all the work and applies each command exactly at its instant, so a
pause or a stop cuts sound and picture at the same point.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.domain.errors import DomainError, IllegalTransition
from recording.cameras import Camera
from recording.clock import DEFAULT_CLOCK, DEFAULT_TIME_ZONE, Clock
from recording.compose import Layout
from recording.microphones import Microphone

log = logging.getLogger(__name__)
MiB = 1024 * 1024


def app_version() -> str:
    try:
        return metadata.version("reception-room")
    except metadata.PackageNotFoundError:
        return "0.1.0"


class SessionState(StrEnum):
    IDLE = "idle"
    RECORDING = "recording"
    PAUSED = "paused"
    STOPPED = "stopped"


class InsufficientDisk(DomainError):
    """Refused to start: ``details`` has ``free`` and ``needed`` bytes."""

    code = "insufficient_disk"


@dataclass
class SessionConfig:
    case_number: str = ""
    interviewers: tuple[str, ...] = ()
    office: str = ""
    width: int = 1280
    height: int = 720
    fps: int = 25
    layout: Layout = Layout.SIDE_BY_SIDE
    # ultrafast: on a 2-core desk with other work running, veryfast manages ~30 fps at 720p (too close to
    # 25 to survive a busy moment), ultrafast ~135 fps; the file is larger, the evidence complete.
    preset: str = "ultrafast"
    crf: int = 23
    expected_seconds: float = 2 * 3600  # refuse to start if this length would not fit
    bytes_per_second: int = 500_000  # estimate for that check (~4 Mbit/s at 720p, ultrafast)
    min_free_bytes: int = 512 * MiB  # below this during a recording: clean stop
    warn_free_bytes: int = 2048 * MiB  # below this: a warning
    camera_timeout: float = 1.0  # no new frame for this long → "信号中断"
    mic_timeout: float = 0.5  # no new samples for this long → silence + gap
    latency: float = 0.12  # how far behind the clock frames are picked (time for captures to land)
    max_backlog: float = 0.3  # an encoder further behind than this skips frames (counted as its drops)
    time_zone: str = DEFAULT_TIME_ZONE  # the office's: the overlay's clock and the manifest's times
    reserve_bytes: int = 1 * MiB  # held while recording, freed to seal on a suddenly full disk
    registry: Path | None = None  # folder where a recording in progress is registered for recovery
    preview_width: int = 320
    app_version: str = field(default_factory=app_version)


@dataclass
class Stats:
    frames_written: int = 0
    frames_repeated: int = 0
    frames_dropped: int = 0
    frames_no_signal: int = 0
    frames_encoder_dropped: int = 0  # ticks skipped because the encoder fell behind (not the cameras)
    audio_samples: int = 0
    audio_silence_samples: int = 0  # silence put in for a failed or late microphone
    audio_lost_samples: int = 0  # overwritten in the ring before the encoder read them
    audio_resyncs: int = 0
    syncs: int = 0  # fsyncs of the file (one per fragment, about one a second)


class RecordingSession:
    """One interview's recording into ``out_path`` (a new ``.mp4``).

    ``on_event(dict)`` is called from the encoder thread for gaps, warnings and an automatic
    stop; a UI must hand it over to its own thread.
    """

    def __init__(self, out_path: str | Path, cameras: list[Camera], microphone: Microphone,
                 config: SessionConfig, signing_key: Ed25519PrivateKey, *, clock: Clock = DEFAULT_CLOCK,
                 disk_free: Callable[[Path], int] | None = None,
                 on_event: Callable[[dict[str, Any]], None] | None = None) -> None:
        if not 1 <= len(cameras) <= 2:
            raise ValueError("one or two cameras")
        self.path = Path(out_path)
        self.cameras, self.microphone, self.config = list(cameras), microphone, config
        self.key, self.clock = signing_key, clock
        self.disk_free = disk_free or (lambda p: shutil.disk_usage(p).free)
        self.on_event = on_event
        self.state = SessionState.IDLE
        self.stats = Stats()
        self.manifest: dict[str, Any] | None = None
        self.manifest_path: Path | None = None
        self.stop_reason: str | None = None
        self.error: str | None = None
        self._prepared = False
        self._lock = threading.Lock()
        self._preview: np.ndarray | None = None
        self._level_db = -120.0
        self._engine = None
        self.started_at: float | None = None  # clock
        self.wall_start = None
        self.wall_stop = None

    # --- devices -------------------------------------------------------------------------
    def prepare(self) -> None:
        """Open the devices ahead of Start (the first input stream of a process starts late)."""
        if self._prepared:
            return
        for cam in self.cameras:
            cam.start(self.clock)
        self.microphone.start(self.clock)
        self._prepared = True

    def release(self) -> None:
        for cam in self.cameras:
            cam.stop()
        self.microphone.stop()
        self._prepared = False

    # --- control -------------------------------------------------------------------------
    def check_disk(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        free = self.disk_free(self.path.parent)
        needed = self.config.min_free_bytes + int(self.config.expected_seconds * self.config.bytes_per_second)
        if free < needed:
            raise InsufficientDisk(free=free, needed=needed, path=str(self.path.parent))

    def start(self) -> None:
        from recording.engine import Engine

        if self.state is not SessionState.IDLE:
            raise IllegalTransition("recording_already_started", state=str(self.state))
        if self.path.exists():
            raise IllegalTransition("recording_file_exists", path=str(self.path))
        self.check_disk()
        self.prepare()
        self._engine = Engine(self)
        self._engine.begin()
        self.state = SessionState.RECORDING

    def pause(self, reason: str) -> None:
        if self.state is not SessionState.RECORDING:
            raise IllegalTransition("not_recording", state=str(self.state))
        self._engine.command("pause", reason=reason)
        self.state = SessionState.PAUSED

    def resume(self) -> None:
        if self.state is not SessionState.PAUSED:
            raise IllegalTransition("not_paused", state=str(self.state))
        self._engine.command("resume")
        self.state = SessionState.RECORDING

    def marker(self, label: str) -> dict[str, Any]:
        """A labelled instant (诉求陈述, 告知条例, 出示证据 …) at the current media time."""
        if self.state not in (SessionState.RECORDING, SessionState.PAUSED):
            raise IllegalTransition("not_recording", state=str(self.state))
        return self._engine.marker(label)

    def stop(self, release_devices: bool = True) -> dict[str, Any]:
        """Stop, seal and return the signed manifest (also written beside the file)."""
        if self.state is SessionState.IDLE:
            raise IllegalTransition("not_recording", state=str(self.state))
        if self.state is not SessionState.STOPPED:
            self._engine.command("stop", reason="requested")
        self._engine.join()
        self.state = SessionState.STOPPED
        if release_devices:
            self.release()
        if self.manifest is None:
            raise DomainError("recording_failed", error=self.error or "unknown")
        return self.manifest

    # --- what a UI polls (thread-safe) ----------------------------------------------------
    def latest_preview(self) -> np.ndarray | None:
        """The newest composed frame, downscaled to ``preview_width`` (BGR), or None."""
        with self._lock:
            return self._preview

    def audio_level_db(self) -> float:
        """Peak level of the most recent audio, dBFS (-120 = silence)."""
        return self._level_db

    def elapsed(self) -> float:
        """Seconds recorded so far (pauses excluded)."""
        e = self._engine
        return e.media_seconds() if e is not None else 0.0

    def free_disk(self) -> int:
        return self.disk_free(self.path.parent if self.path.parent.exists() else Path("."))

    @property
    def events(self) -> list[dict[str, Any]]:
        e = self._engine
        return list(e.journal.events) if e is not None and e.journal is not None else []

    # --- called by the engine ------------------------------------------------------------
    def _set_preview(self, img: np.ndarray) -> None:
        with self._lock:
            self._preview = img

    def _emit(self, event: dict[str, Any]) -> None:
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:  # a broken listener must not stop the recording
                log.exception("recording event listener failed")

    def _finished(self, manifest: dict[str, Any] | None, manifest_path: Path | None) -> None:
        self.manifest, self.manifest_path = manifest, manifest_path
        self.state = SessionState.STOPPED
