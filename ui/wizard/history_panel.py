"""Beside the registration form: the petitioner's earlier matters, visits in the window and the
黄/红 banner with its reason, as soon as the ID number is valid."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from desktop.domain.enums import AlertLevel
from desktop.services.petitioners import History
from ui.i18n import tr
from ui.words import word

BANNER_STYLE = {
    AlertLevel.RED: "background: #c62828; color: white; padding: 8px; font-weight: bold;",
    AlertLevel.YELLOW: "background: #f9c74f; color: black; padding: 8px; font-weight: bold;",
}


class HistoryPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 0, 0, 0)
        title = QLabel(tr("来访人历史"))
        title.setStyleSheet("font-weight: bold;")
        box.addWidget(title)
        self.banner = QLabel()
        self.banner.setObjectName("alert_banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        box.addWidget(self.banner)
        self.key_person = QLabel()  # the prevention register's notice: this is a key person
        self.key_person.setObjectName("key_person_banner")
        self.key_person.setWordWrap(True)
        self.key_person.setStyleSheet("background: #6a1b9a; color: white; padding: 8px; font-weight: bold;")
        self.key_person.hide()
        box.addWidget(self.key_person)
        self.summary = QLabel(tr("输入有效的身份证号后显示"))
        self.summary.setObjectName("history_summary")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("history_list")
        box.addWidget(self.list, 1)
        self.history: History | None = None
        self.setMinimumWidth(260)

    def clear(self) -> None:
        self.history = None
        self.banner.hide()
        self.key_person.hide()
        self.list.clear()
        self.summary.setText(tr("输入有效的身份证号后显示"))

    def show_history(self, h: History) -> None:
        self.history = h
        self.list.clear()
        count = h.visits_in_window + 1
        if not h.known:
            self.summary.setText(tr("首次来访，没有以往记录。"))
        else:
            self.summary.setText(tr("{name}：以往事项 {m} 件；近 {days} 日来访 {v} 次（不含本次）。").format(
                name=h.name, m=len(h.matters), days=h.window_days, v=h.visits_in_window))
        for m in h.matters:
            text = f"{m.case_number}  {m.registered_on.isoformat()}  {word(m.status)}"
            if m.summary:
                text += f"\n{m.summary[:40]}"
            elif m.restricted:
                text += "\n" + tr("（检举控告类，内容不显示）")
            self.list.addItem(text)
        notice = h.key_person
        if notice is not None:
            text = tr("重点人员：请告知一对一责任人 {cadre}").format(cadre=notice.cadre or "—")
            if notice.reason:
                text += "\n" + notice.reason
            self.key_person.setText(text)
            self.key_person.show()
        else:
            self.key_person.hide()
        level = h.level_if_registered
        if level in BANNER_STYLE:
            self.banner.setStyleSheet(BANNER_STYLE[level])
            self.banner.setText(tr("{level}色预警：近 {days} 日内第 {n} 次来访（含本次）").format(
                level=word(level), days=h.window_days, n=count))
            self.banner.show()
        else:
            self.banner.hide()
