"""Measuring a finished recording by decoding it: what the self-test and the tests report.

The A/V offset is found from a source that flashes white and beeps at the same instants: the
first white frame of each flash against the onset of each beep.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from recording.microphones import RATE


@dataclass
class Decoded:
    video_times: np.ndarray  # seconds, per frame
    video_luma: np.ndarray  # mean luma per frame (0..255)
    audio: np.ndarray  # mono float32 at RATE, placed from its first pts
    frames: int
    torn: bool  # decoding stopped at an InvalidDataError (a torn end)


def decode(path: str | Path, luma_step: int = 8,
           region: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)) -> Decoded:
    """Decode everything; luma is averaged over ``region`` = (x, y, w, h) as fractions."""
    times, luma, chunks = [], [], []
    audio_start = None
    torn = False
    with av.open(str(path)) as c:
        try:
            for frame in c.decode(*c.streams):
                if isinstance(frame, av.VideoFrame):
                    y = frame.to_ndarray(format="gray")
                    h, w = y.shape
                    rx, ry, rw, rh = region
                    y = y[int(ry * h):int((ry + rh) * h), int(rx * w):int((rx + rw) * w)]
                    times.append(float(frame.time))
                    luma.append(float(y[::luma_step, ::luma_step].mean()))
                else:
                    if audio_start is None:
                        audio_start = float(frame.time or 0.0)
                    a = frame.to_ndarray()
                    chunks.append(a.mean(axis=0) if a.ndim == 2 else a)
        except av.error.InvalidDataError:
            torn = True
    audio = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    if audio_start and audio_start > 0:
        audio = np.concatenate([np.zeros(round(audio_start * RATE), np.float32), audio])
    order = np.argsort(times)
    return Decoded(np.array(times)[order], np.array(luma)[order], audio, len(times), torn)


def flash_times(d: Decoded, threshold: float | None = None) -> list[float]:
    """Frames clearly brighter than usual (midway between the median and the brightest)."""
    if not len(d.video_luma):
        return []
    med, top = float(np.median(d.video_luma)), float(d.video_luma.max())
    if threshold is None:
        if top - med < 40:
            return []
        threshold = (med + top) / 2
    on = d.video_luma > threshold
    return [float(d.video_times[i]) for i in range(len(on)) if on[i] and (i == 0 or not on[i - 1])]


def beep_times(d: Decoded, threshold: float = 0.4, quiet: float = 0.3) -> list[float]:
    loud = np.flatnonzero(np.abs(d.audio) > threshold)
    out: list[float] = []
    last = -1e9
    for i in loud:
        t = i / RATE
        if t - last > quiet and (not out or t - out[-1] > quiet):
            out.append(t)
        last = t
    return out


def av_offsets(path: str | Path, region: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)) -> list[float]:
    """Video-minus-audio offset (s) for each flash that has a beep within 0.5 s. With two
    cameras pass the first one's ``region`` (their frames are not taken at the same instants)."""
    d = decode(path, region=region)
    beeps = beep_times(d)
    offsets = []
    for f in flash_times(d):
        if beeps:
            b = min(beeps, key=lambda x: abs(x - f))
            if abs(b - f) < 0.5:
                offsets.append(float(f - b))
    return offsets
