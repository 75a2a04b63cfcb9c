"""Recording figures of issue 4, on this machine.

1. 1280×720 at 25 fps + 48 kHz mono from file sources for 10 minutes (1 with
   ``RECEPTION_BENCH_QUICK=1``): dropped frames, CPU of the machine, RSS growth after the first
   minute (after the first quarter in quick mode), A/V offset at every flash/beep.
2. Sealing a 1-hour recording: the file is written through the hashing writer (as a recording
   is), then the seal (digest, manifest, signature, read-only) is timed.
3. Encoding throughput on the same raw frames and preset: this recorder vs the ffmpeg CLI.
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench.common import Figure
from recording.analysis import av_offsets
from recording.clock import MonotonicClock
from recording.cv_cameras import FileCamera
from recording.hashing import HashingFile
from recording.microphones import RATE, WavFileMicrophone
from recording.sealing import build_manifest, seal
from recording.session import RecordingSession, SessionConfig
from recording.writer import MediaWriter

W, H, FPS = 1280, 720, 25
LOOP_SECONDS = 10  # the source clip and WAV; a flash+beep every 2 s
PRESET = "veryfast"


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _make_sources(d: Path) -> tuple[Path, Path]:
    """A 720p MJPEG clip and a WAV of exactly the same length, flash and beep on the same frames."""
    clip, wav = d / "cam.avi", d / "mic.wav"
    out = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (W, H))
    rng = np.random.default_rng(1)
    base = rng.integers(40, 120, (H // 8, W // 8, 3), dtype=np.uint8)
    base = cv2.resize(base, (W, H), interpolation=cv2.INTER_LINEAR)
    flashes = {k * 2 * FPS + 12 + f for k in range(LOOP_SECONDS // 2) for f in range(3)}
    for i in range(LOOP_SECONDS * FPS):
        img = np.full((H, W, 3), 255, np.uint8) if i in flashes else np.roll(base, i * 8, axis=1)
        out.write(img)
    out.release()
    n = LOOP_SECONDS * RATE
    t = np.arange(n) / RATE
    audio = 0.05 * np.sin(2 * np.pi * 300 * t)
    for k in range(LOOP_SECONDS // 2):
        s = round((k * 2 * FPS + 12) / FPS * RATE)
        e = s + round(3 / FPS * RATE)
        audio[s:e] = 0.8 * np.sin(2 * np.pi * 1000 * t[s:e])
    import wave

    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((audio * 32767).astype("<i2").tobytes())
    return clip, wav


def _long_run(d: Path, seconds: float, key: Ed25519PrivateKey) -> list[Figure]:
    clip, wav = _make_sources(d)
    clock = MonotonicClock()
    cam, mic = FileCamera(clip), WavFileMicrophone(wav)
    cam.epoch = mic.epoch = clock.now() + 0.3  # both files start at the same instant
    cfg = SessionConfig(case_number="BENCH-0001", interviewers=("甲", "乙"), office="青山镇信访接待室",
                        width=W, height=H, fps=FPS, preset=PRESET, expected_seconds=seconds)
    s = RecordingSession(d / "long.mp4", [cam], mic, cfg, key, clock=clock)
    s.prepare()
    time.sleep(0.5)
    s.start()
    warm = min(60.0, seconds / 4)
    t0 = time.monotonic()
    while time.monotonic() - t0 < warm:
        time.sleep(0.5)
    rss_warm, cpu0, wall0 = _rss_mb(), _cpu_seconds(), time.monotonic()
    rss_peak = rss_warm
    while time.monotonic() - t0 < seconds:
        time.sleep(0.5)
        rss_peak = max(rss_peak, _rss_mb())
    cpu = (_cpu_seconds() - cpu0) / (time.monotonic() - wall0) / os.cpu_count() * 100
    t_stop = time.perf_counter()
    m = s.stop()
    stop_s = time.perf_counter() - t_stop
    offsets = [abs(o) * 1000 for o in av_offsets(d / "long.mp4")]
    expected_events = int(m["duration_seconds"] // 2)
    worst = max(offsets) if offsets else float("nan")
    label = f"{seconds / 60:.0f} min 720p25"
    return [
        Figure(f"recording {label}: dropped frames", m["frames"]["dropped"], "frames", "= 0",
               m["frames"]["dropped"] == 0, f"{m['frames']['written']} written, {m['frames']['repeated']} repeated"),
        Figure(f"recording {label}: CPU of the machine", cpu, "%", "<= 50 %", cpu <= 50,
               f"{os.cpu_count()} cores, preset {PRESET}"),
        Figure(f"recording {label}: RSS growth after warm-up", rss_peak - rss_warm, "MB", "<= 20 MB",
               rss_peak - rss_warm <= 20, f"warm-up {warm:.0f} s, RSS {rss_warm:.0f} MB"),
        Figure(f"recording {label}: worst A/V offset", worst, "ms", "<= 40 ms",
               bool(offsets) and worst <= 40 and len(offsets) >= expected_events - 1,
               f"{len(offsets)} flash/beep events of ~{expected_events}"),
        Figure(f"recording {label}: stop to sealed", stop_s, "s", "<= 1 s", stop_s <= 1.0,
               "encoder flush + manifest + signature"),
    ]


def _seal_one_hour(d: Path, key: Ed25519PrivateKey) -> Figure:
    size = 3600 * 250_000  # 1 h at ~2 Mbit/s
    path = d / "hour.mp4"
    f = HashingFile(path)
    chunk = np.random.default_rng(2).integers(0, 256, 2**20, dtype=np.uint8).tobytes()
    for _ in range(size // len(chunk)):
        f.write(chunk)
    t = time.perf_counter()
    f.close()
    sha, n, blocks = f.digest()
    m = build_manifest(mp4=path, status="normal", header={}, sha256=sha, size=n, blocks=blocks,
                       start_wall="", stop_wall="", duration=3600, frames={}, audio_samples=0, pauses=[],
                       markers=[], gaps=[], stop_reason="requested")
    seal(path, m, key)
    took = time.perf_counter() - t
    path.unlink()
    return Figure("recording: sealing a 1-hour recording", took, "s", "<= 1 s", took <= 1.0,
                  f"{n / 2**20:.0f} MiB hashed while written")


def _throughput(d: Path, frames: int = 200) -> list[Figure]:
    rng = np.random.default_rng(3)
    base = cv2.resize(rng.integers(0, 255, (H // 8, W // 8, 3), dtype=np.uint8), (W, H))
    raw = d / "frames.bgr"
    imgs = [np.roll(base, i * 8, axis=1) for i in range(frames)]
    raw.write_bytes(b"".join(i.tobytes() for i in imgs))
    t = time.perf_counter()
    w = MediaWriter(d / "ours.mp4", W, H, FPS, preset=PRESET)
    for img in imgs:
        w.write_video(img)
    w.close()
    ours = frames / (time.perf_counter() - t)
    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
           "-s", f"{W}x{H}", "-r", str(FPS), "-i", str(raw), "-c:v", "libx264", "-preset", PRESET,
           "-crf", "23", "-g", str(FPS), "-keyint_min", str(FPS), "-sc_threshold", "0", "-bf", "0",
           "-pix_fmt", "yuv420p", "-movflags", "frag_keyframe+empty_moov+default_base_moof",
           str(d / "ffmpeg.mp4")]
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    theirs = frames / (time.perf_counter() - t)
    ratio = ours / theirs
    return [Figure("recording: encoding throughput vs ffmpeg CLI", ratio, "x", ">= 0.9", ratio >= 0.9,
                   f"ours {ours:.0f} fps, ffmpeg {theirs:.0f} fps, 720p {PRESET}")]


def run() -> list[Figure]:
    quick = os.environ.get("RECEPTION_BENCH_QUICK") == "1"
    key = Ed25519PrivateKey.generate()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-rec-") as tmp:
        d = Path(tmp)
        figures += _throughput(d)
        figures.append(_seal_one_hour(d, key))
        figures += _long_run(d, 60.0 if quick else 600.0, key)
    return figures
