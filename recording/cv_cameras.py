"""Real cameras through ``cv2.VideoCapture``: local devices, network URLs, and files played in
real time (a file stands in for a camera on machines without one)."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

from desktop.domain.errors import NotFound
from recording.cameras import ThreadedCamera

RECONNECT_SECONDS = 1.0


class FileCamera(ThreadedCamera):
    """``file:PATH``: frames at the file's own rate, looping. Each frame is stamped with its
    scheduled instant, so a file source is as steady as a real camera's sensor clock."""

    test_signal = True
    BEHIND = 0.2

    def __init__(self, path: str | Path, fps: float | None = None) -> None:
        super().__init__()
        self.path = str(path)
        self.name = f"file:{self.path}"
        self._fps_override = fps
        self.fps = 25.0
        self._cap: cv2.VideoCapture | None = None
        self._k = 0
        self._t0 = 0.0
        self.loops = 0
        self.skipped = 0  # frames passed over because decoding fell behind the schedule

    def _open(self) -> None:
        if not Path(self.path).is_file():
            raise FileNotFoundError(self.path)
        self._cap = cv2.VideoCapture(self.path)
        if not self._cap.isOpened():
            raise OSError(f"cannot open video file {self.path}")
        src_fps = self._cap.get(cv2.CAP_PROP_FPS) or 0
        self.fps = self._fps_override or (src_fps if 1 <= src_fps <= 120 else 25.0)
        assert self.clock is not None
        self._t0 = self.clock.now() if self.epoch is None else self.epoch
        self._k = 0

    def _produce(self) -> tuple[float, np.ndarray] | None:
        assert self._cap is not None and self.clock is not None
        ok, img = self._cap.read()
        if not ok:  # end of file: loop
            self.loops += 1
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, img = self._cap.read()
            if not ok:
                self._stop.wait(0.1)
                return None
        t = self._t0 + self._k / self.fps
        self._k += 1
        wait = t - self.clock.now()
        if wait > 0 and self._stop.wait(wait):
            return None
        if wait < -self.BEHIND:
            # Decoding fell behind the schedule (a busy machine): skip ahead as a camera's sensor would,
            # rather than deliver ever older pictures.
            skip = int(-wait * self.fps)
            for _ in range(skip):
                if not self._cap.grab():
                    break
            self._k += skip
            self.skipped += skip
        return t, img

    def _close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def describe(self) -> dict:
        return {**super().describe(), "spec": self.name, "fps": self.fps}


class CvCamera(ThreadedCamera):
    """A local camera (index or name) or a network camera URL.

    Frames are paced by their capture time: a source that reports a position (a network stream of a
    recorded clip, which OpenCV would otherwise read as fast as it can) is delivered no earlier than
    that position after its first frame and stamped with it; a live camera, whose reads block until
    the sensor delivers, is stamped when each read returns. A camera that stops delivering is
    reopened every second; the session meanwhile writes "信号中断" frames and logs the gap.
    """

    LATE = 0.5  # a source this far behind its own schedule is re-anchored rather than raced

    def __init__(self, source: int | str, name: str | None = None,
                 size: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.source = source
        self.name = name or str(source)
        self.want_size = size
        self._cap: cv2.VideoCapture | None = None
        self.reconnects = 0
        self._anchor: tuple[float, float] | None = None  # (clock, source position in s) of the first frame

    def _make(self) -> cv2.VideoCapture:
        if isinstance(self.source, int) and sys.platform == "win32":
            cap = cv2.VideoCapture(self.source, cv2.CAP_DSHOW)
        else:
            cap = cv2.VideoCapture(self.source)
        if self.want_size and cap.isOpened():
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.want_size[0])
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.want_size[1])
        return cap

    def _open(self) -> None:
        self._cap = self._make()
        if not self._cap.isOpened():
            raise NotFound("camera_not_found", spec=self.name)
        self._anchor = None

    def _produce(self) -> tuple[float, np.ndarray] | None:
        assert self.clock is not None
        if self._cap is None or not self._cap.isOpened():
            if self._stop.wait(RECONNECT_SECONDS):
                return None
            self._cap = self._make()
            self._anchor = None
            self.reconnects += 1
            return None
        ok, img = self._cap.read()
        if not ok or img is None:
            self.error = "read failed"
            self._cap.release()
            self._cap = None
            return None
        return self._paced(self._cap.get(cv2.CAP_PROP_POS_MSEC) / 1000.0), img

    def _paced(self, pos: float) -> float:
        """The frame's capture instant on the shared clock, waiting until it is due."""
        assert self.clock is not None
        now = self.clock.now()
        if not pos > 0:  # a live source without positions: its read blocked until the frame came
            return now
        if self._anchor is None or pos < self._anchor[1]:
            self._anchor = (now, pos)
            return now
        due = self._anchor[0] + (pos - self._anchor[1])
        if due < now - self.LATE:  # the source stalled or the machine was busy: do not race to catch up
            self._anchor = (now, pos)
            return now
        if due > now:
            self._stop.wait(due - now)
        return due

    def _close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def describe(self) -> dict:
        return {**super().describe(), "spec": self.name}
