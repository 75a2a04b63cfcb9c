"""Start-up: the application object, language, database, first-start setup or sign-in, main window."""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.logs import setup_logging
from desktop.services import users
from desktop.services.context import AppContext
from desktop.services.office import load_profile
from desktop.services.permissions import Actor
from ui.errors import describe
from ui.failures import install_crash_handler
from ui.i18n import install_language, store_language, stored_language, tr
from ui.qt_types import TypeWarmUp
from ui.tasks import TaskRunner
from ui.warm_up import WarmUp, load_before_the_login, while_signing_in

log = logging.getLogger(__name__)
FONT_FAMILIES = ["Microsoft YaHei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "SimSun", "sans-serif"]


def parse_args(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="reception", add_help=False)
    parser.add_argument("--db", default=None)
    parser.add_argument("--lang", choices=["zh", "en"], default=None)
    known, _ = parser.parse_known_args(args)
    return known


def make_application(argv: list[str] | None = None) -> QApplication:
    # Every Qt callback into Python (a model's data() is called ~2,000 times per repaint) must take the GIL;
    # with the default 5 ms switch interval a worker building the next ledger page makes the window wait.
    sys.setswitchinterval(0.0005)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("ReceptionRoom")
    app.setOrganizationName("ReceptionRoom")
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(10)
    app.setFont(font)
    return app  # type: ignore[return-value]


def first_start_needed(runner: TaskRunner) -> bool:
    with runner.ctx.db.read() as session:
        return users.count_staff(session) == 0


def office_name(runner: TaskRunner) -> tuple[str, int]:
    with runner.ctx.db.read() as session:
        profile = load_profile(session)
        return profile.display_name, runner.ctx.rules(session).idle_lock_minutes


def sign_in(runner: TaskRunner) -> tuple[Actor | None, WarmUp | None]:
    """The setup dialog on an empty database, else the login dialog (while it waits, the window's modules
    and the documents' engine load: ``ui.warm_up``); returns who signed in and the warm-up under way."""
    from ui.login import LoginDialog, SetupDialog

    if first_start_needed(runner):
        setup = SetupDialog(runner)
        return (setup.actor if setup.exec() == QDialog.DialogCode.Accepted else None), None
    name, _ = office_name(runner)
    load_before_the_login()
    login = LoginDialog(runner, name)
    loaded, warm = while_signing_in(runner)
    types = TypeWarmUp(loaded, login)
    signed_in = login.exec() == QDialog.DialogCode.Accepted
    types.stop()
    # The GUI thread imports nothing while the worker loads the window's modules: two threads importing
    # one package's modules in different orders can each be handed the other's half-made module.
    loaded.wait(30)
    warm.signed_in()
    if not signed_in:
        warm.stop()
        return None, None
    return login.actor, warm


def run_gui(args: list[str]) -> int:
    options = parse_args(args)
    setup_logging()
    app = make_application()
    crashes = install_crash_handler(app)
    lang = install_language(options.lang or stored_language())
    if options.lang:
        store_language(lang)
    try:
        ctx = AppContext.open(options.db)
    except Exception as error:  # noqa: BLE001 - shown to the clerk in words, never as a traceback
        log.exception("cannot open the database")
        QMessageBox.critical(None, tr("无法打开数据库"), describe(error))
        return 1
    runner = TaskRunner(ctx)
    try:
        actor, warm = sign_in(runner)
        if actor is None:
            return 0
        from ui.main_window import MainWindow

        name, idle = office_name(runner)
        window = MainWindow(runner, actor, name, idle, warm_up=warm)
        window.resize(1366, 768)
        window.showMaximized()
        return app.exec()
    finally:
        runner.shutdown()
        ctx.close()
        crashes.uninstall()
