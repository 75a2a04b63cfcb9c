"""Every string the desktop marks for translation has English words, and the catalog holds no stale ones."""

from __future__ import annotations

import json
import string
from pathlib import Path

from tests.ui.catalog_tools import UI, marked_strings


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_catalog_covers_every_marked_string() -> None:
    catalog = json.loads((UI / "translations" / "en.json").read_text(encoding="utf-8"))
    marked = marked_strings()
    missing = {s: where for s, where in marked.items() if s not in catalog}
    assert not missing, f"untranslated: {missing}"
    stale = set(catalog) - set(marked)
    assert not stale, f"no longer used: {sorted(stale)}"
    for source, english in catalog.items():
        assert _fields(source) == _fields(english), source


def test_english_is_served_through_qt(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop.domain.enums import MatterStatus
    from ui.i18n import install_language, tr
    from ui.words import word

    try:
        install_language("en")
        assert tr("台账") == "Ledger"
        assert word(MatterStatus.PENDING_APPROVAL) == "Awaiting approval"
    finally:
        install_language("zh")
    assert tr("台账") == "台账"
    assert Path(UI).is_dir()


def test_qt_own_dialogs_follow_the_language(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.i18n import install_language

    def words() -> tuple[str, str]:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        return (box.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", ""),
                box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", ""))

    try:
        install_language("zh")
        ok, cancel = words()
        assert ok == "确定" and cancel.startswith("取消")
        install_language("en")
        assert words() == ("OK", "Cancel")
    finally:
        install_language("zh")
