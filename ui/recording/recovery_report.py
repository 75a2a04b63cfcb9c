"""The start-up report of recordings a crash left unfinished, in plain words: which matter, how long,
and what became of it (the main window's ``recover_recordings`` repaired, sealed and registered them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.i18n import tr


def _clock(seconds: float) -> str:
    s = int(round(seconds or 0))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def recovery_line(entry: dict[str, Any]) -> str:
    case = entry.get("case_number") or tr("（未关联事项）")
    if entry.get("ok"):
        return tr("事项 {case}：录像 {length}，已修复并封存（中断后恢复）").format(
            case=case, length=_clock(float(entry.get("seconds") or 0)))
    return tr("事项 {case}：录像无法修复，原文件已保留（{file}）").format(
        case=case, file=Path(str(entry.get("original") or entry.get("path") or "")).name)


def recovery_text(found: list[dict[str, Any]]) -> str:
    lines = [tr("上次程序意外中断时，有 {n} 段录像尚未结束。").format(n=len(found))]
    lines += ["· " + recovery_line(e) for e in found]
    lines.append(tr("恢复的录像已登记到对应事项，并记入审计日志。"))
    return "\n".join(lines)


def show_recovery_report(parent: QWidget, found: list[dict[str, Any]]) -> QMessageBox:
    """Not modal: the clerk reads it while the desk keeps working."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("录像恢复"), recovery_text(found), QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("recovery_report")
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box
