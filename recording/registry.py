"""Recordings in progress, registered in one folder of the installation wherever their file is.

A recording written outside the home's recordings folder (``reception record --out /elsewhere``)
would otherwise never be found by recovery after a crash: each running recording leaves a small
pointer file here (synced before the first frame), removed once it is sealed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def pointer_path(registry: Path, mp4: Path) -> Path:
    digest = hashlib.sha256(str(mp4.resolve()).encode("utf-8")).hexdigest()[:24]
    return registry / f"{digest}.json"


def register(registry: Path, mp4: Path) -> Path:
    registry.mkdir(parents=True, exist_ok=True)
    path = pointer_path(registry, mp4)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"path": str(mp4.resolve())}, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def unregister(registry: Path, mp4: Path) -> None:
    pointer_path(registry, mp4).unlink(missing_ok=True)


def registered(registry: Path) -> list[Path]:
    """The recordings pointed to (whether or not still unfinished)."""
    if not registry.is_dir():
        return []
    found: list[Path] = []
    for p in sorted(registry.glob("*.json")):
        try:
            found.append(Path(json.loads(p.read_text(encoding="utf-8"))["path"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found
