"""Finds every string the desktop marks for translation (``tr("…")`` and ``N_("…")``)."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
OTHER_LANES = ("printing",)  # ui/recording and ui/dashboard are translated with the desk


def marked_strings() -> dict[str, str]:
    """source string → first file that uses it."""
    found: dict[str, str] = {}
    for path in sorted(UI.rglob("*.py")):
        if any(part in OTHER_LANES for part in path.relative_to(UI).parts[:-1]):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, str(path.relative_to(UI)))
    return found
