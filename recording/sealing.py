"""Building and writing the signed manifest of a finished (or recovered) recording."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from recording.hashing import BLOCK
from recording.manifest import RecordingStatus, sign_manifest, write_manifest
from recording.microphones import RATE

TEST_SIGNAL_NOTE = "测试信号，非证据"  # test signal, not evidence

if TYPE_CHECKING:
    from recording.engine import Engine


def build_manifest(*, mp4: Path, status: RecordingStatus, header: dict[str, Any], sha256: str, size: int,
                   blocks: list[str], start_wall: str, stop_wall: str | None, duration: float,
                   frames: dict[str, int], audio_samples: int, pauses: list[dict[str, Any]],
                   markers: list[dict[str, Any]], gaps: list[dict[str, Any]], stop_reason: str | None,
                   extra: dict[str, Any] | None = None) -> dict[str, Any]:
    m: dict[str, Any] = {
        "recording": mp4.name,
        "status": str(status),
        "case_number": header.get("case_number", ""),
        "interviewers": list(header.get("interviewers", [])),
        "office": header.get("office", ""),
        "devices": header.get("devices", []),
        "video": {"codec": "h264", "width": header.get("width"), "height": header.get("height"),
                  "fps": header.get("fps"), "layout": header.get("layout")},
        "audio": {"codec": "aac", "sample_rate": RATE, "channels": 1},
        "start_wall": start_wall,
        "stop_wall": stop_wall,
        "duration_seconds": round(duration, 3),
        "frames": frames,
        "audio_samples": audio_samples,
        "pauses": pauses,
        "markers": markers,
        "gaps": gaps,
        "stop_reason": stop_reason,
        "file": {"sha256": sha256, "size": size, "block_size": BLOCK, "block_sha256": blocks},
        "app_version": header.get("app_version", ""),
        "time_zone": header.get("time_zone", ""),
        "test_signal": bool(header.get("test_signal", False)),
    }
    if m["test_signal"]:
        m["test_signal_note"] = TEST_SIGNAL_NOTE
    if extra:
        m.update(extra)
    return m


def seal(mp4: Path, manifest: dict[str, Any], key: Ed25519PrivateKey) -> tuple[dict[str, Any], Path]:
    signed = sign_manifest(manifest, key)
    return signed, write_manifest(mp4, signed, key)


def seal_recording(engine: Engine, sha: str, size: int, blocks: list[str]) -> tuple[dict[str, Any], Path]:
    s, st = engine.s, engine.s.stats
    header = {"case_number": s.config.case_number, "interviewers": list(s.config.interviewers),
              "office": s.config.office, "devices": engine.devices, "width": s.config.width,
              "height": s.config.height, "fps": s.config.fps, "layout": str(s.config.layout),
              "app_version": s.config.app_version, "time_zone": s.config.time_zone,
              "test_signal": engine.test_signal}
    frames = {"written": st.frames_written, "repeated": st.frames_repeated, "dropped": st.frames_dropped,
              "no_signal": st.frames_no_signal, "encoder_dropped": st.frames_encoder_dropped,
              "per_camera": engine.per_camera}
    m = build_manifest(
        mp4=s.path, status=RecordingStatus.NORMAL, header=header, sha256=sha, size=size, blocks=blocks,
        start_wall=s.wall_start.isoformat(timespec="milliseconds"),
        stop_wall=s.wall_stop.isoformat(timespec="milliseconds"),
        duration=engine.n / s.config.fps, frames=frames, audio_samples=engine.writer.samples_written,
        pauses=engine.pauses, markers=engine.markers, gaps=engine.gaps, stop_reason=s.stop_reason,
        extra={"audio_silence_samples": st.audio_silence_samples, "audio_lost_samples": st.audio_lost_samples,
               "audio_resyncs": st.audio_resyncs, "syncs": st.syncs,
               "journal_syncs": engine.journal.syncs if engine.journal else 0})
    return seal(s.path, m, s.key)
