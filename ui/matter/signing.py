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
    """The assignment slip as it will be approved, for the approver to read beside the pad."""
    def render() -> bytes:
        from desktop import documents as records

        with ctx.db.read() as session:
            doc = records.document_data(ctx, session, actor, case_number, DocumentKind.ASSIGNMENT_SLIP,
                                        allow_draft=True)
        return records.render(doc).pdf
    return render


def open_sign_dialog(parent: QWidget, ctx: AppContext, actor: Actor, case_number: str, role: SignerRole,
                     on_strokes: Callable[[list], None]) -> QWidget:  # type: ignore[type-arg]
    """Shows the signing dialog (not modal: the page stays usable and tests can drive it)."""
    return _show(parent, actor, word(role), draft_letter_pdf(ctx, actor, case_number), on_strokes)


def open_approval_dialog(parent: QWidget, ctx: AppContext, actor: Actor, case_number: str,
                         on_strokes: Callable[[list], None]) -> QWidget:  # type: ignore[type-arg]
    """The approver signs the assignment slip by hand; the strokes are printed on the slip."""
    return _show(parent, actor, word(Role.APPROVER), slip_pdf(ctx, actor, case_number), on_strokes)


def _show(parent: QWidget, actor: Actor, role_label: str, source: Callable[[], bytes],
          on_strokes: Callable[[list], None]) -> QWidget:  # type: ignore[type-arg]
    from ui.printing.sign_letter import SignLetterDialog

    dialog = SignLetterDialog(actor.display_name, role_label, source=source, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.signature_confirmed.connect(on_strokes)
    dialog.show()
    return dialog
