"""Shared fixtures of the recording tests: a signing key, a fast session config, generated media."""

from __future__ import annotations

import wave
from pathlib import Path

import cv2
import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from recording.session import SessionConfig


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


@pytest.fixture
def config() -> SessionConfig:
    return SessionConfig(case_number="JX-2026-0042", interviewers=("张三", "李四"), office="青山镇信访接待室",
                         width=320, height=180, preset="ultrafast", expected_seconds=5,
                         min_free_bytes=1, warn_free_bytes=1)


def make_clip(path: Path, seconds: float = 2.0, fps: int = 25, size: tuple[int, int] = (320, 240),
              flash_frames: tuple[int, ...] = ()) -> Path:
    """An MJPEG .avi (OpenCV can write it without H.264): a counter bar, white at flash_frames."""
    w, h = size
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (w, h))
    assert out.isOpened()
    for i in range(int(seconds * fps)):
        img = np.full((h, w, 3), 60, np.uint8)
        img[:, : (i * 7) % w] = (0, 128, 255)
        if i in flash_frames:
            img[:] = 255
        out.write(img)
    out.release()
    return path


def make_wav(path: Path, samples: np.ndarray, rate: int = 48_000) -> Path:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    return make_clip(tmp_path / "clip.avi")


@pytest.fixture
def clip_factory():
    return make_clip


@pytest.fixture
def wav_factory():
    return make_wav
