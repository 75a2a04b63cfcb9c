"""Recordings left unfinished by a crash or a power cut: found at start-up, repaired, sealed.

Nothing is dropped. The torn original is kept (renamed ``NAME.interrupted.mp4``, read-only,
its hash in the manifest); a clean remux of everything decodable takes the original name and
is sealed as ``recovered_after_interruption`` with the markers, pauses and gaps of the journal.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from recording import registry
from recording.hashing import HashingFile, hash_file
from recording.journal import read_journal
from recording.manifest import (
    RecordingStatus,
    journal_path_for,
    make_read_only,
    manifest_path_for,
    signature_path_for,
)
from recording.microphones import RATE
from recording.sealing import build_manifest, seal
from recording.writer import MOVFLAGS

log = logging.getLogger(__name__)
JOURNAL_SUFFIX = ".mp4.journal.jsonl"


def find_unfinished(directory: str | Path, registry_dir: str | Path | None = None) -> list[Path]:
    """Recordings under ``directory``, or registered in ``registry_dir`` wherever they are, that were
    never sealed (their journal is still there). Pointers to sealed recordings are cleared."""
    root = Path(directory)
    found = set()
    if root.is_dir():
        found = {j.with_name(j.name[: -len(".journal.jsonl")]) for j in root.rglob("*" + JOURNAL_SUFFIX)}
    if registry_dir is not None:
        for mp4 in registry.registered(Path(registry_dir)):
            if journal_path_for(mp4).exists():
                found.add(mp4)
            else:
                registry.unregister(Path(registry_dir), mp4)
    return sorted(found)


def torn_end(path: Path) -> bool:
    """True when the file's last top-level MP4 box is cut short (killed while writing it)."""
    size = path.stat().st_size
    pos = 0
    with open(path, "rb") as f:
        while pos < size:
            f.seek(pos)
            head = f.read(16)
            if len(head) < 8:
                return True
            n = struct.unpack(">I", head[:4])[0]
            if n == 1:
                if len(head) < 16:
                    return True
                n = struct.unpack(">Q", head[8:16])[0]
            elif n == 0:  # "to the end of the file"
                return False
            if n < 8:
                return True
            pos += n
    return pos > size


def interrupted_path_for(mp4: Path) -> Path:
    return mp4.with_name(mp4.stem + ".interrupted.mp4")


@dataclass
class RecoveryReport:
    path: Path  # the sealed, clean recording
    original: Path  # the torn file as found, kept
    manifest_path: Path | None = None
    frames: int = 0
    audio_samples: int = 0
    duration_seconds: float = 0.0
    torn: bool = False  # decoding of the original ended at a torn fragment
    problems: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing decodable was recorded (a crash before the first fragment): never called intact."""
        return self.frames == 0

    @property
    def ok(self) -> bool:
        return self.manifest_path is not None and self.frames > 0


def _remux(src: Path, dst: Path) -> tuple[dict[str, Any], tuple[str, int, list[str]]]:
    """Copy every complete packet of ``src`` into a new fragmented MP4 ``dst``."""
    size = src.stat().st_size
    stats = {"frames": 0, "audio_samples": 0, "video_end": 0.0, "torn": False}
    out_file = HashingFile(dst)
    try:
        with av.open(str(src)) as inp:
            out = av.open(out_file, mode="w", format="mp4", options={"movflags": MOVFLAGS})
            mapping = {s.index: out.add_stream_from_template(s) for s in inp.streams if s.type in ("video", "audio")}
            try:
                for packet in inp.demux(*[s for s in inp.streams if s.index in mapping]):
                    if packet.dts is None:
                        continue
                    if packet.pos is not None and packet.pos >= 0 and packet.pos + packet.size > size:
                        stats["torn"] = True  # its bytes were never written
                        continue
                    ostream = mapping[packet.stream.index]
                    if packet.stream.type == "video":
                        stats["frames"] += 1
                        end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
                        stats["video_end"] = max(stats["video_end"], end)
                    else:
                        stats["audio_samples"] += int(packet.duration or 0)
                    packet.stream = ostream
                    out.mux(packet)
            except (av.error.InvalidDataError, EOFError):
                stats["torn"] = True
            out.close()
    finally:
        out_file.close()
    return stats, out_file.digest()


def recover(mp4_path: str | Path, key: Ed25519PrivateKey) -> RecoveryReport:
    """Repair and seal one unfinished recording; safe to run again if interrupted itself."""
    mp4 = Path(mp4_path)
    original = interrupted_path_for(mp4)
    report = RecoveryReport(mp4, original)
    journal = journal_path_for(mp4)
    header, events = read_journal(journal) if journal.exists() else ({}, [])
    if not header:
        report.problems.append("journal_missing")
    if not original.exists():
        if not mp4.exists():
            report.problems.append("file_missing")
            return report
        mp4.rename(original)
    elif mp4.exists():  # an earlier recovery attempt died half-way: redo it
        mp4.unlink()
    manifest_path_for(mp4).unlink(missing_ok=True)
    signature_path_for(mp4).unlink(missing_ok=True)
    orig_sha, orig_size, _ = hash_file(original)
    try:
        stats, (sha, size, blocks) = _remux(original, mp4)
    except (av.error.FFmpegError, OSError) as exc:
        report.problems.append(f"undecodable: {type(exc).__name__}: {exc}")
        mp4.unlink(missing_ok=True)
        stats, (sha, size, blocks) = {"frames": 0, "audio_samples": 0, "video_end": 0.0, "torn": True}, ("", 0, [])
    report.frames, report.audio_samples = stats["frames"], stats["audio_samples"]
    report.torn = bool(stats["torn"]) or (orig_size > 0 and torn_end(original))
    report.duration_seconds = round(stats["video_end"], 3)
    pauses = [e for e in events if e.get("type") == "pause"]
    resumes = [e for e in events if e.get("type") == "resume"]
    for p, r in zip(pauses, resumes, strict=False):
        p["resumed_wall"] = r.get("wall")
    gaps = [e for e in events if e.get("type") == "gap"]
    for end in (e for e in events if e.get("type") == "gap_end"):
        for g in gaps:
            if g["device"] == end["device"] and "end" not in g:
                g["end"] = end["end"]
                break
    manifest = build_manifest(
        mp4=mp4, status=RecordingStatus.RECOVERED, header=header, sha256=sha, size=size, blocks=blocks,
        start_wall=header.get("start_wall", ""), stop_wall=None, duration=report.duration_seconds,
        frames={"written": report.frames}, audio_samples=min(report.audio_samples,
                                                             round(report.duration_seconds * RATE) + 1024),
        pauses=pauses, markers=[e for e in events if e.get("type") == "marker"], gaps=gaps,
        stop_reason="interrupted",
        extra={"interrupted_original": {"name": original.name, "sha256": orig_sha, "size": orig_size},
               "torn_end": report.torn, "empty": report.frames == 0, "recovery_problems": report.problems})
    make_read_only(original)
    if mp4.exists():
        _, report.manifest_path = seal(mp4, manifest, key)
    else:  # nothing decodable: seal the torn bytes themselves so they are accounted for
        manifest["file"] = {**manifest["file"], "sha256": orig_sha, "size": orig_size,
                            "block_sha256": hash_file(original)[2]}
        manifest["recording"] = original.name
        _, report.manifest_path = seal(original, manifest, key)
    journal.unlink(missing_ok=True)
    mp4.with_name(mp4.name + ".reserve").unlink(missing_ok=True)
    log.warning("recovered interrupted recording %s: %d frames", mp4, report.frames)
    return report


def recover_all(directory: str | Path, key: Ed25519PrivateKey,
                registry_dir: str | Path | None = None) -> list[RecoveryReport]:
    """What the app runs at start-up; the caller reports each one and enters it in the audit chain."""
    reports = []
    for p in find_unfinished(directory, registry_dir):
        reports.append(recover(p, key))
        if registry_dir is not None:
            registry.unregister(Path(registry_dir), p)
    return reports
