"""The main window: what each role sees, the language switch, the idle lock, the first start."""

from __future__ import annotations

from tests.ui.conftest import wait_idle


def _window(qtbot, runner, actor, desk, idle_minutes: int = 10):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow(runner, actor, "东镇信访接待室", idle_minutes, today=desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    wait_idle(qtbot, runner)
    return w


def _tab_titles(w) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.tabs.tabText(i) for i in range(w.tabs.count())]


def test_each_role_sees_its_own_pages(qtbot, runner, team, desk) -> None:
    admin = _window(qtbot, runner, team.admin, desk)
    clerk = _window(qtbot, runner, team.clerk, desk)
    approver = _window(qtbot, runner, team.approver, desk)
    assert "设置" in _tab_titles(admin) and "设置" not in _tab_titles(clerk)
    assert hasattr(clerk, "new_action") and not hasattr(approver, "new_action")
    assert "统计" in _tab_titles(clerk)


def test_language_switch_rebuilds_in_english_and_is_remembered(qtbot, runner, team, desk) -> None:
    from ui.i18n import install_language, stored_language

    w = _window(qtbot, runner, team.clerk, desk)
    assert _tab_titles(w)[0] == "台账"
    wizard = w.new_intake()
    qtbot.keyClicks(wizard.registration.id_number, "110105199003070025")
    w.set_language("en")
    wait_idle(qtbot, runner)
    try:
        assert _tab_titles(w)[0] == "Ledger"
        assert w.ledger.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "Number"
        assert stored_language() == "en"
        assert w.wizard is not None and w.wizard.registration.id_number.text() == "110105199003070025"
        assert "female" in w.wizard.registration.notes["id_number"].text()
    finally:
        w.set_language("zh")
        wait_idle(qtbot, runner)
        install_language("zh")
    assert _tab_titles(w)[0] == "台账" and stored_language() == "zh"


def test_idle_lock_hides_personal_data_until_signed_in(qtbot, runner, team, desk) -> None:
    from tests.desktop.conftest import PASSWORD

    w = _window(qtbot, runner, team.clerk, desk)
    with qtbot.waitSignal(w.window_locked, timeout=3000):
        w.idle.set_interval_ms(50)
    assert w.is_locked() and not w.content.isVisible() and not w.reminders.isVisible()
    form = w.lock_screen.form
    qtbot.keyClicks(form.password, "wrong-password")
    form.submit()
    qtbot.waitUntil(lambda: bool(form.message.text()), timeout=5000)
    assert w.is_locked()
    with qtbot.waitSignal(w.window_unlocked, timeout=5000):
        qtbot.keyClicks(form.password, PASSWORD)
        form.submit()
    assert not w.is_locked() and w.content.isVisible()
    # another user signing in gets a window rebuilt for their own roles
    w.lock()
    form.username.setText("admin")
    with qtbot.waitSignal(w.window_unlocked, timeout=5000):
        qtbot.keyClicks(form.password, PASSWORD)
        form.submit()
    wait_idle(qtbot, runner)
    assert w.actor.username == "admin" and "设置" in _tab_titles(w)


def test_first_start_setup_creates_the_administrator(qtbot, runner, desk) -> None:
    from desktop.services import users
    from desktop.services.office import load_profile
    from tests.ui.typing_helpers import type_chinese
    from ui.app import first_start_needed
    from ui.login import SetupDialog

    assert first_start_needed(runner)
    d = SetupDialog(runner)
    qtbot.addWidget(d)
    d.show()
    type_chinese(d.township, "东镇")
    type_chinese(d.display_name, "王管理")
    d.submit()
    assert d.notes["office.issuing_organ"].problem  # the organ its documents print is asked, never assumed
    type_chinese(d.identity["office.issuing_organ"], "东镇人民政府")
    type_chinese(d.identity["office.organ_code"], "东")
    type_chinese(d.identity["office.review_body"], "西县人民政府")
    qtbot.keyClicks(d.identity["office.phone"], "0371-66881234")
    qtbot.keyClicks(d.password, "short")
    d.submit()
    assert d.notes["password"].problem
    d.password.clear()
    qtbot.keyClicks(d.password, "long-enough-1")
    qtbot.keyClicks(d.confirm, "long-enough-1")
    with qtbot.waitSignal(d.accepted, timeout=5000):
        d.submit()
    assert d.actor is not None and d.actor.username == "admin"
    assert not first_start_needed(runner)
    with desk.db.read() as s:
        profile = load_profile(s)
        assert profile.display_name == "东镇信访接待室"
        assert (profile.issuing_organ, profile.document_code, profile.review_body) == ("东镇人民政府", "东信访",
                                                                                     "西县人民政府")
        assert users.count_staff(s) == 1
