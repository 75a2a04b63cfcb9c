"""Evidence under load, issue 11, on this machine.

1. 1280×720 at 25 fps + 48 kHz from file sources while two busy processes spin (10 minutes; 1 with
   ``RECEPTION_BENCH_QUICK=1``; ``RECEPTION_BENCH_EVIDENCE_SECONDS`` overrides): frames lost (the
   camera's and the encoder's drops), false camera gaps (the camera never stopped), worst A/V offset at
   every flash/beep, file syncs per minute, and the machine's load average while it ran (the machine is
   shared: the figures are only as quiet as it was).
2. A microphone whose sound server dies for 5 s: how long after the server delivers again (an
   independent client's first sound) the recording's microphone delivers again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench.bench_recording import FPS, H, W, _make_sources
from bench.common import Figure
from recording.analysis import av_offsets
from recording.clock import MonotonicClock
from recording.cv_cameras import FileCamera
from recording.microphones import WavFileMicrophone
from recording.session import RecordingSession, SessionConfig

BUSY = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"


def _busy(n: int, seconds: float) -> list[subprocess.Popen[bytes]]:
    """``n`` processes that each keep a core busy, ending by themselves after ``seconds``."""
    return [subprocess.Popen([sys.executable, "-c", BUSY.format(seconds=seconds)]) for _ in range(n)]


def _loaded_run(d: Path, seconds: float, key: Ed25519PrivateKey) -> list[Figure]:
    clip, wav = _make_sources(d)
    clock = MonotonicClock()
    cam, mic = FileCamera(clip), WavFileMicrophone(wav)
    cam.epoch = mic.epoch = clock.now() + 0.3
    cfg = SessionConfig(case_number="BENCH-0011", interviewers=("甲", "乙"), office="青山镇信访接待室",
                        width=W, height=H, fps=FPS, expected_seconds=seconds)
    s = RecordingSession(d / "loaded.mp4", [cam], mic, cfg, key, clock=clock)
    s.prepare()
    busy = _busy(2, seconds + 30)
    load = []
    try:
        time.sleep(0.5)
        s.start()
        t0 = time.monotonic()
        while time.monotonic() - t0 < seconds:
            time.sleep(1.0)
            load.append(os.getloadavg()[0])
        m = s.stop()
    finally:
        for p in busy:
            p.kill()
            p.wait()
    f = m["frames"]
    lost = f["dropped"] + f["encoder_dropped"]
    gaps = [g for g in m["gaps"] if g["device"].startswith("camera")]
    offsets = [abs(o) * 1000 for o in av_offsets(d / "loaded.mp4")]
    worst = max(offsets) if offsets else float("nan")
    syncs_per_min = m["syncs"] / (m["duration_seconds"] / 60)
    label = f"{seconds / 60:.0f} min 720p25 + 2 busy"
    note = (f"load average {min(load):.1f}–{max(load):.1f} (mean {sum(load) / len(load):.1f}) on "
            f"{os.cpu_count()} cores shared with other work; preset {cfg.preset}")
    return [
        Figure(f"evidence {label}: frames lost", lost, "frames", "= 0", lost == 0,
               f"{f['written']} written, camera {f['dropped']}, encoder {f['encoder_dropped']}; {note}"),
        Figure(f"evidence {label}: false camera gaps", len(gaps), "gaps", "= 0", not gaps,
               f"{f['no_signal']} no-signal frames; the source never stopped"),
        Figure(f"evidence {label}: worst A/V offset", worst, "ms", "<= 40 ms", bool(offsets) and worst <= 40,
               f"{len(offsets)} flash/beep events"),
        Figure(f"evidence {label}: file syncs per minute", syncs_per_min, "/min", ">= 50", syncs_per_min >= 50,
               f"{m['syncs']} fsyncs, journal {m['journal_syncs']}"),
    ]


def _mic_outage(d: Path, outage: float = 5.0) -> list[Figure]:
    from recording.pulse_microphone import PulseMicrophone
    from tests.recording.pulse_server import PulseServer

    if not PulseServer.available():
        return []
    server = PulseServer(d / "pulse")
    server.start()
    mic = PulseMicrophone("vsink.monitor", env=server.env)
    mic.start(MonotonicClock())
    try:
        deadline = time.monotonic() + 30
        while mic.ring.written == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()
        time.sleep(outage)
        server.start()
        probe = subprocess.Popen(["parec", "--device=vsink.monitor", "--channels=1", "--format=float32le", "--raw",
                                  "--latency-msec=20"], env={**os.environ, **server.env}, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL)
        before = mic.ring.written
        back = ours = None
        deadline = time.monotonic() + 30
        os.set_blocking(probe.stdout.fileno(), False)  # type: ignore[union-attr]
        while (back is None or ours is None) and time.monotonic() < deadline:
            if back is None and probe.stdout.read(64):  # type: ignore[union-attr]
                back = time.monotonic()
            if ours is None and mic.ring.written > before:
                ours = time.monotonic()
            time.sleep(0.005)
        probe.kill()
        probe.wait()
    finally:
        mic.stop()
        server.kill()
    if back is None or ours is None:
        return [Figure("evidence: microphone back after a 5 s server outage", float("nan"), "s", "<= 1 s", False,
                       "no sound came back within 30 s")]
    delay = ours - back
    return [Figure("evidence: microphone back after a 5 s server outage", delay, "s", "<= 1 s", delay <= 1.0,
                   "from the restarted server's first sound to the recorder's (PulseAudio source by name)")]


def run() -> list[Figure]:
    quick = os.environ.get("RECEPTION_BENCH_QUICK") == "1"
    seconds = float(os.environ.get("RECEPTION_BENCH_EVIDENCE_SECONDS") or (60.0 if quick else 600.0))
    key = Ed25519PrivateKey.generate()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-evidence-") as tmp:
        d = Path(tmp)
        figures += _mic_outage(d)
        figures += _loaded_run(d, seconds, key)
    return figures
