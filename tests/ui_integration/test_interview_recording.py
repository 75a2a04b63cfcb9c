"""The 接谈 step records the interview: the wizard waits while recording, then goes on with a sealed,
registered recording; without one it asks for a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.db.models import AuditEntry, Interview, Matter, Recording
from recording.manifest import verify_recording
from tests.ui.conftest import wait_idle
from tests.ui.typing_helpers import type_chinese

ID_OK = "110105199003070025"


def _wizard_at_interview(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.wizard.wizard import IntakeWizard

    w = IntakeWizard(runner, actor, desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    wait_idle(qtbot, runner)
    reg = w.registration
    qtbot.keyClicks(reg.id_number, ID_OK)
    type_chinese(reg.name, "张三")
    qtbot.keyClicks(reg.phone, "13800138000")
    type_chinese(reg.village, "东村")
    type_chinese(reg.summary, "土地承包款未发放")
    type_chinese(reg.demands, "要求发放承包款")
    qtbot.waitUntil(w.next_button.isEnabled, timeout=5000)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 1, timeout=10000)
    wait_idle(qtbot, runner)
    page = w.interview
    page.colleague.setCurrentIndex(page.colleague.findData(_interviewer_id(page)))
    type_chinese(page.notes_edit, "当事人陈述承包款拖欠情况")
    page.confirm.setChecked(True)
    return w, page


def _interviewer_id(page):  # type: ignore[no-untyped-def]
    return next(page.colleague.itemData(i) for i in range(page.colleague.count()) if page.colleague.itemText(i)
                == "赵接谈")


def test_interview_is_recorded_sealed_registered_and_the_wizard_goes_on(qtbot, runner, team, desk,
                                                                        small_devices) -> None:
    w, page = _wizard_at_interview(qtbot, runner, team.clerk, desk)
    recorder = page.panel
    assert recorder is not None and not page.placeholder.isVisibleTo(page)
    assert not w.next_button.isEnabled() and page.notes["no_recording_reason"].problem  # reason or recording

    with qtbot.waitSignal(recorder.panel.recording_started, timeout=15000):
        qtbot.mouseClick(recorder.panel.start_button, Qt.MouseButton.LeftButton)
    type_chinese(page.no_recording, "备用")  # everything else complete: only the recording holds Next back
    assert page.is_recording() and not w.next_button.isEnabled()
    w.go_next()  # Ctrl+Enter / a stray click: refused while recording
    assert w.current_step() == 1 and "停止并封存" in page.recording_note.problem
    page.no_recording.clear()
    qtbot.waitUntil(lambda: recorder.panel.session.elapsed() > 0.5, timeout=10000)
    with qtbot.waitSignal(recorder.panel.marker_added, timeout=5000) as marker:
        recorder.panel.marker_buttons[0].setFocus()
        qtbot.keyClick(recorder.panel, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # 告知条例
    assert marker.args[0] == "告知条例"
    qtbot.waitUntil(lambda: recorder.panel.session.elapsed() > 1.2, timeout=10000)
    with qtbot.waitSignal(recorder.recording_registered, timeout=30000) as registered:
        qtbot.mouseClick(recorder.panel.stop_button, Qt.MouseButton.LeftButton)
    assert page.has_recording() and not page.is_recording()
    qtbot.waitUntil(w.next_button.isEnabled, timeout=5000)  # no reason needed now
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 2, timeout=10000)
    wait_idle(qtbot, runner)

    with desk.db.read() as s:
        rec = s.get(Recording, registered.args[0])
        matter = s.scalar(select(Matter).where(Matter.case_number == w.case_number))
        interview = s.scalar(select(Interview).where(Interview.matter_id == matter.id))
        assert rec.matter_id == matter.id and rec.interview_id == interview.id
        assert interview.no_recording_reason is None
        sealed = s.scalar(select(AuditEntry).where(AuditEntry.action == "recording.seal"))
        assert sealed.details["sha256"] == rec.sha256
    result = verify_recording(rec.path, desk.keys.verify_key())
    assert result.ok, result.problems
    m = result.manifest
    assert m["case_number"] == w.case_number and m["interviewers"] == ["李接待", "赵接谈"]
    assert [x["label"] for x in m["markers"]] == ["告知条例"] and m["file"]["sha256"] == rec.sha256
    assert str(rec.path).startswith(str(desk_recordings()))


def desk_recordings():  # type: ignore[no-untyped-def]
    from desktop import paths

    return paths.recordings_dir()


def test_finishing_without_a_recording_needs_a_reason_and_it_is_audited(qtbot, runner, team, desk,
                                                                       small_devices) -> None:
    w, page = _wizard_at_interview(qtbot, runner, team.clerk, desk)
    assert not page.has_recording()
    assert not w.next_button.isEnabled() and "原因" in page.notes["no_recording_reason"].problem
    assert "尚未录像" in page.panel.record_state.text()
    type_chinese(page.no_recording, "来访人拒绝录像")
    qtbot.waitUntil(w.next_button.isEnabled, timeout=5000)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 2, timeout=10000)
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        interview = s.scalar(select(Interview))
        assert interview.no_recording_reason == "来访人拒绝录像"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "matter.interview"))
        assert entry.details["recorded"] is False and entry.details["no_recording_reason"] == "来访人拒绝录像"
        assert s.scalar(select(Recording.id)) is None
