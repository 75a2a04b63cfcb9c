"""Binding a document to its content: the canonical content hash, the QR payload and the claim
stored in the PDF's metadata (read back by ``reception verify-document``)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from enum import Enum
from io import BytesIO
from typing import Any

from printing.data import DecisionLetterData, DocumentClaim, LetterContent
from printing.errors import DocumentClaimMissing
from printing.fonts import normalize
from printing.page import CLAIM_KEY

# The fields of a letter that are its content. Signatures, document number, dates of issue,
# seal and the copy flag are not: they are about the paper, and signing must not change the hash.
CONTENT_FIELDS = (
    "case_no", "petitioner", "department", "received_on", "request", "investigation", "findings",
    "basis", "outcome", "conclusion", "review_body", "review_days",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        # Trailing blanks and CRLF vs LF are editing noise, not content.
        return "\n".join(line.rstrip() for line in normalize(value).strip().split("\n"))
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def content_sha256(letter: LetterContent | DecisionLetterData) -> str:
    """SHA-256 (hex) of the letter's content, canonical JSON of :data:`CONTENT_FIELDS`.

    Independent of signatures and rendering: the same content always gives the same hash, and
    editing any section, the outcome, the case number, petitioner or department changes it.
    A letter built from the record carries the record's own hash, which wins.
    """
    if isinstance(letter, DecisionLetterData) and letter.content_sha256:
        return letter.content_sha256
    content = letter.content if isinstance(letter, DecisionLetterData) else letter
    doc = {name: _canonical(getattr(content, name)) for name in CONTENT_FIELDS}
    if content.remedies.strip():  # only when given, so letters without it keep their hash
        doc["remedies"] = _canonical(content.remedies)
    blob = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def data_sha256(data: Any, exclude: tuple[str, ...] = ("is_copy",)) -> str:
    """Canonical hash of any document dataclass (for the claims of notices, slips and forms)."""
    doc = {f.name: _canonical(getattr(data, f.name)) for f in dataclasses.fields(data) if f.name not in exclude}
    blob = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def qr_payload(case_no: str, sha256: str) -> str:
    """What the letter's QR code says: scheme tag, case number and content hash."""
    return f"RR1|{case_no}|{sha256}"


def read_document_claim(pdf_bytes: bytes) -> DocumentClaim:
    """The claim a PDF made by this package carries; :class:`DocumentClaimMissing` otherwise.

    Works on signed (PAdES, incrementally updated) PDFs and on reprints alike.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        meta = PdfReader(BytesIO(pdf_bytes)).metadata or {}
    except (PdfReadError, ValueError, OSError) as exc:
        raise DocumentClaimMissing(reason="unreadable", message=str(exc)) from exc
    raw = meta.get("/" + CLAIM_KEY)
    if not raw:
        raise DocumentClaimMissing(reason="no_claim")
    try:
        d = json.loads(str(raw))
        return DocumentClaim(kind=d["kind"], case_no=d["case_no"], doc_number=d["doc_number"],
                             content_sha256=d["content_sha256"], copy=bool(d["copy"]), version=int(d["v"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise DocumentClaimMissing(reason="malformed", message=str(exc)) from exc
