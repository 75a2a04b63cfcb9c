"""包案 "四个一": flag a matter as a key case or backlog, with its leader, task force (专班), plan (一事一策)
and weekly progress, until 息诉罢访. Every change is audited inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.clock import china_date
from desktop.db.models import KeyCase, KeyCaseMember, KeyCasePlan, KeyCaseProgress, KeyCaseStep, Matter
from desktop.domain.deadlines import due_date
from desktop.domain.errors import NotFound, ValidationError
from desktop.keycases import access
from desktop.keycases.common import end_of_day, staff_or_error, text
from desktop.keycases.enums import KeyCaseKind, KeyCaseReason, MemberLevel
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.intake import matter_by_number
from desktop.services.permissions import Actor


@dataclass(frozen=True)
class FlagInput:
    case_number: str
    kind: KeyCaseKind
    reason: KeyCaseReason
    leader_id: int
    background: str = ""
    core_demand: str = ""
    reason_note: str = ""
    since_on: date | None = None  # default: the day it is flagged
    limit_on: date | None = None  # 化解时限


@dataclass(frozen=True)
class StepInput:
    action: str
    owner_id: int
    due_on: date


def _log(ctx: AppContext, session: Session, actor: Actor, action: str, case: KeyCase, **details: object) -> None:
    audit.record(session, at=ctx.now(), actor_id=actor.id, action=action, target_type="key_case",
                 target_id=case.id, details={"matter_id": case.matter_id, **details})


def get_case(session: Session, key_case_id: int) -> KeyCase:
    case = session.get(KeyCase, key_case_id)
    if case is None:
        raise NotFound("key_case_not_found", case=str(key_case_id))
    return case


def case_by_ref(session: Session, ref: str | int) -> KeyCase:
    """A key case by its id or by its matter's case number."""
    if isinstance(ref, int) or str(ref).isdigit():
        return get_case(session, int(ref))
    matter = matter_by_number(session, str(ref))
    case = session.scalar(select(KeyCase).where(KeyCase.matter_id == matter.id))
    if case is None:
        raise NotFound("key_case_not_found", case=str(ref))
    return case


def flag_case(ctx: AppContext, session: Session, actor: Actor, data: FlagInput) -> KeyCase:
    access.require(actor, access.EDIT_CASES, "keycases.flag")
    matter = matter_by_number(session, data.case_number)
    if session.scalar(select(KeyCase.id).where(KeyCase.matter_id == matter.id)) is not None:
        raise ValidationError("key_case_exists", field="case_number", case=matter.case_number)
    kind, reason = KeyCaseKind(data.kind), KeyCaseReason(data.reason)
    staff_or_error(session, data.leader_id, "leader", access.LEADERS)
    now = ctx.now()
    today = china_date(now)
    since = data.since_on or today
    if since > today:
        raise ValidationError("date_in_future", field="since_on")
    if data.limit_on is not None and data.limit_on < today:
        raise ValidationError("limit_in_past", field="limit_on")
    rules = ctx.rules(session)
    if reason is KeyCaseReason.RED_WARNING:
        plan_due = now + timedelta(hours=rules.red_plan_within_hours)
    else:
        plan_due = end_of_day(due_date(today, rules.plan_within, ctx.calendar(session)))
    case = KeyCase(matter_id=matter.id, kind=kind, reason=reason, reason_note=text(data.reason_note, "reason_note",
                   required=False), leader_id=data.leader_id,
                   background=text(data.background or matter.summary, "background"),
                   core_demand=text(data.core_demand or matter.demands or matter.summary, "core_demand"),
                   since_on=since, limit_on=data.limit_on, plan_due_at=plan_due, flagged_at=now,
                   flagged_by_id=actor.id)
    session.add(case)
    if matter.case_lead_id is None:
        matter.case_lead_id = data.leader_id
    session.flush()
    _log(ctx, session, actor, "keycase.flag", case, kind=kind.value, reason=reason.value,
         leader_id=data.leader_id, plan_due_at=plan_due.isoformat())
    return case


def set_task_force(ctx: AppContext, session: Session, actor: Actor, key_case_id: int,
                   members: Sequence[tuple[str, MemberLevel, int | None]]) -> None:
    """Replaces the 专班: at least the settings' township + village cadres (3+2)."""
    access.require(actor, access.EDIT_CASES, "keycases.task_force")
    case = get_case(session, key_case_id)
    rules = ctx.rules(session)
    cleaned = [(text(n, "members", maximum=64), MemberLevel(lv), sid) for n, lv, sid in members if n.strip()]
    township = sum(1 for _, lv, _ in cleaned if lv is MemberLevel.TOWNSHIP)
    village = len(cleaned) - township
    if township < rules.township_members or village < rules.village_members:
        raise ValidationError("task_force_too_small", field="members", township=township, village=village,
                              need_township=rules.township_members, need_village=rules.village_members)
    if len({n for n, _, _ in cleaned}) != len(cleaned):
        raise ValidationError("task_force_duplicate", field="members")
    for _, _, sid in cleaned:
        if sid is not None:
            staff_or_error(session, sid, "members")
    for old in session.scalars(select(KeyCaseMember).where(KeyCaseMember.key_case_id == case.id)):
        session.delete(old)
    session.flush()
    for name, level, sid in cleaned:
        session.add(KeyCaseMember(key_case_id=case.id, name=name, level=level, staff_id=sid))
    _log(ctx, session, actor, "keycase.task_force", case, members=[[n, lv.value] for n, lv, _ in cleaned])


def make_plan(ctx: AppContext, session: Session, actor: Actor, key_case_id: int, summary: str,
              steps: Sequence[StepInput]) -> KeyCasePlan:
    """一事一策: steps with owners and dates, none after the case's 化解时限; on time if made by the limit."""
    access.require(actor, access.EDIT_CASES, "keycases.plan")
    case = get_case(session, key_case_id)
    if session.scalar(select(KeyCasePlan.id).where(KeyCasePlan.key_case_id == case.id)) is not None:
        raise ValidationError("plan_exists", field="plan")
    if not steps:
        raise ValidationError("plan_needs_steps", field="steps")
    today = ctx.today()
    for i, step in enumerate(steps, 1):
        text(step.action, f"steps[{i}].action")
        staff_or_error(session, step.owner_id, f"steps[{i}].owner")
        if step.due_on < today:
            raise ValidationError("step_due_in_past", field=f"steps[{i}].due_on", step=i)
        if case.limit_on is not None and step.due_on > case.limit_on:
            raise ValidationError("step_after_limit", field=f"steps[{i}].due_on", step=i,
                                  limit=case.limit_on.isoformat())
    now = ctx.now()
    plan = KeyCasePlan(key_case_id=case.id, summary=text(summary, "summary"), made_at=now, made_by_id=actor.id,
                       on_time=now <= case.plan_due_at)
    session.add(plan)
    session.flush()
    for i, step in enumerate(steps, 1):
        session.add(KeyCaseStep(plan_id=plan.id, seq=i, action=step.action.strip(), owner_id=step.owner_id,
                                due_on=step.due_on))
    _log(ctx, session, actor, "keycase.plan", case, on_time=plan.on_time, steps=len(steps))
    return plan


def complete_step(ctx: AppContext, session: Session, actor: Actor, step_id: int, done_on: date) -> None:
    access.require(actor, access.EDIT_CASES, "keycases.plan")
    step = session.get(KeyCaseStep, step_id)
    if step is None:
        raise NotFound("not_found", what=f"step {step_id}")
    if done_on > ctx.today():
        raise ValidationError("date_in_future", field="done_on")
    step.done_on = done_on
    plan = session.get(KeyCasePlan, step.plan_id)
    assert plan is not None
    _log(ctx, session, actor, "keycase.step_done", get_case(session, plan.key_case_id), step_id=step_id,
         done_on=done_on.isoformat())


def record_progress(ctx: AppContext, session: Session, actor: Actor, key_case_id: int, day: date,
                    note: str) -> KeyCaseProgress:
    """The weekly report; ``day`` is any day of the week reported."""
    access.require(actor, access.EDIT_CASES, "keycases.progress")
    case = get_case(session, key_case_id)
    if day > ctx.today():
        raise ValidationError("date_in_future", field="week_of")
    row = KeyCaseProgress(key_case_id=case.id, week_of=day - timedelta(days=day.weekday()),
                          note=text(note, "note"), recorded_at=ctx.now(), recorded_by_id=actor.id)
    session.add(row)
    session.flush()
    _log(ctx, session, actor, "keycase.progress", case, week_of=row.week_of.isoformat())
    return row


def resolve_case(ctx: AppContext, session: Session, actor: Actor, key_case_id: int, resolved_on: date,
                 note: str) -> None:
    """息诉罢访: the case is settled (counts for 积案化解率 on ``resolved_on``)."""
    access.require(actor, access.EDIT_CASES, "keycases.resolve")
    case = get_case(session, key_case_id)
    if case.resolved_on is not None:
        raise ValidationError("key_case_resolved", field="resolved_on")
    if resolved_on > ctx.today() or resolved_on < case.since_on:
        raise ValidationError("resolved_date_invalid", field="resolved_on")
    case.resolved_on, case.resolution_note = resolved_on, text(note, "note")
    _log(ctx, session, actor, "keycase.resolve", case, resolved_on=resolved_on.isoformat())


def open_case_count(session: Session) -> int:
    return int(session.scalar(select(func.count(KeyCase.id)).where(KeyCase.resolved_on.is_(None))) or 0)


def matter_of(session: Session, case: KeyCase) -> Matter:
    matter = session.get(Matter, case.matter_id)
    assert matter is not None
    return matter
