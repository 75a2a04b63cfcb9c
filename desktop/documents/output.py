"""Rendering what the builders composed (PAdES-signing the final letter when the office has a
certificate), auditing every print and save, and checking a PDF against the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from desktop.documents.builders import DocumentData, RenderedDocument, decision_letter, document_data
from desktop.domain.errors import IllegalTransition
from desktop.services import documents_log, office_assets
from desktop.services.context import AppContext
from desktop.services.documents_log import DocumentKind
from desktop.services.intake import matter_by_number
from desktop.services.permissions import Actor
from printing import data as d
from printing.claim import read_document_claim


def render(doc: DocumentData, *, certificate: office_assets.Certificate | None = None) -> RenderedDocument:
    """PDF bytes of the document; a final decision letter is PAdES-signed when a certificate is given."""
    from printing.documents.card import render_tracking_card
    from printing.documents.decision import render_decision_letter
    from printing.documents.forms import render_assignment_slip, render_registration_form
    from printing.documents.notices import (
        render_acceptance_notice,
        render_extension_notice,
        render_termination_notice,
    )
    from printing.pades import sign_pdf

    renderers: dict[DocumentKind, Callable[[Any], bytes]] = {
        DocumentKind.REGISTRATION_FORM: render_registration_form,
        DocumentKind.ACCEPTANCE_NOTICE: render_acceptance_notice,
        DocumentKind.EXTENSION_NOTICE: render_extension_notice,
        DocumentKind.ASSIGNMENT_SLIP: render_assignment_slip,
        DocumentKind.DECISION_LETTER: render_decision_letter,
        DocumentKind.TERMINATION_NOTICE: render_termination_notice,
        DocumentKind.TRACKING_CARD: render_tracking_card,
    }
    pdf = renderers[doc.kind](doc.data)
    signed = False
    if certificate is not None and doc.kind == DocumentKind.DECISION_LETTER and doc.final:
        pdf = sign_pdf(pdf, certificate.pkcs12, certificate.passphrase,
                       reason=f"信访处理意见书 {doc.doc_number}")
        signed = True
    return RenderedDocument(doc, pdf, read_document_claim(pdf), signed)


def prepare(ctx: AppContext, session: Session, actor: Actor, case_number: str, kind: DocumentKind | str,
            **options: Any) -> RenderedDocument:
    """Data and PDF in one call, signed with the office's certificate when it has one."""
    doc = document_data(ctx, session, actor, case_number, kind, **options)
    return render(doc, certificate=office_assets.certificate(ctx))


def as_copy(doc: DocumentData) -> DocumentData:
    """The same document marked 副本 (for a second print in one go)."""
    if doc.kind == DocumentKind.TRACKING_CARD or doc.is_copy:
        return doc
    return replace(doc, data=replace(doc.data, is_copy=True), is_copy=True)


def record_print(ctx: AppContext, session: Session, actor: Actor, rendered: RenderedDocument, *, copies: int,
                 printer: str, job: str = "") -> documents_log.Issue:
    doc = rendered.document
    _require_final(doc)
    return documents_log.log_print(ctx, session, actor, kind=doc.kind, case_number=doc.case_number,
                                   doc_number=doc.doc_number, content_sha256=rendered.claim.content_sha256,
                                   is_copy=doc.is_copy, copies=copies, printer=printer, job=job)


def record_save(ctx: AppContext, session: Session, actor: Actor, rendered: RenderedDocument, *, path: str
                ) -> documents_log.Issue:
    doc = rendered.document
    _require_final(doc)
    return documents_log.log_save(ctx, session, actor, kind=doc.kind, case_number=doc.case_number,
                                  doc_number=doc.doc_number, content_sha256=rendered.claim.content_sha256,
                                  is_copy=doc.is_copy, path=path)


def _require_final(doc: DocumentData) -> None:
    if not doc.final:
        raise IllegalTransition("document_not_final", step="issue_document", status=doc.kind.value,
                                missing=["final"])


@dataclass(frozen=True)
class PdfCheck:
    ok: bool
    # no_claim | unreadable | malformed | signature_broken | modified_after_signing | text_mismatch, or
    # a reason of documents_log.verify_document (match, hash_mismatch, superseded, ...)
    reason: str
    claim: d.DocumentClaim | None = None
    verification: documents_log.Verification | None = None
    signatures: int = 0  # PAdES signatures found (and checked)


def _text(pdf: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


def check_pdf(ctx: AppContext, session: Session, pdf: bytes) -> PdfCheck:
    """Does this PDF match the record? Its claim against the record, its PAdES signatures against the
    office certificate, and (decision letters) its text against the letter rendered from the record."""
    from printing.errors import DocumentClaimMissing

    try:
        claim = read_document_claim(pdf)
    except DocumentClaimMissing as exc:
        return PdfCheck(False, str(exc.details.get("reason", "no_claim")))
    result = documents_log.verify_document(session, claim)
    if not result.ok:
        return PdfCheck(False, result.reason, claim, result)
    n = 0
    cert = office_assets.certificate(ctx)
    if b"/ByteRange" in pdf:
        from printing.pades import certificate_of, validate_pdf_signatures

        roots = [certificate_of(cert.pkcs12, cert.passphrase)] if cert else []
        checks = validate_pdf_signatures(pdf, roots)
        n = len(checks)
        if any(not (c.intact and c.valid) for c in checks):
            return PdfCheck(False, "signature_broken", claim, result, n)
        if any(c.coverage != "ENTIRE_FILE" for c in checks):
            return PdfCheck(False, "modified_after_signing", claim, result, n)
    if claim.kind == DocumentKind.DECISION_LETTER:
        matter = matter_by_number(session, claim.case_no)
        doc = decision_letter(ctx, session, None, matter, ctx.today())  # type: ignore[arg-type]
        if claim.copy and not doc.is_copy:
            doc = as_copy(doc)
        elif doc.is_copy and not claim.copy:
            doc = replace(doc, data=replace(doc.data, is_copy=False), is_copy=False)
        if _text(render(doc).pdf) != _text(pdf):
            return PdfCheck(False, "text_mismatch", claim, result, n)
    return PdfCheck(True, "match", claim, result, n)
