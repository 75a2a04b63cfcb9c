"""A PulseAudio source by its name (``pulse:vmic``), read through ``parec``.

PortAudio sees PulseAudio only as ALSA's "pulse"/"default" devices, so a named source such as a
remapped virtual microphone cannot be chosen there. ``parec`` records exactly the named source;
a reader thread only copies its output into the ring. When the sound server goes away ``parec``
ends; it is started again every ``RETRY`` seconds, so sound comes back within about a second of
the server's return while the session logs the gap.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading

import numpy as np

from recording.clock import Clock
from recording.microphones import RATE, RingBuffer

RETRY = 0.25
CHUNK = 480  # samples per read: 10 ms


def pulse_sources(timeout: float = 5.0) -> list[tuple[str, str]]:
    """(name, description) of every PulseAudio source, [] without a reachable server."""
    if not shutil.which("pactl"):
        return []
    try:
        out = subprocess.run(["pactl", "list", "short", "sources"], capture_output=True, text=True,
                             timeout=timeout, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1]:
            found.append((parts[1], " ".join(p for p in parts[3:4] if p)))
    return found


class PulseMicrophone:
    test_signal = False

    def __init__(self, source: str, env: dict[str, str] | None = None) -> None:
        self.source = source
        self.name = f"pulse:{source}"
        self.env = env
        self.ring = RingBuffer()
        self.clock: Clock | None = None
        self.error: str | None = None
        self.reconnects = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def _command(self) -> list[str]:
        return ["parec", f"--device={self.source}", f"--rate={RATE}", "--channels=1", "--format=float32le",
                "--raw", "--latency-msec=20"]

    def start(self, clock: Clock) -> None:
        if self._thread is not None:
            return
        if not shutil.which("parec"):
            raise OSError("parec not found (pulseaudio-utils)")
        self.clock = clock
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"mic-{self.name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self.clock is not None
        env = {**os.environ, **(self.env or {})}
        first = True
        while not self._stop.is_set():
            if not first:
                self.reconnects += 1
            first = False
            try:
                self._proc = subprocess.Popen(self._command(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                              env=env)
            except OSError as exc:
                self.error = f"{type(exc).__name__}: {exc}"
                self._stop.wait(RETRY)
                continue
            self._read(self._proc)
            self._proc.wait()
            if not self._stop.is_set():
                self.error = f"parec ended ({self._proc.returncode})"
                self._stop.wait(RETRY)

    def _read(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None and self.clock is not None
        want = CHUNK * 4
        pending = b""
        while not self._stop.is_set():
            data = proc.stdout.read1(want) if hasattr(proc.stdout, "read1") else proc.stdout.read(want)
            if not data:
                return
            pending += data
            whole = len(pending) // 4 * 4
            if whole:
                self.ring.write(np.frombuffer(pending[:whole], "<f4").astype(np.float32), self.clock.now())
                pending = pending[whole:]
                self.error = None

    def stop(self) -> None:
        self._stop.set()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._proc is not None:
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
            self._proc = None

    def describe(self) -> dict:
        return {"kind": "microphone", "name": self.name, "rate": RATE, "spec": self.name, "error": self.error,
                "reconnects": self.reconnects, "test_signal": False}
