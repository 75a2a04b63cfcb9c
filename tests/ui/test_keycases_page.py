"""The 包案 tab, clicked as a clerk, a leader, a department head and 镇纪委 would: a refusal keeps what was
typed, each action lands in its table."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
)

from desktop.domain.enums import MatterStatus
from desktop.keycases import cards, cases
from desktop.keycases.cases import StepInput
from desktop.services.permissions import Actor
from tests.keycases.conftest import Ledger
from tests.ui.conftest import wait_idle
from tests.ui.typing_helpers import type_chinese
from ui.keycases.base import ActionDialog
from ui.keycases.page import KeyCasesPage


def _page(qtbot, runner, actor: Actor) -> KeyCasesPage:  # type: ignore[no-untyped-def]
    page = KeyCasesPage(runner, actor, date(2025, 3, 3))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.data_loaded, timeout=10000):
        page.show()
    return page


def _dialog(qtbot, page: KeyCasesPage, button: str) -> ActionDialog:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.findChild(QPushButton, button), Qt.MouseButton.LeftButton)
    assert page.dialog is not None
    qtbot.waitUntil(page.dialog.isVisible)
    return page.dialog


def _ok(qtbot, runner, page: KeyCasesPage, dialog: ActionDialog, closes: bool = True) -> None:  # type: ignore[no-untyped-def]
    if closes:
        with qtbot.waitSignal(page.data_loaded, timeout=10000):
            qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, runner)
        qtbot.waitUntil(lambda: bool(dialog.findChild(QLabel, "dialog_error").text()))


def _field(dialog: ActionDialog, key: str, kind=QLineEdit):  # type: ignore[no-untyped-def]
    return dialog.findChild(kind, f"field_{key}")


def _select(qtbot, view, row: int = 0) -> None:  # type: ignore[no-untyped-def]
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clerk_flags_a_case_with_its_task_force_and_makes_the_plan(qtbot, runner, desk, team) -> None:
    number = Ledger(desk, team).matter(date(2025, 2, 20))
    page = _page(qtbot, runner, team.clerk)
    d = _dialog(qtbot, page, "flag_button")
    qtbot.keyClicks(_field(d, "case_number"), number)
    for key, name in (("township_0", "李伟"), ("township_1", "钱丽"), ("village_0", "王德胜"), ("village_1", "刘春花")):
        type_chinese(_field(d, key), name)
    _ok(qtbot, runner, page, d, closes=False)  # only 2 township cadres of the 3
    assert "镇干部 3 人" in d.findChild(QLabel, "dialog_error").text() and d.isVisible()
    assert _field(d, "township_1").text() == "钱丽"  # nothing typed is lost
    type_chinese(_field(d, "township_2"), "吴红")
    _ok(qtbot, runner, page, d)
    assert not d.isVisible() and page.cases_model.rowCount() == 1
    assert page.cases_model.rows[0].members == 5 and page.cases_model.rows[0].leader == "周包案"

    _select(qtbot, page.cases_view)
    plan = _dialog(qtbot, page, "plan_button")
    type_chinese(_field(plan, "summary", QPlainTextEdit), "入户核实、部门联审")
    type_chinese(_field(plan, "step_0_action"), "调取档案")
    _field(plan, "step_0_due", QDateEdit).setDate(date(2025, 3, 10))
    _ok(qtbot, runner, page, plan)
    assert page.cases_model.rows[0].has_plan


def test_mediation_signed_on_the_pad_and_a_panel_session(qtbot, runner, desk, team) -> None:
    number = Ledger(desk, team).matter(date(2025, 2, 20))
    page = _page(qtbot, runner, team.clerk)
    d = _dialog(qtbot, page, "mediation_button")
    qtbot.keyClicks(_field(d, "case_number"), number)
    for key, text in (("venue", "东村调解室"), ("mediators", "王调解"), ("party_a", "张三"), ("party_b", "李四")):
        type_chinese(_field(d, key), text)
    type_chinese(_field(d, "dispute", QPlainTextEdit), "宅基地边界")
    type_chinese(_field(d, "terms", QPlainTextEdit), "以档案为界")
    _ok(qtbot, runner, page, d)
    assert page.med_model.rows[0].document_number == "信访调〔2025〕1号"

    _select(qtbot, page.med_view)
    sign = _dialog(qtbot, page, "sign_button")
    assert _field(sign, "name").text() == "张三"
    _ok(qtbot, runner, page, sign, closes=False)  # nothing drawn yet
    pad = sign.pad  # type: ignore[attr-defined]
    r = pad.pad_rect()
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(int(r.left() + 20), int(r.center().y())))
    for x in range(30, 200, 20):
        qtbot.mouseMove(pad, QPoint(int(r.left() + x), int(r.center().y() + (x % 40) - 20)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(int(r.left() + 200), int(r.center().y())))
    _ok(qtbot, runner, page, sign)
    assert page.med_model.rows[0].signed_by == ("party_a",)

    panel = _dialog(qtbot, page, "panel_button")
    qtbot.keyClicks(_field(panel, "case_number"), number)
    type_chinese(_field(panel, "claim", QPlainTextEdit), "补发承包款")
    grid = panel.grid  # type: ignore[attr-defined]
    assert grid.rowCount() == 8  # the quorum
    for row in range(8):
        qtbot.keyClicks(grid.cellWidget(row, 0), f"member{row}")
        for col, value in ((1, 9), (2, 8), (3, 9)):
            spin: QSpinBox = grid.cellWidget(row, col)
            spin.setValue(value)
    _ok(qtbot, runner, page, panel)
    assert [(p.average, p.route.value) for p in page.panel_model.rows] == [("8.67", "green")]


def test_card_appealed_by_its_holder_and_revoked_by_the_inspector(qtbot, runner, desk, team, clock) -> None:
    number = Ledger(desk, team).matter(date(2025, 2, 20), MatterStatus.ASSIGNED)
    with desk.db.session() as s:
        from desktop.keycases.cases import FlagInput
        from desktop.keycases.enums import KeyCaseKind, KeyCaseReason

        kc = cases.flag_case(desk, s, team.clerk, FlagInput(number, KeyCaseKind.KEY, KeyCaseReason.FROM_ABOVE,
                                                            team.case_lead.id)).id
        cases.make_plan(desk, s, team.clerk, kc, "方案", [StepInput("核实", team.dept_head.id, date(2025, 3, 4))])
    with desk.db.session() as s:
        assert len(cards.issue_due_cards(desk, s, team.inspector, date(2025, 3, 12))) == 1
    head = _page(qtbot, runner, team.dept_head)
    assert head.findChild(QPushButton, "decide_button") is None
    _select(qtbot, head.card_view)
    appeal = _dialog(qtbot, head, "appeal_button")
    type_chinese(_field(appeal, "reason", QPlainTextEdit), "档案需县局审批")
    _ok(qtbot, runner, head, appeal)
    assert head.card_model.rows[0].appeal_reason == "档案需县局审批"

    inspector = _page(qtbot, runner, team.inspector)
    _select(qtbot, inspector.card_view)
    decide = _dialog(qtbot, inspector, "decide_button")
    _field(decide, "decision", QComboBox).setCurrentIndex(1)
    type_chinese(_field(decide, "note", QPlainTextEdit), "情况属实")
    _ok(qtbot, runner, inspector, decide)
    assert inspector.card_model.rows[0].color is None and inspector.card_model.rows[0].decision == "revoked"


def test_inspector_draws_the_month_and_records_a_callback(qtbot, runner, desk, team, clock) -> None:
    ledger = Ledger(desk, team)
    for i in range(6):
        ledger.matter(date(2025, 1, 20), MatterStatus.CLOSED, closed_on=date(2025, 2, 10 + i))
    page = _page(qtbot, runner, team.inspector)
    d = _dialog(qtbot, page, "draw_button")
    assert _field(d, "month").text() == "2025-03"
    qtbot.keyClicks(_field(d, "seed"), "abc")
    _ok(qtbot, runner, page, d)
    assert page.draw_model.rowCount() == 2  # 20% of 6, rounded up
    _select(qtbot, page.draw_view)
    answer = _dialog(qtbot, page, "answer_button")
    _ok(qtbot, runner, page, answer)
    assert sorted(str(r.result) for r in page.draw_model.rows) == ["None", "satisfied"]
    assert "已回访 1" in page.status.text()
    QApplication.processEvents()


def test_clerk_logs_an_online_petition_and_sees_it_late(qtbot, runner, desk, team) -> None:
    from datetime import datetime

    from PySide6.QtWidgets import QDateTimeEdit

    page = _page(qtbot, runner, team.clerk)
    d = _dialog(qtbot, page, "receive_button")
    _field(d, "channel", QComboBox).setCurrentIndex(1)  # 网上
    qtbot.keyClicks(_field(d, "reference"), "W-1")
    _field(d, "received_at", QDateTimeEdit).setDateTime(datetime(2025, 2, 28, 16, 0))  # Friday 16:00
    _ok(qtbot, runner, page, d)
    row = page.receipt_model.rows[0]
    assert row.due_at.astimezone().strftime("%m-%d") and row.late  # due Monday 9:00; it is 10:00
    assert "1 件收件已超过登记时限" in page.status.text()
    _select(qtbot, page.receipt_view)
    with qtbot.waitSignal(page.data_loaded, timeout=10000):
        qtbot.mouseClick(page.findChild(QPushButton, "register_button"), Qt.MouseButton.LeftButton)
    assert page.receipt_model.rows[0].registered_at is not None and page.receipt_model.rows[0].late


def test_tough_list_and_agreement_open_in_the_preview_and_a_save_is_logged(qtbot, runner, desk, team,
                                                                           tmp_path) -> None:
    from desktop.keycases import mediation
    from desktop.keycases.enums import MediationOutcome, MediationSigner
    from desktop.keycases.mediation import MediationInput
    from desktop.services import documents_log

    number = Ledger(desk, team).matter(date(2024, 10, 1))  # unresolved five months: on the list
    with desk.db.session() as s:
        mid = mediation.record_mediation(desk, s, team.clerk, MediationInput(
            date(2025, 3, 1), "调解室", ["王调解"], "张三", "李四", "边界", MediationOutcome.AGREED, "立界",
            number)).id
        mediation.sign(desk, s, team.clerk, mid, MediationSigner.PARTY_A, "张三", [[[0.1, 0.2, 0.5], [0.5, 0.4, 0.5]]])
    page = _page(qtbot, runner, team.clerk)
    qtbot.mouseClick(page.findChild(QPushButton, "tough_list_button"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None and page.preview.isVisible(), timeout=15000)
    qtbot.waitUntil(page.preview.save_button.isEnabled, timeout=15000)
    assert page.preview.preview.pdf.startswith(b"%PDF")
    page.preview.reject()
    page.tabs.setCurrentIndex(1)
    _select(qtbot, page.med_view)
    page.preview = None
    qtbot.mouseClick(page.findChild(QPushButton, "agreement_button"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.isVisible(), timeout=15000)
    qtbot.waitUntil(page.preview.save_button.isEnabled, timeout=15000)
    page.preview.save_to(str(tmp_path / "agreement.pdf"))
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        issued = documents_log.issues(s, number, "mediation_agreement")
    assert len(issued) == 1 and issued[0].doc_number == "信访调〔2025〕1号"
    page.preview.reject()


def test_a_step_is_done_and_the_case_resolved(qtbot, runner, desk, team, clock) -> None:
    from desktop.keycases import queries
    from desktop.keycases.cases import FlagInput
    from desktop.keycases.enums import KeyCaseKind, KeyCaseReason

    number = Ledger(desk, team).matter(date(2024, 5, 1))
    with desk.db.session() as s:
        kc = cases.flag_case(desk, s, team.clerk, FlagInput(number, KeyCaseKind.BACKLOG, KeyCaseReason.HISTORICAL,
                                                            team.case_lead.id, since_on=date(2024, 6, 1))).id
        cases.make_plan(desk, s, team.clerk, kc, "方案", [StepInput("入户", team.clerk.id, date(2025, 3, 3)),
                                                        StepInput("联审", team.clerk.id, date(2025, 3, 5))])
    page = _page(qtbot, runner, team.case_lead)
    _select(qtbot, page.cases_view)
    page.dialog = None
    qtbot.mouseClick(page.findChild(QPushButton, "step_done_button"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=10000)
    assert _field(page.dialog, "step", QComboBox).count() == 2
    _ok(qtbot, runner, page, page.dialog)
    _select(qtbot, page.cases_view)
    resolve = _dialog(qtbot, page, "resolve_button")
    type_chinese(_field(resolve, "note", QPlainTextEdit), "息诉罢访，签订息访承诺书")
    _ok(qtbot, runner, page, resolve)
    assert page.cases_model.rowCount() == 0  # resolved cases leave the open list
    with desk.db.read() as s:
        plan = queries.plan_of(desk, s, team.inspector, kc)
        rate = queries.backlog_rate(s, 2025, date(2025, 3, 3))
    assert [st.done_on for st in plan.steps] == [date(2025, 3, 3), None]
    assert (rate.numerator, rate.denominator) == (1, 1)
