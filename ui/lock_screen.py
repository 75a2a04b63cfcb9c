"""What a locked window shows instead of personal data: the office's name and a sign-in form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.login import SignInForm
from ui.tasks import TaskRunner


class LockScreen(QWidget):
    def __init__(self, runner: TaskRunner, office: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        title = QLabel(tr("{office}\n已锁定").format(office=office))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        outer.addWidget(title)
        row = QHBoxLayout()
        row.addStretch(1)
        self.form = SignInForm(runner)
        self.form.setMaximumWidth(420)
        row.addWidget(self.form)
        row.addStretch(1)
        outer.addLayout(row)
        self.button = QPushButton(tr("解锁"))
        self.button.setMaximumWidth(200)
        self.button.clicked.connect(self.form.submit)
        outer.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
