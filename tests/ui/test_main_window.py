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
        assert [lab.text() for lab in w.wizard.step_labels][0] == "1. Register"  # the steps speak English too
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


def test_language_switch_keeps_open_matters_and_the_reminders_readable(qtbot, runner, team, desk) -> None:
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    from desktop.services import handling
    from tests.ui_core.flows import assigned, submitted
    from ui.i18n import install_language

    late = assigned(desk, team, name="黄晓明")
    with desk.db.session() as s:  # overdue: due long before today
        from desktop.services.intake import matter_by_number

        matter = matter_by_number(s, late)
        matter.handling_due = desk.today().replace(year=desk.today().year - 1)
    from tests.desktop.helpers import resident_id

    other = submitted(desk, team, name="欧阳娜娜", id_number=resident_id("32010219850612003"))
    del handling
    w = _window(qtbot, runner, team.clerk, desk)
    w.open_matter(late)
    w.open_matter(other)
    w.tabs.setCurrentWidget(w.matter_pages[late])
    wait_idle(qtbot, runner)
    try:
        w.set_language("en")
        wait_idle(qtbot, runner)
        assert _tab_titles(w)[-2:] == [late, other]  # the open matters survive the switch
        assert w.tabs.currentWidget() is w.matter_pages[late]
        qtbot.waitUntil(lambda: w.matter_pages[late].view is not None, timeout=5000)
        assert w.reminders_dock.isVisible() and w.reminders_dock.width() >= 200
        tree = w.reminders.tree
        qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0, timeout=5000)
        tree.expandAll()
        names = []
        it = QTreeWidgetItemIterator(tree)
        while it.value():
            item = it.value()
            if item.parent() is not None:
                rect = tree.visualItemRect(item)
                first_line = item.text(0).splitlines()[0]
                # the whole name fits in the room the row has (never "黄…")
                assert tree.fontMetrics().horizontalAdvance(first_line) <= rect.width(), (first_line, rect)
                assert rect.height() >= 2 * tree.fontMetrics().height() - 2
                names.append(first_line)
            it += 1
        assert "黄晓明" in names
    finally:
        w.set_language("zh")
        wait_idle(qtbot, runner)
        install_language("zh")


def test_overdue_days_read_the_same_in_ledger_and_reminders(qtbot, runner, team, desk) -> None:
    from datetime import timedelta

    from desktop.services.intake import matter_by_number
    from tests.ui_core.flows import assigned

    case = assigned(desk, team)
    with desk.db.session() as s:
        matter_by_number(s, case).handling_due = desk.today() - timedelta(days=13)
    w = _window(qtbot, runner, team.clerk, desk)
    qtbot.waitUntil(lambda: w.reminders.tree.topLevelItemCount() > 0, timeout=5000)
    model = w.ledger.model
    from ui.ledger.model import COL_DUE

    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == case)
    in_ledger = model.data(model.index(row, COL_DUE))
    top = w.reminders.tree.topLevelItem(0)
    in_reminders = top.child(0).text(0)
    assert "超期 13 日" in in_ledger and "超期 13 日（" in in_reminders and "个工作日）" in in_reminders
def test_first_start_on_a_new_installation_makes_the_keys(qtbot, qapp, home, clock) -> None:  # type: ignore[no-untyped-def]
    """The window's first start is its `reception init`: the keys are made there, and only there."""
    from desktop.security.keyfile import KeyKind, KeyStore
    from desktop.services.context import AppContext
    from tests.ui.typing_helpers import type_chinese
    from ui.login import SetupDialog
    from ui.tasks import TaskRunner

    keys = KeyStore(home / "keys")
    ctx = AppContext.open(f"sqlite:///{home / 'new.sqlite3'}", keys=keys, clock=clock)
    runner = TaskRunner(ctx)
    try:
        assert not any(keys.exists(k) for k in KeyKind)
        d = SetupDialog(runner)
        qtbot.addWidget(d)
        d.show()
        type_chinese(d.township, "东镇")
        type_chinese(d.identity["office.issuing_organ"], "东镇人民政府")  # the office's identity is asked too
        type_chinese(d.identity["office.organ_code"], "东")
        type_chinese(d.identity["office.review_body"], "西县人民政府")
        qtbot.keyClicks(d.identity["office.phone"], "0371-66881234")
        qtbot.keyClicks(d.password, "long-enough-1")
        qtbot.keyClicks(d.confirm, "long-enough-1")
        with qtbot.waitSignal(d.accepted, timeout=5000):
            d.buttons.button(d.buttons.StandardButton.Ok).click()
        assert all(keys.exists(k) for k in KeyKind) and keys.anchor_path.exists()
    finally:
        assert runner.shutdown(20000)
        ctx.close()
    reopened = AppContext.open(f"sqlite:///{home / 'new.sqlite3'}", keys=keys, clock=clock)
    assert reopened.initialised
    reopened.close()
