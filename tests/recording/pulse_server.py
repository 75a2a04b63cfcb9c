"""A private PulseAudio server for one test: its own socket, a null sink whose monitor is a source that
always delivers, and the power to kill it and start it again (an audio server lost mid-recording)
without touching the shared server other tests use."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path


class PulseServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "native"
        self.env = {"PULSE_SERVER": f"unix:{self.socket}"}
        self.proc: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return all(shutil.which(t) for t in ("pulseaudio", "pactl", "parec", "paplay"))

    def start(self, timeout: float = 15.0) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.socket.unlink(missing_ok=True)
        env = {**os.environ, "XDG_RUNTIME_DIR": str(self.folder), "HOME": str(self.folder)}
        env.pop("PULSE_SERVER", None)
        self.proc = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--disable-shm=yes",
             "-L", f"module-native-protocol-unix socket={self.socket} auth-anonymous=1",
             "-L", "module-null-sink sink_name=vsink rate=48000",
             "-L", "module-always-sink"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # ready when it answers, not after a guessed delay
            if self.socket.exists() and self.pactl("info").returncode == 0:
                self.pactl("set-default-source", "vsink.monitor")
                return
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("private PulseAudio server did not start")

    def pactl(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["pactl", *args], env={**os.environ, **self.env}, capture_output=True, timeout=10)

    def play(self, wav: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(["paplay", "-d", "vsink", str(wav)], env={**os.environ, **self.env},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None
