"""What survives a power cut, a full disk, a killed recorder and a busy machine: syncs at every fragment,
a sudden ENOSPC sealed as "disk full", recovery of recordings wherever they were written, empty and torn
files named as such, and an encoder that falls behind counted as its own drops, never as camera gaps."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from recording.analysis import decode
from recording.cameras import SyntheticCamera
from recording.clock import OffsetWallClock
from recording.manifest import Problem, journal_path_for, manifest_path_for, verify_recording
from recording.microphones import SyntheticMicrophone
from recording.recovery import find_unfinished, recover, torn_end
from recording.session import RecordingSession, SessionState
from recording.writer import MediaWriter

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys, time
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from recording.cameras import SyntheticCamera
from recording.microphones import SyntheticMicrophone
from recording.session import RecordingSession, SessionConfig
cfg = SessionConfig(case_number="JX-2026-0100", width=320, height=180, preset="ultrafast", expected_seconds=5,
                    min_free_bytes=1, warn_free_bytes=1, registry=Path(sys.argv[2]))
s = RecordingSession(sys.argv[1], [SyntheticCamera(320, 180)], SyntheticMicrophone(), cfg,
                     Ed25519PrivateKey.generate())
s.start()
print("started", flush=True)
while True:
    time.sleep(0.05)
    print(f"t {s.elapsed():.3f}", flush=True)
"""


def _session(path, config, key, cams=None, mic=None, **kw):
    return RecordingSession(path, cams or [SyntheticCamera(320, 180)], mic or SyntheticMicrophone(), config, key,
                            **kw)


def _wait_media(s, seconds):
    deadline = time.monotonic() + seconds + 30
    while s.elapsed() < seconds and time.monotonic() < deadline and s.state is not SessionState.STOPPED:
        time.sleep(0.02)


def test_every_fragment_is_synced_to_disk_with_the_journal(tmp_path, config, key, monkeypatch):
    syncs: list[tuple[float, str]] = []
    real_fsync = os.fsync

    def counting_fsync(fd: int) -> None:
        syncs.append((time.monotonic(), os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counting_fsync)
    mp4 = tmp_path / "rec.mp4"
    s = _session(mp4, config, key)
    s.start()
    _wait_media(s, 4.2)
    m = s.stop()
    media = [t for t, p in syncs if p == str(mp4)]
    journal = [t for t, p in syncs if p == str(journal_path_for(mp4))]
    # One sync per fragment (a keyframe every second), and the journal synced with each.
    assert len(media) >= 4 and len(journal) >= len(media) - 1, (len(media), len(journal))
    assert max(b - a for a, b in zip(media, media[1:], strict=False)) < 2.0  # never more than ~1 s unsynced
    assert m["syncs"] == len(media)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_at_a_random_instant_outside_the_recordings_folder_is_found_and_recovered(tmp_path, key, seed):
    elsewhere = tmp_path / "usb-stick" / "self-test.mp4"
    elsewhere.parent.mkdir()
    registry = tmp_path / "home" / "recordings-in-progress"
    kill_at = random.Random(seed).uniform(1.2, 3.5)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(elsewhere), str(registry)], env=env,
                             stdout=subprocess.PIPE, text=True)
    reached = 0.0
    try:
        assert child.stdout.readline().strip() == "started"
        for line in child.stdout:
            reached = float(line.split()[1])
            if reached >= kill_at:
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    home_recordings = tmp_path / "home" / "recordings"
    assert find_unfinished(home_recordings) == []  # not in the home's folder…
    assert find_unfinished(home_recordings, registry) == [elsewhere]  # …but registered there
    report = recover(elsewhere, key)
    assert report.ok and report.duration_seconds >= reached - 2.0, (report.duration_seconds, reached)
    assert verify_recording(elsewhere, key.public_key()).ok


def test_killed_before_the_first_fragment_is_reported_empty_never_intact(tmp_path, key):
    mp4 = tmp_path / "rec.mp4"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(mp4), str(tmp_path / "reg")], env=env,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "started"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    report = recover(mp4, key)
    assert report.empty and not report.ok
    res = verify_recording(report.manifest_path.with_name(report.manifest_path.name[:-len(".manifest.json")]),
                           key.public_key())
    assert not res.ok and Problem.EMPTY in res.problems


def test_a_torn_last_frame_is_reported_as_a_torn_end(tmp_path, config, key):
    mp4 = tmp_path / "rec.mp4"
    s = _session(mp4, config, key)
    s.start()
    _wait_media(s, 2.5)
    s.stop()
    torn = tmp_path / "torn.mp4"
    data = mp4.read_bytes()
    torn.write_bytes(data[:-700])  # the last fragment's media cut short, as a kill mid-write leaves it
    assert torn_end(torn) and not torn_end(mp4)
    report = recover(torn, key)
    assert report.torn and report.ok
    m = verify_recording(torn, key.public_key()).manifest
    assert m["torn_end"] is True and m["interrupted_original"]["size"] == len(data) - 700


def test_an_encoder_falling_behind_drops_frames_as_its_own_not_as_camera_gaps(tmp_path, config, key, monkeypatch):
    real = MediaWriter.write_video

    def slow(self, bgr, pts=None):  # a machine too busy to encode 25 frames a second
        time.sleep(0.07)
        real(self, bgr, pts)

    monkeypatch.setattr(MediaWriter, "write_video", slow)
    mp4 = tmp_path / "rec.mp4"
    s = _session(mp4, config, key)
    s.start()
    _wait_media(s, 3.0)
    m = s.stop()
    assert m["frames"]["encoder_dropped"] > 10
    assert m["gaps"] == [] and m["frames"]["no_signal"] == 0 and m["frames"]["dropped"] == 0
    assert m["frames"]["written"] + m["frames"]["encoder_dropped"] == round(m["duration_seconds"] * 25)
    assert decode(mp4).frames == m["frames"]["written"]
    assert m["syncs"] >= int(m["duration_seconds"]), m  # still a fragment, and a sync, every second of media


def test_overlay_clock_and_manifest_are_in_the_offices_time_zone(tmp_path, config, key):
    utc_noon = datetime(2026, 11, 30, 5, 41, 0, tzinfo=UTC)  # 13:41 in Beijing
    mp4 = tmp_path / "rec.mp4"
    stamps: list[str] = []
    s = _session(mp4, config, key, clock=OffsetWallClock(utc_noon))
    s.start()
    real_draw = s._engine.overlay.draw
    s._engine.overlay.draw = lambda frame, stamp, dead=(): (stamps.append(stamp), real_draw(frame, stamp, dead))
    _wait_media(s, 0.5)
    m = s.stop()
    assert m["time_zone"] == "Asia/Shanghai" and m["start_wall"].startswith("2026-11-30T13:41:00")
    assert m["start_wall"].endswith("+08:00")
    assert stamps and stamps[0].startswith("2026-11-30 13:41:0")


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if not shutil.which("mount") or os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def test_a_disk_that_fills_suddenly_ends_the_recording_sealed_as_disk_full(tmp_path, config, key):
    disk = tmp_path / "small-disk"
    if not _mount_tmpfs(disk, "4M"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        mp4 = disk / "rec.mp4"
        events: list[dict] = []
        config.reserve_bytes = 256 * 1024
        s = _session(mp4, config, key, on_event=events.append)
        s.start()
        _wait_media(s, 1.5)

        def fill() -> None:  # another program takes every byte left
            with open(disk / "filler.bin", "wb") as f, __import__("contextlib").suppress(OSError):
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()

        filler = threading.Thread(target=fill)
        filler.start()
        filler.join()
        deadline = time.monotonic() + 30
        while s.state is not SessionState.STOPPED and s.stop_reason is None and time.monotonic() < deadline:
            time.sleep(0.05)
        m = s.stop()
        assert m["stop_reason"] == "disk_full" and s.error is None  # no traceback anywhere
        assert any(e["type"] == "disk_stop" for e in events)
        res = verify_recording(mp4, key.public_key())
        assert res.ok, res.problems
        d = decode(mp4)
        assert not d.torn and d.frames == m["frames"]["written"] > 25
        assert manifest_path_for(mp4).exists() and not journal_path_for(mp4).exists()
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_a_fragment_and_a_sync_every_second_of_media_even_when_ticks_are_skipped(tmp_path):
    import numpy as np

    w = MediaWriter(tmp_path / "skips.mp4", 320, 180, 25, preset="ultrafast")
    rng = np.random.default_rng(5)
    for n in range(0, 250, 2):  # a busy machine encodes every other tick: 10 s of media, 125 frames
        w.write_video(rng.integers(0, 255, (180, 320, 3), dtype=np.uint8), pts=n)
        w.write_audio(np.zeros(3840, np.float32))
    assert w.file.syncs >= 9, w.file.syncs  # one per second of media, not per 25 frames written
    w.close()
    d = decode(tmp_path / "skips.mp4")
    assert d.frames == 125 and abs(d.video_times[-1] - 248 / 25) < 1e-6
