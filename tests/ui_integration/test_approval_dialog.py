"""The leader approves an assignment as at the desk: the approval dialog shows the slip as it stands,
takes the typed 审批意见 and the hand signature, and the approval carries both."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.db.models import Assignment
from desktop.domain.enums import MatterStatus
from desktop.services.intake import matter_by_number
from tests.ui.conftest import wait_idle
from tests.ui.typing_helpers import type_chinese
from tests.ui_core.flows import submitted
from tests.ui_integration.test_matter_integration import _draw, _page


def test_the_leader_reads_the_slip_types_the_opinion_and_signs(qtbot, runner, team, desk) -> None:
    case = submitted(desk, team)
    page = _page(qtbot, runner, team.approver, case, desk)
    qtbot.mouseClick(page.buttons["approve"], Qt.MouseButton.LeftButton)
    dialog = page.sign_dialog
    assert dialog.windowTitle() == "审批交办单"  # not the letter's 签署处理意见书
    qtbot.waitUntil(lambda: dialog.preview.is_loaded() or "失败" in dialog.preview.status.text(), timeout=20000)
    assert dialog.preview.is_loaded(), dialog.preview.status.text()  # the slip itself, not an error
    assert "孙分管" in dialog.findChild(type(dialog.preview.status), "signer_label").text()
    type_chinese(dialog.note_edit, "同意交司法所办理")
    assert not dialog.ok_button.isEnabled()  # no approval without the hand signature
    _draw(dialog.pad, [(40, 60), (90, 40), (140, 80), (200, 50)])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.view is not None and page.view.facts.status == MatterStatus.ASSIGNED,
                    timeout=10000)
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        slip = s.scalar(select(Assignment).where(Assignment.matter_id == matter_by_number(s, case).id))
        assert slip.approval_note == "同意交司法所办理"
        assert len(slip.approval_strokes) == 1 and len(slip.approval_strokes[0]) >= 3
