"""The matter's page: its timeline, and only the actions the user may take now."""

from __future__ import annotations

from desktop.domain.enums import MatterStatus, MeetingStage, Satisfaction
from tests.ui.conftest import wait_idle
from tests.ui_core.flows import replied, submitted


def _page(qtbot, runner, actor, case, desk):  # type: ignore[no-untyped-def]
    from ui.matter.page import MatterPage

    page = MatterPage(runner, actor, case, desk.today())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    return page


def test_approval_is_offered_only_to_the_named_approver(qtbot, runner, team, desk) -> None:
    case = submitted(desk, team)
    approver = _page(qtbot, runner, team.approver, case, desk)
    clerk = _page(qtbot, runner, team.clerk, case, desk)
    inspector = _page(qtbot, runner, team.inspector, case, desk)
    assert {"approve", "reject"} <= set(approver.buttons)
    assert "approve" not in clerk.buttons and "approve" not in inspector.buttons
    assert "meeting" not in clerk.buttons  # nothing to meet about before the slip is approved
    kinds = [clerk.timeline.topLevelItem(i).text(1) for i in range(clerk.timeline.topLevelItemCount())]
    assert kinds[0].startswith("登记") and any(k.startswith("提交交办单") for k in kinds)

    approver.do_approve("同意")
    qtbot.waitUntil(lambda: approver.view.facts.status == MatterStatus.ASSIGNED, timeout=5000)
    assert "approve" not in approver.buttons
    clerk.reload()
    qtbot.waitUntil(lambda: clerk.view.facts.status == MatterStatus.ASSIGNED, timeout=5000)
    assert {"meeting", "pause", "extend", "letter"} <= set(clerk.buttons)
    assert "close" in clerk.buttons  # closing is offered; the service refuses it without a letter
    clerk.do_meeting(MeetingStage.BEFORE, desk.today(), "首次见面")
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: any("首次见面" in clerk.timeline.topLevelItem(i).text(1)
                                for i in range(clerk.timeline.topLevelItemCount())), timeout=5000)
    failures = []
    clerk.action_failed.connect(failures.append)
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)  # type: ignore[method-assign]
    clerk.do_close()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "处理意见书" in failures[0]


def test_one_click_evaluation_after_closing(qtbot, runner, team, desk) -> None:
    from desktop.services import handling

    case = replied(desk, team)
    with desk.db.session() as s:
        handling.close(desk, s, team.clerk, case)
    clerk = _page(qtbot, runner, team.clerk, case, desk)
    head = _page(qtbot, runner, team.dept_head, case, desk)
    assert "evaluate_satisfied" in clerk.buttons and "evaluate_satisfied" not in head.buttons
    clerk.buttons["evaluate_dissatisfied"].click()
    qtbot.waitUntil(lambda: clerk.view.facts.status == MatterStatus.UNDER_REVIEW, timeout=5000)
    assert not any(k.startswith("evaluate_") for k in clerk.buttons)
    inspector = _page(qtbot, runner, team.inspector, case, desk)
    assert "conclude" in inspector.buttons and "conclude" not in clerk.buttons
    assert Satisfaction.DISSATISFIED  # the rating opened the review for the inspector
