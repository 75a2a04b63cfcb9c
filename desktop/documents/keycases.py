"""From the record to the key-case documents (the CLI and the window both call these)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from desktop.documents.builders import issuer
from desktop.domain.errors import ValidationError
from desktop.keycases import mediation, queries
from desktop.keycases.enums import KeyCaseReason, MediationOutcome, MediationSigner
from desktop.keycases.rates import Ratio
from desktop.keycases.views import MediationRow
from desktop.services.context import AppContext
from desktop.services.office import load_profile
from desktop.services.permissions import Actor
from printing.keycases.data import (
    AgreementData,
    AgreementSignature,
    BulletinData,
    BulletinLine,
    ToughLine,
    ToughListData,
)
from printing.labels import cn_date
from printing.signature import render_signature_png

REASONS = {
    KeyCaseReason.RED_WARNING: "红色预警", KeyCaseReason.UNRESOLVED: "超期未化解", KeyCaseReason.FROM_ABOVE: "上级交办",
    KeyCaseReason.LEADER_INSTRUCTION: "领导批示", KeyCaseReason.HISTORICAL: "历史积案",
}
SIGNERS = {MediationSigner.PARTY_A: "甲方", MediationSigner.PARTY_B: "乙方", MediationSigner.MEDIATOR: "调解员"}
QUARTER_WORDS = {1: "一", 2: "二", 3: "三", 4: "四"}


def tough_list(ctx: AppContext, session: Session, actor: Actor, quarter: str, as_of: date) -> ToughListData:
    view = queries.tough_list(ctx, session, actor, quarter, as_of)
    year, q = quarter.split("-Q")
    lines = tuple(ToughLine(case_no=r.case_number, reasons="、".join(REASONS[x] for x in r.reasons),
                            background=r.background, core_demand=r.core_demand, department=r.department,
                            leader=r.leader, limit=cn_date(r.limit_on) if r.limit_on else "—") for r in view.rows)
    return ToughListData(issuer=issuer(load_profile(session), seal=False),
                         period=f"{year}年第{QUARTER_WORDS[int(q)]}季度", as_of=as_of, lines=lines)


def bulletin(ctx: AppContext, session: Session, actor: Actor, month_start: date, as_of: date) -> BulletinData:
    b = queries.bulletin(ctx, session, actor, month_start, as_of)
    rate = Ratio(b.backlog_resolved, b.backlog_base)
    med = Ratio(b.mediations_agreed, b.mediations)
    summary = (f"截至{cn_date(b.as_of)}，全镇在办重点信访事项{b.open_cases}件，本月息诉罢访{b.resolved_in_month}件；"
               f"年初积案{b.backlog_base}件，已化解{b.backlog_resolved}件，积案化解率{rate}。"
               f"本月开展调解{b.mediations}次，达成协议{b.mediations_agreed}次，调解成功率{med}；"
               f"亮黄牌{b.cards_yellow}张、红牌{b.cards_red}张。现将各包案事项进展通报如下。")
    lines = tuple(BulletinLine(
        case_no=c.case_number, leader=c.leader, reason=REASONS[c.reason], progress="\n".join(c.progress_notes),
        steps=f"{c.steps_done}/{c.steps_total} 完成" + (f"，逾期 {c.steps_overdue}" if c.steps_overdue else ""),
        status=f"已息诉罢访（{cn_date(c.resolved_on)}）" if c.resolved_on else "化解中") for c in b.cases)
    return BulletinData(issuer=issuer(load_profile(session)), month=f"{month_start.year}年{month_start.month}月",
                        issued_on=as_of, summary=summary, lines=lines)


def agreement(ctx: AppContext, session: Session, actor: Actor, mediation_id: int) -> AgreementData:
    return _agreement(session, mediation.mediation(ctx, session, actor, mediation_id))


def printed_agreement(session: Session, document_number: str) -> AgreementData:
    """The agreement a PDF claims to be, as the record renders it today (for ``verify-document``)."""
    return _agreement(session, mediation.printed_agreement(session, document_number))


def _agreement(session: Session, row: MediationRow) -> AgreementData:
    if row.outcome is not MediationOutcome.AGREED or not row.document_number:
        raise ValidationError("mediation_not_agreed", field="outcome")
    if not row.case_number:
        # Verification binds a document to a registered matter; a screening item has none yet.
        raise ValidationError("agreement_needs_matter", field="case_number")
    signed = {s.signer: s for s in mediation.signatures(session, row.id)}
    order = (MediationSigner.PARTY_A, MediationSigner.PARTY_B, MediationSigner.MEDIATOR)
    sigs = tuple(AgreementSignature(SIGNERS[k], signed[k].name, render_signature_png(signed[k].strokes),
                                    cn_date(signed[k].signed_at.date())) if k in signed else
                 AgreementSignature(SIGNERS[k], "", None, "") for k in order)
    return AgreementData(issuer=issuer(load_profile(session)), doc_number=row.document_number,
                         case_no=row.case_number, held_on=row.held_on, venue=row.venue,
                         mediators="、".join(row.mediators), party_a=row.party_a, party_b=row.party_b,
                         dispute=row.dispute, terms=row.terms, signatures=sigs)


def as_copy(data: AgreementData) -> AgreementData:
    return replace(data, is_copy=True)
