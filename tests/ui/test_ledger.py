"""The ledger: lazy pages, filters, search, sorting, export masked unless entitled."""

from __future__ import annotations

import csv
from datetime import timedelta

from desktop.domain.enums import MatterStatus
from desktop.services import intake
from tests.desktop.helpers import registration, resident_id
from tests.ui.conftest import wait_idle
from tests.ui.typing_helpers import type_chinese
from tests.ui_core.flows import assigned


def _page(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.ledger.page import LedgerPage

    page = LedgerPage(runner, actor, desk.today())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    wait_idle(qtbot, runner)
    return page


def test_lazy_fetching_and_filters(qtbot, runner, team, desk) -> None:
    with desk.db.session() as s:
        for i in range(130):
            intake.register(desk, s, team.clerk, registration(
                id_number=resident_id(f"11010519900307{i:03d}") if i % 2 else "", summary=f"事项{i}号",
                channel=intake.Channel.LETTER if i % 2 == 0 else intake.Channel.VISIT))
    case = assigned(desk, team)
    page = _page(qtbot, runner, team.clerk, desk)
    model = page.model
    assert model.rowCount() == 100  # first page only
    assert page.count_label.text() == "共 131 件"
    while model.canFetchMore():
        model.fetchMore()
        wait_idle(qtbot, runner)
    assert model.rowCount() == 131

    page.status.setCurrentIndex(page.status.findData(MatterStatus.ASSIGNED))
    wait_idle(qtbot, runner)
    assert model.rowCount() == 1 and model.row_at(0).case_number == case
    assert "剩 15 日" in model.data(model.index(0, 7))

    page.status.setCurrentIndex(0)
    type_chinese(page.search, "事项")
    qtbot.keyClicks(page.search, "12")
    qtbot.waitUntil(lambda: model.rowCount() == 11, timeout=5000)  # 事项12 and 事项120..129
    page.search.clear()
    page.overdue.setChecked(True)
    wait_idle(qtbot, runner)
    assert model.rowCount() == 0
    page.overdue.setChecked(False)
    page.use_dates.setChecked(True)
    page.date_from.setDate(desk.today() + timedelta(days=1))
    wait_idle(qtbot, runner)
    assert model.rowCount() == 0


def test_sorting_is_done_by_sql(qtbot, runner, team, desk) -> None:
    from PySide6.QtCore import Qt

    with desk.db.session() as s:
        for name in ("王五", "张三", "李四"):
            intake.register(desk, s, team.clerk, registration(name=name, id_number="", channel=intake.Channel.LETTER))
    page = _page(qtbot, runner, team.clerk, desk)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    wait_idle(qtbot, runner)
    numbers = [page.model.row_at(i).case_number for i in range(3)]
    assert numbers == sorted(numbers)
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    wait_idle(qtbot, runner)
    assert [page.model.row_at(i).case_number for i in range(3)] == sorted(numbers, reverse=True)


def test_export_is_masked_for_a_clerk_and_audited(qtbot, runner, team, desk, tmp_path) -> None:
    from sqlalchemy import select

    from desktop.db.models import AuditEntry

    with desk.db.session() as s:
        intake.register(desk, s, team.clerk, registration())
    page = _page(qtbot, runner, team.clerk, desk)
    out = tmp_path / "ledger.csv"
    page.export_to(out, unmasked=False)
    wait_idle(qtbot, runner)
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][0] == "编号" and len(rows) == 2
    assert resident_id() not in out.read_text(encoding="utf-8-sig")
    assert "*" in rows[1][3]
    with desk.db.read() as s:
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.action == "ledger.export")) == "ledger.export"

    inspector = _page(qtbot, runner, team.inspector, desk)
    xlsx = tmp_path / "ledger.xlsx"
    inspector.export_to(xlsx, unmasked=True)
    wait_idle(qtbot, runner)
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet.cell(2, 4).value == resident_id()


def test_a_partial_id_number_finds_its_petitioner_through_the_tail_index(qtbot, runner, team, desk) -> None:
    from desktop.services import petitioners

    numbers = [resident_id(f"3201021985061{i:04d}") for i in range(40)]
    with desk.db.session() as s:
        for i, number in enumerate(numbers):
            intake.register(desk, s, team.clerk, registration(id_number=number, name=f"张{i}"))
    wanted = numbers[17]
    page = _page(qtbot, runner, team.clerk, desk)
    model = page.model
    decrypted: list[str] = []
    real = desk.cipher.decrypt

    def counting(blob, *, context):  # type: ignore[no-untyped-def]
        decrypted.append(context)
        return real(blob, context=context)

    desk.cipher.decrypt = counting  # type: ignore[method-assign]
    try:
        for tail in (wanted[-4:], wanted[-8:]):
            page.search.clear()
            qtbot.keyClicks(page.search, tail)
            qtbot.waitUntil(lambda: model.rowCount() >= 1 and page.count_label.text() == "共 1 件", timeout=5000)
            wait_idle(qtbot, runner)
            assert model.row_at(0).petitioner_name == "张17"
    finally:
        desk.cipher.decrypt = real  # type: ignore[method-assign]
    # only the candidates whose last four match were ever decrypted, never the 40 rows
    assert decrypted.count(petitioners.ID_CONTEXT) <= 4
    page.search.clear()
    qtbot.keyClicks(page.search, "98765")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 0 件", timeout=5000)
    wait_idle(qtbot, runner)


def test_rows_from_before_the_tail_index_get_theirs_once(desk, team) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from desktop.db.models import Petitioner
    from desktop.services import petitioners

    number = resident_id("44030519770101001")
    with desk.db.session() as s:
        intake.register(desk, s, team.clerk, registration(id_number=number))
        s.execute(update(Petitioner).values(id_tail_index=None))  # as a database of before the revision
    with desk.db.session() as s:
        assert petitioners.ids_ending_with(desk, s, number[-6:]) == []
        assert petitioners.fill_tail_indexes(desk, s) == 1
    with desk.db.session() as s:
        assert len(petitioners.ids_ending_with(desk, s, number[-6:])) == 1
        assert petitioners.fill_tail_indexes(desk, s) == 0
