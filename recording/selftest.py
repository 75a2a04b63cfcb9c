"""设备自检: what ``reception record`` and ``reception devices`` run.

A short recording from the given specs, sealed like any other, then measured by decoding it.
With synthetic sources on both sides the camera flashes and the microphone beeps every second,
so the audio/video offset is measured; with real devices it is reported as not measurable.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import av
import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from recording.analysis import Decoded, av_offsets, decode
from recording.clock import DEFAULT_CLOCK, Clock
from recording.compose import Compositor
from recording.devices import DeviceInfo, list_devices, open_camera, open_microphone
from recording.events import SyncSchedule
from recording.manifest import verify_recording
from recording.microphones import RATE
from recording.session import RecordingSession, SessionConfig
from recording.specs import SourceKind, parse_camera_spec, parse_microphone_spec


@dataclass
class SelfTestReport:
    path: Path
    manifest_path: Path | None
    seconds: float
    frames_written: int
    frames_repeated: int
    frames_dropped: int
    frames_no_signal: int
    audio_samples: int
    audio_silence_samples: int
    decoded_frames: int
    decoded_audio_seconds: float
    av_offsets_ms: list[float] = field(default_factory=list)
    seal_seconds: float = 0.0
    verified: bool = False
    gaps: list[dict[str, Any]] = field(default_factory=list)
    stop_reason: str | None = "requested"  # "disk_full": stopped early (the CLI exits 3)
    frames_encoder_dropped: int = 0
    syncs: int = 0
    test_signal: bool = False

    @property
    def av_offset_max_ms(self) -> float | None:
        return max((abs(o) for o in self.av_offsets_ms), default=None)

    @property
    def ok(self) -> bool:
        return self.verified and self.frames_written > 0 and not self.gaps and not self.stopped_early

    @property
    def stopped_early(self) -> bool:
        return self.stop_reason != "requested"

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(path=str(self.path), manifest_path=str(self.manifest_path) if self.manifest_path else None,
                 av_offset_max_ms=self.av_offset_max_ms, ok=self.ok, stopped_early=self.stopped_early)
        return d


def run_self_test(cameras: list[str], microphone: str, seconds: float, out: str | Path,
                  key: Ed25519PrivateKey, *, config: SessionConfig | None = None,
                  clock: Clock = DEFAULT_CLOCK, warmup: float = 0.5, registry: Path | None = None) -> SelfTestReport:
    """Record ``seconds`` from the specs into ``out`` (a new .mp4), seal, verify and measure. ``registry``:
    where the recording in progress is registered for recovery. A recording the recorder stopped early
    (the disk filled) ends the wait at once and is reported with its ``stop_reason``."""
    cfg = config or SessionConfig(case_number="自检", office="设备自检", expected_seconds=seconds)
    if registry is not None:
        cfg.registry = registry
    synthetic = (all(parse_camera_spec(c).kind is SourceKind.SYNTHETIC for c in cameras)
                 and parse_microphone_spec(microphone).kind is SourceKind.SYNTHETIC)
    sched = SyncSchedule(period=1.0, phase=clock.now() % 1.0 + 0.5, duration=0.12) if synthetic else None
    slots = Compositor(cfg.width, cfg.height, len(cameras), cfg.layout).slots
    cams = [open_camera(c, size=(slot[2] & ~1, slot[3] & ~1), fps=cfg.fps, flashes=sched)
            for c, slot in zip(cameras, slots, strict=False)]
    mic = open_microphone(microphone, beeps=sched)
    session = RecordingSession(out, cams, mic, cfg, key, clock=clock)
    session.prepare()
    try:
        # Let the devices deliver before Record, as the clerk's screen does: at least ``warmup``, and until
        # every source has delivered (a sound server's first stream can start seconds late), at most 10 s.
        clock.sleep(warmup)
        deadline = clock.now() + 10.0
        while clock.now() < deadline and not (all(c.latest_time() is not None for c in cams)
                                              and mic.ring.stamp is not None):
            clock.sleep(0.02)
        session.start()
        end = clock.now() + seconds
        while clock.now() < end and session.stop_reason is None:
            clock.sleep(min(0.1, end - clock.now()))
        t_stop = time.perf_counter()
        manifest = session.stop()
        seal_seconds = time.perf_counter() - t_stop
    finally:
        session.release()
    path = Path(out)
    try:
        decoded = decode(path)
    except (av.error.FFmpegError, OSError):  # nothing decodable (a disk full before the first fragment)
        decoded = Decoded(np.zeros(0), np.zeros(0), np.zeros(0, np.float32), 0, True)
    x, y, w, h = slots[0]
    region = (x / cfg.width, y / cfg.height, w / cfg.width, h / cfg.height)
    offsets = [round(float(o) * 1000, 1) for o in av_offsets(path, region=region)] \
        if synthetic and decoded.frames else []
    return SelfTestReport(
        path=path, manifest_path=session.manifest_path, seconds=manifest["duration_seconds"],
        frames_written=manifest["frames"]["written"], frames_repeated=manifest["frames"]["repeated"],
        frames_dropped=manifest["frames"]["dropped"], frames_no_signal=manifest["frames"]["no_signal"],
        audio_samples=manifest["audio_samples"], audio_silence_samples=manifest["audio_silence_samples"],
        decoded_frames=decoded.frames, decoded_audio_seconds=round(len(decoded.audio) / RATE, 3),
        av_offsets_ms=offsets, seal_seconds=round(seal_seconds, 3),
        verified=verify_recording(path, key.public_key()).ok, gaps=manifest["gaps"],
        stop_reason=manifest.get("stop_reason"), frames_encoder_dropped=manifest["frames"].get("encoder_dropped", 0),
        syncs=manifest.get("syncs", 0), test_signal=bool(manifest.get("test_signal")))


def describe_devices() -> list[DeviceInfo]:
    """What ``reception devices`` prints: each camera and microphone with the spec to use, then the
    test sources (测试信号，非证据) the self-test accepts by name."""
    return list_devices(test_sources=True)
