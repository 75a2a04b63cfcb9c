"""Opening devices from specs, and listing what the machine has (``reception devices``)."""

from __future__ import annotations

import glob
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.errors import NotFound
from recording.cameras import Camera, SyntheticCamera
from recording.cv_cameras import CvCamera, FileCamera
from recording.events import SyncSchedule
from recording.microphones import Microphone, SyntheticMicrophone, WavFileMicrophone
from recording.pulse_microphone import PulseMicrophone, pulse_sources
from recording.sd_microphone import SoundDeviceMicrophone
from recording.specs import SourceKind, parse_camera_spec, parse_microphone_spec


@dataclass(frozen=True)
class DeviceInfo:
    kind: str  # "camera" | "microphone"
    spec: str  # what to pass back as --camera / --microphone
    name: str
    detail: str = ""


def _v4l2_cameras() -> list[DeviceInfo]:
    found = []
    for dev in sorted(glob.glob("/sys/class/video4linux/video*")):
        index = dev.rsplit("video", 1)[1]
        try:
            name = Path(dev, "name").read_text(encoding="utf-8").strip()
        except OSError:
            name = f"video{index}"
        found.append(DeviceInfo("camera", index, name, f"/dev/video{index}"))
    return found


TEST_SOURCES = (DeviceInfo("camera", "synthetic", "synthetic", "测试信号，非证据 (test pattern)"),
                DeviceInfo("microphone", "synthetic", "synthetic", "测试信号，非证据 (tone with beeps)"))


def list_cameras() -> list[DeviceInfo]:
    if sys.platform.startswith("linux"):
        cams = _v4l2_cameras()
    else:  # no portable name listing in OpenCV: probe the first few indices
        import cv2

        cams = []
        for i in range(4):
            cap = cv2.VideoCapture(i)
            if cap.isOpened():
                cams.append(DeviceInfo("camera", str(i), f"camera {i}"))
            cap.release()
    return cams


def list_microphones() -> list[DeviceInfo]:
    mics: list[DeviceInfo] = []
    try:
        import sounddevice as sd

        for i, d in enumerate(sd.query_devices()):
            if d["max_input_channels"] > 0:
                mics.append(DeviceInfo("microphone", str(i), d["name"],
                                       f"{d['max_input_channels']} ch, {int(d['default_samplerate'])} Hz"))
    except Exception as exc:  # noqa: BLE001 - no PortAudio: say so, and still list PulseAudio's sources
        mics.append(DeviceInfo("microphone", "", "unavailable", f"{type(exc).__name__}: {exc}"))
    for name, detail in pulse_sources():
        mics.append(DeviceInfo("microphone", f"pulse:{name}", name, f"PulseAudio {detail}".strip()))
    return mics


def list_devices(*, test_sources: bool = False) -> list[DeviceInfo]:
    """The machine's cameras then microphones; the synthetic sources only when asked for (the device
    self-test), since they are a test signal, never evidence."""
    found = [*list_cameras(), *list_microphones()]
    if test_sources:
        found = [*[d for d in found if d.kind == "camera"], TEST_SOURCES[0],
                 *[d for d in found if d.kind == "microphone"], TEST_SOURCES[1]]
    return found


def _camera_index_by_name(name: str) -> int:
    for info in _v4l2_cameras():
        if info.name == name or name.lower() in info.name.lower():
            return int(info.spec)
    raise NotFound("camera_not_found", spec=name)


def _mic_by_name(name: str) -> Microphone:
    """A PortAudio (ALSA, WASAPI…) input by its name, else a PulseAudio source of exactly that name."""
    try:
        import sounddevice as sd

        devices = list(enumerate(sd.query_devices()))
    except Exception:  # noqa: BLE001 - no PortAudio: PulseAudio may still have it
        devices = []
    inputs = [(i, d) for i, d in devices if d["max_input_channels"] > 0]
    for i, d in inputs:
        if d["name"] == name:
            return SoundDeviceMicrophone(i)
    if any(src == name for src, _ in pulse_sources()):
        return PulseMicrophone(name)
    for i, d in inputs:
        if name.lower() in d["name"].lower():
            return SoundDeviceMicrophone(i)
    raise NotFound("microphone_not_found", spec=name)


def open_camera(spec: str, *, size: tuple[int, int] = (640, 360), fps: float = 25.0,
                flashes: SyncSchedule | None = None) -> Camera:
    """A camera (not started) for a spec; ``size``/``fps``/``flashes`` apply to synthetic ones."""
    s = parse_camera_spec(spec)
    if s.kind is SourceKind.SYNTHETIC:
        return SyntheticCamera(size[0], size[1], fps, flashes=flashes)
    if s.kind is SourceKind.FILE:
        if not Path(s.target).is_file():
            raise NotFound("camera_not_found", spec=spec)
        return FileCamera(s.target)
    if s.kind is SourceKind.URL:
        return CvCamera(s.target)
    if s.kind is SourceKind.INDEX:
        return CvCamera(int(s.target), name=s.target, size=size)
    return CvCamera(_camera_index_by_name(s.target), name=s.target, size=size)


def open_microphone(spec: str, *, beeps: SyncSchedule | None = None) -> Microphone:
    """A microphone (not started) for a spec; ``beeps`` applies to the synthetic one."""
    s = parse_microphone_spec(spec)
    if s.kind is SourceKind.SYNTHETIC:
        return SyntheticMicrophone(beeps=beeps)
    if s.kind is SourceKind.FILE:
        if not Path(s.target).is_file():
            raise NotFound("microphone_not_found", spec=spec)
        return WavFileMicrophone(s.target)
    if s.kind is SourceKind.PULSE:
        return PulseMicrophone(s.target)
    if s.kind is SourceKind.INDEX:
        return SoundDeviceMicrophone(int(s.target))
    if s.target.lower() == "default":
        return SoundDeviceMicrophone(None)
    return _mic_by_name(s.target)
