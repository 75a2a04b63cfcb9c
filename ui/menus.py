"""The main window's menu bar: 工作, 视图, 语言 — only the actions the signed-in user may take."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.services.permissions import Permission
from ui.i18n import current_language, tr

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    work = window.menuBar().addMenu(tr("工作(&W)"))
    if window.actor.can(Permission.REGISTER):
        new = QAction(tr("新登记(&N)"), window)
        new.setShortcut(QKeySequence("Ctrl+N"))
        new.triggered.connect(window.new_intake)
        work.addAction(new)
        window.new_action = new
    refresh = QAction(tr("刷新(&R)"), window)
    refresh.setShortcut(QKeySequence("F5"))
    refresh.triggered.connect(window.refresh)
    work.addAction(refresh)
    search = QAction(tr("搜索台账(&F)"), window)
    search.setShortcut(QKeySequence("Ctrl+F"))
    search.triggered.connect(window._focus_search)
    work.addAction(search)
    if window.actor.can(Permission.INTERVIEW):
        devices = QAction(tr("录像设备设置(&D)…"), window)
        devices.triggered.connect(window.choose_devices)
        work.addAction(devices)
        window.devices_action = devices
    lock = QAction(tr("锁定(&L)"), window)
    lock.setShortcut(QKeySequence("Ctrl+L"))
    lock.triggered.connect(window.lock)
    work.addAction(lock)
    work.addSeparator()
    quit_ = QAction(tr("退出(&Q)"), window)
    quit_.triggered.connect(window.close)
    work.addAction(quit_)
    view = window.menuBar().addMenu(tr("视图(&V)"))
    toggle = window.reminders_dock.toggleViewAction()
    toggle.setText(tr("提醒面板(&T)"))
    toggle.setShortcut(QKeySequence("F9"))
    view.addAction(toggle)
    lang = window.menuBar().addMenu(tr("语言(&G)"))
    window.language_actions: dict[str, QAction] = {}
    for code, label in (("zh", "中文"), ("en", "English")):
        act = QAction(label, window)
        act.setCheckable(True)
        act.setChecked(current_language() == code)
        act.triggered.connect(lambda _c=False, c=code: window.set_language(c))
        lang.addAction(act)
        window.language_actions[code] = act
    help_ = window.menuBar().addMenu(tr("帮助(&H)"))
    check = QAction(tr("本机自检(&C)…"), window)
    check.triggered.connect(lambda: open_self_check(window))
    help_.addAction(check)
    window.self_check_action = check


def open_self_check(window: MainWindow) -> None:
    """帮助 → 自检: database, keys, devices, disk, fonts, printer, calendar, time zone (desktop/selfcheck)."""
    from ui.selfcheck_dialog import SelfCheckDialog

    dialog = SelfCheckDialog(window.runner, window.runner.ctx.db.url, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
