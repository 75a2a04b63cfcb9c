"""A write-only file that hashes every byte as it is written, so sealing needs no re-read.

It declares itself non-seekable, which makes FFmpeg's fragmented-MP4 muxer write strictly
forward; if anything ever did write out of order the hash is marked unusable and the sealer
falls back to hashing the finished file (correct, just slower).
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

BLOCK = 4 * 1024 * 1024  # per-block hashes let verification say where a file was altered


class HashingFile(io.RawIOBase):
    def __init__(self, path: str | Path, sync_every: int = 1024 * 1024) -> None:
        super().__init__()
        self.path = Path(path)
        self._f = open(self.path, "xb", buffering=0)  # noqa: SIM115 - lives as long as the writer; "x": never overwrite
        self._sha = hashlib.sha256()
        self._block = hashlib.sha256()
        self._block_fill = 0
        self.blocks: list[str] = []
        self.size = 0
        self._sync_every = sync_every
        self._unsynced = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readable(self) -> bool:
        return False

    def tell(self) -> int:
        return self.size

    def write(self, b) -> int:
        data = memoryview(b).cast("B")
        n = len(data)
        written = 0
        while written < n:
            written += self._f.write(data[written:])
        self._sha.update(data)
        pos = 0
        while pos < n:
            take = min(n - pos, BLOCK - self._block_fill)
            self._block.update(data[pos:pos + take])
            self._block_fill += take
            pos += take
            if self._block_fill == BLOCK:
                self.blocks.append(self._block.hexdigest())
                self._block, self._block_fill = hashlib.sha256(), 0
        self.size += n
        self._unsynced += n
        if self._unsynced >= self._sync_every:
            # Put completed fragments on the platter: a power cut then loses at most ~1 s.
            os.fsync(self._f.fileno())
            self._unsynced = 0
        return n

    def flush(self) -> None:
        if not self._f.closed:
            self._f.flush()

    def close(self) -> None:
        if not self._f.closed:
            os.fsync(self._f.fileno())
            self._f.close()
        super().close()

    def digest(self) -> tuple[str, int, list[str]]:
        """(sha256 hex, size, block hashes incl. the last partial block)."""
        blocks = list(self.blocks)
        if self._block_fill:
            blocks.append(self._block.hexdigest())
        return self._sha.hexdigest(), self.size, blocks


def hash_file(path: str | Path, block: int = BLOCK) -> tuple[str, int, list[str]]:
    """The same digest as ``HashingFile`` computed by reading a finished file."""
    sha = hashlib.sha256()
    blocks: list[str] = []
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(block):
            sha.update(chunk)
            blocks.append(hashlib.sha256(chunk).hexdigest())
            size += len(chunk)
    return sha.hexdigest(), size, blocks
