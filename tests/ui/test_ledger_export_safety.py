"""The ledger's export goes through the core's one writer: formulas as text, owner-only files."""

from __future__ import annotations

import csv
import stat

from openpyxl import load_workbook

from desktop.services import intake
from tests.desktop.helpers import registration
from tests.ui.conftest import wait_idle

EVIL = "=HYPERLINK(\"http://evil.example\",\"点我\")"


def test_ledger_export_writes_formulas_as_text_owner_only(qtbot, runner, team, desk, tmp_path) -> None:
    from ui.ledger.page import LedgerPage

    with desk.db.session() as s:
        intake.register(desk, s, team.clerk, registration(name=EVIL, summary="=cmd|' /C calc'!A0"))
    page = LedgerPage(runner, team.clerk, desk.today())
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, runner)
    page.export_to(tmp_path / "l.xlsx", unmasked=False)
    wait_idle(qtbot, runner)
    page.export_to(tmp_path / "l.csv", unmasked=False)
    wait_idle(qtbot, runner)
    for name in ("l.xlsx", "l.csv"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    sheet = load_workbook(tmp_path / "l.xlsx").active
    assert sheet.cell(2, 3).value == EVIL and sheet.cell(2, 3).data_type == "s"
    assert sheet.cell(2, 12).value == "=cmd|' /C calc'!A0" and sheet.cell(2, 12).data_type == "s"
    rows = list(csv.reader((tmp_path / "l.csv").open(encoding="utf-8-sig", newline="")))
    assert rows[1][2] == "'" + EVIL and rows[1][11] == "'=cmd|' /C calc'!A0"
