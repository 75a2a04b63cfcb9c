"""A real input device through ``sounddevice`` (PortAudio): 48 kHz mono, the callback copies.

A device that fails (unplugged, the sound server gone) or whose callbacks stop coming is closed
and opened again every ``RETRY`` seconds by a watchdog thread, like a camera is reopened; the
session meanwhile writes silence and logs the gap, and sound resumes as soon as the device does.
"""

from __future__ import annotations

import threading

import numpy as np

from desktop.domain.errors import NotFound
from recording.clock import Clock
from recording.microphones import RATE, RingBuffer

RETRY = 0.25
STALL = 0.5  # no callback for this long: the stream is dead even if PortAudio says it is active


class SoundDeviceMicrophone:
    """Open it (``start``) before the clerk presses Record: the first input stream of a process
    can start up to ~2 s late (PLATFORM.md); the session places audio by sample count anyway."""

    test_signal = False

    def __init__(self, device: int | str | None = None, blocksize: int = 480) -> None:
        self.device = device
        self.name = "default" if device is None else str(device)
        self.blocksize = blocksize
        self.ring = RingBuffer()
        self._stream = None
        self.clock: Clock | None = None
        self.error: str | None = None
        self.overflows = 0
        self.reconnects = 0
        self._last_callback: float | None = None
        self._opened_at = 0.0
        self._closing = False
        self._stop = threading.Event()
        self._watchdog: threading.Thread | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None or (self._stream is not None and not self._stream.active)

    def _callback(self, indata: np.ndarray, frames: int, time_info, status) -> None:
        # Only copy and stamp: no logging, no locks, no allocation beyond the slice.
        if status.input_overflow:
            self.overflows += 1
        now = self._now()
        self._last_callback = now
        self.ring.write(indata[:, 0], now)

    def _finished(self) -> None:
        if self.error is None and not self._closing:
            self.error = "stream finished"

    def _open(self) -> None:
        import sounddevice as sd

        assert self.clock is not None
        stream = sd.InputStream(device=self.device, samplerate=RATE, channels=1, dtype="float32",
                                blocksize=self.blocksize, callback=self._callback,
                                finished_callback=self._finished)
        stream.start()
        self._stream = stream
        self._opened_at = self.clock.now()
        self.error = None

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
                stream.close()
            except Exception:  # noqa: BLE001 - a dead device may refuse even to close
                pass

    def start(self, clock: Clock) -> None:
        if self._stream is not None:
            return
        self.clock = clock
        self._now = clock.now
        self._closing = False
        self._stop.clear()
        try:
            self._open()
        except Exception as exc:  # noqa: BLE001 - PortAudio's errors are plain Exceptions
            raise NotFound("microphone_not_found", spec=self.name, reason=str(exc)) from exc
        self._watchdog = threading.Thread(target=self._watch, name=f"mic-watch-{self.name}", daemon=True)
        self._watchdog.start()

    def _stalled(self, now: float) -> bool:
        # The first stream of a process may start seconds late (PLATFORM.md): only a stream that
        # delivered and then went quiet, or one silent for long after opening, counts as stalled.
        last = self._last_callback
        if last is None or last < self._opened_at:
            return now - self._opened_at > 4 * STALL + 2.0
        return now - last > STALL

    def _watch(self) -> None:
        assert self.clock is not None
        while not self._stop.wait(RETRY):
            now = self.clock.now()
            if self._stream is not None and not self.failed and not self._stalled(now):
                continue
            self.error = self.error or "stalled"
            self._closing = True
            self._close_stream()
            self._closing = False
            try:
                self._open()
                self.reconnects += 1
            except Exception as exc:  # noqa: BLE001 - still gone: try again
                self.error = f"{type(exc).__name__}: {exc}"

    def stop(self) -> None:
        self._closing = True
        self._stop.set()
        if self._watchdog is not None:
            self._watchdog.join(timeout=5)
            self._watchdog = None
        self._close_stream()

    def describe(self) -> dict:
        return {"kind": "microphone", "name": self.name, "rate": RATE, "spec": self.name,
                "error": self.error, "overflows": self.overflows, "reconnects": self.reconnects,
                "test_signal": False}
