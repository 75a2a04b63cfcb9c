"""The ``printing`` package loads its parts when first used: the signature pad (on the GUI thread) needs
``printing.signature`` only, and must not pull ReportLab, pyHanko and every renderer in with it (that
import froze the window for ~250 ms at start)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> list[str]:
    probe = (f"{code}\nimport sys\n"
             "print(' '.join(m for m in ('reportlab', 'pyhanko', 'printing.documents.forms', 'printing.pades') "
             "if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120,
                         check=True)
    return out.stdout.split()


def test_the_signature_module_alone_loads_no_renderer() -> None:
    assert _loaded_after("import printing.signature") == []


def test_the_signature_pad_loads_no_renderer() -> None:
    assert _loaded_after("import ui\nimport ui.printing.signature_pad") == []


def test_every_name_the_package_offers_is_still_there() -> None:
    import printing

    for name in printing.__all__:
        assert getattr(printing, name) is not None, name
    assert "render_registration_form" in dir(printing)
    with pytest.raises(AttributeError):
        _ = printing.no_such_name  # type: ignore[attr-defined]
