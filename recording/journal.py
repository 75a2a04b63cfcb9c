"""The journal: a JSON-lines file beside a recording in progress. Its header says what is being
recorded; each later line is an event (pause, resume, marker, gap, warning). A crash leaves it
behind, which is how unfinished recordings are found and how their manifest is rebuilt."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from recording.manifest import journal_path_for


class Journal:
    def __init__(self, mp4: str | Path, header: dict[str, Any]) -> None:
        self.path = journal_path_for(mp4)
        self._lock = threading.Lock()
        self._f = open(self.path, "x", encoding="utf-8")  # noqa: SIM115 - open for the whole recording
        self.events: list[dict[str, Any]] = []
        self.syncs = 0
        self._line({"type": "header", **header})
        self.sync()

    def _line(self, obj: dict[str, Any]) -> None:
        self._f.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self._f.flush()  # in the OS after each line: a killed process loses nothing

    def sync(self) -> None:
        """On the disk, with each fragment of the recording: a power cut loses at most that second."""
        with self._lock:
            if not self._f.closed:
                os.fsync(self._f.fileno())
                self.syncs += 1

    def add(self, event: dict[str, Any]) -> None:
        with self._lock:
            self.events.append(event)
            if not self._f.closed:
                self._line(event)

    def close(self, remove: bool) -> None:
        with self._lock:
            if not self._f.closed:
                self._f.close()
        if remove:
            self.path.unlink(missing_ok=True)


def read_journal(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(header, events); a torn last line (killed mid-write) is ignored."""
    header: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if obj.get("type") == "header" and not header:
            header = obj
        else:
            events.append(obj)
    return header, events
