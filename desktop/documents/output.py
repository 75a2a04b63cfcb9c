"""Rendering what the builders composed (PAdES-signing the final letter when the office has a
certificate), auditing every print and save, and checking a PDF against the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from desktop.documents.builders import DocumentData, RenderedDocument, document_data
from desktop.domain.enums import PauseKind
from desktop.domain.errors import IllegalTransition, NotFound, ValidationError
from desktop.domain.masking import STAR
from desktop.services import documents_log, office_assets
from desktop.services.context import AppContext
from desktop.services.deadline_service import changes_of
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
    # no_claim | unreadable | malformed | signature_broken | modified_after_signing | text_mismatch |
    # image_missing | image_mismatch | not_renderable, or a reason of documents_log.verify_document
    # (match, hash_mismatch, superseded, ...)
    reason: str
    claim: d.DocumentClaim | None = None
    verification: documents_log.Verification | None = None
    signatures: int = 0  # PAdES signatures found (and checked)
    difference: str = ""  # the first difference found, e.g. "…于2026年5月4日前… ≠ …于2026年6月4日前…"


# Who verifies: nobody in particular, so ID and phone numbers render masked and are compared as wildcards.
_VERIFIER = Actor(id=0, username="", display_name="", roles=frozenset())


def _text(pdf: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


def _images(pdf: bytes) -> list[tuple[int, str]]:
    """(page, fingerprint of the decoded pixels) of every image: signatures, seal, photo."""
    import hashlib
    from io import BytesIO

    from pypdf import PdfReader

    out = []
    for n, page in enumerate(PdfReader(BytesIO(pdf)).pages, 1):
        for image in page.images:
            pixels = image.image.convert("RGBA")
            out.append((n, hashlib.sha256(pixels.tobytes() + repr(pixels.size).encode()).hexdigest()))
    return out


def first_difference(expected: str, found: str) -> int | None:
    """Where ``found`` first departs from ``expected`` (a masked ``*`` in ``expected`` matches any one
    character: an entitled user's print shows the full ID number the verifier cannot see)."""
    for i, (a, b) in enumerate(zip(expected, found, strict=False)):
        if a != b and a != STAR:
            return i
    return None if len(expected) == len(found) else min(len(expected), len(found))


def _around(text: str, i: int) -> str:
    return f"…{text[max(0, i - 8):i + 12]}…"


def reference_document(ctx: AppContext, session: Session, claim: d.DocumentClaim) -> DocumentData:
    """What the record renders today for the document a PDF claims to be (same kind, number, copy mark)."""
    from desktop.documents import builders as b

    matter = matter_by_number(session, claim.case_no)
    today = ctx.today()
    kind = DocumentKind(claim.kind)
    if kind == DocumentKind.EXTENSION_NOTICE:
        for index in range(len([c for c in changes_of(session, matter.id) if c.kind == PauseKind.EXTENSION])):
            doc = b.extension_notice(ctx, session, _VERIFIER, matter, today, index=index)
            if doc.doc_number == claim.doc_number:
                break
        else:
            raise NotFound("not_found", what="extension")
    else:
        builder = {
            DocumentKind.REGISTRATION_FORM: b.registration_form, DocumentKind.ACCEPTANCE_NOTICE: b.acceptance_notice,
            DocumentKind.ASSIGNMENT_SLIP: b.assignment_slip, DocumentKind.DECISION_LETTER: b.decision_letter,
            DocumentKind.TERMINATION_NOTICE: b.termination_notice, DocumentKind.TRACKING_CARD: b.tracking_card,
        }[kind]
        doc = builder(ctx, session, _VERIFIER, matter, today)
    if kind != DocumentKind.TRACKING_CARD and doc.is_copy != claim.copy:
        doc = replace(doc, data=replace(doc.data, is_copy=claim.copy), is_copy=claim.copy)
    return doc


def reference_pdf(ctx: AppContext, session: Session, claim: d.DocumentClaim) -> bytes:
    """The PDF the record renders today for the document a PDF claims to be, a mediation agreement too."""
    from printing.keycases.render import AGREEMENT_KIND, render_agreement

    if claim.kind == AGREEMENT_KIND:
        from desktop.documents.keycases import printed_agreement

        data = printed_agreement(session, claim.doc_number)
        if data.case_no != claim.case_no:
            raise NotFound("not_found", what=f"mediation {claim.doc_number}")
        return render_agreement(replace(data, is_copy=claim.copy))
    return render(reference_document(ctx, session, claim)).pdf


def check_pdf(ctx: AppContext, session: Session, pdf: bytes) -> PdfCheck:
    """Does this PDF match the record? Its claim against the record, its PAdES signatures against the
    office certificate, its visible text against what the record renders for that document (any kind,
    a reprint too), and each image (handwritten signatures from the stored strokes, the seal, the
    clerk's photo) against the same render. Names the first difference."""
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
    try:
        expected_pdf = reference_pdf(ctx, session, claim)
    except (IllegalTransition, NotFound, ValidationError) as exc:
        return PdfCheck(False, "not_renderable", claim, result, n, exc.code)
    expected, found = _text(expected_pdf), _text(pdf)
    at = first_difference(expected, found)
    if at is not None:
        return PdfCheck(False, "text_mismatch", claim, result, n, f"{_around(expected, at)} ≠ {_around(found, at)}")
    want, have = _images(expected_pdf), _images(pdf)
    for i, (page, print_) in enumerate(want):
        if i >= len(have):
            return PdfCheck(False, "image_missing", claim, result, n, f"page {page}")
        if have[i] != (page, print_):
            return PdfCheck(False, "image_mismatch", claim, result, n, f"page {page}")
    if len(have) > len(want):
        return PdfCheck(False, "image_mismatch", claim, result, n, f"page {have[len(want)][0]}")
    return PdfCheck(True, "match", claim, result, n)
