"""From the records to the office's documents: builders compose printing's dataclasses from a case
(``builders``); ``output`` renders them, signs the final letter, audits prints and saves and checks a
PDF against the record. This is the core side: it reads the database, checks permissions, decrypts and
audits; ``printing`` only renders the frozen dataclasses built here and never imports this package."""

from desktop.documents.builders import (
    CATEGORY,
    TITLES,
    DocumentData,
    RenderedDocument,
    acceptance_notice,
    assignment_slip,
    decision_letter,
    document_data,
    extension_notice,
    issuer,
    registration_form,
    termination_notice,
    tracking_card,
)
from desktop.documents.output import PdfCheck, as_copy, check_pdf, prepare, record_print, record_save, render

__all__ = [
    "CATEGORY", "TITLES", "DocumentData", "PdfCheck", "RenderedDocument", "acceptance_notice", "as_copy",
    "assignment_slip", "check_pdf", "decision_letter", "document_data", "extension_notice", "issuer", "prepare",
    "record_print", "record_save", "registration_form", "render", "termination_notice", "tracking_card",
]
