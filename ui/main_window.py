"""The main window: the ledger, the intake wizard, matters' pages as tabs, the reminders panel,
statistics and settings for those entitled; locks itself after the idle time."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import CHINA_TZ
from desktop.services import drafts, petitioners
from desktop.services.permissions import Actor, Permission
from ui.failures import failure_notice
from ui.i18n import current_language, install_language, store_language, tr
from ui.idle import IdleWatcher
from ui.ledger.page import LedgerPage
from ui.lock_screen import LockScreen
from ui.menus import build_menus
from ui.reminders_panel import RemindersPanel
from ui.tasks import TaskRunner
from ui.warm_up import WarmUp
from ui.widgets.lazy_tab import LazyTab
from ui.wizard.wizard import IntakeWizard
from ui.words import word


def build_dashboard(runner: TaskRunner, actor: Actor) -> QWidget:
    """The statistics tab; a failure to build it is shown in its place and logged, never hidden."""
    try:
        from ui.dashboard import DashboardWidget

        # Its work runs through our one task helper (same pools, same shutdown).
        dash = DashboardWidget(runner.ctx, actor, runner)
    except Exception as error:  # noqa: BLE001 - a broken dashboard must not keep the clerk out of the ledger
        return failure_notice(tr("统计分析"), error)
    return dash


class MainWindow(QMainWindow):
    window_locked = Signal()
    window_unlocked = Signal(object)
    language_changed = Signal(str)
    matter_page_opened = Signal(str)
    start_up_finished = Signal()  # the work that follows the first rows is done (the warm-up included)

    def __init__(self, runner: TaskRunner, actor: Actor, office_name: str, idle_minutes: int = 10,
                 today: date | None = None, warm_up: WarmUp | None = None) -> None:
        super().__init__()
        # The documents' engine loads while the login dialog waits (ui.app.sign_in); without a login (tests,
        # another start) the window starts the same chain after its first rows.
        self.warm_up = warm_up if warm_up is not None else WarmUp(runner, parent=self)
        self.warm_up.finished.connect(self._warmed_up)
        self.runner, self.actor, self.office_name = runner, actor, office_name
        self.today = today or runner.ctx.today()
        self.setWindowTitle(tr("信访接待室 — {office}").format(office=office_name))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.lock_screen = LockScreen(runner, office_name)
        self.lock_screen.form.signed_in.connect(self._unlocked)
        self._hidden_dialogs: list[QDialog] = []
        self.idle = IdleWatcher(idle_minutes, self)
        self.idle.idle_timed_out.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.draft_banner: QWidget | None = None
        self.wizard: IntakeWizard | None = None
        self.matter_pages: dict[str, QWidget] = {}
        self.recovery_report: QMessageBox | None = None
        self._recovery_started = False
        self._closing = False
        self._build()

    # --- building (again on a language change or another user's sign-in) ---------------------
    def _build(self) -> None:
        self._seal_recording()
        while self.stack.count():
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            if w is not self.lock_screen:
                w.deleteLater()
        for dock in self.findChildren(QDockWidget):
            self.removeDockWidget(dock)
            dock.deleteLater()
        self.menuBar().clear()
        self.wizard = None
        self.matter_pages = {}
        self.content = QWidget()
        box = QVBoxLayout(self.content)
        box.setContentsMargins(4, 4, 4, 4)
        self.banner_holder = QVBoxLayout()
        box.addLayout(self.banner_holder)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("main_tabs")
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        box.addWidget(self.tabs, 1)
        self.ledger = LedgerPage(self.runner, self.actor, self.today)
        self.ledger.matter_opened.connect(self.open_matter)
        self.tabs.addTab(self.ledger, tr("台账"))
        self._unclosable(0)
        self.dashboard_holder: QWidget | None = None
        if self.actor.can(Permission.VIEW_STATISTICS):
            # Built when first shown: the charts (QtCharts, a year of statistics) would slow every start.
            self.dashboard_holder = QWidget()
            QVBoxLayout(self.dashboard_holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(self.dashboard_holder, tr("统计"))
            self._unclosable(self.tabs.count() - 1)
            self.tabs.currentChanged.connect(self._maybe_build_dashboard)
        # The pages below are built when first shown: building them at sign-in held the window.
        self.prevention_tab: LazyTab | None = None
        if any(self.actor.can(p) for p in (Permission.ENTER_SCREENING, Permission.HANDLE_SCREENING,
                                              Permission.VIEW_STATISTICS)):
            self.prevention_tab = self._lazy_tab(self._make_prevention, "prevention_tab", tr("矛盾排查"))
        from ui.keycases import wants_page

        self.keycases_tab: LazyTab | None = None
        if wants_page(self.actor):  # 包案、调解、评议团、黄红牌、随机回访
            self.keycases_tab = self._lazy_tab(self._make_keycases, "keycases_tab", tr("包案"))
        self.settings_tab: LazyTab | None = None
        if self.actor.can(Permission.MANAGE_SETTINGS) or self.actor.can(Permission.MANAGE_USERS):
            self.settings_tab = self._lazy_tab(self._make_settings, "settings_tab", tr("设置"))
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.lock_screen)
        self.stack.setCurrentWidget(self.content)

        self.reminders = RemindersPanel(self.runner, self.actor, self.today)
        self.reminders.matter_opened.connect(self.open_matter)
        dock = QDockWidget(tr("提醒"), self)
        dock.setObjectName("reminders_dock")
        dock.setWidget(self.reminders)
        # Narrow, and closable from its title bar or 视图 → 提醒 (F9): at 1366×768 the pages need the room.
        dock.setMinimumWidth(220)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [260 if self.width() < 1600 else 340], Qt.Orientation.Horizontal)
        self.reminders_dock = dock
        # The ledger's first rows come first; the reminders' and drafts' queries follow them.
        self._after_first_rows = True
        self.ledger.model.rows_loaded.connect(self._first_rows_shown)
        self._menus()
        self._show_who()

    def _lazy_tab(self, make: Any, name: str, title: str) -> LazyTab:
        tab = LazyTab(make, name)
        self.tabs.addTab(tab, title)
        self._unclosable(self.tabs.count() - 1)
        return tab

    def _make_prevention(self) -> QWidget:
        from ui.prevention import PreventionPage  # 矛盾排查: screening, key persons, 越级访, 三无村

        return PreventionPage(self.runner, self.actor, self.today)

    def _make_keycases(self) -> QWidget:
        from ui.keycases.page import KeyCasesPage

        return KeyCasesPage(self.runner, self.actor, self.today)

    def _make_settings(self) -> QWidget:
        from ui.settings.page import SettingsPage

        page = SettingsPage(self.runner, self.actor)
        page.setting_saved.connect(self._setting_saved)
        return page

    @property
    def prevention_page(self) -> QWidget | None:
        return self.prevention_tab.page() if self.prevention_tab is not None else None

    @property
    def keycases_page(self) -> QWidget | None:
        return self.keycases_tab.page() if self.keycases_tab is not None else None

    @property
    def settings_page(self) -> QWidget | None:
        return self.settings_tab.page() if self.settings_tab is not None else None

    def _show_who(self) -> None:
        roles = "、".join(word(r) for r in sorted(self.actor.roles))
        self.statusBar().showMessage(tr("{name}（{roles}） · {office} · 今天 {today}").format(
            name=self.actor.display_name, roles=roles, office=self.office_name, today=self.today.isoformat()))
        from ui.backup_status import BackupStatusLabel

        self.statusBar().addPermanentWidget(BackupStatusLabel(self.runner))

    def _setting_saved(self, key: str) -> None:
        """A changed idle time applies at once, not after a restart."""
        if key == "security.idle_lock_minutes":
            ctx = self.runner.ctx
            self.runner.read(lambda s: ctx.rules(s).idle_lock_minutes, self.idle.set_minutes, owner=self)

    def _first_rows_shown(self, _n: int) -> None:
        if self._after_first_rows:
            self._after_first_rows = False
            # The rows are painted now and start-up's other work follows (a queued paint could come after it).
            if self.ledger.table.isVisible():
                self.ledger.table.viewport().repaint()
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self._closing:
            return
        self.reminders.refresh()
        self.check_drafts()
        if not self._recovery_started:
            self._recovery_started = True
            self.recover_recordings()
            ctx = self.runner.ctx  # rows from before the ID tail index get theirs, once
            self.runner.write(lambda s: petitioners.fill_tail_indexes(ctx, s), owner=self)
            # Whatever of the documents' engine the login left (~1 s of imports) loads off the GUI thread
            # now, so opening the first matter or preview does not freeze the window.
            if self.warm_up.is_done():
                self.start_up_finished.emit()
            else:
                self.warm_up.start()

    def _warmed_up(self) -> None:
        if self._recovery_started:  # else the first rows' work, still to come, says start-up is over
            self.start_up_finished.emit()

    def _unclosable(self, index: int) -> None:
        bar = self.tabs.tabBar()
        for side in (bar.ButtonPosition.RightSide, bar.ButtonPosition.LeftSide):
            button = bar.tabButton(index, side)
            if button is not None:
                button.resize(0, 0)
                button.hide()

    def _menus(self) -> None:
        build_menus(self)

    def _build_language_menu_state(self) -> None:
        for code, act in self.language_actions.items():
            act.setChecked(current_language() == code)

    def _maybe_build_dashboard(self, _index: int) -> None:
        holder = self.dashboard_holder
        if holder is None or self.tabs.currentWidget() is not holder or holder.layout().count():
            return
        dash = build_dashboard(self.runner, self.actor)
        if hasattr(dash, "ledger_filter_requested"):
            dash.ledger_filter_requested.connect(self.show_in_ledger)
        holder.layout().addWidget(dash)

    def show_in_ledger(self, f) -> None:  # type: ignore[no-untyped-def]
        """A statistic's drill-down: the ledger shows exactly the matters behind it."""
        self.tabs.setCurrentWidget(self.ledger)
        self.ledger.model.set_filter(f)

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.ledger)
        self.ledger.search.setFocus()
        self.ledger.search.selectAll()

    def refresh(self) -> None:
        self.ledger.refresh()
        self.reminders.refresh()
        for page in self.matter_pages.values():
            reload = getattr(page, "reload", None)
            if callable(reload):
                reload()

    # --- intake and drafts -------------------------------------------------------------------
    def check_drafts(self) -> None:
        if not self.actor.can(Permission.REGISTER):
            return
        ctx, staff = self.runner.ctx, self.actor.id
        self.runner.read(lambda s: drafts.latest(ctx, s, staff), self._offer_draft, owner=self)

    def _offer_draft(self, draft: drafts.Draft | None) -> None:
        if draft is None or self.wizard is not None:
            return
        banner = QWidget()
        banner.setObjectName("draft_banner")
        banner.setStyleSheet("#draft_banner { background: #fff3cd; }")
        row = QHBoxLayout(banner)
        when = draft.updated_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
        reg = (draft.payload.get("pages") or [{}])[0] or {}
        who = reg.get("name") or tr("未填姓名")
        row.addWidget(QLabel(tr("有一份未完成的登记（{who}，保存于 {when}）。").format(who=who, when=when)), 1)
        resume = QPushButton(tr("继续登记"))
        resume.setObjectName("draft_resume")
        drop = QPushButton(tr("放弃草稿"))
        drop.setObjectName("draft_discard")
        row.addWidget(resume)
        row.addWidget(drop)
        resume.clicked.connect(lambda: self.resume_draft(draft))
        drop.clicked.connect(lambda: self._drop_draft(draft))
        self.banner_holder.addWidget(banner)
        self.draft_banner = banner

    def _remove_banner(self) -> None:
        if self.draft_banner is not None:
            self.draft_banner.deleteLater()
            self.draft_banner = None

    def _drop_draft(self, draft: drafts.Draft) -> None:
        if QMessageBox.question(self, tr("放弃草稿"), tr("放弃这份未完成的登记？已填写的内容将被删除。")) \
                != QMessageBox.StandardButton.Yes:
            return
        self._remove_banner()
        ctx, staff = self.runner.ctx, self.actor.id
        self.runner.write(lambda s: drafts.abandon(ctx, s, staff, draft.id))

    def new_intake(self) -> IntakeWizard:
        if self.wizard is not None:
            self.tabs.setCurrentWidget(self.wizard)
            return self.wizard
        wizard = IntakeWizard(self.runner, self.actor, self.today)
        wizard.intake_completed.connect(self._intake_done)
        wizard.intake_abandoned.connect(self._intake_closed)
        self.wizard = wizard
        self.tabs.addTab(wizard, tr("新登记"))
        self.tabs.setCurrentWidget(wizard)
        return wizard

    def resume_draft(self, draft: drafts.Draft) -> IntakeWizard:
        self._remove_banner()
        wizard = self.new_intake()
        wizard.restore(draft)
        return wizard

    def _intake_closed(self) -> None:
        self._seal_recording()
        if self.wizard is not None:
            self._remove_work_tab(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
        self.refresh()

    def _intake_done(self, case_number: str) -> None:
        self._intake_closed()
        # The matter's page in the next turn: closing the wizard and refreshing the ledger is one step's
        # work for the GUI thread, building the page another (together they held it ~60 ms).
        QTimer.singleShot(0, self, lambda: self._open_unless_closing(case_number))

    def _open_unless_closing(self, case_number: str) -> None:
        if not self._closing:
            self.open_matter(case_number)

    # --- matters -----------------------------------------------------------------------------
    def open_matter(self, case_number: str) -> QWidget:
        if case_number in self.matter_pages:
            page = self.matter_pages[case_number]
        else:
            from ui.matter.page import MatterPage

            page = MatterPage(self.runner, self.actor, case_number, self.today)
            page.matter_changed.connect(lambda _c: self.refresh())
            page.intake_continue_requested.connect(self.continue_intake)
            self.matter_pages[case_number] = page
            self.tabs.addTab(page, case_number)
        self.tabs.setCurrentWidget(page)
        self.matter_page_opened.emit(case_number)
        return page

    def continue_intake(self, case_number: str, step: int) -> IntakeWizard | None:
        """Opens the wizard at ``step`` for a matter whose intake stopped after 登记, 接谈 or 分类."""
        if self.wizard is not None:
            if self.wizard.case_number == case_number:
                self.tabs.setCurrentWidget(self.wizard)
                return self.wizard
            self.statusBar().showMessage(tr("请先完成或关闭正在进行的登记。"), 8000)
            self.tabs.setCurrentWidget(self.wizard)
            return None
        wizard = self.new_intake()
        wizard.restore(drafts.Draft(0, self.actor.id, {"step": step, "case_number": case_number, "pages": []},
                                    self.runner.ctx.now()))
        wizard.draft_id = None  # a new draft, written as the clerk types
        self.tabs.setTabText(self.tabs.indexOf(wizard), tr("继续登记 {case}").format(case=case_number))
        return wizard

    def _seal_recording(self) -> None:
        """A recording in progress is stopped, sealed and registered before its wizard goes. Sealing can take
        seconds (the encoder's last frames, the hashes), so the window says what it is waiting for."""
        if self.wizard is not None:
            if self.wizard.is_recording():
                self.statusBar().showMessage(tr("正在封存录像，请稍候…"))
                self.statusBar().repaint()  # painted now: the seal below holds the GUI thread
            self.wizard.shutdown_recording()

    # --- recordings a crash left unfinished -----------------------------------------------------
    def recover_recordings(self) -> None:
        """Repairs and seals them off the GUI thread (file work), registers and audits them through the
        one write path, then says what was found (never silently)."""
        from desktop import paths
        from desktop.services import recordings

        ctx = self.runner.ctx

        def register(reports: list) -> None:  # type: ignore[type-arg]
            if not reports:
                return
            self.runner.write(lambda s: [recordings.register_recovered(
                ctx, s, path=Path(r.path), original=Path(r.original),
                manifest_path=Path(r.manifest_path) if r.manifest_path else None, ok=r.ok, frames=r.frames,
                seconds=r.duration_seconds, problems=list(r.problems), empty=r.empty, torn_end=r.torn)
                for r in reports], self._recovered, owner=self)

        def repair() -> list:  # type: ignore[type-arg]
            # Imported here, on the worker: the recorder's modules (numpy, PyAV) would stall the window.
            from recording.recovery import find_unfinished, recover_all

            folder, registry = paths.recordings_dir(), recordings.in_progress_dir()
            if not find_unfinished(folder, registry):  # no key is needed (or asked for) when nothing is left
                return []
            return recover_all(folder, recordings.office_signing_key(ctx.keys), registry)

        self.runner.call(repair, register, owner=self)

    def _recovered(self, found: list[dict]) -> None:  # type: ignore[type-arg]
        if found:
            from ui.recording.recovery_report import show_recovery_report

            self.recovery_report = show_recovery_report(self, found)

    def choose_devices(self) -> None:
        if self.is_locked():
            return
        from ui.recording.device_store import choose_devices

        choose_devices(self, self.runner)

    def _close_tab(self, index: int) -> None:
        w = self.tabs.widget(index)
        if w is self.wizard:
            self.wizard.abandon()
            return
        for case, page in list(self.matter_pages.items()):
            if page is w:
                del self.matter_pages[case]
                self._remove_work_tab(w)
                w.deleteLater()

    def _remove_work_tab(self, w: QWidget) -> None:
        """Removes a matter's or the wizard's tab; if it was shown, the work tab to its left (else the
        ledger) is shown, never whichever page sits beside it: a 包案 or 设置 page would be built for
        nothing (and flash by on the way to the next matter)."""
        index = self.tabs.indexOf(w)
        if index == self.tabs.currentIndex():
            left = self.tabs.widget(index - 1)
            work = left is self.wizard or left in self.matter_pages.values()
            self.tabs.setCurrentWidget(left if work else self.ledger)
        self.tabs.removeTab(index)

    # --- lock --------------------------------------------------------------------------------
    def is_locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Hides every personal detail: the pages, the reminders and any open dialog."""
        if self.is_locked():
            return
        if self.wizard is not None:
            self.wizard.save_draft()
        # Every other window shows personal data or a live device: it is closed (a player ends its
        # viewing, the device test stops its camera). Only a form holding typed, unsaved words is
        # hidden instead, to come back after the same user signs in again.
        self._hidden_dialogs = []
        for w in QApplication.topLevelWidgets():
            if w is self or not w.isVisible():
                continue
            if getattr(w, "keeps_input_over_lock", False):
                w.hide()
                self._hidden_dialogs.append(w)
            elif isinstance(w, QDialog):
                w.reject()
            else:
                w.close()
        for dock in self.findChildren(QDockWidget):
            dock.hide()
        self.statusBar().clearMessage()  # nobody is named while locked
        # No menu item or shortcut works behind the lock (device test, new intake, search…).
        self._disabled_actions = [a for a in self.findChildren(QAction) if a.isEnabled()]
        for a in self._disabled_actions:
            a.setEnabled(False)
        self.lock_screen.form.username.setText(self.actor.username)
        self.stack.setCurrentWidget(self.lock_screen)
        self.lock_screen.form.password.setFocus()
        self.idle.pause()
        self.window_locked.emit()

    def _unlocked(self, actor: Actor) -> None:
        same = actor.id == self.actor.id
        self.actor = actor
        if same:
            self.stack.setCurrentWidget(self.content)
            for dock in self.findChildren(QDockWidget):
                dock.show()
            for d in self._hidden_dialogs:
                d.show()
            self._show_who()
        else:
            for d in self._hidden_dialogs:
                d.reject()
            self._build()
        self._hidden_dialogs = []
        for a in getattr(self, "_disabled_actions", []):
            if shiboken6.isValid(a):
                a.setEnabled(True)
        self._disabled_actions = []
        self.idle.resume()
        self.window_unlocked.emit(actor)

    # --- language ----------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switches at once: the pages are rebuilt in the new language, an intake in progress included
        (not during a recording: rebuilding would end it)."""
        if self.wizard is not None and self.wizard.is_recording():
            self.statusBar().showMessage(tr("录像进行中：停止录像后再切换语言。"), 8000)
            self._build_language_menu_state()
            return
        carried = None
        if self.wizard is not None:
            carried = drafts.Draft(self.wizard.draft_id or 0, self.actor.id, self.wizard.draft_payload(),
                                   self.runner.ctx.now())
        open_cases = list(self.matter_pages)
        current_case = next((c for c, p in self.matter_pages.items() if p is self.tabs.currentWidget()), None)
        on_wizard = self.wizard is not None and self.tabs.currentWidget() is self.wizard
        current = self.tabs.currentIndex()
        install_language(lang)
        store_language(lang)
        self.setWindowTitle(tr("信访接待室 — {office}").format(office=self.office_name))
        self._build()
        if carried is not None:
            wizard = self.resume_draft(carried)
            if not carried.id:
                wizard.draft_id = None
        for case in open_cases:  # the matters the user had open stay open, in the new language
            self.open_matter(case)
        if current_case is not None:
            self.tabs.setCurrentWidget(self.matter_pages[current_case])
        elif on_wizard and self.wizard is not None:
            self.tabs.setCurrentWidget(self.wizard)
        else:
            self.tabs.setCurrentIndex(min(current, self.tabs.count() - 1))
        self.language_changed.emit(lang)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self._closing = True
        self.warm_up.stop()
        self._seal_recording()
        if self.wizard is not None:
            self.wizard.save_draft()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        super().closeEvent(event)
