"""Device specs and the real capture paths: OpenCV from a file and from an http URL, WAV files."""

from __future__ import annotations

import functools
import http.server
import threading
import time

import numpy as np
import pytest

from desktop.domain.errors import NotFound, ValidationError
from recording.clock import MonotonicClock
from recording.cv_cameras import CvCamera, FileCamera
from recording.devices import list_devices, open_camera, open_microphone
from recording.microphones import RATE, RingBuffer, WavFileMicrophone
from recording.specs import SourceKind, parse_camera_spec, parse_microphone_spec


@pytest.mark.parametrize(("spec", "kind", "target"), [
    ("synthetic", SourceKind.SYNTHETIC, ""),
    ("SYNTHETIC", SourceKind.SYNTHETIC, ""),
    ("0", SourceKind.INDEX, "0"),
    ("12", SourceKind.INDEX, "12"),
    ("Logitech C920", SourceKind.NAME, "Logitech C920"),
    ("rtsp://10.0.0.5:554/stream1", SourceKind.URL, "rtsp://10.0.0.5:554/stream1"),
    ("http://127.0.0.1:8080/video.mjpg", SourceKind.URL, "http://127.0.0.1:8080/video.mjpg"),
    ("file:/data/clip.mp4", SourceKind.FILE, "/data/clip.mp4"),
    ("file:///data/clip.mp4", SourceKind.FILE, "/data/clip.mp4"),
    ("file:C:/录像/样片.mp4", SourceKind.FILE, "C:/录像/样片.mp4"),
])
def test_camera_specs(spec, kind, target):
    s = parse_camera_spec(spec)
    assert (s.kind, s.target) == (kind, target)


def test_microphone_specs_refuse_urls_and_empty():
    assert parse_microphone_spec("file:a.wav").kind is SourceKind.FILE
    assert parse_microphone_spec("麦克风 (USB Audio)").kind is SourceKind.NAME
    with pytest.raises(ValidationError):
        parse_microphone_spec("http://x/y")
    with pytest.raises(ValidationError):
        parse_camera_spec("  ")
    with pytest.raises(NotFound):
        open_camera("file:/nonexistent/clip.avi")
    with pytest.raises(NotFound):
        open_microphone("file:/nonexistent/a.wav")


def test_synthetic_sources_are_listed_only_when_asked_for_and_marked_as_test_signals():
    test_sources = {("camera", "synthetic"), ("microphone", "synthetic")}
    assert not test_sources & {(d.kind, d.spec) for d in list_devices()}  # never offered at a desk
    found = list_devices(test_sources=True)
    assert test_sources <= {(d.kind, d.spec) for d in found}
    assert all("测试信号，非证据" in d.detail for d in found if d.spec == "synthetic")
    assert parse_camera_spec("synthetic").test_signal and parse_microphone_spec("file:a.wav").test_signal
    assert not parse_camera_spec("0").test_signal and not parse_microphone_spec("pulse:vmic").test_signal


def test_ring_buffer_wraps_and_reports_overrun():
    ring = RingBuffer(seconds=0.001, rate=RATE)  # 48 samples
    data = np.arange(100, dtype=np.float32)
    ring.write(data[:30], 1.0)
    ring.write(data[30:70], 2.0)
    got, lost = ring.read(10, 70)  # only the newest 48 are still there
    assert lost == 12 and np.array_equal(got, data[22:70])
    assert ring.stamp == (70, 2.0)
    got, lost = ring.read(60, 70)
    assert lost == 0 and np.array_equal(got, data[60:70])


def _read_frames(cam, n, timeout=20.0):
    """The first ``n`` frames the camera delivered, each taken from its history (never missed by polling
    late: the history holds more frames than a busy machine's scheduling delay)."""
    cam.start(MonotonicClock())
    try:
        deadline = time.monotonic() + timeout
        seen: dict[int, object] = {}
        while len(seen) < n and time.monotonic() < deadline:
            with cam._lock:
                for f in cam._history:
                    if f.seq < n:
                        seen.setdefault(f.seq, f)
            time.sleep(0.01)
        return [seen[k] for k in sorted(seen)]
    finally:
        cam.stop()


def test_file_camera_plays_in_real_time_and_loops(tmp_path, clip_factory):
    clip = clip_factory(tmp_path / "short.avi", seconds=0.4, fps=25, size=(160, 120))
    cam = FileCamera(clip)
    frames = _read_frames(cam, 15)
    assert len(frames) == 15 and cam.loops >= 1  # 10 frames in the file: it looped
    steps = np.diff([f.t for f in frames])
    assert np.allclose(steps[steps > 0], 1 / 25, atol=1e-6)  # stamped on its schedule
    assert frames[0].image.shape == (120, 160, 3)
    # The stripe grows 7 px a frame: the eleventh frame is the first one again.
    assert np.array_equal(frames[10].image[60, :, 2] > 200, frames[0].image[60, :, 2] > 200)


def test_opencv_camera_reads_an_http_url_on_loopback(tmp_path, clip_factory):
    clip = clip_factory(tmp_path / "cam.avi", seconds=1.0, size=(320, 240))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        cam = open_camera(f"http://127.0.0.1:{server.server_address[1]}/{clip.name}")
        assert isinstance(cam, CvCamera)
        frames = _read_frames(cam, 20)
    finally:
        server.shutdown()
        thread.join()
    assert [f.seq for f in frames] == list(range(20))
    assert frames[-1].image.shape == (240, 320, 3)
    assert frames[-1].image[:, :, 2].max() > 200  # the orange stripe came through the decoder
    # Paced by the clip's own timestamps: 20 frames of a 25 fps clip span 0.76 s, not a fast-forward burst.
    span = frames[-1].t - frames[0].t
    assert 0.7 < span < 1.5, span


def test_wav_microphone_delivers_the_file_at_48k(tmp_path, wav_factory):
    rate = 16_000
    tone = 0.5 * np.sin(2 * np.pi * 300 * np.arange(rate // 2) / rate)
    mic = WavFileMicrophone(wav_factory(tmp_path / "a.wav", tone, rate=rate))
    mic.start(MonotonicClock())
    time.sleep(0.3)
    mic.stop()
    got, _ = mic.ring.read(0, mic.ring.written)
    assert 0.2 * RATE < len(got) < 0.5 * RATE
    spectrum = np.abs(np.fft.rfft(got[:9600]))
    assert abs(np.argmax(spectrum) * RATE / 9600 - 300) < 10  # resampled, same pitch
