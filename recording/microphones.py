"""Microphones: the producer (a device callback or a pacing thread) only copies into a ring
buffer; the encoder thread drains it. Audio is mono float32 at 48 kHz."""

from __future__ import annotations

import threading
import wave
from pathlib import Path
from typing import Protocol

import numpy as np

from recording.clock import Clock
from recording.events import SyncSchedule

RATE = 48_000


class RingBuffer:
    """Single-producer single-consumer sample ring. ``written`` counts every sample ever written;
    ``stamp`` is (written, clock time of the newest sample) so the consumer can map a sample
    index to the shared clock."""

    def __init__(self, seconds: float = 10.0, rate: int = RATE) -> None:
        self.capacity = int(seconds * rate)
        self._buf = np.zeros(self.capacity, np.float32)
        self.written = 0
        self.stamp: tuple[int, float] | None = None

    def write(self, samples: np.ndarray, t_last: float) -> None:
        n = len(samples)
        if n > self.capacity:
            samples = samples[-self.capacity:]
            self.written += n - self.capacity
            n = self.capacity
        i = self.written % self.capacity
        first = min(n, self.capacity - i)
        self._buf[i:i + first] = samples[:first]
        if first < n:
            self._buf[:n - first] = samples[first:]
        self.written += n
        self.stamp = (self.written, t_last)  # one tuple assignment: consumers see both or neither

    def read(self, start: int, end: int) -> tuple[np.ndarray, int]:
        """Samples [start, end); returns (samples, lost) where lost = overwritten before read."""
        end = min(end, self.written)
        oldest = self.written - self.capacity
        lost = max(0, oldest - start)
        start = max(start, oldest)
        if end <= start:
            return np.zeros(0, np.float32), lost
        n = end - start
        i = start % self.capacity
        if i + n <= self.capacity:
            out = self._buf[i:i + n].copy()
        else:
            out = np.concatenate([self._buf[i:], self._buf[:n - (self.capacity - i)]])
        return out, lost


class Microphone(Protocol):
    name: str
    ring: RingBuffer

    def start(self, clock: Clock) -> None: ...

    def stop(self) -> None: ...

    @property
    def failed(self) -> bool: ...

    def describe(self) -> dict: ...


class PacedMicrophone:
    """A thread that every 10 ms writes the samples due by the clock, stamped exactly."""

    name = "paced"
    test_signal = True  # generated or played from a file: not a microphone in the room

    def __init__(self) -> None:
        self.ring = RingBuffer()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.clock: Clock | None = None
        self._t0 = 0.0
        self.epoch: float | None = None  # clock time of sample 0 (else: start)
        self._n = 0
        self.error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def _samples(self, start: int, n: int) -> np.ndarray:
        raise NotImplementedError

    def _silent(self, t0: float, t1: float) -> bool:
        """True while the source is 'unplugged' (no samples delivered at all)."""
        return False

    def start(self, clock: Clock) -> None:
        if self._thread is not None:
            return
        self.clock = clock
        self._t0 = clock.now() if self.epoch is None else self.epoch
        self._n = 0
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"mic-{self.name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self.clock is not None
        while not self._stop.wait(0.01):
            due = int((self.clock.now() - self._t0) * RATE)
            n = due - self._n
            if n <= 0:
                continue
            t_last = self._t0 + due / RATE
            if not self._silent(self._t0 + self._n / RATE, t_last):
                self.ring.write(self._samples(self._n, n), t_last)
            self._n = due

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def describe(self) -> dict:
        return {"kind": "microphone", "name": self.name, "rate": RATE, "error": self.error,
                "test_signal": self.test_signal}


class SyntheticMicrophone(PacedMicrophone):
    """A quiet 440 Hz tone with loud 1 kHz beeps at the ``beeps`` instants; ``outage`` =
    (start, end) seconds after start during which nothing is delivered."""

    def __init__(self, beeps: SyncSchedule | None = None, outage: tuple[float, float] | None = None,
                 level: float = 0.05, name: str = "synthetic") -> None:
        super().__init__()
        self.name, self.beeps, self.outage, self.level = name, beeps, outage, level

    def _silent(self, t0: float, t1: float) -> bool:
        if not self.outage:
            return False
        a, b = self._t0 + self.outage[0], self._t0 + self.outage[1]
        return t0 < b and t1 > a

    def _samples(self, start: int, n: int) -> np.ndarray:
        idx = np.arange(start, start + n)
        out = (self.level * np.sin(2 * np.pi * 440.0 * idx / RATE)).astype(np.float32)
        if self.beeps:
            t_a, t_b = self._t0 + start / RATE, self._t0 + (start + n) / RATE
            for s, e in self.beeps.active(t_a, t_b):
                i0 = max(0, int(round((s - self._t0) * RATE)) - start)
                i1 = min(n, int(round((e - self._t0) * RATE)) - start)
                if i1 > i0:
                    k = idx[i0:i1]
                    out[i0:i1] = 0.8 * np.sin(2 * np.pi * 1000.0 * k / RATE)
        return out

    def describe(self) -> dict:
        return {**super().describe(), "spec": "synthetic"}


def read_wav_mono(path: str | Path) -> np.ndarray:
    """A PCM WAV as mono float32 at 48 kHz (channels averaged, other rates resampled linearly)."""
    with wave.open(str(path), "rb") as w:
        ch, width, rate, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
        raw = w.readframes(n)
    if width == 2:
        data = np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0
    elif width == 4:
        data = np.frombuffer(raw, "<i4").astype(np.float32) / 2147483648.0
    elif width == 1:
        data = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128) / 128.0
    else:
        raise ValueError(f"unsupported WAV sample width {width}")
    data = data.reshape(-1, ch).mean(axis=1)
    if rate != RATE and len(data):
        x = np.arange(int(len(data) * RATE / rate)) * rate / RATE
        data = np.interp(x, np.arange(len(data)), data).astype(np.float32)
    return data.astype(np.float32)


class WavFileMicrophone(PacedMicrophone):
    """``file:PATH.wav`` played in real time, looping."""

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = str(path)
        self.name = f"file:{self.path}"
        self._data = read_wav_mono(path)
        if not len(self._data):
            raise ValueError(f"empty WAV file {path}")

    def _samples(self, start: int, n: int) -> np.ndarray:
        idx = np.arange(start, start + n) % len(self._data)
        return self._data[idx]

    def describe(self) -> dict:
        return {**super().describe(), "spec": self.name}
