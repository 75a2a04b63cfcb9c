"""Reception Room's documents: ReportLab renderers (one per document, frozen dataclass in, PDF
bytes out), handwritten signatures as PNG, content hashes and claims, PAdES signing and print
dispatch through CUPS. No Qt here."""

from __future__ import annotations

import importlib
from typing import Any

# Loaded when first used (PEP 562): importing one module of the package, e.g. ``printing.signature`` for
# the signature pad, must not load ReportLab, pyHanko and every renderer on the GUI thread.
_WHERE = {
    "printing.claim": ("content_sha256", "qr_payload", "read_document_claim"),
    "printing.data": ("AcceptanceNoticeData", "AssignmentSlipData", "DecisionLetterData", "DocumentClaim",
                      "ExtensionNoticeData", "Issuer", "LetterContent", "Petitioner", "RegistrationFormData",
                      "Signature", "TerminationNoticeData", "TrackingCardData"),
    "printing.dispatch": ("Printer", "list_printers", "print_pdf"),
    "printing.documents.card": ("render_tracking_card", "render_tracking_cards"),
    "printing.documents.decision": ("render_decision_letter",),
    "printing.documents.forms": ("render_assignment_slip", "render_registration_form"),
    "printing.documents.notices": ("render_acceptance_notice", "render_extension_notice",
                                   "render_termination_notice"),
    "printing.errors": ("DocumentClaimMissing", "MissingGlyphError", "NoFontError", "PrinterUnavailable"),
    "printing.fonts": ("FontConfig", "FontFile", "get_fonts"),
    "printing.pades": ("make_self_signed_pkcs12", "sign_pdf", "validate_pdf_signatures"),
    "printing.signature": ("SIGNATURE_ASPECT", "render_signature_png"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'printing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULE_OF])


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
