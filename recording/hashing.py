"""A write-only file that hashes every byte as it is written, so sealing needs no re-read.

It declares itself non-seekable, which makes FFmpeg's fragmented-MP4 muxer write strictly
forward. The muxer writes each fragment whole, so the writer calls ``checkpoint`` after every
fragment: the bytes go to the disk (fsync) and the hash state is remembered there. A disk that
fills up mid-fragment is not an error for the muxer (later bytes are discarded and ``disk_full``
is set); closing then cuts the file back to the last checkpoint, so what is sealed ends on a
complete fragment and decodes to its end.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
from pathlib import Path

BLOCK = 4 * 1024 * 1024  # per-block hashes let verification say where a file was altered
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class HashingFile(io.RawIOBase):
    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._f = open(self.path, "xb", buffering=0)  # noqa: SIM115 - lives as long as the writer; "x": never overwrite
        self._sha = hashlib.sha256()
        self._block = hashlib.sha256()
        self._block_fill = 0
        self.blocks: list[str] = []
        self.size = 0
        self.syncs = 0
        self.disk_full = False
        self._mark = (0, self._sha.copy(), self._block.copy(), 0, 0)

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
        if self.disk_full:
            return n  # discarded: the file is cut back to the last checkpoint on close
        written = 0
        try:
            while written < n:
                written += self._f.write(data[written:])
        except OSError as exc:
            if exc.errno not in _FULL:
                raise
            self.disk_full = True
            return n
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
        return n

    def checkpoint(self) -> bool:
        """After a complete fragment: on the disk now (a power cut loses at most what follows)."""
        if self.disk_full or self._f.closed or self.size == self._mark[0]:
            return False
        os.fsync(self._f.fileno())
        self.syncs += 1
        self._mark = (self.size, self._sha.copy(), self._block.copy(), self._block_fill, len(self.blocks))
        return True

    def _rollback(self) -> None:
        size, sha, block, fill, nblocks = self._mark
        self._f.truncate(size)
        self.size, self._sha, self._block, self._block_fill = size, sha.copy(), block.copy(), fill
        del self.blocks[nblocks:]

    def flush(self) -> None:
        if not self._f.closed:
            self._f.flush()

    def close(self) -> None:
        if not self._f.closed:
            if self.disk_full:
                self._rollback()
            os.fsync(self._f.fileno())
            self.syncs += 1
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
