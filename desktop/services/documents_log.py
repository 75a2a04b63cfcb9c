"""Every document that leaves the office, printed or saved, in the audit chain; and the check of a
PDF's claim against the record (``reception verify-document``).

The issues are audit entries (``document.print`` / ``document.save``, target the matter), so the
log is tamper-evident like the rest of the audit chain and needs no table of its own. A document
already issued is issued again as a copy (副本)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import china_date
from desktop.db.models import AuditEntry, DecisionLetter, Matter
from desktop.domain.enums import LetterStatus
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, may_see_matter

PRINT, SAVE = "document.print", "document.save"


class DocumentKind(StrEnum):
    """The office's documents; values are the ``kind`` a PDF's claim carries."""

    REGISTRATION_FORM = "registration_form"  # 信访事项登记表
    ACCEPTANCE_NOTICE = "acceptance_notice"  # 受理告知书
    EXTENSION_NOTICE = "extension_notice"  # 延期告知书
    ASSIGNMENT_SLIP = "assignment_slip"  # 信访事项交办单
    DECISION_LETTER = "decision_letter"  # 信访处理意见书
    TERMINATION_NOTICE = "termination_notice"  # 信访事项终结告知书
    TRACKING_CARD = "tracking_card"  # 首问兜底卡


# Documents audited and verified the same way that are not printed through ``print CASE DOCUMENT``.
OTHER_KINDS = frozenset({"mediation_agreement"})  # 调解协议书 (desktop/keycases)


@dataclass(frozen=True)
class Issue:
    seq: int
    at: datetime
    actor_id: int | None
    output: str  # PRINT or SAVE
    kind: str
    case_number: str
    doc_number: str
    content_sha256: str
    is_copy: bool
    copies: int
    printer: str
    path: str

    @property
    def on(self) -> date:
        at = self.at if self.at.tzinfo else self.at.replace(tzinfo=UTC)  # SQLite gives naive UTC back
        return china_date(at)


def require_access(actor: Actor, matter: Matter) -> None:
    """An accusation (Art. 30) is printed only by entitled roles and the staff who took it in."""
    if may_see_matter(actor, matter):
        return
    raise PermissionDenied("restricted_matter", user=actor.username, case=matter.case_number)


def issues(session: Session, case_number: str, kind: str | None = None, doc_number: str | None = None
           ) -> list[Issue]:
    """The prints and saves of a case's documents, oldest first."""
    stmt = (select(AuditEntry).where(AuditEntry.target_type == "matter", AuditEntry.target_id == case_number,
                                     AuditEntry.action.in_((PRINT, SAVE))).order_by(AuditEntry.seq))
    found = [_issue(e) for e in session.scalars(stmt)]
    return [i for i in found if (kind is None or i.kind == kind) and (doc_number is None or i.doc_number == doc_number)]


def _issue(e: AuditEntry) -> Issue:
    d = e.details or {}
    return Issue(seq=e.seq, at=e.at, actor_id=e.actor_id, output=e.action, kind=d.get("kind", ""),
                 case_number=e.target_id, doc_number=d.get("doc_number", ""),
                 content_sha256=d.get("content_sha256", ""), is_copy=bool(d.get("is_copy")),
                 copies=int(d.get("copies", 0)), printer=d.get("printer", ""), path=d.get("path", ""))


def already_issued(session: Session, case_number: str, kind: str, doc_number: str = "") -> bool:
    """True once a document was printed or saved: the next one is a copy (副本)."""
    return bool(issues(session, case_number, kind, doc_number))


def already_printed(session: Session, case_number: str, kind: str, doc_number: str = "") -> bool:
    """True once a document went to a printer: the next paper is a copy (副本). Saving a PDF is not
    a print (the file is the office's own copy until someone prints it)."""
    return any(i.output == PRINT for i in issues(session, case_number, kind, doc_number))


def first_issued_on(session: Session, case_number: str, kind: str, doc_number: str = "") -> date | None:
    """The date of the first issue: a reprint carries the original's date, not today's."""
    found = issues(session, case_number, kind, doc_number)
    return found[0].on if found else None


def _log(ctx: AppContext, session: Session, actor: Actor, action: str, kind: str, case_number: str,
         details: dict[str, object]) -> Issue:
    if kind not in DocumentKind.__members__.values() and kind not in OTHER_KINDS:
        raise ValidationError("unknown_document_kind", field="kind", kind=kind)
    entry = audit.record(session, at=ctx.now(), actor_id=actor.id, action=action, target_type="matter",
                         target_id=case_number, details={"kind": kind, **details})
    session.flush()
    return _issue(entry)


def log_print(ctx: AppContext, session: Session, actor: Actor, *, kind: str, case_number: str, doc_number: str,
              content_sha256: str, is_copy: bool, copies: int, printer: str, job: str = "") -> Issue:
    """Audits a print: who (the actor), what, which case, how many copies, on which printer."""
    if copies < 1:
        raise ValidationError("copies_invalid", field="copies")
    return _log(ctx, session, actor, PRINT, kind, case_number, {
        "doc_number": doc_number, "content_sha256": content_sha256, "is_copy": is_copy, "copies": copies,
        "printer": printer, "job": job})


def log_save(ctx: AppContext, session: Session, actor: Actor, *, kind: str, case_number: str, doc_number: str,
             content_sha256: str, is_copy: bool, path: str) -> Issue:
    """Audits a save as PDF (a file that may leave the office like paper does)."""
    return _log(ctx, session, actor, SAVE, kind, case_number, {
        "doc_number": doc_number, "content_sha256": content_sha256, "is_copy": is_copy, "copies": 1,
        "path": path})


class ClaimLike(Protocol):
    """What a PDF says about itself (``printing.DocumentClaim`` has these attributes)."""

    kind: str
    case_no: str
    doc_number: str
    content_sha256: str
    copy: bool


@dataclass(frozen=True)
class Verification:
    ok: bool
    # match | unknown_case | unknown_document | case_mismatch | not_final | hash_mismatch | superseded
    # | never_issued | unknown_kind
    reason: str
    kind: str
    case_number: str
    doc_number: str
    issued_on: date | None = None


def _verify_letter(session: Session, claim: ClaimLike) -> Verification:
    def result(ok: bool, reason: str, on: date | None = None) -> Verification:
        return Verification(ok, reason, claim.kind, claim.case_no, claim.doc_number, on)

    letter = session.scalar(select(DecisionLetter).where(DecisionLetter.document_number == claim.doc_number)) \
        if claim.doc_number else None
    if letter is None:
        return result(False, "unknown_document")
    matter = session.get(Matter, letter.matter_id)
    if matter is None or matter.case_number != claim.case_no:
        return result(False, "case_mismatch")
    if letter.status != LetterStatus.FINAL:
        return result(False, "not_final")
    if letter.content_sha256 != claim.content_sha256:
        return result(False, "hash_mismatch")
    newer = session.scalar(select(DecisionLetter.id).where(
        DecisionLetter.matter_id == matter.id, DecisionLetter.id > letter.id,
        DecisionLetter.status == LetterStatus.FINAL))
    on = china_date(_aware(letter.finalized_at)) if letter.finalized_at else None
    if newer is not None:
        return result(False, "superseded", on)
    return result(True, "match", on)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def verify_document(session: Session, claim: ClaimLike) -> Verification:
    """Compares a PDF's claim with the record.

    A decision letter must be the matter's final letter, with the content hash its signatures are
    bound to, and not replaced by a later final letter. Any other document must match (kind, case,
    number, content hash) one that the office printed or saved, and be the latest issued version.
    """
    def result(ok: bool, reason: str, on: date | None = None) -> Verification:
        return Verification(ok, reason, claim.kind, claim.case_no, claim.doc_number, on)

    if claim.kind not in DocumentKind.__members__.values() and claim.kind not in OTHER_KINDS:
        return result(False, "unknown_kind")
    if session.scalar(select(Matter.id).where(Matter.case_number == claim.case_no)) is None:
        return result(False, "unknown_case")
    if claim.kind == DocumentKind.DECISION_LETTER:
        return _verify_letter(session, claim)
    found = issues(session, claim.case_no, claim.kind, claim.doc_number)
    if not found:
        return result(False, "never_issued")
    same = [i for i in found if i.content_sha256 == claim.content_sha256]
    if not same:
        return result(False, "hash_mismatch")
    if found[-1].content_sha256 != claim.content_sha256:
        return result(False, "superseded", same[0].on)
    return result(True, "match", same[0].on)
