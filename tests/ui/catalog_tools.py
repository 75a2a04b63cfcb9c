"""Finds every string the desktop marks for translation (``tr("…")``, ``self.tr("…")`` and ``N_("…")``)
in every package of ``ui/``, the printing dialogs and the dashboard included."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"


def marked_strings() -> dict[str, str]:
    """source string → first file that uses it."""
    found: dict[str, str] = {}
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and _marker(node.func) in ("tr", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, str(path.relative_to(UI)))
    return found


def _marker(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and func.attr == "tr":  # QObject.tr on a widget
        return "tr"
    return ""
