"""The real microphone path: PulseAudio's virtual microphone (tools/services/20-pulseaudio.sh),
a known sound played into it with ``paplay``, recorded through sounddevice, found again by
cross-correlation."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from recording.clock import MonotonicClock
from recording.microphones import RATE
from recording.sd_microphone import SoundDeviceMicrophone

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


def test_a_known_sound_played_into_the_virtual_mic_is_recorded(pulse, tmp_path, wav_factory):
    rng = np.random.default_rng(7)
    # Band-limited noise bursts: a shape with one sharp correlation peak, unlike a pure tone.
    probe = np.convolve(rng.standard_normal(RATE // 2), np.ones(8) / 8, mode="same").astype(np.float32)
    probe *= 0.5 / np.max(np.abs(probe))
    wav = wav_factory(tmp_path / "probe.wav", probe)
    mic = SoundDeviceMicrophone(None)  # ALSA "default", i.e. PulseAudio's default source vmic
    mic.start(MonotonicClock())
    try:
        time.sleep(0.5)  # the first input stream of a process starts late (PLATFORM.md)
        start = mic.ring.written
        subprocess.run(["paplay", str(wav)], env=pulse, check=True, timeout=30)
        time.sleep(0.5)
        got, lost = mic.ring.read(start, mic.ring.written)
    finally:
        mic.stop()
    assert lost == 0 and not mic.error
    assert len(got) > len(probe)
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
