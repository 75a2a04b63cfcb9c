"""Every refusal code the key-case core raises has words in Chinese and English, in the CLI and the window."""

from __future__ import annotations

import ast
from pathlib import Path

from desktop.cli.messages import MESSAGES

CORE = Path(__file__).resolve().parents[2] / "desktop" / "keycases"


def _codes() -> set[str]:
    codes = set()
    for path in CORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("ValidationError", "NotFound", "PermissionDenied")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                codes.add(node.args[0].value)
    return codes


def test_every_code_has_cli_and_window_words() -> None:
    from ui.errors import MESSAGES as WINDOW

    codes = _codes()
    assert {"task_force_too_small", "panel_below_quorum", "draw_exists"} <= codes
    missing_cli = sorted(c for c in codes if c not in MESSAGES or not all(MESSAGES[c]))
    missing_window = sorted(c for c in codes if c not in WINDOW)
    assert not missing_cli and not missing_window, (missing_cli, missing_window)
