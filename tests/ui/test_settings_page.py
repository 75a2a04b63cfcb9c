"""Settings: each change goes through the services (validated and audited)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.domain.enums import Category, Role
from desktop.services import ui_support, users
from tests.ui.conftest import wait_idle


def _rules_row(page, key: str) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    t = page.rules_table
    return next(r for r in range(t.rowCount()) if t.item(r, 1).data(Qt.ItemDataRole.UserRole) == key)


def test_admin_changes_limits_departments_routes_and_staff(qtbot, runner, team, desk) -> None:
    from ui.settings.page import SettingsPage

    page = SettingsPage(runner, team.admin)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, runner)
    row = _rules_row(page, "deadline.simple_limit")
    assert page.rules_table.item(row, 1).text() == "15 日"
    assert page.rules_table.item(row, 0).text() == "简单事项办理时限"
    page.rules_table.item(row, 1).setText("20 日")
    wait_idle(qtbot, runner)
    assert "已保存" in page.message.text()
    with desk.db.read() as s:
        assert desk.rules(s).simple_limit.amount == 20
    page.rules_table.item(_rules_row(page, "warning.red_threshold"), 1).setText("abc")
    wait_idle(qtbot, runner)
    assert "未保存" in page.message.text()

    page.new_department.setText("VeteranStation")
    page.add_department()
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        dept = next(d for d in ui_support.departments(s) if d.name == "VeteranStation")
    page.save_route(Category.LIVELIHOOD, None, None, dept.id, "")
    page.add_staff("clerk3", "Clerk Three", "long-enough-1", [Role.CLERK])
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        assert any(r.department == "VeteranStation" for r in ui_support.routing_table(s))
        assert users.get_by_username(s, "clerk3").role_set == {Role.CLERK}
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {"settings.set", "department.add", "routing.set", "user.create"} <= actions


def test_settings_are_not_offered_to_a_clerk(qtbot, runner, team) -> None:  # type: ignore[no-untyped-def]
    from ui.settings.page import SettingsPage

    page = SettingsPage(runner, team.clerk)
    qtbot.addWidget(page)
    assert page.tabs.count() == 0
    wait_idle(qtbot, runner)


def test_settings_are_described_in_words_never_by_internal_key(qtbot, runner, team, desk) -> None:
    import re

    from ui.settings.page import SettingsPage

    page = SettingsPage(runner, team.admin)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, runner)
    t = page.rules_table
    cells = [t.item(r, c).text() for r in range(t.rowCount()) for c in range(t.columnCount())]
    assert t.rowCount() > 10
    assert not [c for c in cells if re.search(r"\b[a-z_]+\.[a-z_]+\b", c)], cells
    assert t.item(_rules_row(page, "deadline.simple_limit"), 2).text() == "默认 15 日；可设 1–366"


def test_settings_tell_the_administrator_which_document_fonts_are_stand_ins(qtbot, runner, team) -> None:  # type: ignore[no-untyped-def]
    from printing.fonts import font_report
    from ui.settings.page import SettingsPage

    page = SettingsPage(runner, team.admin)
    qtbot.addWidget(page)
    stand_ins = [u for u in font_report() if u.stand_in]
    assert stand_ins  # this machine has no 仿宋/小标宋/黑体 file
    notice = page.findChild(type(page.font_notice), "font_notice")
    for use in stand_ins:
        assert use.style in notice.text() and use.path in notice.text()
