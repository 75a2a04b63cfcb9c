"""The real microphone path: PulseAudio's virtual microphone (tools/services/20-pulseaudio.sh), a known
sound played into it with ``paplay``, recorded through sounddevice or ``parec`` by the source's name, found
again by cross-correlation; and a private PulseAudio server killed mid-recording and started again, after
which sound must come back (as cameras do) within a second of the server delivering again.

Each waits for its stream by what the stream delivered (a primer sound heard, every sample of the probe
arrived), never by a guessed sleep: on a loaded machine the first stream starts late."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from recording.cameras import SyntheticCamera
from recording.clock import MonotonicClock
from recording.devices import list_microphones, open_microphone
from recording.microphones import RATE
from recording.pulse_microphone import PulseMicrophone
from recording.sd_microphone import SoundDeviceMicrophone
from recording.session import RecordingSession
from tests.recording.pulse_server import PulseServer

DEFAULT_RUNTIME = Path("/tmp/reception-pulse")


def _pulse_env() -> dict[str, str] | None:
    env = dict(os.environ)
    if "PULSE_SERVER" not in env and (DEFAULT_RUNTIME / "pulse" / "native").exists():
        env.update(XDG_RUNTIME_DIR=str(DEFAULT_RUNTIME), PULSE_SERVER=f"unix:{DEFAULT_RUNTIME}/pulse/native")
    if not shutil.which("pactl") or not shutil.which("paplay"):
        return None
    ok = subprocess.run(["pactl", "info"], env=env, capture_output=True, timeout=10).returncode == 0
    return env if ok else None


@pytest.fixture
def pulse(monkeypatch):
    env = _pulse_env()
    if env is None:
        pytest.skip("no PulseAudio server reachable (tools/services/20-pulseaudio.sh starts one)")
    for k in ("XDG_RUNTIME_DIR", "PULSE_SERVER"):
        monkeypatch.setenv(k, env[k])
    import sounddevice as sd

    # PortAudio lists ALSA devices once, when it starts: restart it now that the server is known.
    sd._terminate()
    sd._initialize()
    return env


def _probe(tmp_path: Path, wav_factory) -> tuple[np.ndarray, Path]:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    # Band-limited noise bursts: a shape with one sharp correlation peak, unlike a pure tone.
    probe = np.convolve(rng.standard_normal(RATE // 2), np.ones(8) / 8, mode="same").astype(np.float32)
    probe *= 0.5 / np.max(np.abs(probe))
    return probe, wav_factory(tmp_path / "probe.wav", probe)


def _wait(condition, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _heard(mic, env, probe: np.ndarray, wav: Path, primer: Path) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Plays a primer until the stream is seen delivering, then the probe; returns what was heard."""
    deadline = time.monotonic() + 60
    while mic.ring.written == 0:
        assert time.monotonic() < deadline, "the stream never delivered"
        subprocess.run(["paplay", str(primer)], env=env, check=True, timeout=30)
    start = mic.ring.written
    subprocess.run(["paplay", str(wav)], env=env, check=True, timeout=30)
    # The virtual source delivers only while something plays: the probe's samples are all in once the
    # ring has grown by its length (PulseAudio may pad a little, never less).
    assert _wait(lambda: mic.ring.written - start >= len(probe)), (mic.ring.written - start, len(probe))
    got, lost = mic.ring.read(start, mic.ring.written)
    assert lost == 0 and not mic.error
    return got


def _assert_same_sound(got: np.ndarray, probe: np.ndarray) -> None:
    # PulseAudio may swallow the first few ms of a playback: pad so a partial overlap still aligns.
    padded = np.concatenate([np.zeros(len(probe), np.float32), got, np.zeros(len(probe), np.float32)])
    corr = np.correlate(padded, probe, mode="valid")
    peak = int(np.argmax(np.abs(corr)))
    aligned = padded[peak:peak + len(probe)]
    heard = np.abs(aligned) > 0
    assert heard.mean() > 0.9  # nearly all of the sound came through
    # Normalised correlation at the best lag: ~1 for the same sound, ~0 for noise or silence.
    a, b = aligned[heard], probe[heard]
    score = float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))
    assert score > 0.9, score


@pytest.fixture
def primer(tmp_path, wav_factory) -> Path:
    return wav_factory(tmp_path / "primer.wav", 0.1 * np.sin(2 * np.pi * 300 * np.arange(RATE // 10) / RATE))


def test_a_known_sound_played_into_the_virtual_mic_is_recorded(pulse, tmp_path, wav_factory, primer):
    probe, wav = _probe(tmp_path, wav_factory)
    mic = SoundDeviceMicrophone(None)  # ALSA "default", i.e. PulseAudio's default source vmic
    mic.start(MonotonicClock())
    try:
        got = _heard(mic, pulse, probe, wav, primer)
    finally:
        mic.stop()
    assert len(got) >= len(probe)
    _assert_same_sound(got, probe)


def test_a_pulseaudio_source_is_listed_and_recorded_by_its_name(pulse, tmp_path, wav_factory, primer):
    assert ("pulse:vmic", "vmic") in {(d.spec, d.name) for d in list_microphones()}
    probe, wav = _probe(tmp_path, wav_factory)
    mic = open_microphone("vmic")  # the name `reception devices` shows
    assert isinstance(mic, PulseMicrophone) and mic.source == "vmic"
    mic.start(MonotonicClock())
    try:
        got = _heard(mic, pulse, probe, wav, primer)
    finally:
        mic.stop()
    _assert_same_sound(got, probe)


@pytest.fixture
def private_server(tmp_path):
    if not PulseServer.available():
        pytest.skip("needs pulseaudio, pactl, parec and paplay")
    server = PulseServer(Path(f"/tmp/rr-pa-{os.getpid()}-{tmp_path.name[-12:]}"))
    server.start()
    yield server
    server.kill()
    shutil.rmtree(server.folder, ignore_errors=True)


def _first_delivery(server: PulseServer, timeout: float = 20.0) -> float | None:
    """When an independent client first receives sound from the server: the instant the device is back."""
    proc = subprocess.Popen(["parec", "--device=vsink.monitor", "--channels=1", "--format=float32le", "--raw",
                             "--latency-msec=20"], env={**os.environ, **server.env}, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.stdout.read1(64):  # type: ignore[union-attr]
                return time.monotonic()
        return None
    finally:
        proc.kill()
        proc.wait()


def test_a_microphone_whose_sound_server_dies_comes_back_and_the_gap_is_logged(private_server, tmp_path,
                                                                               config, key):
    clock = MonotonicClock()
    mic = PulseMicrophone("vsink.monitor", env=private_server.env)
    config.mic_timeout = 0.3
    s = RecordingSession(tmp_path / "rec.mp4", [SyntheticCamera(320, 180)], mic, config, key, clock=clock)
    s.prepare()
    try:
        assert _wait(lambda: mic.ring.written > RATE // 10, timeout=30), "no sound before the outage"
        s.start()
        assert _wait(lambda: s.elapsed() > 1.0)
        private_server.kill()  # the audio server is lost
        assert _wait(lambda: mic.failed, timeout=10)
        time.sleep(2.0)
        private_server.start()
        back = _first_delivery(private_server)
        assert back is not None
        before = mic.ring.written
        assert _wait(lambda: mic.ring.written > before, timeout=10)
        resumed = time.monotonic()
        assert resumed - back <= 1.0, resumed - back  # sound within a second of the device delivering again
        assert _wait(lambda: any(e.get("type") == "gap_end" for e in s.events), timeout=10)
        m = s.stop()
    finally:
        s.release()
    gaps = [g for g in m["gaps"] if g["device"] == "microphone"]
    assert len(gaps) == 1 and "end" in gaps[0] and mic.reconnects >= 1
    assert gaps[0]["end"] - gaps[0]["start"] > 1.5  # the outage, not a blip


def test_a_sounddevice_stream_is_reopened_after_its_server_returns(private_server, monkeypatch):
    monkeypatch.setenv("PULSE_SERVER", private_server.env["PULSE_SERVER"])
    import sounddevice as sd

    sd._terminate()
    sd._initialize()
    names = [d["name"] for d in sd.query_devices()]
    if "pulse" not in names:
        pytest.skip("PortAudio has no ALSA 'pulse' device here")
    mic = SoundDeviceMicrophone("pulse")
    try:
        mic.start(MonotonicClock())
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"the ALSA pulse plugin cannot open a stream here: {exc}")
    try:
        assert _wait(lambda: mic.ring.written > RATE // 10, timeout=30)
        private_server.kill()
        assert _wait(lambda: mic.failed, timeout=10)
        private_server.start()
        back = _first_delivery(private_server)
        before = mic.ring.written
        assert _wait(lambda: mic.ring.written > before, timeout=15)
        assert back is not None and time.monotonic() - back <= 1.0, time.monotonic() - back
        assert mic.reconnects >= 1
    finally:
        mic.stop()
        sd._terminate()
        sd._initialize()
