"""Signing the decision letter by hand: the named signer reads the letter as it now stands (a draft
render, made off the GUI thread) beside the pad; the strokes go to ``letters.sign``, which binds them to
the letter's content hash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desktop.domain.enums import Role, SignerRole
from desktop.services.context import AppContext
from desktop.services.documents_log import DocumentKind
from desktop.services.permissions import Actor
from ui.errors import describe
from ui.i18n import tr
from ui.printing.sign_letter import SignLetterDialog
from ui.tasks import TaskRunner
from ui.words import word


def letter_job(ctx: AppContext, actor: Actor, case_number: str) -> Callable[[Session], bytes]:
    """The current letter rendered as a draft, as a write job: rendering for an entitled reader reveals
    personal data, which is audited."""
    def render(session: Session) -> bytes:
        from desktop import documents as records

        doc = records.document_data(ctx, session, actor, case_number, DocumentKind.DECISION_LETTER,
                                    allow_draft=True)
        return records.render(doc).pdf
    return render


def slip_job(ctx: AppContext, actor: Actor, case_number: str) -> Callable[[Session], bytes]:
    """The assignment slip as it will be approved, for the approver to read beside the pad: a slip still
    awaiting approval renders only as a preview (``allow_draft``), as a write job like the letter."""
    def render(session: Session) -> bytes:
        from desktop import documents as records

        doc = records.document_data(ctx, session, actor, case_number, DocumentKind.ASSIGNMENT_SLIP,
                                    allow_draft=True)
        return records.render(doc).pdf
    return render


def open_sign_dialog(parent: QWidget, runner: TaskRunner, actor: Actor, case_number: str, role: SignerRole,
                     on_strokes: Callable[[list], None]) -> QWidget:  # type: ignore[type-arg]
    """Shows the signing dialog (not modal: the page stays usable and tests can drive it)."""
    dialog = SignLetterDialog(actor.display_name, word(role), parent=parent)
    dialog.signature_confirmed.connect(on_strokes)
    return _show(dialog, runner, letter_job(runner.ctx, actor, case_number))


def open_approval_dialog(parent: QWidget, runner: TaskRunner, actor: Actor, case_number: str,
                         on_approved: Callable[[str, list], None]) -> QWidget:  # type: ignore[type-arg]
    """The approver reads the slip, types the 审批意见 and signs by hand, all in one dialog; the note and
    the strokes go to ``on_approved`` and are printed on the slip."""
    dialog = SignLetterDialog(actor.display_name, word(Role.APPROVER), parent=parent, title=tr("审批交办单"),
                              reading=tr("交办单"), note_label=tr("审批意见"))
    dialog.setObjectName("approve_slip")
    dialog.signature_confirmed.connect(lambda strokes: on_approved(dialog.note(), strokes))
    return _show(dialog, runner, slip_job(runner.ctx, actor, case_number))


def _show(dialog: SignLetterDialog, runner: TaskRunner, job: Callable[[Session], bytes]) -> QWidget:
    """Shows the dialog at once; the document follows from the one write path (never on the GUI thread).
    The idle lock hides it rather than closing it: a typed 审批意见 and drawn strokes come back after the
    same user unlocks."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.keeps_input_over_lock = True
    dialog.show()
    runner.write(job, dialog.preview.load_bytes, lambda e: dialog.preview.show_failure(describe(e)), owner=dialog)
    return dialog
