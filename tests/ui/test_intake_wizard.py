"""The intake driven as a clerk drives it: typing, tabbing, ticking, pressing Next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.db.models import Matter
from desktop.domain.enums import AlertLevel, Category, MatterStatus, RegulationType
from tests.ui.conftest import wait_idle
from tests.ui.typing_helpers import type_chinese

ID_OK = "110105199003070025"
ID_BAD = "110105199003070026"


def _wizard(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.wizard.wizard import IntakeWizard

    w = IntakeWizard(runner, actor, desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    wait_idle(qtbot, runner)
    return w


def _fill_registration(qtbot, reg, id_number=ID_OK) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(reg.id_number, id_number)
    type_chinese(reg.name, "张三")
    qtbot.keyClicks(reg.phone, "13800138000")
    type_chinese(reg.village, "东村")
    type_chinese(reg.summary, "土地承包款未发放")
    type_chinese(reg.demands, "要求发放承包款")


def test_registration_checks_fields_live_and_gates_next(qtbot, runner, team, desk) -> None:
    w = _wizard(qtbot, runner, team.clerk, desk)
    reg = w.registration
    assert not w.next_button.isEnabled()
    qtbot.keyClicks(reg.id_number, ID_BAD)
    assert "校验位" in reg.notes["id_number"].text()
    reg.id_number.clear()
    qtbot.keyClicks(reg.id_number, ID_OK)
    assert "1990-03-07" in reg.notes["id_number"].text() and "女" in reg.notes["id_number"].text()
    qtbot.keyClicks(reg.phone, "12345")
    assert reg.notes["phone"].problem
    reg.phone.clear()
    _fill_registration(qtbot, reg, id_number="")
    qtbot.waitUntil(lambda: w.next_button.isEnabled())
    # a group visit with more representatives than visitors is refused beside the field
    reg.group_size.setValue(2)
    for i in range(3):
        type_chinese(reg.rep_names[i], f"代表{i}")
    assert reg.notes["representatives"].problem and not w.next_button.isEnabled()
    for i in range(3):
        reg.rep_names[i].clear()
    assert w.next_button.isEnabled()


def test_whole_intake_by_keyboard_and_clicks(qtbot, runner, team, desk) -> None:
    w = _wizard(qtbot, runner, team.clerk, desk)
    completed = []
    w.intake_completed.connect(completed.append)
    _fill_registration(qtbot, w.registration)
    qtbot.waitUntil(lambda: w.registration.history.history is not None)
    assert "首次来访" in w.registration.history.summary.text()
    qtbot.waitUntil(w.next_button.isEnabled)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 1, timeout=10000)
    case = w.case_number
    assert case.startswith("XF2025-")

    page = w.interview
    wait_idle(qtbot, runner)
    assert page.panel is not None and not page.placeholder.isVisibleTo(page)  # the recording panel is in place
    page.colleague.setFocus()
    qtbot.keyClick(page.colleague, Qt.Key.Key_Down)
    assert page.colleague.currentData() == team.interviewer.id  # the first colleague offered
    type_chinese(page.notes_edit, "当事人陈述承包款拖欠情况")
    page.confirm.setFocus()
    qtbot.keyClick(page.confirm, Qt.Key.Key_Space)
    assert page.confirm.isChecked()
    type_chinese(page.no_recording, "设备检修")
    assert w.next_button.isEnabled()
    qtbot.keyClick(w, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter = Next
    qtbot.waitUntil(lambda: w.current_step() == 2, timeout=10000)

    cls = w.classify
    assert not w.next_button.isEnabled()
    for combo, value in ((cls.reg_type, RegulationType.SUGGESTION), (cls.category, Category.LIVELIHOOD),
                         (cls.risk, "green"), (cls.complexity, "simple")):
        combo.setCurrentIndex(combo.findData(value))
    qtbot.waitUntil(lambda: "社会事务办" in cls.proposal.text(), timeout=5000)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 3, timeout=10000)

    asg = w.assign
    qtbot.waitUntil(lambda: asg.is_complete(), timeout=5000)
    assert asg.department.currentText() == "社会事务办"  # the routing proposal carried over
    assert "2025-03-05" in asg.dates.text()  # assign within 2 working days of Monday 3 March
    assert "2025-03-18" in asg.dates.text()  # 15 days, as a date
    assert asg.approver.currentData() == team.approver.id
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: completed == [case], timeout=10000)
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        m = s.scalar(select(Matter).where(Matter.case_number == case))
        assert m.status == MatterStatus.PENDING_APPROVAL
        assert m.repeat_alert == AlertLevel.GREEN
    from desktop.services import drafts

    with desk.db.read() as s:
        assert drafts.latest(desk, s, team.clerk.id) is None  # the finished intake leaves no draft


def test_policy_question_answered_on_the_spot(qtbot, runner, team, desk) -> None:
    w = _wizard(qtbot, runner, team.clerk, desk)
    done = []
    w.intake_completed.connect(done.append)
    _fill_registration(qtbot, w.registration)
    qtbot.waitUntil(w.next_button.isEnabled)
    w.go_next()
    qtbot.waitUntil(lambda: w.current_step() == 1, timeout=10000)
    wait_idle(qtbot, runner)
    p = w.interview
    p.colleague.setCurrentIndex(1)
    type_chinese(p.notes_edit, "咨询低保政策")
    p.confirm.setChecked(True)
    type_chinese(p.no_recording, "当事人不同意录音")
    w.go_next()
    qtbot.waitUntil(lambda: w.current_step() == 2, timeout=10000)
    c = w.classify
    c.reg_type.setCurrentIndex(c.reg_type.findData(RegulationType.SUGGESTION))
    c.category.setCurrentIndex(c.category.findData(Category.POLICY))
    c.risk.setCurrentIndex(1)
    c.complexity.setCurrentIndex(1)
    assert c.policy_box.isVisibleTo(c) and not c.answer_button.isEnabled()
    type_chinese(c.answer, "已解释低保申请条件和流程")
    assert c.answer_button.isEnabled()
    qtbot.mouseClick(c.answer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(done) == 1, timeout=10000)
    with desk.db.read() as s:
        m = s.scalar(select(Matter).where(Matter.case_number == done[0]))
        assert m.status == MatterStatus.CLOSED and m.solved_at_first_contact


def test_repeat_visitor_gets_the_yellow_banner(qtbot, runner, team, desk) -> None:
    from desktop.services import intake
    from tests.desktop.helpers import registration

    with desk.db.session() as s:
        intake.register(desk, s, team.clerk, registration(id_number=ID_OK))
    w = _wizard(qtbot, runner, team.clerk, desk)
    qtbot.keyClicks(w.registration.id_number, ID_OK)
    panel = w.registration.history
    qtbot.waitUntil(lambda: panel.history is not None, timeout=5000)
    assert panel.banner.isVisibleTo(panel) and "黄色预警" in panel.banner.text()
    assert panel.list.count() == 1
    assert w.registration.name.text() == "张三"  # the known name is offered


def test_correcting_the_id_after_a_history_fill_replaces_the_name(qtbot, runner, team, desk) -> None:
    from desktop.services import intake
    from tests.desktop.helpers import registration, resident_id

    other = resident_id("32010219850612003")
    stranger = resident_id("44030519770101001")
    with desk.db.session() as s:
        intake.register(desk, s, team.clerk, registration(id_number=ID_OK))
        intake.register(desk, s, team.clerk, registration(id_number=other, name="李四"))
    w = _wizard(qtbot, runner, team.clerk, desk)
    reg, panel = w.registration, w.registration.history
    qtbot.keyClicks(reg.id_number, ID_OK)
    qtbot.waitUntil(lambda: reg.name.text() == "张三", timeout=5000)
    reg.id_number.selectAll()
    qtbot.keyClicks(reg.id_number, other)  # the clerk corrects a mistyped ID
    qtbot.waitUntil(lambda: "李四" in panel.summary.text(), timeout=5000)
    assert reg.name.text() == "李四"  # never the first person's name beside the second one's history
    reg.id_number.selectAll()
    qtbot.keyClicks(reg.id_number, stranger)
    qtbot.waitUntil(lambda: "首次来访" in panel.summary.text(), timeout=5000)
    assert reg.name.text() == ""  # nobody known: the filled name goes, the clerk types the new one
    type_chinese(reg.name, "王五")
    reg.id_number.selectAll()
    qtbot.keyClicks(reg.id_number, ID_OK)
    qtbot.waitUntil(lambda: "张三" in panel.summary.text(), timeout=5000)
    assert reg.name.text() == "王五"  # a name the clerk typed is never overwritten
    wait_idle(qtbot, runner)


def _add_evidence(qtbot, monkeypatch, reg, path) -> None:  # type: ignore[no-untyped-def]
    """Presses 添加文件… with Qt's own file dialog answered by ``path``."""
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: ([str(path)], "")))
    qtbot.mouseClick(reg.evidence.add_button, Qt.MouseButton.LeftButton)


def test_evidence_is_registered_and_printed_by_the_clerks_description(qtbot, runner, team, desk, monkeypatch,
                                                                      tmp_path) -> None:
    """Reproduces "evidence-contract.txt" printed as 主要证据 on a form registered through the wizard."""
    from desktop.db.models import Attachment
    from desktop.documents import prepare
    from desktop.services.documents_log import DocumentKind
    from tests.printing.printing_pdf_tools import pdftotext
    from ui.wizard.evidence import DESCRIPTION, FILE

    evidence = tmp_path / "evidence-contract.txt"
    evidence.write_text("合同", encoding="utf-8")
    w = _wizard(qtbot, runner, team.clerk, desk)
    reg = w.registration
    _fill_registration(qtbot, reg)
    _add_evidence(qtbot, monkeypatch, reg, evidence)
    assert reg.evidence.model.item(0, FILE).text() == "evidence-contract.txt"
    assert reg.evidence.description.hasFocus()  # the clerk describes the file straight away
    type_chinese(reg.evidence.description, "土地承包合同复印件")
    assert reg.evidence.model.item(0, DESCRIPTION).text() == "土地承包合同复印件"  # beside the file
    assert not reg.notes["attachments"].problem
    qtbot.waitUntil(w.next_button.isEnabled)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 1, timeout=10000)
    wait_idle(qtbot, runner)
    with desk.db.session() as s:
        m = s.scalar(select(Matter).where(Matter.case_number == w.case_number))
        assert list(s.scalars(select(Attachment.description).where(Attachment.matter_id == m.id))) == [
            "土地承包合同复印件"]
        pdf = prepare(desk, s, team.clerk, w.case_number, DocumentKind.REGISTRATION_FORM).pdf
    text = pdftotext(pdf)
    assert "土地承包合同复印件" in text
    assert "evidence-contract" not in text and "未加说明" not in text


def test_a_file_without_description_is_refused_beside_the_list(qtbot, runner, team, desk, monkeypatch,
                                                               tmp_path) -> None:
    from PySide6.QtWidgets import QLineEdit

    from ui.wizard.evidence import DESCRIPTION

    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    w = _wizard(qtbot, runner, team.clerk, desk)
    reg = w.registration
    _fill_registration(qtbot, reg)
    qtbot.waitUntil(w.next_button.isEnabled)
    _add_evidence(qtbot, monkeypatch, reg, photo)
    assert "土地承包合同复印件" in reg.notes["attachments"].problem  # says what to write, by example
    assert not w.next_button.isEnabled()
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(w, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, runner)
    assert w.current_step() == 0 and not w.case_number
    with desk.db.read() as s:
        assert s.scalar(select(Matter)) is None
    assert reg.name.text() == "张三" and reg.summary.toPlainText() == "土地承包款未发放"  # nothing lost
    assert reg.evidence.paths() == [str(photo)]
    # described in the list itself (double-click the cell), the refusal goes
    cell = reg.evidence.model.index(0, DESCRIPTION)
    reg.evidence.list.edit(cell)
    editor = reg.evidence.list.viewport().findChild(QLineEdit)
    assert editor is not None
    type_chinese(editor, "现场照片")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits the cell on its next turn
    qtbot.waitUntil(lambda: reg.evidence.model.item(0, DESCRIPTION).text() == "现场照片")
    assert reg.evidence.description.text() == "现场照片"
    assert not reg.notes["attachments"].problem and w.next_button.isEnabled()
    # a draft keeps each description with its file
    assert w.draft_payload()["pages"][0]["attachment_notes"] == {str(photo): "现场照片"}
    again = _wizard(qtbot, runner, team.clerk, desk)
    again.registration.restore(w.draft_payload()["pages"][0])
    assert again.registration.evidence.notes() == {str(photo): "现场照片"}
    assert again.registration.is_complete()


def test_the_wizard_opens_with_its_first_step_and_builds_the_rest_one_turn_at_a_time(qtbot, runner, team,
                                                                                     desk) -> None:  # type: ignore[no-untyped-def]
    """Opening the wizard builds the registration only (building all four held the window ~60 ms); the
    later steps follow, one per turn of the event loop, before the clerk can reach them."""
    from ui.wizard.wizard import IntakeWizard

    w = IntakeWizard(runner, team.clerk, desk.today())
    qtbot.addWidget(w)
    assert w.stack.count() == 1 and w.current_step() == 0
    qtbot.waitUntil(lambda: w.stack.count() == 4)
    assert [type(w.stack.widget(i)).__name__ for i in range(4)] == [
        "RegistrationPage", "InterviewPage", "ClassifyPage", "AssignPage"]
    assert w.stack.widget(2) is w.classify and w.stack.widget(3) is w.assign


def test_a_draft_restored_at_a_later_step_builds_the_steps_it_needs_at_once(qtbot, runner, team, desk) -> None:  # type: ignore[no-untyped-def]
    from desktop.services import drafts
    from ui.wizard.wizard import IntakeWizard

    w = IntakeWizard(runner, team.clerk, desk.today())
    qtbot.addWidget(w)
    w.restore(drafts.Draft(0, team.clerk.id, {"step": 2, "case_number": "XF2026-00001",
                                              "pages": [{}, {"notes": "当事人陈述"}]}, desk.now()))
    assert w.current_step() == 2 and w.stack.currentWidget() is w.classify
    assert w.interview.notes_edit.toPlainText() == "当事人陈述"
    assert w.classify.case_number == "XF2026-00001"
