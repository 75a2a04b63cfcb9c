"""``reception demo``'s documents: every document its case has reached, written as PDF files.

The handwritten signatures are the ones stored with the letter and with the slip's approval (the
demo signs with each signer's own synthetic strokes). Each file written is audited as a save, like
any other (a save is not a print: the first paper print is still the original)."""

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

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    certificate = office_assets.certificate(ctx)
    for kind in DocumentKind:
        options: dict[str, object] = {}
        if kind in (DocumentKind.ASSIGNMENT_SLIP, DocumentKind.DECISION_LETTER):
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
