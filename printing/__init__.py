"""Reception Room's documents: ReportLab renderers (one per document, frozen dataclass in, PDF
bytes out), handwritten signatures as PNG, content hashes and claims, PAdES signing and print
dispatch through CUPS. No Qt here."""

from printing.claim import content_sha256, qr_payload, read_document_claim
from printing.data import (
    AcceptanceNoticeData,
    AssignmentSlipData,
    DecisionLetterData,
    DocumentClaim,
    ExtensionNoticeData,
    Issuer,
    LetterContent,
    Petitioner,
    RegistrationFormData,
    Signature,
    TerminationNoticeData,
    TrackingCardData,
)
from printing.dispatch import Printer, list_printers, print_pdf
from printing.documents.card import render_tracking_card, render_tracking_cards
from printing.documents.decision import render_decision_letter
from printing.documents.forms import render_assignment_slip, render_registration_form
from printing.documents.notices import (
    render_acceptance_notice,
    render_extension_notice,
    render_termination_notice,
)
from printing.errors import DocumentClaimMissing, MissingGlyphError, NoFontError, PrinterUnavailable
from printing.fonts import FontConfig, FontFile, get_fonts
from printing.pades import make_self_signed_pkcs12, sign_pdf, validate_pdf_signatures
from printing.signature import SIGNATURE_ASPECT, render_signature_png

__all__ = [
    "SIGNATURE_ASPECT", "AcceptanceNoticeData", "AssignmentSlipData", "DecisionLetterData", "DocumentClaim",
    "DocumentClaimMissing", "ExtensionNoticeData", "FontConfig", "FontFile", "Issuer", "LetterContent",
    "MissingGlyphError", "NoFontError", "Petitioner", "Printer", "PrinterUnavailable", "RegistrationFormData",
    "Signature", "TerminationNoticeData", "TrackingCardData", "content_sha256", "get_fonts", "list_printers",
    "make_self_signed_pkcs12", "print_pdf", "qr_payload", "read_document_claim", "render_acceptance_notice",
    "render_assignment_slip", "render_decision_letter", "render_extension_notice", "render_registration_form",
    "render_signature_png", "render_termination_notice", "render_tracking_card", "render_tracking_cards",
    "sign_pdf", "validate_pdf_signatures",
]
