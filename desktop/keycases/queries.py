"""Read-only views of key cases: the list, one case's plan, the quarterly tough-case list (季度攻坚清单), the
monthly 通报, and the open backlog per village for the 三无 village board (prevention).

"Unresolved" for a matter means not yet answered or closed (status before 已答复); a key case is open
until its 息诉罢访 date. Counts are as of a day: a case resolved after it still counts as open then.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.db.models import (
    Card,
    KeyCase,
    KeyCaseMember,
    KeyCasePlan,
    KeyCaseProgress,
    KeyCaseStep,
    Matter,
    Mediation,
    Petitioner,
)
from desktop.domain.enums import MatterStatus
from desktop.keycases import access
from desktop.keycases.cases import case_by_ref
from desktop.keycases.common import departments, names
from desktop.keycases.enums import AppealDecision, CardColor, KeyCaseKind, KeyCaseReason, MediationOutcome
from desktop.keycases.rates import Ratio, backlog_resolution
from desktop.keycases.views import (
    Bulletin,
    BulletinCase,
    CaseRow,
    MemberView,
    PlanView,
    ProgressView,
    StepView,
    ToughList,
    ToughRow,
)
from desktop.services.context import AppContext
from desktop.services.permissions import Actor

SETTLED = (MatterStatus.REPLIED, MatterStatus.CLOSED, MatterStatus.TERMINATED)

__all__ = ["backlog_rate", "bulletin", "list_cases", "months_before", "open_backlog_by_village", "plan_of",
           "tough_list"]


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it has no such day)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _open_on(as_of: date):  # type: ignore[no-untyped-def]
    return and_(KeyCase.since_on <= as_of, or_(KeyCase.resolved_on.is_(None), KeyCase.resolved_on > as_of))


def open_backlog_matter_ids(as_of: date):  # type: ignore[no-untyped-def]
    """The matters with a backlog (积案) key case open on ``as_of``, as a subquery of matter ids."""
    return select(KeyCase.matter_id).where(KeyCase.kind == KeyCaseKind.BACKLOG, _open_on(as_of))


def open_backlog_by_village(session: Session, as_of: date) -> dict[int, int]:
    """Open backlog (积案) key cases per village on ``as_of``: the matter's village, else the petitioner's.
    Villages with none are absent. For the 三无 board: a village with an entry is not 三无."""
    village = func.coalesce(Matter.village_id, Petitioner.village_id)
    rows = session.execute(
        select(village, func.count(KeyCase.id))
        .join(Matter, Matter.id == KeyCase.matter_id).join(Petitioner, Petitioner.id == Matter.petitioner_id)
        .where(KeyCase.kind == KeyCaseKind.BACKLOG, _open_on(as_of), village.is_not(None))
        .group_by(village))
    return {int(v): int(n) for v, n in rows}


def backlog_rate(session: Session, year: int, as_of: date) -> Ratio:
    """积案化解率 for ``year`` up to ``as_of`` (see :func:`desktop.keycases.rates.backlog_resolution`)."""
    rows = session.execute(select(KeyCase.since_on, KeyCase.resolved_on).where(KeyCase.kind == KeyCaseKind.BACKLOG))
    return backlog_resolution(rows, year, as_of)


def _case_rows(session: Session, actor: Actor, cases: list[KeyCase]) -> list[CaseRow]:
    if not cases:
        return []
    ids = [c.id for c in cases]
    matters = {m.id: m for m in session.scalars(select(Matter).where(Matter.id.in_([c.matter_id for c in cases])))}
    plans = set(session.scalars(select(KeyCasePlan.key_case_id).where(KeyCasePlan.key_case_id.in_(ids))))
    members = dict(session.execute(select(KeyCaseMember.key_case_id, func.count(KeyCaseMember.id))
                                   .where(KeyCaseMember.key_case_id.in_(ids)).group_by(KeyCaseMember.key_case_id)).all())
    last = dict(session.execute(select(KeyCaseProgress.key_case_id, func.max(KeyCaseProgress.week_of))
                                .where(KeyCaseProgress.key_case_id.in_(ids)).group_by(KeyCaseProgress.key_case_id)).all())
    who, depts = names(session), departments(session)
    out = []
    for c in cases:
        m = matters[c.matter_id]
        out.append(CaseRow(
            id=c.id, case_number=m.case_number, kind=c.kind, reason=c.reason, leader=who.get(c.leader_id, ""),
            department=depts.get(m.department_id or -1, ""),
            summary=m.summary if access.can_see_matter(actor, m) else "", since_on=c.since_on, limit_on=c.limit_on,
            plan_due_at=c.plan_due_at, has_plan=c.id in plans, members=int(members.get(c.id, 0)),
            last_progress_on=last.get(c.id), resolved_on=c.resolved_on))
    return out


def list_cases(ctx: AppContext, session: Session, actor: Actor, kind: KeyCaseKind | None = None,
               include_resolved: bool = False) -> list[CaseRow]:
    access.require(actor, access.VIEW_CASES, "keycases.view")
    stmt = select(KeyCase).order_by(KeyCase.since_on, KeyCase.id)
    if kind is not None:
        stmt = stmt.where(KeyCase.kind == KeyCaseKind(kind))
    if not include_resolved:
        stmt = stmt.where(KeyCase.resolved_on.is_(None))
    return _case_rows(session, actor, list(session.scalars(stmt)))


def plan_of(ctx: AppContext, session: Session, actor: Actor, ref: str | int) -> PlanView:
    access.require(actor, access.VIEW_CASES, "keycases.view")
    case = case_by_ref(session, ref)
    (row,) = _case_rows(session, actor, [case])
    who = names(session)
    members = tuple(MemberView(m.name, m.level) for m in session.scalars(
        select(KeyCaseMember).where(KeyCaseMember.key_case_id == case.id).order_by(KeyCaseMember.level,
                                                                                  KeyCaseMember.id)))
    plan = session.scalar(select(KeyCasePlan).where(KeyCasePlan.key_case_id == case.id))
    steps: tuple[StepView, ...] = ()
    if plan is not None:
        steps = tuple(StepView(s.id, s.seq, s.action, who.get(s.owner_id, ""), s.due_on, s.done_on)
                      for s in session.scalars(select(KeyCaseStep).where(KeyCaseStep.plan_id == plan.id)
                                               .order_by(KeyCaseStep.seq)))
    progress = tuple(ProgressView(p.week_of, p.note, who.get(p.recorded_by_id, "")) for p in session.scalars(
        select(KeyCaseProgress).where(KeyCaseProgress.key_case_id == case.id).order_by(KeyCaseProgress.week_of,
                                                                                      KeyCaseProgress.id)))
    return PlanView(case=row, members=members, summary=plan.summary if plan else "",
                    made_at=plan.made_at if plan else None, on_time=plan.on_time if plan else None, steps=steps,
                    progress=progress)


def tough_list(ctx: AppContext, session: Session, actor: Actor, quarter: str, as_of: date) -> ToughList:
    """The 季度攻坚清单 on ``as_of``: every open key case (上级交办, 领导批示, historical, red warning…) and every
    matter unresolved for the settings' months (3), flagged or not, with background, core demand,
    department and limit. Accusations the viewer may not read show no background or demand."""
    access.require(actor, access.VIEW_CASES, "keycases.view")
    rules = ctx.rules(session)
    cutoff = months_before(as_of, rules.backlog_after_months)
    cases = {c.matter_id: c for c in session.scalars(select(KeyCase).where(_open_on(as_of)))}
    old = set(session.scalars(select(Matter.id).where(Matter.registered_on <= cutoff,
                                                      Matter.status.not_in(SETTLED))))
    wanted = set(cases) | old
    who, depts = names(session), departments(session)
    rows: list[ToughRow] = []
    for chunk_start in range(0, len(wanted), 500):
        chunk = sorted(wanted)[chunk_start:chunk_start + 500]
        for m in session.scalars(select(Matter).where(Matter.id.in_(chunk))):
            case = cases.get(m.id)
            reasons: list[KeyCaseReason] = [case.reason] if case else []
            if m.id in old and KeyCaseReason.UNRESOLVED not in reasons:
                reasons.append(KeyCaseReason.UNRESOLVED)
            visible = access.can_see_matter(actor, m)
            background = (case.background if case else m.summary) if visible else ""
            demand = (case.core_demand if case else (m.demands or m.summary)) if visible else ""
            rows.append(ToughRow(
                case_number=m.case_number, reasons=tuple(reasons), background=background, core_demand=demand,
                department=depts.get(m.department_id or -1, ""),
                leader=who.get(case.leader_id, "") if case else who.get(m.case_lead_id or -1, ""),
                limit_on=(case.limit_on if case and case.limit_on else m.handling_due), registered_on=m.registered_on,
                flagged=case is not None))
    rows.sort(key=lambda r: (r.registered_on, r.case_number))
    return ToughList(quarter=quarter, as_of=as_of, rows=tuple(rows))


def bulletin(ctx: AppContext, session: Session, actor: Actor, month_start: date, as_of: date) -> Bulletin:
    """The monthly 通报: open and resolved key cases, each case's weekly reports and plan steps this month,
    积案化解率 year to date, mediations and cards of the month."""
    access.require(actor, access.VIEW_CASES, "keycases.view")
    end = as_of
    cases = list(session.scalars(select(KeyCase).where(KeyCase.since_on <= end, or_(
        KeyCase.resolved_on.is_(None), KeyCase.resolved_on >= month_start)).order_by(KeyCase.since_on, KeyCase.id)))
    ids = [c.id for c in cases]
    notes: dict[int, list[str]] = defaultdict(list)
    for p in session.scalars(select(KeyCaseProgress).where(
            KeyCaseProgress.key_case_id.in_(ids), KeyCaseProgress.week_of >= month_start - timedelta(days=6),
            KeyCaseProgress.week_of <= end).order_by(KeyCaseProgress.week_of, KeyCaseProgress.id)):
        notes[p.key_case_id].append(f"{p.week_of.isoformat()} {p.note}")
    steps: dict[int, list[KeyCaseStep]] = defaultdict(list)
    for plan_case, step in session.execute(select(KeyCasePlan.key_case_id, KeyCaseStep).join(
            KeyCaseStep, KeyCaseStep.plan_id == KeyCasePlan.id).where(KeyCasePlan.key_case_id.in_(ids))):
        steps[plan_case].append(step)
    matters = dict(session.execute(select(Matter.id, Matter.case_number).where(
        Matter.id.in_([c.matter_id for c in cases]))).all())
    who = names(session)
    out = []
    for c in cases:
        st = steps.get(c.id, [])
        out.append(BulletinCase(
            case_number=matters[c.matter_id], leader=who.get(c.leader_id, ""), reason=c.reason,
            progress_notes=tuple(notes.get(c.id, [])),
            steps_done=sum(1 for s in st if s.done_on is not None and s.done_on <= end), steps_total=len(st),
            steps_overdue=sum(1 for s in st if s.due_on < end and (s.done_on is None or s.done_on > s.due_on)),
            resolved_on=c.resolved_on if c.resolved_on and c.resolved_on <= end else None))
    rate = backlog_rate(session, month_start.year, end)
    outcomes = list(session.scalars(select(Mediation.outcome).where(Mediation.held_on >= month_start,
                                                                    Mediation.held_on <= end)))
    colors = list(session.scalars(select(Card.color).where(Card.issued_on >= month_start, Card.issued_on <= end,
                                                           Card.decision.is_distinct_from(AppealDecision.REVOKED))))
    return Bulletin(
        month=f"{month_start.year}-{month_start.month:02d}", as_of=end,
        open_cases=sum(1 for c in cases if c.resolved_on is None or c.resolved_on > end),
        resolved_in_month=sum(1 for c in cases if c.resolved_on and month_start <= c.resolved_on <= end),
        backlog_resolved=rate.numerator, backlog_base=rate.denominator, mediations=len(outcomes),
        mediations_agreed=sum(1 for o in outcomes if o is MediationOutcome.AGREED),
        cards_yellow=sum(1 for c in colors if c is CardColor.YELLOW),
        cards_red=sum(1 for c in colors if c is CardColor.RED), cases=tuple(out))

