"""Cameras: a thread per camera reads frames and stamps them on the shared clock.

The encoder never waits on a camera; it asks ``pick(t)`` for the newest frame captured at or
before media instant ``t`` from a short history, so a late encoder still gets the right frame.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from recording.clock import Clock
from recording.events import SyncSchedule

HISTORY = 16  # frames kept per camera: more than the encoder's allowed backlog at 25 fps


@dataclass(frozen=True)
class CapturedFrame:
    seq: int  # 0, 1, 2 … in capture order; gaps are never made here
    t: float  # capture time on the shared clock
    image: np.ndarray  # BGR uint8, H×W×3


class Camera(Protocol):
    name: str

    def start(self, clock: Clock) -> None: ...

    def stop(self) -> None: ...

    def pick(self, t: float) -> CapturedFrame | None:
        """Newest frame with capture time ≤ t (None if none yet)."""

    def latest_time(self) -> float | None:
        """Capture time of the newest frame (to detect a camera that stopped delivering)."""

    def oldest(self) -> CapturedFrame | None:
        """The oldest frame still kept (for an encoder that fell behind the history)."""

    def describe(self) -> dict: ...


class ThreadedCamera:
    """Shared machinery: a reader thread calling ``_produce`` and a short frame history."""

    name = "camera"
    test_signal = False  # a generated picture or a file, not a camera in the room

    def __init__(self) -> None:
        self._history: deque[CapturedFrame] = deque(maxlen=HISTORY)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seq = 0
        self.clock: Clock | None = None
        self.epoch: float | None = None  # clock time of frame 0 for paced sources (else: start)
        self.error: str | None = None
        self.size: tuple[int, int] | None = None  # (w, h) once known

    # --- subclass hooks -------------------------------------------------------------
    def _open(self) -> None: ...

    def _produce(self) -> tuple[float, np.ndarray] | None:
        """Block until the next frame; None = nothing this time (stopped, failed, outage)."""
        raise NotImplementedError

    def _close(self) -> None: ...

    # --- Camera -----------------------------------------------------------------------
    def start(self, clock: Clock) -> None:
        if self._thread is not None:
            return
        self.clock = clock
        self._open()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"camera-{self.name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                got = self._produce()
            except Exception as exc:  # a device error must not kill the recording
                self.error = f"{type(exc).__name__}: {exc}"
                got = None
                self._stop.wait(0.2)
            if got is None:
                continue
            t, image = got
            self.size = (image.shape[1], image.shape[0])
            with self._lock:
                self._history.append(CapturedFrame(self._seq, t, image))
                self._seq += 1

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._close()

    def pick(self, t: float) -> CapturedFrame | None:
        with self._lock:
            for f in reversed(self._history):
                if f.t <= t:
                    return f
        return None

    def latest_time(self) -> float | None:
        with self._lock:
            return self._history[-1].t if self._history else None

    def oldest(self) -> CapturedFrame | None:
        with self._lock:
            return self._history[0] if self._history else None

    def describe(self) -> dict:
        w, h = self.size or (0, 0)
        return {"kind": "camera", "name": self.name, "width": w, "height": h, "error": self.error,
                "test_signal": self.test_signal}


class SyntheticCamera(ThreadedCamera):
    """A test pattern at a steady rate; white at the instants of ``flashes``; ``outage`` =
    (start, end) seconds after start during which it delivers nothing (a dead camera)."""

    test_signal = True

    def __init__(self, width: int = 640, height: int = 360, fps: float = 25.0,
                 flashes: SyncSchedule | None = None, outage: tuple[float, float] | None = None,
                 name: str = "synthetic") -> None:
        super().__init__()
        self.name, self.width, self.height, self.fps = name, width, height, fps
        self.flashes, self.outage = flashes, outage
        self._k = 0
        self._t0 = 0.0
        bars = np.array([[192, 192, 192], [0, 192, 192], [192, 192, 0], [0, 192, 0],
                         [192, 0, 192], [0, 0, 192], [192, 0, 0]], np.uint8)
        cols = (np.arange(width) * len(bars) // width)
        self._base = np.repeat(bars[cols][None, :, :], height, axis=0)
        self._base[height * 3 // 4:, :, :] = 16  # dark strip where the moving block runs

    def _open(self) -> None:
        assert self.clock is not None
        self._t0 = self.clock.now() if self.epoch is None else self.epoch
        self._k = 0

    def _produce(self) -> tuple[float, np.ndarray] | None:
        assert self.clock is not None
        t = self._t0 + self._k / self.fps
        self._k += 1
        wait = t - self.clock.now()
        if wait > 0 and self._stop.wait(wait):
            return None
        rel = t - self._t0
        if self.outage and self.outage[0] <= rel < self.outage[1]:
            return None
        # The stamp is the middle of the frame's exposure [t - T/2, t + T/2).
        half = 0.5 / self.fps
        if self.flashes and self.flashes.active(t - half, t + half):
            return t, np.full((self.height, self.width, 3), 255, np.uint8)
        img = self._base.copy()
        bw = max(8, self.width // 16)
        x = (self._k * 4) % max(1, self.width - bw)
        img[self.height * 3 // 4:, x:x + bw, :] = 235
        return t, img

    def describe(self) -> dict:
        return {**super().describe(), "spec": "synthetic", "fps": self.fps,
                "width": self.width, "height": self.height}
