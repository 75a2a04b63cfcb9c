"""A matter's timeline: everything that happened to it, with who and when.

The audit log is the spine (every change to a matter is audited with its actor and instant); the rows
behind the audited actions (meetings, interviews, pauses, signatures…) add what was said and decided.
A row with no audit entry (data written by an import, say) still appears, dated by its own columns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import china_noon
from desktop.db.models import (
    Assignment,
    AuditEntry,
    Callback,
    DeadlineChange,
    DecisionLetter,
    Evaluation,
    Handover,
    Interview,
    LetterSignature,
    Matter,
    Meeting,
    Review,
    Staff,
    Visit,
)
from desktop.domain.enums import PauseKind
from desktop.domain.errors import NotFound
from desktop.services.intake import matter_by_number
from desktop.services.permissions import Actor, may_see_matter


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime  # aware, UTC
    kind: str  # the audit action ("matter.meeting", "letter.sign"…) or the row's equivalent
    actor: str  # display name; "" when unknown
    details: dict[str, Any] = field(default_factory=dict)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(d: date) -> datetime:
    return china_noon(d)


def _row_details(session: Session, matter: Matter, names: dict[int, str],
                 ) -> dict[str, list[tuple[datetime, int | None, dict[str, Any]]]]:
    """Per audited action, the rows in the order they were made: (instant, staff id, details)."""
    out: dict[str, list[tuple[datetime, int | None, dict[str, Any]]]] = defaultdict(list)
    mid = matter.id
    visits = list(session.scalars(select(Visit).where(Visit.matter_id == mid).order_by(Visit.id)))
    for i, v in enumerate(visits):
        out["matter.register" if i == 0 else "matter.visit"].append(
            (_aware(v.occurred_at), v.registered_by_id, {"channel": v.channel.value, "headcount": v.headcount,
                                                          "note": v.note}))
    for it in session.scalars(select(Interview).where(Interview.matter_id == mid).order_by(Interview.id)):
        out["matter.interview"].append((_aware(it.held_at), it.clerk_id, {
            "interviewer": names.get(it.interviewer_id, ""), "notes": it.notes,
            "no_recording_reason": it.no_recording_reason or ""}))
    for a in session.scalars(select(Assignment).where(Assignment.matter_id == mid).order_by(Assignment.id)):
        out["matter.submit_assignment"].append((_aware(a.submitted_at), a.submitted_by_id, {
            "limit": f"{a.limit_amount} {a.limit_unit.value}", "approver": names.get(a.approver_id, "")}))
        if a.approved_at is not None:
            out["matter.approve_assignment"].append((_aware(a.approved_at), a.approver_id, {
                "handling_due": a.handling_due.isoformat() if a.handling_due else None, "note": a.approval_note}))
    for m in session.scalars(select(Meeting).where(Meeting.matter_id == mid).order_by(Meeting.id)):
        out["matter.meeting"].append((_aware(m.recorded_at), m.staff_id, {
            "stage": m.stage.value, "held_on": m.held_on.isoformat(), "place": m.place, "notes": m.notes}))
    for c in session.scalars(select(DeadlineChange).where(DeadlineChange.matter_id == mid)
                             .order_by(DeadlineChange.id)):
        key = "matter.pause" if c.kind == PauseKind.PAUSE else "matter.extend"
        out[key].append((_aware(c.created_at), c.created_by_id, {
            "reason": c.reason, "approver": names.get(c.approver_id, ""), "start": c.start_on.isoformat(),
            "end": c.end_on.isoformat() if c.end_on else None, "amount": c.amount,
            "unit": c.unit.value if c.unit else None}))
    letters = list(session.scalars(select(DecisionLetter).where(DecisionLetter.matter_id == mid)
                                   .order_by(DecisionLetter.id)))
    for letter in letters:
        if letter.finalized_at is not None:
            out["letter.finalize"].append((_aware(letter.finalized_at), None,
                                           {"document_number": letter.document_number}))
        if letter.delivered_on is not None:
            out["letter.deliver"].append((_day(letter.delivered_on), None, {"on": letter.delivered_on.isoformat()}))
        sigs = session.scalars(select(LetterSignature).where(LetterSignature.letter_id == letter.id)
                               .order_by(LetterSignature.id))
        for s in sigs:
            out["letter.sign"].append((_aware(s.signed_at), s.signer_id, {
                "role": s.signer_role.value, "voided": s.voided_at is not None}))
    for e in session.scalars(select(Evaluation).where(Evaluation.matter_id == mid).order_by(Evaluation.id)):
        out["matter.evaluate"].append((_aware(e.recorded_at), e.recorded_by_id,
                                       {"answer": e.answer.value, "method": e.method}))
    for r in session.scalars(select(Review).where(Review.matter_id == mid).order_by(Review.id)):
        out["matter.review_open"].append((_day(r.opened_on), r.opened_by_id, {
            "kind": r.kind.value, "reason": r.reason, "due": r.due_on.isoformat()}))
        if r.closed_on is not None:
            out["matter.review_conclude"].append((_day(r.closed_on), r.inspector_id, {
                "kind": r.kind.value, "outcome": r.outcome.value if r.outcome else None,
                "conclusion": r.conclusion}))
    for cb in session.scalars(select(Callback).where(Callback.matter_id == mid).order_by(Callback.id)):
        out["matter.callback"].append((_aware(cb.recorded_at), cb.staff_id, {
            "reached": cb.reached, "notes": cb.notes, "on": cb.called_on.isoformat()}))
    return out


def timeline(session: Session, actor: Actor, case_number: str) -> list[TimelineEvent]:
    """Oldest first. Free-text details of a restricted matter (检举控告) are left out for viewers
    not entitled to them (Art. 30)."""
    matter = matter_by_number(session, case_number)
    if not may_see_matter(actor, matter):  # the same answer as the ledger's: no such matter for this viewer
        raise NotFound("matter_not_found", case=case_number)
    names = {s.id: s.display_name for s in session.scalars(select(Staff))}
    rows = _row_details(session, matter, names)
    used: dict[str, int] = defaultdict(int)
    events: list[TimelineEvent] = []
    entries = session.scalars(select(AuditEntry).where(AuditEntry.target_type == "matter",
                                                       AuditEntry.target_id == matter.case_number)
                              .order_by(AuditEntry.seq))
    for entry in entries:
        details = dict(entry.details or {})
        matched = rows.get(entry.action)
        if matched and used[entry.action] < len(matched):
            details.update({k: v for k, v in matched[used[entry.action]][2].items() if v not in (None, "")})
            used[entry.action] += 1
        events.append(TimelineEvent(_aware(entry.at), entry.action, names.get(entry.actor_id or -1, ""), details))
    for action, found in rows.items():
        for at, staff_id, details in found[used[action]:]:
            events.append(TimelineEvent(at, action, names.get(staff_id or -1, ""), details))
    for h in session.scalars(select(Handover).order_by(Handover.id)):
        if matter.id in (h.matter_ids or []):
            events.append(TimelineEvent(_aware(h.done_at), "matter.handover", names.get(h.done_by_id, ""), {
                "from": names.get(h.from_staff_id, ""), "to": names.get(h.to_staff_id, ""), "reason": h.reason}))
    events.sort(key=lambda e: e.at)
    return events


