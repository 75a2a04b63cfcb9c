"""Device specs as the clerk or a test writes them: ``synthetic``, ``0``, ``Logitech C920``,
``rtsp://…``, ``http://…``, ``file:PATH``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.errors import ValidationError


class SourceKind(StrEnum):
    SYNTHETIC = "synthetic"
    INDEX = "index"
    NAME = "name"
    URL = "url"
    FILE = "file"
    PULSE = "pulse"  # a PulseAudio source by name: "pulse:vmic"


@dataclass(frozen=True)
class DeviceSpec:
    kind: SourceKind
    target: str  # index digits, name, URL or path; "" for synthetic

    def __str__(self) -> str:
        if self.kind is SourceKind.SYNTHETIC:
            return "synthetic"
        if self.kind is SourceKind.FILE:
            return f"file:{self.target}"
        if self.kind is SourceKind.PULSE:
            return f"pulse:{self.target}"
        return self.target

    @property
    def test_signal(self) -> bool:
        """A generated or recorded source: 测试信号，非证据, never an interview's record."""
        return self.kind in (SourceKind.SYNTHETIC, SourceKind.FILE)


_URL_SCHEMES = ("rtsp://", "rtsps://", "http://", "https://", "rtmp://", "udp://", "tcp://")


def _parse(spec: str, field: str, allow_url: bool, allow_pulse: bool = False) -> DeviceSpec:
    s = (spec or "").strip()
    if not s:
        raise ValidationError("empty_device_spec", field=field)
    low = s.lower()
    if low == "synthetic":
        return DeviceSpec(SourceKind.SYNTHETIC, "")
    if low.startswith("file:"):
        path = s[5:]
        if path.startswith("//"):  # file:///abs/path
            path = path[2:]
        if not path:
            raise ValidationError("empty_device_spec", field=field)
        return DeviceSpec(SourceKind.FILE, path)
    if allow_pulse and low.startswith("pulse:"):
        if not s[6:]:
            raise ValidationError("empty_device_spec", field=field)
        return DeviceSpec(SourceKind.PULSE, s[6:])
    if low.startswith(_URL_SCHEMES):
        if not allow_url:
            raise ValidationError("url_not_allowed", field=field, spec=s)
        return DeviceSpec(SourceKind.URL, s)
    if s.isdigit():
        return DeviceSpec(SourceKind.INDEX, s)
    return DeviceSpec(SourceKind.NAME, s)


def parse_camera_spec(spec: str) -> DeviceSpec:
    """``synthetic`` | index | name | rtsp/http URL | ``file:PATH`` (played in real time, looping)."""
    return _parse(spec, "camera", allow_url=True)


def parse_microphone_spec(spec: str) -> DeviceSpec:
    """``synthetic`` | index | name | ``pulse:SOURCE`` | ``file:PATH.wav`` (played in real time, looping)."""
    return _parse(spec, "microphone", allow_url=False, allow_pulse=True)
