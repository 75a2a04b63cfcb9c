"""Sealing, tampering, a SIGKILLed recorder and its recovery, the export for a court."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from recording.analysis import decode
from recording.export import KEY_NAME, NOTE_NAME, export_recording
from recording.manifest import (
    Problem,
    RecordingStatus,
    fingerprint,
    load_public_key,
    manifest_path_for,
    signature_path_for,
    verify_recording,
)
from recording.recovery import find_unfinished, interrupted_path_for, recover
from recording.selftest import run_self_test

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys, time
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from recording.cameras import SyntheticCamera
from recording.microphones import SyntheticMicrophone
from recording.session import RecordingSession, SessionConfig
cfg = SessionConfig(case_number="JX-2026-0099", interviewers=("王五", "赵六"), office="青山镇信访接待室",
                    width=320, height=180, preset="ultrafast", expected_seconds=5, min_free_bytes=1,
                    warn_free_bytes=1)
s = RecordingSession(sys.argv[1], [SyntheticCamera(320, 180)], SyntheticMicrophone(), cfg,
                     Ed25519PrivateKey.generate())
s.start()
while s.elapsed() < 1.0:
    time.sleep(0.01)
s.marker("出示证据")
while s.elapsed() < 3.0:
    time.sleep(0.01)
print("recording", flush=True)
time.sleep(60)
"""


@pytest.fixture
def sealed(tmp_path, key):
    report = run_self_test(["synthetic"], "synthetic", 1.5, tmp_path / "selftest.mp4", key, warmup=0.2)
    return report


def test_self_test_reports_measured_figures(sealed):
    assert sealed.verified and sealed.ok
    m = json.loads(sealed.manifest_path.read_text(encoding="utf-8"))
    # Every tick of 1.5 s at 25 fps is either in the file or counted as the encoder's drop (a busy machine),
    # and the camera, which never stopped, has neither drops nor gaps.
    assert sealed.frames_written == sealed.decoded_frames
    assert sealed.frames_written + m["frames"]["encoder_dropped"] == round(m["duration_seconds"] * 25)
    assert 1.5 - 1 / 25 <= m["duration_seconds"] < 2.5  # at least what was asked (the stop may come late)
    assert sealed.frames_dropped == 0 and sealed.frames_no_signal == 0
    assert abs(sealed.decoded_audio_seconds - sealed.seconds) < 0.05
    assert sealed.av_offsets_ms and sealed.av_offset_max_ms <= 40


def test_one_flipped_byte_is_found_and_located(sealed, key):
    path = sealed.path
    os.chmod(path, 0o644)
    with open(path, "r+b") as f:
        f.seek(5000)
        b = f.read(1)
        f.seek(5000)
        f.write(bytes([b[0] ^ 0x01]))
    res = verify_recording(path, key.public_key())
    assert not res.ok and res.problems == [Problem.ALTERED]
    assert res.path == path and res.details == [f"bytes 0-{path.stat().st_size - 1} differ"]


def test_manifest_edits_signatures_and_missing_files_are_named(sealed, key, tmp_path):
    mpath = manifest_path_for(sealed.path)
    original = mpath.read_bytes()
    m = json.loads(original)
    os.chmod(mpath, 0o644)
    mpath.write_text(json.dumps({**m, "case_number": "JX-0000"}, ensure_ascii=False), encoding="utf-8")
    assert verify_recording(sealed.path, key.public_key()).problems == [Problem.BAD_SIGNATURE]
    other = Ed25519PrivateKey.generate().public_key()
    mpath.write_bytes(original)
    assert verify_recording(sealed.path, other).problems == [Problem.BAD_SIGNATURE]
    assert verify_recording(sealed.path, key.public_key()).ok
    # The same content written out differently still carries a valid inner signature, but the sealed bytes
    # (what the detached signature and openssl check) are no longer the ones signed.
    mpath.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    assert verify_recording(sealed.path, key.public_key()).problems == [Problem.BAD_SIGNATURE]
    signature_path_for(sealed.path).unlink()
    mpath.write_text(json.dumps({k: v for k, v in m.items() if k != "signature"}), encoding="utf-8")
    assert verify_recording(sealed.path, key.public_key()).problems == [Problem.UNSIGNED]
    mpath.unlink()
    assert verify_recording(sealed.path, key.public_key()).problems == [Problem.MANIFEST_MISSING]
    assert Problem.MISSING in verify_recording(tmp_path / "nothing.mp4", key.public_key()).problems


def test_sigkilled_recording_is_found_recovered_sealed_and_decodes(tmp_path, key):
    mp4 = tmp_path / "rec" / "interview.mp4"
    mp4.parent.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(mp4)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "recording"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert find_unfinished(tmp_path) == [mp4]
    report = recover(mp4, key)
    assert report.ok and report.frames > 40  # about 3 s at 25 fps, less the torn last second
    assert find_unfinished(tmp_path) == []
    res = verify_recording(mp4, key.public_key())
    assert res.ok, res.problems
    m = res.manifest
    assert m["status"] == RecordingStatus.RECOVERED
    assert m["case_number"] == "JX-2026-0099" and m["interviewers"] == ["王五", "赵六"]
    assert [x["label"] for x in m["markers"]] == ["出示证据"]
    assert m["interrupted_original"]["name"] == interrupted_path_for(mp4).name
    d = decode(mp4)
    assert not d.torn and d.frames == report.frames
    assert len(d.audio) > 48_000
    assert interrupted_path_for(mp4).exists()  # the torn original is kept, never dropped


def test_another_recording_copied_under_this_name_is_not_intact(tmp_path, key):
    a = run_self_test(["synthetic"], "synthetic", 0.6, tmp_path / "a.mp4", key, warmup=0.1).path
    b = run_self_test(["synthetic"], "synthetic", 0.6, tmp_path / "b.mp4", key, warmup=0.1).path
    for src, dst in ((a, b), (manifest_path_for(a), manifest_path_for(b)),
                     (signature_path_for(a), signature_path_for(b))):
        dst.chmod(0o644)
        dst.write_bytes(src.read_bytes())
    res = verify_recording(b, key.public_key())
    assert not res.ok and res.problems == [Problem.WRONG_FILE] and "a.mp4" in res.details[0]


def test_test_signal_recordings_say_so(sealed, key):
    m = verify_recording(sealed.path, key.public_key()).manifest
    assert m["test_signal"] is True and m["test_signal_note"] == "测试信号，非证据"
    assert all(d["test_signal"] for d in m["devices"])


@pytest.mark.skipif(not shutil.which("openssl") or not shutil.which("sha256sum"), reason="needs openssl and sha256sum")
def test_export_is_checked_by_standard_tools_as_the_note_says(sealed, key, tmp_path):
    out = tmp_path / "export"
    result = export_recording(sealed.path, None, out, key.public_key())
    assert {p.name for p in result.files} == {sealed.path.name, "manifest.json", "manifest.sig", KEY_NAME, NOTE_NAME}
    note = (out / NOTE_NAME).read_text(encoding="utf-8-sig")
    commands = [line.strip() for line in note.splitlines()
                if line.strip().startswith(("openssl ", "sha256sum "))]
    assert len(commands) == 3, commands

    def run(command: str) -> str:
        done = subprocess.run(command, shell=True, cwd=out, capture_output=True, text=True, timeout=30)
        return done.stdout + done.stderr

    fp, verified, digest = (run(c) for c in commands)
    assert fp.split()[0] == fingerprint(key.public_key()) and fingerprint(key.public_key()) in note
    assert "Signature Verified Successfully" in verified
    assert digest.split()[0] == json.loads((out / "manifest.json").read_bytes())["file"]["sha256"]
    # The application agrees, given only the exported key.
    assert verify_recording(out / sealed.path.name, load_public_key(out / KEY_NAME)).ok
    # A forged manifest (the hash of a cut recording put in) fails openssl's check.
    forged = json.loads((out / "manifest.json").read_bytes())
    forged["file"]["sha256"] = "0" * 64
    (out / "manifest.json").write_text(json.dumps(forged), encoding="utf-8")
    assert "Signature Verification Failure" in run(commands[1])


def test_sealing_is_fast_because_hashing_happened_while_writing(sealed):
    # Structural, not a timing claim: the seal's hash equals a full re-read of the file.
    from recording.hashing import hash_file

    m = json.loads(manifest_path_for(sealed.path).read_text(encoding="utf-8"))
    assert hash_file(sealed.path)[0] == m["file"]["sha256"]
