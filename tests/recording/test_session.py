"""The session end to end with synthetic devices: timeline, pause, markers, gaps, disk, sync."""

from __future__ import annotations

import json
import time

import pytest

from desktop.domain.errors import IllegalTransition
from recording.analysis import av_offsets, decode
from recording.cameras import SyntheticCamera
from recording.events import SyncSchedule
from recording.manifest import RecordingStatus, manifest_path_for, verify_recording
from recording.microphones import RATE, SyntheticMicrophone
from recording.session import InsufficientDisk, RecordingSession, SessionState


def _session(tmp_path, config, key, cams=None, mic=None, **kw):
    cams = cams or [SyntheticCamera(320, 180)]
    return RecordingSession(tmp_path / "rec.mp4", cams, mic or SyntheticMicrophone(), config, key, **kw)


def _wait_media(s, seconds):
    deadline = time.monotonic() + seconds + 30
    while s.elapsed() < seconds and time.monotonic() < deadline:
        time.sleep(0.02)


def test_record_pause_marker_stop_seals_a_decodable_file(tmp_path, config, key):
    s = _session(tmp_path, config, key)
    s.start()
    _wait_media(s, 1.0)
    marker = s.marker("诉求陈述")
    s.pause("当事人情绪激动，暂停")
    assert s.state is SessionState.PAUSED
    time.sleep(0.3)
    s.resume()
    _wait_media(s, 2.0)
    m = s.stop()
    assert s.state is SessionState.STOPPED
    assert m["status"] == RecordingStatus.NORMAL
    assert m["case_number"] == "JX-2026-0042" and m["interviewers"] == ["张三", "李四"]
    assert m["markers"][0]["label"] == "诉求陈述" and m["markers"][0]["at"] == marker["at"]
    assert m["pauses"][0]["reason"] == "当事人情绪激动，暂停" and m["pauses"][0]["seconds"] >= 0.3
    # The paused time is not in the file: the duration is what was recorded.
    d = decode(tmp_path / "rec.mp4")
    assert d.frames == m["frames"]["written"] and not d.torn
    assert abs(d.frames / 25 - m["duration_seconds"]) < 1e-6
    assert abs(len(d.audio) / RATE - m["duration_seconds"]) < 0.05
    assert m["audio_samples"] == round(m["frames"]["written"] / 25 * RATE)
    assert m["frames"]["dropped"] == 0  # frames shot while paused are not counted as dropped
    assert verify_recording(tmp_path / "rec.mp4", key.public_key()).ok
    # The sealed master and its manifest are read-only; the journal is gone.
    assert not (tmp_path / "rec.mp4").stat().st_mode & 0o222
    assert not manifest_path_for(tmp_path / "rec.mp4").stat().st_mode & 0o222
    assert not (tmp_path / "rec.mp4.journal.jsonl").exists()
    with pytest.raises(IllegalTransition):
        s.pause("again")


def test_flash_and_beep_stay_in_step_with_two_cameras(tmp_path, config, key):
    now = time.monotonic()
    sched = SyncSchedule(period=0.5, phase=now % 0.5 + 0.23, duration=0.12)
    cams = [SyntheticCamera(320, 180, flashes=sched), SyntheticCamera(160, 120, flashes=sched)]
    s = _session(tmp_path, config, key, cams=cams, mic=SyntheticMicrophone(beeps=sched))
    s.start()
    _wait_media(s, 1.0)
    s.pause("x")  # the sync must survive a pause
    time.sleep(0.37)
    s.resume()
    _wait_media(s, 3.0)
    s.stop()
    offsets = av_offsets(tmp_path / "rec.mp4", region=(0.0, 0.0, 0.5, 1.0))
    assert len(offsets) >= 4
    # One 25 fps frame is the resolution of the picture; a timeline error would be far larger.
    assert max(abs(o) for o in offsets) <= 0.040, offsets


def test_dead_camera_and_microphone_leave_logged_gaps_not_holes(tmp_path, config, key):
    cams = [SyntheticCamera(320, 180, outage=(0.5, 2.0))]
    mic = SyntheticMicrophone(outage=(0.5, 1.6))
    config.camera_timeout = 0.3
    config.mic_timeout = 0.3
    s = _session(tmp_path, config, key, cams=cams, mic=mic)
    s.start()
    _wait_media(s, 3.0)
    m = s.stop()
    gaps = {g["device"]: g for g in m["gaps"]}
    assert set(gaps) == {"camera0", "microphone"}
    assert 0.6 < gaps["camera0"]["start"] < 1.2 and 1.8 < gaps["camera0"]["end"] < 2.4
    assert "end" in gaps["microphone"]
    assert m["frames"]["no_signal"] > 10
    assert m["audio_silence_samples"] > 0.3 * RATE
    d = decode(tmp_path / "rec.mp4")
    assert d.frames == m["frames"]["written"]  # the timeline never stopped
    assert abs(len(d.audio) / RATE - m["duration_seconds"]) < 0.05


def test_refuses_to_start_without_room_and_stops_cleanly_when_disk_fills(tmp_path, config, key):
    config.min_free_bytes = 100
    config.warn_free_bytes = 1000
    s = _session(tmp_path, config, key, disk_free=lambda p: 50)
    with pytest.raises(InsufficientDisk) as exc:
        s.start()
    assert exc.value.details["needed"] > 50
    s.release()
    free = {"bytes": 10**12}
    events = []
    s = _session(tmp_path, config, key, disk_free=lambda p: free["bytes"], on_event=events.append)
    config.expected_seconds = 0
    s.start()
    _wait_media(s, 0.5)
    free["bytes"] = 500
    while not any(e["type"] == "disk_warning" for e in events):
        time.sleep(0.02)
    free["bytes"] = 50
    while s.state is not SessionState.STOPPED:
        time.sleep(0.02)
    m = s.stop()
    assert m["stop_reason"] == "disk_full"
    assert [e["type"] for e in events if e["type"].startswith("disk")] == ["disk_warning", "disk_stop"]
    assert verify_recording(tmp_path / "rec.mp4", key.public_key()).ok


def test_preview_and_level_are_available_while_recording(tmp_path, config, key):
    s = _session(tmp_path, config, key)
    s.start()
    _wait_media(s, 0.5)
    preview = s.latest_preview()
    level = s.audio_level_db()
    s.stop()
    assert preview is not None and preview.shape[1] == config.preview_width
    assert -30 < level < 0  # the synthetic tone is at 0.05 of full scale (-26 dBFS)
    manifest = json.loads(manifest_path_for(tmp_path / "rec.mp4").read_text(encoding="utf-8"))
    assert manifest["devices"][0]["spec"] == "synthetic"


@pytest.mark.parametrize("layout", ["stacked", "pip", "side_by_side"])
def test_two_cameras_use_the_whole_frame(layout):
    import numpy as np

    from recording.compose import Compositor, Layout

    c = Compositor(1280, 720, 2, Layout(layout))
    visitor = np.full((720, 1280, 3), 200, np.uint8)
    staff = np.full((720, 1280, 3), 90, np.uint8)
    out = c.compose([visitor, staff])
    assert not (out.sum(axis=2) == 0).any()  # no black band left anywhere
    assert {int(v) for v in np.unique(out[..., 0])} == {90, 200}  # both pictures are in it
