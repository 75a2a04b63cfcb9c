"""A clerk's day at the desk, scripted with clicks and typing on a month of sample data, while a 5 ms
heartbeat on the GUI thread measures its worst stall (and in which step it fell): the sign-in typed into
the real login dialog, the intake through the wizard, the ledger's filters, a matter's page, the first
print preview, and the department head signing a letter at the next desk (the click on 签字 to the letter
shown beside the pad)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Stalls above this are listed with their step (``BENCH_STALLS=1`` prints them as they happen).
LISTED_STALL = 0.05


class Heartbeat:
    """A 5 ms timer on the GUI thread; its lateness is how long the event loop was kept from it."""

    def __init__(self, verbose: bool = False) -> None:
        from PySide6.QtCore import QTimer

        self.step = "start"
        self.worst: dict[str, float] = {}
        self.stalls: list[tuple[str, float]] = []
        self.verbose = verbose
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def enter(self, step: str) -> None:
        self.step = step

    def suspend(self) -> None:
        """Stops measuring while no window is on the screen (nothing there to be held)."""
        self.timer.stop()

    def resume(self, step: str) -> None:
        self.step = step
        self._last = time.perf_counter()
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        late = now - self._last - 0.005
        self._last = now
        if late > self.worst.get(self.step, 0.0):
            self.worst[self.step] = late
        if late > LISTED_STALL:
            self.stalls.append((self.step, late))
            if self.verbose:
                print(f"stall {late * 1000:.0f} ms in {self.step}", flush=True)

    def worst_overall(self) -> tuple[str, float]:
        return max(self.worst.items(), key=lambda kv: kv[1], default=("-", 0.0))


def spin(until: Callable[[], Any], timeout: float = 60.0) -> float:
    """Runs the real event loop until ``until()`` holds; returns the seconds it took."""
    from PySide6.QtCore import QEventLoop, QTimer

    t0 = time.perf_counter()
    if until():
        return 0.0
    loop = QEventLoop()
    end = time.monotonic() + timeout
    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(lambda: loop.quit() if until() or time.monotonic() > end else None)
    poll.start()
    loop.exec()
    poll.stop()
    if not until():
        raise TimeoutError(f"the desk did not get there in {timeout:.0f} s")
    return time.perf_counter() - t0


def pause(seconds: float) -> None:
    """A clerk's moment between actions (the event loop runs meanwhile)."""
    end = time.perf_counter() + seconds
    spin(lambda: time.perf_counter() >= end)


def click(button) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


KEY_GAP_S = 0.02  # between two keys: faster than any clerk, but each key is a turn of the event loop


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """ASCII key by key, the event loop running between keys as it does for a person (one keyClicks call
    would send all 18 digits of an ID number in a single turn); Chinese as an input method commits it
    (keyClicks with Chinese aborts)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    if text.isascii():
        for ch in text:
            QTest.keyClicks(widget, ch)
            pause(KEY_GAP_S)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@dataclass
class DayFigures:
    preview: float = 0.0
    signing: float | None = None
    quit: float = 0.0
    worst: tuple[str, float] = ("-", 0.0)
    stalls: list[tuple[str, float]] = field(default_factory=list)


def sign_in(runner, beat: Heartbeat, username: str, password: str, key_s: float):  # type: ignore[no-untyped-def]
    """The desk's real sign-in (``ui.app.sign_in``): the login dialog shown, the name and the password typed
    one key every ``key_s`` seconds while it waits (the window's modules and the documents' engine load
    meanwhile), then 登录 clicked. Returns what ``sign_in`` returns: who signed in and the warm-up."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from ui.app import sign_in as real_sign_in
    from ui.login import LoginDialog

    beat.suspend()  # until the login dialog shows (its time is the start figure's)
    keys = [("username", ch) for ch in username] + [("password", ch) for ch in password] + [("ok", "")]

    def next_key() -> None:
        login = next((w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()),
                     None)
        if login is None or not keys:
            return
        if not beat.timer.isActive():
            beat.resume("login: name and password typed")
        field, ch = keys.pop(0)
        if field == "ok":
            typist.stop()
            click(login.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
            return
        edit = getattr(login.form, field)
        if field == "username" and len(keys) == len(username) + len(password):
            edit.clear()
        edit.setFocus()
        QTest.keyClicks(edit, ch)

    typist = QTimer()
    typist.setInterval(round(key_s * 1000))
    typist.timeout.connect(next_key)
    typist.start()
    try:
        return real_sign_in(runner)
    finally:
        typist.stop()


def intake(window, runner, beat: Heartbeat) -> str:  # type: ignore[no-untyped-def]
    """A first-time visitor registered, interviewed (no recording: the reason typed), classified and
    assigned, by typing and clicking through the wizard."""
    from desktop.domain.enums import Category, RegulationType

    beat.enter("intake: open the wizard")
    window.new_action.trigger()  # 工作 → 新登记
    wizard = window.wizard
    spin(runner.is_idle)
    beat.enter("intake: registration")
    reg = wizard.registration
    type_text(reg.id_number, "110105199003070025")
    type_text(reg.name, "张三")
    type_text(reg.phone, "13800138000")
    type_text(reg.village, "东风村")
    type_text(reg.summary, "土地承包款未发放")
    type_text(reg.demands, "要求发放承包款")
    spin(lambda: reg.history.history is not None and wizard.next_button.isEnabled())
    click(wizard.next_button)
    spin(lambda: wizard.current_step() == 1 and runner.is_idle())
    beat.enter("intake: interview")
    page = wizard.interview
    spin(lambda: page.colleague.count() > 1)
    page.colleague.setCurrentIndex(1)
    type_text(page.notes_edit, "当事人陈述承包款拖欠情况")
    click(page.confirm)
    type_text(page.no_recording, "设备检修")
    spin(wizard.next_button.isEnabled)
    click(wizard.next_button)
    spin(lambda: wizard.current_step() == 2 and runner.is_idle())
    beat.enter("intake: classification")
    cls = wizard.classify
    for combo, value in ((cls.reg_type, RegulationType.SUGGESTION), (cls.category, Category.LIVELIHOOD),
                         (cls.risk, "green"), (cls.complexity, "simple")):
        combo.setCurrentIndex(combo.findData(value))
    spin(lambda: wizard.next_button.isEnabled() and runner.is_idle())
    click(wizard.next_button)
    spin(lambda: wizard.current_step() == 3 and runner.is_idle())
    beat.enter("intake: assignment")
    spin(wizard.assign.is_complete)
    case = wizard.case_number
    click(wizard.next_button)
    spin(lambda: window.wizard is None and case in window.matter_pages)
    beat.enter("intake: the new matter's page")
    page = window.matter_pages[case]
    spin(lambda: page.view is not None and runner.is_idle())
    return str(case)


def ledger_filters(window, runner, beat: Heartbeat) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    ledger = window.ledger
    window.tabs.setCurrentWidget(ledger)
    beat.enter("ledger: search typed")
    for text in ("东风", "低保"):
        ledger.search.clear()
        type_text(ledger.search, text)
        QTest.keyClick(ledger.search, Qt.Key.Key_Return)  # applied at once
        spin(runner.is_idle)
        pause(0.1)
    ledger.search.clear()
    beat.enter("ledger: filters chosen")
    for combo in (ledger.status, ledger.category, ledger.alert):
        combo.setCurrentIndex(1)
        spin(runner.is_idle)
        combo.setCurrentIndex(0)
        spin(runner.is_idle)
    for check in (ledger.overdue, ledger.due_week, ledger.open_only):
        click(check)
        spin(runner.is_idle)
        click(check)
        spin(runner.is_idle)
    beat.enter("ledger: scrolled")
    bar = ledger.table.verticalScrollBar()
    for _ in range(5):
        bar.setValue(bar.maximum())
        pause(0.05)
        spin(runner.is_idle)


def matter_and_preview(window, runner, beat: Heartbeat, case: str) -> float:  # type: ignore[no-untyped-def]
    """Opens the matter from the ledger and its registration form's preview; returns the preview's
    time from the click to the pages shown."""
    beat.enter("matter page: opened")
    page = window.open_matter(case)
    spin(lambda: page.view is not None and runner.is_idle())
    docs = page.documents
    page.sections.setCurrentWidget(docs)
    spin(lambda: bool(docs.docs))
    pause(0.1)
    beat.enter("preview: clicked")
    docs.select("registration_form")
    t0 = time.perf_counter()
    click(docs.open_button)
    spin(lambda: docs.preview is not None and docs.preview.preview.is_loaded())
    took = time.perf_counter() - t0
    beat.enter("preview: shown")
    pause(0.3)
    docs.preview.close()
    spin(runner.is_idle)
    return took


def signing(desk, runner, beat: Heartbeat, case: str) -> float:  # type: ignore[no-untyped-def]
    """The department head, at the next desk, opens the matter and clicks 签字; returns the time from the
    click to the letter shown beside the pad."""
    beat.enter("signing: the head's matter page")
    page = desk.open_matter(case)
    try:
        spin(lambda: page.view is not None and "sign_dept_head" in page.buttons and runner.is_idle())
    except TimeoutError as error:
        raise TimeoutError(f"{error}: {case} loaded {page.view is not None}, actions {sorted(page.buttons)}, "
                           f"idle {runner.is_idle()}, header {page.header.text()!r}") from None
    pause(0.1)
    beat.enter("signing: clicked")
    t0 = time.perf_counter()
    click(page.buttons["sign_dept_head"])
    spin(lambda: page.sign_dialog is not None and page.sign_dialog.preview.is_loaded())
    took = time.perf_counter() - t0
    beat.enter("signing: letter shown")
    pause(0.3)
    page.sign_dialog.close()
    spin(runner.is_idle)
    return took
