"""A real input device through ``sounddevice`` (PortAudio): 48 kHz mono, the callback copies."""

from __future__ import annotations

import numpy as np

from recording.clock import Clock
from recording.microphones import RATE, RingBuffer


class SoundDeviceMicrophone:
    """Open it (``start``) before the clerk presses Record: the first input stream of a process
    can start up to ~2 s late (PLATFORM.md); the session places audio by sample count anyway."""

    def __init__(self, device: int | str | None = None, blocksize: int = 480) -> None:
        self.device = device
        self.name = "default" if device is None else str(device)
        self.blocksize = blocksize
        self.ring = RingBuffer()
        self._stream = None
        self.clock: Clock | None = None
        self.error: str | None = None
        self.overflows = 0

    @property
    def failed(self) -> bool:
        return self.error is not None or (self._stream is not None and not self._stream.active)

    def _callback(self, indata: np.ndarray, frames: int, time_info, status) -> None:
        # Only copy and stamp: no logging, no locks, no allocation beyond the slice.
        if status.input_overflow:
            self.overflows += 1
        self.ring.write(indata[:, 0], self._now())

    def _finished(self) -> None:
        if self.error is None and self._stream is not None and not self._closing:
            self.error = "stream finished"

    def start(self, clock: Clock) -> None:
        import sounddevice as sd

        if self._stream is not None:
            return
        self.clock = clock
        self._now = clock.now
        self._closing = False
        self._stream = sd.InputStream(device=self.device, samplerate=RATE, channels=1, dtype="float32",
                                      blocksize=self.blocksize, callback=self._callback,
                                      finished_callback=self._finished)
        self._stream.start()

    def stop(self) -> None:
        self._closing = True
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            finally:
                self._stream = None

    def describe(self) -> dict:
        return {"kind": "microphone", "name": self.name, "rate": RATE, "spec": self.name,
                "error": self.error, "overflows": self.overflows}
