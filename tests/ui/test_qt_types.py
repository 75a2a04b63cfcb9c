"""The Qt types are made while the login dialog waits, not inside the main window's construction."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _made(desk, home, mode: str) -> int:  # type: ignore[no-untyped-def]
    env = dict(os.environ, PYTHONPATH=str(ROOT), RECEPTION_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, str(ROOT / "tests/ui/types_child.py"), desk.db.url, str(home), mode],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    line = next((x for x in out.stdout.splitlines() if x.startswith("ENUMS_MADE")), None)
    assert line is not None, out.stderr[-3000:]
    return int(line.split()[1])


def test_the_window_makes_no_qt_types_after_the_warm_up(team, desk, home) -> None:
    cold = _made(desk, home, "cold")
    assert cold > 50  # without the warm-up the window's construction makes them (about 160)
    assert _made(desk, home, "warm") == 0
