"""调解: sessions about a matter or a screening item, the 《调解协议书》's content hash and its three hand
signatures (both parties and the mediator), 调解成功率."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Matter, Mediation, MediationSignature
from desktop.domain.errors import NotFound, ValidationError
from desktop.keycases import access
from desktop.keycases.common import text
from desktop.keycases.enums import MediationOutcome, MediationSigner
from desktop.keycases.rates import Ratio, mediation_success
from desktop.keycases.views import MediationRow
from desktop.services import audit, numbering
from desktop.services.context import AppContext
from desktop.services.intake import matter_by_number
from desktop.services.office import load_profile
from desktop.services.permissions import Actor

SERIES = "mediation"


@dataclass(frozen=True)
class MediationInput:
    held_on: date
    venue: str
    mediators: Sequence[str]
    party_a: str
    party_b: str
    dispute: str
    outcome: MediationOutcome
    terms: str = ""
    case_number: str = ""
    screening_item_id: int | None = None


def _log(ctx: AppContext, session: Session, actor: Actor, action: str, row: Mediation, **details: object) -> None:
    audit.record(session, at=ctx.now(), actor_id=actor.id, action=action, target_type="mediation",
                 target_id=row.id, details=details)


def content_sha256(row: Mediation, case_number: str) -> str:
    """What the parties sign: every word of the agreement, canonical JSON, SHA-256."""
    doc: dict[str, Any] = {"case": case_number, "screening_item": row.screening_item_id,
                           "held_on": row.held_on.isoformat(), "venue": row.venue, "mediators": list(row.mediators),
                           "party_a": row.party_a, "party_b": row.party_b, "dispute": row.dispute,
                           "terms": row.terms, "outcome": MediationOutcome(row.outcome).value,
                           "number": row.document_number}
    blob = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def record_mediation(ctx: AppContext, session: Session, actor: Actor, data: MediationInput) -> Mediation:
    access.require(actor, access.RECORD_MEDIATION, "mediation.record")
    matter_id = None
    if data.case_number.strip():
        matter_id = matter_by_number(session, data.case_number).id
    if matter_id is None and data.screening_item_id is None:
        raise ValidationError("mediation_needs_subject", field="case_number")
    if data.held_on > ctx.today():
        raise ValidationError("date_in_future", field="held_on")
    mediators = [text(m, "mediators", maximum=64) for m in data.mediators if m.strip()]
    if not mediators:
        raise ValidationError("required", field="mediators")
    outcome = MediationOutcome(data.outcome)
    terms = text(data.terms, "terms", required=outcome is MediationOutcome.AGREED)
    row = Mediation(matter_id=matter_id, screening_item_id=data.screening_item_id, held_on=data.held_on,
                    venue=text(data.venue, "venue", maximum=200), mediators=mediators,
                    party_a=text(data.party_a, "party_a", maximum=200),
                    party_b=text(data.party_b, "party_b", maximum=200), dispute=text(data.dispute, "dispute"),
                    terms=terms, outcome=outcome, recorded_at=ctx.now(), recorded_by_id=actor.id)
    if outcome is MediationOutcome.AGREED:
        seq = numbering.next_value(session, SERIES, data.held_on.year)
        row.document_number = numbering.format_document_number(f"{load_profile(session).office_short}调",
                                                                data.held_on.year, seq)
    session.add(row)
    session.flush()
    _log(ctx, session, actor, "mediation.record", row, matter_id=matter_id, screening_item_id=data.screening_item_id,
         outcome=outcome.value, number=row.document_number)
    return row


def _case_number(session: Session, row: Mediation) -> str:
    if row.matter_id is None:
        return ""
    matter = session.get(Matter, row.matter_id)
    return matter.case_number if matter else ""


def sign(ctx: AppContext, session: Session, actor: Actor, mediation_id: int, signer: MediationSigner,
         name: str, strokes: list[Any]) -> None:
    """A hand signature on the agreement, bound to its content; signing again replaces one's own."""
    access.require(actor, access.RECORD_MEDIATION, "mediation.sign")
    row = session.get(Mediation, mediation_id)
    if row is None:
        raise NotFound("not_found", what=f"mediation {mediation_id}")
    if row.outcome is not MediationOutcome.AGREED:
        raise ValidationError("mediation_not_agreed", field="outcome")
    if not strokes or not any(strokes):
        raise ValidationError("signature_empty", field="signature")
    signer = MediationSigner(signer)
    expected = {MediationSigner.PARTY_A: row.party_a, MediationSigner.PARTY_B: row.party_b}.get(signer)
    name = text(name, "name", maximum=64)
    if expected is not None and name != expected:
        raise ValidationError("signer_name_mismatch", field="name", expected=expected)
    if signer is MediationSigner.MEDIATOR and name not in row.mediators:
        raise ValidationError("signer_name_mismatch", field="name", expected="、".join(row.mediators))
    digest = content_sha256(row, _case_number(session, row))
    old = session.scalar(select(MediationSignature).where(MediationSignature.mediation_id == row.id,
                                                          MediationSignature.signer == signer))
    if old is not None:
        session.delete(old)
        session.flush()
    session.add(MediationSignature(mediation_id=row.id, signer=signer, name=name, strokes=strokes,
                                   content_sha256=digest, signed_at=ctx.now()))
    _log(ctx, session, actor, "mediation.sign", row, signer=signer.value, name=name, content_sha256=digest)


def signatures(session: Session, mediation_id: int) -> list[MediationSignature]:
    """Valid signatures only: one whose hash no longer matches the content is void."""
    row = session.get(Mediation, mediation_id)
    if row is None:
        return []
    digest = content_sha256(row, _case_number(session, row))
    return [s for s in session.scalars(select(MediationSignature).where(MediationSignature.mediation_id == row.id))
            if s.content_sha256 == digest]


def _row(session: Session, actor: Actor | None, m: Mediation, case_number: str) -> MediationRow:
    visible = True
    if actor is not None and m.matter_id is not None:
        matter = session.get(Matter, m.matter_id)
        visible = matter is None or access.can_see_matter(actor, matter)
    signed = tuple(sorted(s.signer.value for s in signatures(session, m.id)))
    return MediationRow(id=m.id, case_number=case_number, screening_item_id=m.screening_item_id, held_on=m.held_on,
                        venue=m.venue, mediators=tuple(m.mediators), party_a=m.party_a, party_b=m.party_b,
                        dispute=m.dispute if visible else "", terms=m.terms if visible else "", outcome=m.outcome,
                        document_number=m.document_number, signed_by=signed,
                        content_sha256=content_sha256(m, case_number))


def list_mediations(ctx: AppContext, session: Session, actor: Actor, start: date | None = None,
                    end: date | None = None) -> list[MediationRow]:
    access.require(actor, access.RECORD_MEDIATION | access.VIEW_CASES, "mediation.view")
    stmt = select(Mediation, Matter.case_number).outerjoin(Matter, Matter.id == Mediation.matter_id) \
        .order_by(Mediation.held_on.desc(), Mediation.id.desc())
    if start is not None:
        stmt = stmt.where(Mediation.held_on >= start)
    if end is not None:
        stmt = stmt.where(Mediation.held_on <= end)
    return [_row(session, actor, m, cn or "") for m, cn in session.execute(stmt)]


def mediation(ctx: AppContext, session: Session, actor: Actor, mediation_id: int) -> MediationRow:
    access.require(actor, access.RECORD_MEDIATION | access.VIEW_CASES, "mediation.view")
    m = session.get(Mediation, mediation_id)
    if m is None:
        raise NotFound("not_found", what=f"mediation {mediation_id}")
    return _row(session, actor, m, _case_number(session, m))


def printed_agreement(session: Session, document_number: str) -> MediationRow:
    """The session behind a printed 《调解协议书》, in full as it was printed: only for checking that PDF against
    the record (``verify-document`` shows a match or the first difference, never the record itself)."""
    m = session.scalar(select(Mediation).where(Mediation.document_number == document_number))
    if m is None:
        raise NotFound("not_found", what=f"mediation {document_number}")
    return _row(session, None, m, _case_number(session, m))


def success_rate(session: Session, start: date, end: date) -> Ratio:
    """调解成功率 of the sessions held from ``start`` to ``end``."""
    return mediation_success(session.scalars(select(Mediation.outcome).where(Mediation.held_on >= start,
                                                                             Mediation.held_on <= end)))
