"""The decision letter's six sections, its outcome, live checks for empty sections and vague phrases."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import Outcome
from desktop.domain.letter_rules import LETTER_SECTIONS, find_vague_phrases
from desktop.domain.rules_config import Rules
from ui.errors import describe, field_problems
from ui.i18n import tr
from ui.widgets.forms import FieldNote, add_field
from ui.widgets.screen_fit import fit_to_screen
from ui.words import section_title, word


class LetterEditor(QDialog):
    keeps_input_over_lock = True  # hidden, not closed, by the lock: the typed words survive it

    save_requested = Signal(dict, object)  # sections, outcome

    def __init__(self, sections: dict[str, str], outcome: Outcome | None, rules: Rules, signed: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("处理意见书"))
        fit_to_screen(self, 900, 680)
        self.rules = rules
        outer = QVBoxLayout(self)
        info = QLabel(signed)
        info.setWordWrap(True)
        outer.addWidget(info)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        scroll.setWidget(body)
        form = QFormLayout(body)
        self.editors: dict[str, QPlainTextEdit] = {}
        self.notes: dict[str, FieldNote] = {}
        for key in LETTER_SECTIONS:
            e = QPlainTextEdit(sections.get(key, ""))
            e.setObjectName(f"section_{key}")
            e.setTabChangesFocus(True)
            e.setMinimumHeight(70)
            e.textChanged.connect(self.revalidate)
            self.editors[key] = e
            self.notes[key] = add_field(form, section_title(key), e)
        self.outcome = QComboBox()
        self.outcome.setObjectName("letter_outcome")
        self.outcome.addItem(tr("请选择"), None)
        for o in Outcome:
            self.outcome.addItem(word(o), o)
        if outcome is not None:
            self.outcome.setCurrentIndex(self.outcome.findData(outcome))
        self.notes["outcome"] = add_field(form, tr("处理结果"), self.outcome)
        outer.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        self.save_button = QPushButton(tr("保存草稿(&S)"))
        self.save_button.setObjectName("letter_save")
        close = QPushButton(tr("关闭"))
        row.addWidget(self.save_button)
        row.addWidget(close)
        outer.addLayout(row)
        self.save_button.clicked.connect(self._save)
        close.clicked.connect(self.reject)
        self.revalidate()

    def sections(self) -> dict[str, str]:
        return {k: e.toPlainText() for k, e in self.editors.items()}

    def revalidate(self) -> None:
        for key, e in self.editors.items():
            text = e.toPlainText()
            found = find_vague_phrases(text, self.rules.vague_phrases)
            if found:
                self.notes[key].show_problem(tr("不得使用模糊用语“{phrase}”").format(phrase=found[0][0]))
            elif not text.strip() and key != "remedies":
                self.notes[key].show_problem(tr("此部分不能为空"))
            else:
                self.notes[key].clear_note()

    def _save(self) -> None:
        self.save_button.setEnabled(False)
        self.message.setText(tr("正在保存…"))
        self.save_requested.emit(self.sections(), self.chosen_outcome())

    def chosen_outcome(self) -> Outcome | None:
        # An enum put in a QComboBox comes back from currentData() as a plain str: rebuild the enum.
        data = self.outcome.currentData()
        return Outcome(data) if data else None

    def saved(self, sections: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        remedies = sections.get("remedies", "")
        if remedies and not self.editors["remedies"].toPlainText().strip():
            self.editors["remedies"].setPlainText(remedies)
        self.message.setText(tr("草稿已保存。修改内容会使已有签字失效。"))

    def failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(describe(error))
        for key, text in field_problems(error).items():
            section = key.split(".", 1)[-1]
            if section in self.notes:
                self.notes[section].show_problem(text)
