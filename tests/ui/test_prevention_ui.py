"""The prevention tab, clicked as a clerk, a leader and a grid worker would."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.domain.enums import Role
from desktop.prevention import escalations, key_persons, scope, screening
from desktop.prevention.enums import EscalationLevel, KeyPersonKind
from desktop.prevention.key_persons import KeyPersonInput
from desktop.prevention.screening import ScreeningInput
from desktop.services import users
from tests.desktop.conftest import PASSWORD
from tests.desktop.helpers import resident_id
from tests.ui.conftest import wait_idle
from tests.ui.typing_helpers import type_chinese


def _villages(desk, team) -> None:  # type: ignore[no-untyped-def]
    with desk.db.session() as s:
        for name in ("东村", "西村", "南村"):
            scope.add_village(desk, s, team.admin, name)


def _page(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.prevention import PreventionPage

    page = PreventionPage(runner, actor, desk.today())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    wait_idle(qtbot, runner)
    return page


def _tabs(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.tabText(i) for i in range(page.count())]


def test_clerk_adds_an_item_and_a_refusal_keeps_what_was_typed(qtbot, runner, team, desk) -> None:
    _villages(desk, team)
    page = _page(qtbot, runner, team.clerk, desk)
    assert "重点人员" not in _tabs(page)  # never a clerk's, by default
    sp = page.screening
    qtbot.mouseClick(sp.add, Qt.MouseButton.LeftButton)
    dialog = sp.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("村"))
    dialog.village.setCurrentIndex(dialog.village.findData("东村"))
    dialog.cause.setFocus()
    type_chinese(dialog.cause, "土地流转租金拖欠")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert dialog.isVisible() and "必填" in dialog.error.text()  # no reporter
    assert dialog.cause.toPlainText() == "土地流转租金拖欠"  # nothing lost
    type_chinese(dialog.reporter, "刘书记")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    assert sp.model.rowCount() == 1
    assert sp.model.data(sp.model.index(0, 4)) == "红" and "03-05 10:00" in sp.model.data(sp.model.index(0, 6))

    sp.table.selectRow(0)
    qtbot.mouseClick(sp.follow, Qt.MouseButton.LeftButton)
    type_chinese(sp.dialog.note, "镇长到场核实")
    qtbot.mouseClick(sp.dialog.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert sp.model.data(sp.model.index(0, 6)).endswith("✓")

    sp.table.selectRow(0)
    qtbot.mouseClick(sp.resolve, Qt.MouseButton.LeftButton)
    type_chinese(sp.dialog.note, "分期支付租金，双方签字")
    qtbot.mouseClick(sp.dialog.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert sp.model.data(sp.model.index(0, 5)) == "化解"
    qtbot.mouseClick(sp.open_only, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert sp.model.rowCount() == 0


def test_missing_reports_are_listed(qtbot, runner, team, desk) -> None:
    _villages(desk, team)
    with desk.db.session() as s:
        screening.add_item(desk, s, team.clerk, ScreeningInput("村", "李书记", "零报告", "", village="西村"))
        for v in ("东村", "南村"):
            screening.point_for(s, screening.ReporterKind.VILLAGE, scope.village_named(s, v).id, "", "")
    page = _page(qtbot, runner, team.clerk, desk)
    texts = [page.screening.missing.item(i).text() for i in range(page.screening.missing.count())]
    assert len(texts) == 2 and all("2025-03-05" in t for t in texts)
    assert not any("西村" in t for t in texts)


def test_grid_worker_sees_only_their_grid(qtbot, runner, team, desk) -> None:
    _villages(desk, team)
    with desk.db.session() as s:
        staff = users.create_staff(desk, s, team.admin, username="grid1", display_name="王网格", password=PASSWORD,
                                   roles=[Role.GRID_WORKER], department=None)
        s.flush()
        worker = users.actor_of(staff)
        scope.assign_area(desk, s, team.admin, "grid1", "东村", "一组")
        screening.add_item(desk, s, team.clerk, ScreeningInput("网格", "王网格", "邻里纠纷", "黄", village="东村",
                                                                grid="一组"))
        screening.add_item(desk, s, team.clerk, ScreeningInput("村", "李书记", "山林争议", "黄", village="西村"))
    page = _page(qtbot, runner, worker, desk)
    assert page.screening.model.rowCount() == 1 and page.screening.add.isEnabled()
    assert _tabs(page) == ["排查台账"]


def test_leader_sees_key_persons_escalations_and_the_village_grid(qtbot, runner, team, desk) -> None:
    _villages(desk, team)
    number = resident_id("11010519600101003")
    with desk.db.session() as s:
        key_persons.register(desk, s, team.approver, KeyPersonInput(
            id_number=number, name="老王", kind=KeyPersonKind.LONG_TERM, reason="征地补偿", since=date(2024, 1, 1),
            cadre_name="村主任", village="东村"))
    page = _page(qtbot, runner, team.approver, desk)
    assert "重点人员" in _tabs(page)
    kp = page.key_persons
    assert kp.model.rowCount() == 1 and kp.model.data(kp.model.index(0, 4)) == "征地补偿"
    kp.table.selectRow(0)
    qtbot.mouseClick(kp.contact, Qt.MouseButton.LeftButton)
    type_chinese(kp.dialog.note, "电话了解近况")
    qtbot.mouseClick(kp.dialog.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert kp.model.data(kp.model.index(0, 9)) == "2025-03-03"

    grid = page.villages
    assert all("三无" in t.text() and "未达" not in t.text() for t in grid.tiles.values())
    esc = page.escalations
    qtbot.mouseClick(esc.add, Qt.MouseButton.LeftButton)
    d = esc.dialog
    d.level.setCurrentIndex(d.level.findData(EscalationLevel.PROVINCE))
    qtbot.mouseClick(d.abnormal, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(d.id_number, number)
    d.village.setCurrentIndex(d.village.findData("东村"))
    qtbot.mouseClick(d.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert esc.table.rowCount() == 1 and esc.table.item(0, 4).text() == "老王"
    grid.refresh()
    wait_idle(qtbot, runner)
    assert "未达三无" in grid.tiles["东村"].text() and "#f8d7d4" in grid.tiles["东村"].styleSheet()
    assert "2/3" in grid.summary.text()


def test_main_window_has_the_prevention_tab(qtbot, runner, team, desk) -> None:
    from ui.main_window import MainWindow

    w = MainWindow(runner, team.clerk, "东镇信访接待室", 10, today=desk.today())
    qtbot.addWidget(w)
    w.show()
    wait_idle(qtbot, runner)
    titles = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert "矛盾排查" in titles
    assert not w.prevention_tab.is_built  # built when first shown, not at sign-in
    w.tabs.setCurrentWidget(w.prevention_tab)
    assert w.prevention_tab.is_built
    wait_idle(qtbot, runner)
    assert w.prevention_page.screening.status.text().startswith("共 0 条")


def test_history_panel_shows_a_key_person(qtbot, runner, team, desk) -> None:
    from ui.wizard.history_panel import HistoryPanel

    number = resident_id("11010519600101003")
    with desk.db.session() as s:
        key_persons.register(desk, s, team.approver, KeyPersonInput(
            id_number=number, name="老王", kind=KeyPersonKind.LONG_TERM, reason="征地补偿", since=date(2024, 1, 1),
            cadre_id=team.case_lead.id))
        h = escalations.petitioners.history(desk, s, team.clerk, number, desk.today(), desk.rules(s))
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_history(h)
    assert panel.key_person.isVisible() and "周包案" in panel.key_person.text()
    assert "征地" not in panel.key_person.text()  # the reason is not the clerk's to read


def test_leader_registers_a_key_person_and_an_item_becomes_a_matter(qtbot, runner, team, desk) -> None:
    from sqlalchemy import select

    from desktop.db.models import Matter

    _villages(desk, team)
    with desk.db.session() as s:
        screening.add_item(desk, s, team.clerk, ScreeningInput("村", "李书记", "拖欠工资", "红", village="西村"))
    page = _page(qtbot, runner, team.approver, desk)
    kp = page.key_persons
    qtbot.mouseClick(kp.add, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    d = kp.dialog
    qtbot.keyClicks(d.id_number, resident_id("11010519600101003"))
    type_chinese(d.name, "老王")
    type_chinese(d.reason, "征地补偿多次赴省")
    d.cadre.setCurrentIndex(d.cadre.findText("周包案"))
    d.village.setCurrentIndex(d.village.findData("东村"))
    qtbot.mouseClick(d.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert d.error.text() == ""
    assert kp.model.rowCount() == 1 and kp.model.data(kp.model.index(0, 5)) == "周包案"
    kp.table.selectRow(0)
    qtbot.mouseClick(kp.change, Qt.MouseButton.LeftButton)
    kp.dialog.choice.setCurrentIndex(2)  # 失控
    qtbot.mouseClick(kp.dialog.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert kp.model.data(kp.model.index(0, 8)) == "失控"

    # The approver cannot register matters: converting is the desk's (a clerk who may also handle items).
    sp = page.screening
    sp.table.selectRow(0)
    assert sp.follow.isEnabled() and not sp.convert.isEnabled()
    with desk.db.session() as s:
        staff = users.create_staff(desk, s, team.admin, username="desk2", display_name="钱接待", password=PASSWORD,
                                   roles=[Role.CLERK, Role.APPROVER], department=None)
        s.flush()
        both = users.actor_of(staff)
    page2 = _page(qtbot, runner, both, desk)
    sp2 = page2.screening
    sp2.table.selectRow(0)
    qtbot.mouseClick(sp2.convert, Qt.MouseButton.LeftButton)
    m = sp2.dialog
    assert m.summary.toPlainText() == "拖欠工资"
    type_chinese(m.name, "张三")
    qtbot.keyClicks(m.id_number, resident_id())
    qtbot.mouseClick(m.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    case = sp2.model.data(sp2.model.index(0, 7))
    assert case and sp2.model.data(sp2.model.index(0, 5)) == "转为信访事项"
    with desk.db.read() as s:
        assert s.scalar(select(Matter.case_number)) == case


def test_a_sensitive_period_steps_up_the_contacts(qtbot, runner, team, desk) -> None:
    _villages(desk, team)
    with desk.db.session() as s:
        key_persons.register(desk, s, team.approver, KeyPersonInput(
            id_number=resident_id("11010519600101003"), name="老王", kind=KeyPersonKind.LONG_TERM, reason="征地",
            since=date(2025, 2, 20), cadre_name="村主任", village="东村"))
    page = _page(qtbot, runner, team.approver, desk)
    kp = page.key_persons
    assert kp.model.data(kp.model.index(0, 10)) == "2025-03-22"
    qtbot.mouseClick(kp.periods, Qt.MouseButton.LeftButton)
    d = kp.dialog
    type_chinese(d.name, "两会")
    d.end.setDate(d.end.date().addDays(10))
    d.every.setValue(2)
    qtbot.mouseClick(d.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert kp.model.data(kp.model.index(0, 10)) == "2025-02-22 逾期"
    assert "两会" in kp.period.text()


def test_a_paper_report_keeps_the_day_it_was_made(qtbot, runner, team, desk) -> None:
    from PySide6.QtCore import QDate

    _villages(desk, team)
    page = _page(qtbot, runner, team.clerk, desk)
    sp = page.screening
    qtbot.mouseClick(sp.add, Qt.MouseButton.LeftButton)
    d = sp.dialog
    d.reported_on.setDate(QDate(2025, 2, 28))  # last Friday's sheet, typed in on Monday
    d.kind.setCurrentIndex(d.kind.findData("村"))
    d.village.setCurrentIndex(d.village.findData("南村"))
    type_chinese(d.reporter, "南村书记")
    type_chinese(d.cause, "宅基地纠纷")
    qtbot.mouseClick(d.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert sp.model.data(sp.model.index(0, 0)) == "2025-02-28"
    assert sp.model.data(sp.model.index(0, 6)) == "03-04 00:00"  # 48 working hours from Friday's start
    assert sp.model.rows[0].overdue is False
