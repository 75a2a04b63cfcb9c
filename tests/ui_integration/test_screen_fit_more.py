"""The dialogs test_screen_fit.py does not open fit a 1366×768 screen too: the self-check, the analysis
report, the prevention and key-case forms (包案、方案、调解、评议团、申诉、回访…) and the panel's recording."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from tests.ui_integration.test_screen_fit import _desk_screen, _fits  # noqa: F401 - the fixture is autouse


def _host(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    return host


def test_the_self_check_and_the_analysis_report_fit(qtbot, runner, team, desk) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("PySide6.QtCharts")
    from ui.analysis_report import AnalysisReportDialog
    from ui.selfcheck_dialog import SelfCheckDialog

    _fits(qtbot, AnalysisReportDialog(desk, team.approver, runner))
    check = SelfCheckDialog(runner, str(desk.db.engine.url))
    _fits(qtbot, check)
    qtbot.waitUntil(runner.is_idle, timeout=60000)


def test_the_prevention_forms_fit(qtbot, runner, team, desk) -> None:  # type: ignore[no-untyped-def]
    from ui.prevention.dialogs import EscalationDialog, NoteDialog, ScreeningDialog
    from ui.prevention.register_dialogs import KeyPersonDialog, MatterDialog, SensitivePeriodDialog

    today, villages = desk.today(), ["东村", "西村"]
    staff = [(team.approver.id, team.approver.display_name)]
    for dialog in (ScreeningDialog(runner, team.clerk, villages, today),
                   NoteDialog(runner, "跟进", "跟进情况", lambda _s, _t: None, [("电话", "phone")]),
                   EscalationDialog(runner, team.clerk, villages, today),
                   KeyPersonDialog(runner, team.clerk, villages, staff, today),
                   MatterDialog(runner, "转为信访事项", "宅基地纠纷", lambda _s, _d: None),
                   SensitivePeriodDialog(runner, team.clerk, today)):
        _fits(qtbot, dialog)


def test_the_key_case_forms_fit(qtbot, runner, team, desk) -> None:  # type: ignore[no-untyped-def]
    from desktop.keycases.enums import MediationSigner
    from desktop.services.ui_support import Choice
    from ui.keycases import dialogs

    host, today = _host(qtbot), desk.today()
    people = [Choice(team.approver.id, team.approver.display_name), Choice(team.clerk.id, team.clerk.display_name)]
    names = {signer: "张三" for signer in MediationSigner}
    for dialog in (dialogs.flag_dialog(runner, team.approver, host, people, 3, 2, today),
                   dialogs.plan_dialog(runner, team.approver, host, 1, people, today),
                   dialogs.progress_dialog(runner, team.approver, host, 1, today),
                   dialogs.mediation_dialog(runner, team.approver, host, today),
                   dialogs.sign_dialog(runner, team.approver, host, 1, names),
                   dialogs.panel_dialog(runner, team.approver, host, 5, today),
                   dialogs.appeal_dialog(runner, team.approver, host, 1),
                   dialogs.decide_dialog(runner, team.inspector, host, 1),
                   dialogs.draw_dialog(runner, team.inspector, host, today),
                   dialogs.answer_dialog(runner, team.inspector, host, 1)):
        _fits(qtbot, dialog)


def test_the_panels_recording_dialog_fits(qtbot, runner, team, desk, small_devices) -> None:  # type: ignore[no-untyped-def]
    from tests.ui_core.flows import assigned
    from ui.keycases.panel_recording import PanelRecordingDialog

    case = assigned(desk, team)
    _fits(qtbot, PanelRecordingDialog(runner, team.approver, 1, case))
    qtbot.waitUntil(runner.is_idle, timeout=10000)
