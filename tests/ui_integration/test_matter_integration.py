"""The matter's page with the recording and printing parts: recordings checked and played (a tampered one
refused), viewings and exports audited; documents previewed and saved with an audit (a second issue is a
副本); the letter signed through the dialog, bound to the letter's hash."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop.db.models import AuditEntry, LetterSignature
from desktop.domain.enums import Outcome, SignerRole
from desktop.services import letters, recordings
from desktop.services.intake import matter_by_number
from recording.export import NOTE_NAME
from recording.manifest import manifest_path_for
from recording.selftest import run_self_test
from tests.ui.conftest import wait_idle
from tests.ui_core.flows import SECTIONS, assigned


def _page(qtbot, runner, actor, case, desk):  # type: ignore[no-untyped-def]
    from ui.matter.page import MatterPage

    page = MatterPage(runner, actor, case, desk.today())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    return page


def _sealed_recording(desk, case: str, name: str) -> Path:  # type: ignore[no-untyped-def]
    from desktop import paths

    mp4 = paths.recordings_dir() / case / name
    mp4.parent.mkdir(parents=True, exist_ok=True)
    run_self_test(["synthetic"], "synthetic", 1.0, mp4, desk.signing_key, warmup=0.1)
    manifest = manifest_path_for(mp4)
    with desk.db.session() as s:
        recordings.register_sealed(desk, s, None, case, mp4, manifest, json.loads(manifest.read_text("utf-8")))
    return mp4


def _audits(desk, action: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with desk.db.read() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)))
        for r in rows:
            s.expunge(r)
        return rows


def test_recordings_are_verified_played_audited_exported_and_a_tampered_one_refused(
        qtbot, runner, team, desk, tmp_path) -> None:
    case = assigned(desk, team)
    _sealed_recording(desk, case, "good.mp4")
    bad = _sealed_recording(desk, case, "bad.mp4")
    os.chmod(bad, 0o644)
    with open(bad, "r+b") as f:  # one byte changed after sealing
        f.seek(2000)
        byte = f.read(1)
        f.seek(2000)
        f.write(bytes([byte[0] ^ 0xFF]))

    clerk = _page(qtbot, runner, team.clerk, case, desk)
    assert clerk.recordings is None  # not entitled: no tab at all
    page = _page(qtbot, runner, team.inspector, case, desk)
    rec = page.recordings
    qtbot.waitUntil(lambda: len(rec.items) == 2, timeout=10000)
    assert not rec.results  # nothing hashed until the tab is looked at
    page.sections.setCurrentWidget(rec)
    qtbot.waitUntil(lambda: len(rec.results) == 2, timeout=20000)
    good_id, bad_id = (it.id for it in rec.items)
    assert "校验通过" in rec.status_text(good_id) and "校验未通过" in rec.status_text(bad_id)

    rec.table.setCurrentItem(rec.table.topLevelItem(0))
    dialog = rec.play_selected()
    assert dialog.playable and dialog.player.warning.isHidden()
    qtbot.waitUntil(lambda: dialog.player.player.duration() > 500, timeout=10000)
    dialog.player.set_speed(0.5)
    assert dialog.player.player.playbackRate() == 0.5
    with qtbot.waitSignal(rec.viewing_logged, timeout=10000) as logged:
        dialog.close()
    assert logged.args[0] == good_id
    views = _audits(desk, "recording.view")
    assert len(views) == 1 and views[0].actor_id == team.inspector.id and views[0].details["seconds"] >= 0

    rec.table.setCurrentItem(rec.table.topLevelItem(1))
    assert not rec.export_button.isEnabled()  # a broken seal is not exported as evidence
    refused = rec.play_selected()
    assert not refused.playable and not refused.player.warning.isHidden()
    assert "已被改动" in refused.player.warning.text() and refused.player.player.source().isEmpty()
    refused.close()

    rec.table.setCurrentItem(rec.table.topLevelItem(0))
    with qtbot.waitSignal(rec.exported, timeout=20000) as exported:
        rec.export_to(tmp_path / "court")
    out = Path(exported.args[0])
    assert (out / "good.mp4").is_file() and (out / NOTE_NAME).is_file()
    assert (out / "good.mp4").read_bytes() == (Path(rec.items[0].path)).read_bytes()
    exports = _audits(desk, "recording.export")
    assert len(exports) == 1 and exports[0].target_id == str(good_id)
    wait_idle(qtbot, runner)


def test_documents_reached_are_previewed_saved_and_audited_and_only_a_print_makes_copies(
        qtbot, runner, team, desk, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    case = assigned(desk, team)
    page = _page(qtbot, runner, team.clerk, case, desk)
    docs = page.documents
    qtbot.waitUntil(lambda: bool(docs.docs), timeout=5000)
    assert docs.kinds() == ["registration_form", "acceptance_notice", "assignment_slip", "tracking_card"]
    assert all(d.issuable for d in docs.docs)  # the slip is approved: it may be printed
    docs.select("acceptance_notice")
    with qtbot.waitSignal(docs.preview_opened, timeout=20000) as opened:
        docs.open_selected()
    dialog = opened.args[0]
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10000)
    first, again, after = tmp_path / "notice.pdf", tmp_path / "again.pdf", tmp_path / "after-print.pdf"
    for path in (first, again):
        with qtbot.waitSignal(docs.document_issued, timeout=20000):
            dialog.save_to(str(path))
    assert first.read_bytes().startswith(b"%PDF")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "paper.pdf"))
    with qtbot.waitSignal(docs.document_issued, timeout=20000):
        dialog.print_to(printer)
    with qtbot.waitSignal(docs.document_issued, timeout=20000):
        dialog.save_to(str(after))
    saves = _audits(desk, "document.save")
    assert [e.details["path"] for e in saves] == [str(first), str(again), str(after)]
    assert [e.actor_id for e in saves] == [team.clerk.id] * 3 and [e.target_id for e in saves] == [case] * 3
    # Saving a PDF is not a print: only after the paper print is the next one marked 副本.
    assert [e.details["is_copy"] for e in saves] == [False, False, True]
    dialog.close()
    wait_idle(qtbot, runner)


def _draw(pad, points) -> None:  # type: ignore[no-untyped-def]
    def send(kind, x, y, held=True):  # type: ignore[no-untyped-def]
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        buttons = Qt.MouseButton.LeftButton if held and kind != QEvent.Type.MouseButtonRelease \
            else Qt.MouseButton.NoButton
        pos = QPointF(x, y)
        QApplication.sendEvent(pad, QMouseEvent(kind, pos, pad.mapToGlobal(pos), button, buttons,
                                                Qt.KeyboardModifier.NoModifier))

    send(QEvent.Type.MouseButtonPress, *points[0])
    for p in points[1:-1]:
        send(QEvent.Type.MouseMove, *p)
    send(QEvent.Type.MouseButtonRelease, *points[-1])


def test_the_named_signer_signs_through_the_dialog_and_the_signature_is_bound_to_the_letter(
        qtbot, runner, team, desk) -> None:
    case = assigned(desk, team)
    with desk.db.session() as s:
        letters.save_draft(desk, s, team.clerk, case, SECTIONS, Outcome.SUPPORT, dept_head_id=team.dept_head.id)
    page = _page(qtbot, runner, team.dept_head, case, desk)
    assert "sign_dept_head" in page.buttons and "sign_case_lead" not in page.buttons
    qtbot.waitUntil(lambda: "decision_letter" in page.documents.kinds(), timeout=5000)
    draft = next(d for d in page.documents.docs if d.kind == "decision_letter")
    assert not draft.issuable  # a draft letter is for reading only
    qtbot.mouseClick(page.buttons["sign_dept_head"], Qt.MouseButton.LeftButton)
    dialog = page.sign_dialog
    qtbot.waitUntil(dialog.preview.is_loaded, timeout=20000)  # the letter as it stands, beside the pad
    assert "吴所长" in dialog.findChild(type(dialog.preview.status), "signer_label").text()
    assert not dialog.ok_button.isEnabled()
    _draw(dialog.pad, [(40, 60), (90, 40), (140, 80), (200, 50)])
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sign_dept_head" not in page.buttons and page.view is not None, timeout=10000)
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        letter = letters.current_letter(s, matter_by_number(s, case).id)
        sig = s.scalar(select(LetterSignature).where(LetterSignature.letter_id == letter.id))
        assert sig.signer_id == team.dept_head.id and sig.signer_role == SignerRole.DEPT_HEAD
        assert sig.content_sha256 == letter.content_sha256 and sig.voided_at is None
        assert len(sig.strokes) == 1 and len(sig.strokes[0]) >= 3
