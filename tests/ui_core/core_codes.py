"""Every error code the core can raise, found in its source: the first argument of a call to a
``DomainError`` subclass, and each subclass's own ``code``; and the codes of problems built by name
(``problem("…")``-style helpers are calls to ValidationError too)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ("desktop", "recording", "printing")


def _error_classes(trees: dict[Path, ast.Module]) -> dict[str, str | None]:
    """class name → its own ``code`` (None when it sets none), for DomainError and every subclass."""
    found: dict[str, str | None] = {"DomainError": "domain_error"}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef) or node.name in found:
                    continue
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                if bases & set(found):
                    code = None
                    for item in node.body:
                        if (isinstance(item, ast.Assign) and any(getattr(t, "id", "") == "code" for t in item.targets)
                                and isinstance(item.value, ast.Constant)):
                            code = item.value.value
                    found[node.name] = code
                    grew = True
    return found


def core_error_codes() -> dict[str, list[str]]:
    """code → the files that raise it."""
    trees = {}
    for package in CORE:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            trees[path] = ast.parse(path.read_text(encoding="utf-8"))
    classes = _error_classes(trees)
    codes: dict[str, list[str]] = {}
    for name, code in classes.items():
        if code:
            codes.setdefault(code, []).append(f"class {name}")
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in classes and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                codes.setdefault(node.args[0].value, []).append(str(path.relative_to(ROOT)))
    return codes
