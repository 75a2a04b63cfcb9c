"""The 评议团 session: members present (at least the quorum), each member's three 情理分, the average and
the route it sets. The session's video is a sealed interview recording of the same matter, linked by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Matter, PanelScore, PanelSession, Recording
from desktop.domain.errors import NotFound, ValidationError
from desktop.keycases import access
from desktop.keycases.common import text
from desktop.keycases.panel import average, check_scores, route_for
from desktop.keycases.views import PanelRow
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.intake import matter_by_number
from desktop.services.permissions import Actor


@dataclass(frozen=True)
class MemberScore:
    member: str
    reasonable: int  # 诉求是否合理
    hardship: int  # 群众是否困难
    policy: int  # 政策是否兜底


@dataclass(frozen=True)
class PanelInput:
    case_number: str
    held_on: date
    claim: str
    scores: Sequence[MemberScore]
    venue: str = ""
    recording_id: int | None = None


def _x100(avg: object) -> int:
    return int((Decimal(avg.numerator) / Decimal(avg.denominator) * 100).quantize(  # type: ignore[attr-defined]
        Decimal(1), rounding=ROUND_HALF_UP))


def record_session(ctx: AppContext, session: Session, actor: Actor, data: PanelInput) -> PanelSession:
    access.require(actor, access.EDIT_CASES, "panel.record")
    matter = matter_by_number(session, data.case_number)
    if data.held_on > ctx.today():
        raise ValidationError("date_in_future", field="held_on")
    rules = ctx.rules(session)
    members = [text(s.member, "members", maximum=64) for s in data.scores]
    if len(set(members)) != len(members):
        raise ValidationError("panel_member_twice", field="members")
    rows = [(s.reasonable, s.hardship, s.policy) for s in data.scores]
    check_scores(rows, rules)
    if data.recording_id is not None:
        rec = session.get(Recording, data.recording_id)
        if rec is None or rec.matter_id != matter.id:
            raise ValidationError("recording_not_of_matter", field="recording_id")
    avg = average(rows)
    route = route_for(avg, rules)
    row = PanelSession(matter_id=matter.id, held_on=data.held_on, venue=text(data.venue, "venue", required=False,
                       maximum=200), claim=text(data.claim, "claim"), quorum=rules.quorum, average_x100=_x100(avg),
                       route=route, recording_id=data.recording_id, recorded_at=ctx.now(), recorded_by_id=actor.id)
    session.add(row)
    session.flush()
    for name, s in zip(members, data.scores, strict=True):
        session.add(PanelScore(session_id=row.id, member=name, reasonable=s.reasonable, hardship=s.hardship,
                               policy=s.policy))
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="panel.record", target_type="panel_session",
                 target_id=row.id, details={"matter_id": matter.id, "members": len(rows), "route": route.value,
                                            "average": f"{row.average_x100 / 100:.2f}",
                                            "recording_id": data.recording_id})
    return row


def link_recording(ctx: AppContext, session: Session, actor: Actor, session_id: int, recording_id: int) -> None:
    """Attach the sealed video of the session (recorded with the interview recorder) afterwards."""
    access.require(actor, access.EDIT_CASES, "panel.record")
    row = session.get(PanelSession, session_id)
    if row is None:
        raise NotFound("not_found", what=f"panel session {session_id}")
    rec = session.get(Recording, recording_id)
    if rec is None or rec.matter_id != row.matter_id:
        raise ValidationError("recording_not_of_matter", field="recording_id")
    row.recording_id = recording_id
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="panel.recording", target_type="panel_session",
                 target_id=row.id, details={"recording_id": recording_id, "sha256": rec.sha256})


def list_sessions(ctx: AppContext, session: Session, actor: Actor) -> list[PanelRow]:
    access.require(actor, access.VIEW_CASES, "panel.view")
    counts = dict(session.execute(select(PanelScore.session_id, func.count(PanelScore.id))
                                  .group_by(PanelScore.session_id)).all())
    out = []
    for p, matter in session.execute(select(PanelSession, Matter).join(Matter, Matter.id == PanelSession.matter_id)
                                     .order_by(PanelSession.held_on.desc(), PanelSession.id.desc())):
        out.append(PanelRow(id=p.id, case_number=matter.case_number, held_on=p.held_on,
                            claim=p.claim if access.can_see_matter(actor, matter) else "",
                            members=int(counts.get(p.id, 0)), average=f"{p.average_x100 / 100:.2f}", route=p.route,
                            recording_id=p.recording_id))
    return out
