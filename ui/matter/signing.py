"""Signing the decision letter by hand: the named signer reads the letter as it now stands (a draft
render, made off the GUI thread) beside the pad; the strokes go to ``letters.sign``, which binds them to
the letter's content hash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.domain.enums import Role, SignerRole
from desktop.services.context import AppContext
from desktop.services.documents_log import DocumentKind
from desktop.services.permissions import Actor
from ui.i18n import tr
from ui.words import word


def draft_letter_pdf(ctx: AppContext, actor: Actor, case_number: str) -> Callable[[], bytes]:
    """A PDF source for the preview: the current letter, rendered as a draft (runs on the preview's pool)."""
    def render() -> bytes:
        from desktop import documents as records

        with ctx.db.read() as session:
            doc = records.document_data(ctx, session, actor, case_number, DocumentKind.DECISION_LETTER,
                                        allow_draft=True)
        return records.render(doc).pdf
    return render


def slip_pdf(ctx: AppContext, actor: Actor, case_number: str) -> Callable[[], bytes]:
    """The assignment slip as it will be approved, for the approver to read beside the pad (the slip's
    builder renders an unapproved slip as it stands: it takes no ``allow_draft``)."""
    def render() -> bytes:
        from desktop import documents as records

        with ctx.db.read() as session:
            doc = records.document_data(ctx, session, actor, case_number, DocumentKind.ASSIGNMENT_SLIP)
        return records.render(doc).pdf
    return render


def open_sign_dialog(parent: QWidget, ctx: AppContext, actor: Actor, case_number: str, role: SignerRole,
                     on_strokes: Callable[[list], None]) -> QWidget:  # type: ignore[type-arg]
    """Shows the signing dialog (not modal: the page stays usable and tests can drive it)."""
    from ui.printing.sign_letter import SignLetterDialog

    dialog = SignLetterDialog(actor.display_name, word(role), source=draft_letter_pdf(ctx, actor, case_number),
                              parent=parent)
    dialog.signature_confirmed.connect(on_strokes)
    return _show(dialog)


def open_approval_dialog(parent: QWidget, ctx: AppContext, actor: Actor, case_number: str,
                         on_approved: Callable[[str, list], None]) -> QWidget:  # type: ignore[type-arg]
    """The approver reads the slip, types the 审批意见 and signs by hand, all in one dialog; the note and
    the strokes go to ``on_approved`` and are printed on the slip."""
    from ui.printing.sign_letter import SignLetterDialog

    dialog = SignLetterDialog(actor.display_name, word(Role.APPROVER), source=slip_pdf(ctx, actor, case_number),
                              parent=parent, title=tr("审批交办单"), reading=tr("交办单"),
                              note_label=tr("审批意见"))
    dialog.setObjectName("approve_slip")
    dialog.signature_confirmed.connect(lambda strokes: on_approved(dialog.note(), strokes))
    return _show(dialog)


def _show(dialog: QWidget) -> QWidget:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
