"""H.264 + AAC in fragmented MP4 through PyAV, written through a ``HashingFile``.

Fragments start at each keyframe and a keyframe is forced every second. The muxer writes a
fragment whole, so whenever the file has grown after a packet a fragment is complete: it is
synced to the disk then (``on_fragment`` lets the recorder sync its journal with it), and a
power cut loses at most the second or so since.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import av
import cv2
import numpy as np

from desktop.domain.errors import DomainError
from recording.hashing import HashingFile
from recording.microphones import RATE

MOVFLAGS = "frag_keyframe+empty_moov+default_base_moof"
AAC_FRAME = 1024
PRIMING = 1024


class DiskFull(DomainError):
    """The disk filled up while writing: the file ends at its last complete fragment."""

    code = "disk_full"


class MediaWriter:
    def __init__(self, path: str | Path, width: int, height: int, fps: int, *,
                 preset: str = "veryfast", crf: int = 23, audio_bitrate: int = 96_000,
                 title: str = "", on_fragment: Callable[[], None] | None = None) -> None:
        self.on_fragment = on_fragment
        self.file = HashingFile(path)
        self.container = av.open(self.file, mode="w", format="mp4", options={"movflags": MOVFLAGS})
        if title:
            self.container.metadata["title"] = title
        self.fps = fps
        self.video = self.container.add_stream(
            "libx264", rate=fps,
            options={"preset": preset, "crf": str(crf), "g": str(fps), "keyint_min": str(fps),
                     "sc_threshold": "0", "bf": "0", "forced-idr": "1"})
        self.video.width, self.video.height, self.video.pix_fmt = width, height, "yuv420p"
        self.audio = self.container.add_stream("aac", rate=RATE, layout="mono")
        self.audio.codec_context.bit_rate = audio_bitrate
        self._pending = np.zeros(0, np.float32)
        # AAC starts with 1024 priming samples and fragmented MP4 has no edit list to hide them.
        # Frames are stamped 1024 late (so no packet gets a negative time, which would make the
        # muxer shift every later packet) and the first 1024 input samples are dropped, so each
        # decoded sample lands exactly at the instant it was recorded for.
        self._skip = PRIMING
        self._closing = False
        self._key_second = 0
        self.video_frames = 0
        self.audio_samples = 0  # samples handed to the encoder (pts of the next one)
        self.samples_in = 0  # samples the recorder placed on the timeline

    def write_video(self, bgr: np.ndarray, pts: int | None = None) -> None:
        """One frame at tick ``pts`` (default: the next); a skipped tick holds the previous picture."""
        # OpenCV's SIMD conversion is ~3x faster than swscale's bgr24 path done inside encode().
        yuv = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420)
        frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        frame.pts = self.video_frames if pts is None else pts
        if frame.pts // self.fps > self._key_second:
            # A keyframe, so a fragment (and a sync), every second of media even when ticks are skipped.
            self._key_second = frame.pts // self.fps
            frame.pict_type = av.video.frame.PictureType.I
        self.video_frames = frame.pts + 1
        for packet in self.video.encode(frame):
            self.container.mux(packet)
        self._after_mux()

    def _after_mux(self) -> None:
        if self.file.disk_full:
            if self._closing:
                return
            raise DiskFull(path=str(self.file.path))
        if self.file.checkpoint() and self.on_fragment is not None:
            self.on_fragment()

    def write_audio(self, samples: np.ndarray) -> None:
        """Mono float32 samples, appended after everything written so far."""
        if len(samples) == 0:
            return
        self.samples_in += len(samples)
        if self._skip:
            cut = min(self._skip, len(samples))
            self._skip -= cut
            samples = samples[cut:]
        buf = np.concatenate([self._pending, samples.astype(np.float32, copy=False)])
        full = len(buf) // AAC_FRAME * AAC_FRAME
        for i in range(0, full, AAC_FRAME):
            self._encode_audio(buf[i:i + AAC_FRAME])
        self._pending = buf[full:]

    def _encode_audio(self, chunk: np.ndarray) -> None:
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk[None, :]), format="fltp", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self.audio_samples + PRIMING
        self.audio_samples += len(chunk)
        for packet in self.audio.encode(frame):
            self.container.mux(packet)
        self._after_mux()

    @property
    def samples_written(self) -> int:
        return self.samples_in

    def close(self) -> tuple[str, int, list[str]]:
        """Flush both encoders, close the file, return its (sha256, size, block hashes).

        After a full disk the file is cut back to its last complete fragment."""
        self._closing = True
        if len(self._pending):  # AAC wants whole frames: pad the tail with silence
            tail = np.zeros(AAC_FRAME, np.float32)
            tail[:len(self._pending)] = self._pending
            self._encode_audio(tail)
            self._pending = np.zeros(0, np.float32)
        for packet in self.video.encode():
            self.container.mux(packet)
        for packet in self.audio.encode():
            self.container.mux(packet)
        self.container.close()
        self.file.close()
        return self.file.digest()
