"""``reception demo``'s documents: every document its case has reached, written as PDF files.

The handwritten signatures are the ones stored with the letter (the demo signs with synthetic
strokes); the approver's signature on the assignment slip, which the record does not keep as
strokes, is a synthetic one. Each file written is audited as a save, like any other."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from desktop.domain.errors import IllegalTransition, NotFound
from desktop.services import office_assets
from desktop.services.context import AppContext
from desktop.services.documents_log import DocumentKind
from desktop.services.permissions import Actor


def write_documents(ctx: AppContext, session: Session, actor: Actor, case: str, out_dir: Path | str
                    ) -> dict[str, str]:
    """Writes ``out_dir/<case>-<document>.pdf`` for each document the case has reached; returns
    ``{document name as in `reception print`: path}`` in the order of the procedure."""
    from desktop import documents as records
    from desktop.services.handling import current_assignment
    from desktop.services.intake import matter_by_number
    from printing.signature import render_signature_png, synthetic_strokes

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    matter = matter_by_number(session, case)
    slip = current_assignment(session, matter.id)
    approver_png = None
    if slip is not None:
        from desktop.db.models import Staff

        approver = session.get(Staff, slip.approver_id)
        approver_png = render_signature_png(synthetic_strokes(approver.display_name if approver else "审批"))
    written: dict[str, str] = {}
    certificate = office_assets.certificate(ctx)
    for kind in DocumentKind:
        options: dict[str, object] = {}
        if kind == DocumentKind.ASSIGNMENT_SLIP:
            options["approver_signature_png"] = approver_png
        if kind == DocumentKind.DECISION_LETTER:
            options["allow_draft"] = True
        try:
            doc = records.document_data(ctx, session, actor, case, kind, **options)
        except (IllegalTransition, NotFound):
            continue  # the case has not reached this document
        rendered = records.render(doc, certificate=certificate)
        name = kind.value.replace("_", "-")
        path = out / f"{case}-{name}{'-draft' if not doc.final else ''}.pdf"
        path.write_bytes(rendered.pdf)
        if doc.final:
            records.record_save(ctx, session, actor, rendered, path=str(path.resolve()))
        written[name] = str(path)
    return written
