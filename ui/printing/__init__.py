"""The signature pad, the document preview with print and save, and the letter-signing dialog."""

from ui.printing.preview import DocumentPreviewDialog, PdfPreview, print_pdf_document
from ui.printing.sign_letter import SignLetterDialog
from ui.printing.signature_pad import SignaturePad

__all__ = ["DocumentPreviewDialog", "PdfPreview", "SignLetterDialog", "SignaturePad", "print_pdf_document"]
